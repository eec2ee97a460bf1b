// `wsscope export <capture> --har FILE`: the WebSocket connections as HAR 1.2, in the form Chrome
// DevTools writes (`_webSocketMessages`), for Chrome, HTTP Toolkit and other HAR readers.
//
// -Y/--filter and --connection choose what goes in: the connections the filter keeps (read as a
// connection filter: `ws.message.text contains "x"` keeps connections with such a message) and,
// in them, the messages it keeps (read as a message filter), so `-Y 'ws.direction == client'`
// exports what the clients sent.

import type { ConnectionRecord, MessageRecord } from '../../decoder/index.js';
import { harOf } from '../../decoder/index.js';
import { type ParsedArgs, stringOption, UsageError } from '../args.js';
import { type CliContext, capturePath, makeOutput } from '../context.js';
import { decodeCaptureFile, summaryWarnings } from '../decode-file.js';
import { parseDisplayFilter, StreamFilter } from '../display-filter.js';
import { connectionMatches, messageMatches, parseFilters } from '../filters.js';
import { VERSION } from '../help.js';
import { jobsOption } from '../jobs.js';
import { isWebSocketConnection } from '../records.js';
import { writeOutput } from '../write-file.js';

export async function runExport(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const command = 'export';
  const path = capturePath(args, command);
  const target = stringOption(args, 'har');
  if (target === undefined) throw new UsageError("'export' needs --har FILE (- for standard output)", command);
  const filters = parseFilters(args, command);
  const display = parseDisplayFilter(args, command);
  const messages: MessageRecord[] = [];
  const keep = (m: MessageRecord): void => {
    if (messageMatches(m, filters)) messages.push(m);
  };
  const kept = new Set<number>();
  const byMessage = display && new StreamFilter(display, 'message', keep);
  const byConnection = display && new StreamFilter(display, 'connection', (c) => kept.add(c.id));
  const out = makeOutput(ctx, 'table');
  const summary = await decodeCaptureFile(
    path,
    out,
    (e, known) => {
      byConnection?.event(e, known);
      if (byMessage) byMessage.event(e, known);
      else if (e.kind === 'message') keep(e.message);
    },
    { progress: args.values['no-progress'] !== true, ctx, jobs: jobsOption(args, 'export') },
  );
  const all = new Map(summary.connections.map((c) => [c.id, c]));
  byMessage?.end(all);
  if (byConnection) {
    for (const c of summary.connections) byConnection.row(c);
    byConnection.end(all);
  }
  const chosen: ConnectionRecord[] = summary.connections.filter(
    (c) => isWebSocketConnection(c) && connectionMatches(c, filters) && (!byConnection || kept.has(c.id)),
  );
  const ids = new Set(chosen.map((c) => c.id));
  const { har, skipped } = harOf(
    chosen,
    messages.filter((m) => ids.has(m.connectionId)),
    { name: 'wsscope', version: VERSION },
  );
  await writeOutput(target, `${JSON.stringify(har, null, 2)}\n`, ctx);
  for (const line of summaryWarnings(summary, { hint: 'none' })) ctx.warn(line);
  if (skipped.length > 0) {
    ctx.warn(
      `${skipped.length} connection${skipped.length === 1 ? '' : 's'} left out (no upgrade request captured): ${skipped.join(', ')}`,
    );
  }
  if (filters.connection !== undefined && !all.has(filters.connection)) {
    throw new UsageError(`no connection ${filters.connection} in ${summary.path}`, command);
  }
  return 0;
}
