// `wsscope follow <capture> --connection N`: one connection as a readable transcript.
//
// Like Wireshark's Follow Stream, but message by message: each message is one paragraph with
// the time since the connection opened, who sent it, its type and size, then its text (every
// line indented) or a hex dump of a binary payload (the first 256 bytes). Streams: messages are
// printed as they are decoded. Without --connection the capture must hold exactly one WebSocket
// connection; then messages are held until the end, when that is known.

import type { ConnectionRecord, MessageRecord } from '../../decoder/index.js';
import { hexDumpLines, hexNumber } from '../../decoder/index.js';
import { parseProtocolOption } from '../app-protocol.js';
import type { ParsedArgs } from '../args.js';
import { UsageError } from '../args.js';
import { printable } from '../cells.js';
import { endpointText, messageSpec, TimeBase } from '../columns.js';
import { type CliContext, capturePath, chooseFormat, makeOutput } from '../context.js';
import { decodeCaptureFile, summaryWarnings } from '../decode-file.js';
import { parseDisplayFilter, StreamFilter } from '../display-filter.js';
import { messageMatches, parseFilters } from '../filters.js';
import { jobsOption } from '../jobs.js';
import { chooseKeyLog } from '../keylog.js';
import type { Output } from '../output.js';
import { connectionRange, extensionText, isWebSocketConnection } from '../records.js';

const HEX_DUMP_BYTES = 256;

export function connectionHeading(c: ConnectionRecord): string {
  const h = c.handshake;
  const parts: string[] = [];
  if (h?.request) parts.push(`${h.request.method} ${h.request.target}`);
  if (h?.response) parts.push(`${h.response.status} ${h.response.reason}`);
  if (h?.subprotocol) parts.push(`subprotocol ${h.subprotocol}`);
  if (h?.extensions.length) parts.push(h.extensions.map(extensionText).join(', '));
  if (!h?.request) parts.push(c.kind === 'websocket-no-handshake' ? 'handshake not in the capture' : c.kind);
  return printable(`Connection ${c.id}: ${endpointText(c.client)} → ${endpointText(c.server)}  ${parts.join('  ')}`);
}

export function transcriptEntry(m: MessageRecord, origin: number): string {
  const entry = transcriptBody(m, origin);
  if (!m.app) return entry;
  const pad = ' '.repeat(15);
  return `${entry}${pad}↳ ${m.app.protocol}: ${printable(m.app.summary)}\n`;
}

function transcriptBody(m: MessageRecord, origin: number): string {
  const who = m.direction === 'client' ? 'client →' : 'server ←';
  const t = `[${(m.time - origin).toFixed(6).padStart(12)}]`;
  const size = `${m.payload.byteLength} B${m.frameIds.length > 1 ? `, ${m.frameIds.length} frames` : ''}${m.compressed ? ', compressed' : ''}`;
  const notes = [...(m.complete ? [] : ['INCOMPLETE']), ...m.findings];
  const tail = notes.length ? `  ! ${notes.join(' ')}` : '';
  const indent = ' '.repeat(t.length + 1);
  if (m.close) {
    const code = m.close.code === null ? 'no code' : String(m.close.code);
    return `${t} ${who} close ${code}${m.close.reason ? ` ${printable(JSON.stringify(m.close.reason))}` : ''}${tail}\n`;
  }
  if (m.type === 'text') {
    const lines = (m.text ?? '').split('\n').map(printable);
    if (lines.length === 1) return `${t} ${who} text (${size}): ${lines[0]}${tail}\n`;
    return `${t} ${who} text (${size}):${tail}\n${lines.map((l) => indent + l).join('\n')}\n`;
  }
  const label = m.type === 'reserved' ? `opcode ${hexNumber(m.opcode)}` : m.type;
  const rtt = m.rtt !== null ? `, rtt ${(m.rtt * 1000).toFixed(3)} ms` : '';
  if (m.payload.byteLength === 0) return `${t} ${who} ${label} (${size}${rtt})${tail}\n`;
  return `${t} ${who} ${label} (${size}${rtt}):${tail}\n${hexDumpLines(m.payload, HEX_DUMP_BYTES, indent).join('\n')}\n`;
}

export async function runFollow(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const command = 'follow';
  const path = capturePath(args, command);
  const filters = parseFilters(args, command);
  const display = parseDisplayFilter(args, command);
  const format = chooseFormat(args, command, ctx, { pipeDefault: 'table' });
  const out = makeOutput(ctx, format);
  const wanted = filters.connection;
  let connections: ReadonlyMap<number, ConnectionRecord> = new Map();
  const held: MessageRecord[] = [];
  const rows = format === 'table' ? null : out.list(messageSpec(format, new TimeBase()));
  rows?.begin();
  let headed = false;

  const print = (m: MessageRecord, o: Output): void => {
    if (rows) {
      rows.row(m);
      return;
    }
    const c = connections.get(m.connectionId);
    if (!headed && c) {
      o.text(connectionHeading(c) + '\n\n');
      headed = true;
    }
    o.text(transcriptEntry(m, c?.firstTime ?? m.time));
  };

  const take = (m: MessageRecord): void => {
    if (!messageMatches(m, filters)) return;
    if (wanted === undefined) held.push(m);
    else print(m, out);
  };
  const y = display && new StreamFilter(display, 'message', take);
  const summary = await decodeCaptureFile(
    path,
    out,
    (e, known) => {
      connections = known;
      if (y) y.event(e, known);
      else if (e.kind === 'message') take(e.message);
    },
    {
      progress: args.values['no-progress'] !== true,
      jobs: jobsOption(args, 'follow'),
      ctx,
      keyLog: await chooseKeyLog(args, ctx),
      app: parseProtocolOption(args, command),
    },
  );
  y?.end();

  let id = wanted;
  if (id === undefined) {
    const ws = summary.connections.filter(isWebSocketConnection);
    if (ws.length === 1) id = ws[0].id;
    else if (ws.length > 1) {
      throw new UsageError(
        `${path} has ${ws.length} WebSocket connections (${ws.map((c) => c.id).join(', ')}): choose one with --connection N`,
        command,
      );
    }
  } else if (!summary.connections.some((c) => c.id === id)) {
    throw new UsageError(`no connection ${id} in ${path} (${connectionRange(summary.connections)})`, command);
  }
  for (const m of held) if (m.connectionId === id) print(m, out);
  const c = id === undefined ? undefined : connections.get(id);
  if (!rows && c && !headed) out.text(connectionHeading(c) + '\n\n(no messages)\n');
  if (!rows && c) {
    const closed = c.closedBy ? `closed by the ${c.closedBy}${c.cleanClose ? ', cleanly' : ''}` : 'no close handshake';
    out.text(
      `\n${c.stats.client.messages} messages from the client, ${c.stats.server.messages} from the server; ${closed}\n`,
    );
    if (c.end) out.text(`End: ${printable(c.end.verdict)}\n`);
  }
  rows?.end();
  await out.flush();
  for (const line of summaryWarnings(summary, { hint: 'command' })) ctx.warn(line);
  return 0;
}
