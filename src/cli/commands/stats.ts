// `wsscope stats <capture>`: counts per connection and overall.
//
// Built from the message stream alone (each message counted, then dropped): messages and bytes
// per direction and type, payload bytes (after inflation) vs wire bytes, compression ratio =
// payload / wire over compressed messages, duration between the first and last message, message
// rate, and ping/pong round trips from the decoder's pong→ping matching.

import type { Direction, MessageRecord } from '../../decoder/index.js';
import type { ParsedArgs } from '../args.js';
import { csvCell } from '../cells.js';
import { arrow } from '../columns.js';
import { type CliContext, capturePath, chooseFormat, makeOutput } from '../context.js';
import { decodeCaptureFile, summaryWarnings } from '../decode-file.js';
import { parseDisplayFilter, StreamFilter } from '../display-filter.js';
import { messageMatches, parseFilters } from '../filters.js';
import { jobsOption } from '../jobs.js';
import { chooseKeyLog } from '../keylog.js';
import { type StatsShape, StatsTable } from '../stats-table.js';

interface Counter {
  messages: number;
  bytes: number;
  wireBytes: number;
}

const zero = (): Counter => ({ messages: 0, bytes: 0, wireBytes: 0 });

function add(c: Counter, m: MessageRecord): void {
  c.messages++;
  c.bytes += m.payload.byteLength;
  c.wireBytes += m.wireLength;
}

export class StatsAccumulator {
  messages = zero();
  directions: Record<Direction, Counter & { types: Record<string, Counter> }> = {
    client: { ...zero(), types: {} },
    server: { ...zero(), types: {} },
  };
  compressed = { bytes: 0, wireBytes: 0, messages: 0 };
  firstTime: number | null = null;
  lastTime: number | null = null;
  /** Ping round trips as running figures: a list of every one grew with the capture. */
  rtt = { count: 0, sum: 0, min: Infinity, max: -Infinity };

  /** One connection's figures from the compact table (stats-table.ts), for output. */
  static from(f: StatsShape): StatsAccumulator {
    const a = new StatsAccumulator();
    a.messages = f.messages;
    a.directions = f.directions;
    a.compressed = { bytes: f.compressed.bytes, wireBytes: f.compressed.wireBytes, messages: f.compressed.messages };
    a.firstTime = f.firstTime;
    a.lastTime = f.lastTime;
    a.rtt = f.rtt;
    return a;
  }

  add(m: MessageRecord): void {
    add(this.messages, m);
    const d = this.directions[m.direction];
    add(d, m);
    const type = m.type === 'reserved' ? `opcode-${m.opcode}` : m.type;
    d.types[type] ??= zero();
    add(d.types[type], m);
    if (m.compressed) {
      this.compressed.messages++;
      this.compressed.bytes += m.payload.byteLength;
      this.compressed.wireBytes += m.wireLength;
    }
    this.firstTime = this.firstTime === null ? m.firstTime : Math.min(this.firstTime, m.firstTime);
    this.lastTime = this.lastTime === null ? m.time : Math.max(this.lastTime, m.time);
    if (m.type === 'pong' && m.rtt !== null) {
      const r = this.rtt;
      r.count++;
      r.sum += m.rtt;
      r.min = Math.min(r.min, m.rtt);
      r.max = Math.max(r.max, m.rtt);
    }
  }

  json() {
    const duration = this.firstTime === null || this.lastTime === null ? 0 : this.lastTime - this.firstTime;
    const n = this.rtt.count;
    return {
      messages: this.messages.messages,
      bytes: this.messages.bytes,
      wireBytes: this.messages.wireBytes,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      duration,
      messageRate: duration > 0 ? this.messages.messages / duration : null,
      compression:
        this.compressed.messages > 0
          ? {
              messages: this.compressed.messages,
              bytes: this.compressed.bytes,
              wireBytes: this.compressed.wireBytes,
              ratio: this.compressed.wireBytes > 0 ? this.compressed.bytes / this.compressed.wireBytes : null,
            }
          : null,
      directions: this.directions,
      pingPong: n > 0 ? { count: n, min: this.rtt.min, mean: this.rtt.sum / n, max: this.rtt.max } : null,
    };
  }
}

function ms(seconds: number): string {
  return `${(seconds * 1000).toFixed(3)} ms`;
}

function summaryLine(title: string, s: ReturnType<StatsAccumulator['json']>): string {
  const parts = [`${s.messages} messages, ${s.bytes} payload bytes (${s.wireBytes} on the wire)`];
  parts.push(`over ${s.duration.toFixed(3)} s${s.messageRate !== null ? ` (${s.messageRate.toFixed(1)} msg/s)` : ''}`);
  if (s.compression) {
    parts.push(
      `compression ratio ${s.compression.ratio?.toFixed(2) ?? '-'} (${s.compression.messages} compressed messages)`,
    );
  }
  if (s.pingPong) {
    const p = s.pingPong;
    parts.push(`ping RTT n=${p.count} min ${ms(p.min)} mean ${ms(p.mean)} max ${ms(p.max)}`);
  }
  return `${title}: ${parts.join('; ')}\n`;
}

export async function runStats(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const command = 'stats';
  const path = capturePath(args, command);
  const filters = parseFilters(args, command);
  const format = chooseFormat(args, command, ctx);
  const out = makeOutput(ctx, format);
  const perConnection = new StatsTable();
  const overall = new StatsAccumulator();
  const count = (m: MessageRecord): void => {
    if (!messageMatches(m, filters)) return;
    perConnection.add(m.connectionId, m);
    overall.add(m);
  };
  const display = parseDisplayFilter(args, command);
  const y = display && new StreamFilter(display, 'message', count);
  const summary = await decodeCaptureFile(
    path,
    out,
    (e, known) => {
      if (y) y.event(e, known);
      else if (e.kind === 'message') count(e.message);
    },
    {
      progress: args.values['no-progress'] !== true,
      jobs: jobsOption(args, 'stats'),
      ctx,
      keyLog: await chooseKeyLog(args, ctx),
      // Counts need no connection records; a display filter may test connection fields.
      countOnly: display === null,
      // Counts need no application decoding and keep no payload (a display filter may test app
      // fields, and holds messages it cannot decide yet).
      // Nor the bytes of binary messages, only their lengths.
      ...(display === null ? { app: false as const, transientPayloads: true, binaryPayloadLengthsOnly: true } : {}),
    },
  );
  y?.end();
  const ids = [...perConnection.ids()];
  // Built one connection at a time as it is written, and flushed as it goes: the rows of every
  // connection at once, and their text, were the peak of a capture of many connections.
  const acc = (id: number): StatsAccumulator => StatsAccumulator.from(perConnection.figures(id));
  const row = (id: number) => ({ connection: id as number | null, ...acc(id).json() });
  const all = { connection: null, ...overall.json(), connections: ids.length };
  let written = 0;
  const flushSometimes = async (): Promise<void> => {
    if (++written % 1024 === 0) await out.flush();
  };

  switch (format) {
    case 'json': {
      // JSON.stringify({ connections, overall }, null, 2), a connection at a time: each row is
      // its own pretty JSON indented two levels (its strings hold no line breaks).
      out.text(ids.length === 0 ? '{\n  "connections": [],\n' : '{\n  "connections": [\n');
      for (let i = 0; i < ids.length; i++) {
        const text = JSON.stringify(row(ids[i] as number), null, 2).replaceAll('\n', '\n    ');
        out.text(`    ${text}${i + 1 < ids.length ? ',' : ''}\n`);
        await flushSometimes();
      }
      if (ids.length > 0) out.text('  ],\n');
      out.text(`  "overall": ${JSON.stringify(all, null, 2).replaceAll('\n', '\n  ')}\n}\n`);
      break;
    }
    case 'ndjson':
      for (const id of ids) {
        out.text(JSON.stringify({ scope: 'connection', ...row(id) }) + '\n');
        await flushSometimes();
      }
      out.text(JSON.stringify({ scope: 'overall', ...all }) + '\n');
      break;
    case 'csv': {
      out.text('scope,connection,direction,type,messages,bytes,wire_bytes\r\n');
      const emit = (scope: string, id: number | null, acc: StatsAccumulator): void => {
        for (const dir of ['client', 'server'] as const) {
          const d = acc.directions[dir];
          out.text([scope, id, dir, 'all', d.messages, d.bytes, d.wireBytes].map(csvCell).join(',') + '\r\n');
          for (const [type, c] of Object.entries(d.types)) {
            out.text([scope, id, dir, type, c.messages, c.bytes, c.wireBytes].map(csvCell).join(',') + '\r\n');
          }
        }
      };
      for (const id of ids) {
        emit('connection', id, acc(id));
        await flushSometimes();
      }
      emit('overall', null, overall);
      break;
    }
    case 'table': {
      out.text(
        `${'CONN'.padStart(4)}  DIR  ${'TYPE'.padEnd(12)}  ${'MESSAGES'.padStart(9)}  ${'BYTES'.padStart(12)}  ${'WIRE BYTES'.padStart(12)}\n`,
      );
      for (const id of ids) {
        const a = acc(id);
        for (const dir of ['client', 'server'] as const) {
          for (const [type, c] of Object.entries(a.directions[dir].types).sort()) {
            out.text(
              `${String(id).padStart(4)}  ${arrow(dir)}  ${type.padEnd(12)}  ${String(c.messages).padStart(9)}  ${String(c.bytes).padStart(12)}  ${String(c.wireBytes).padStart(12)}\n`,
            );
          }
        }
        await flushSometimes();
      }
      out.text('\n');
      for (const id of ids) {
        out.text(summaryLine(`Connection ${id}`, acc(id).json()));
        await flushSometimes();
      }
      out.text(summaryLine(`Overall (${ids.length} connection${ids.length === 1 ? '' : 's'})`, overall.json()));
      break;
    }
  }
  await out.flush();
  for (const line of summaryWarnings(summary, { hint: 'command' })) ctx.warn(line);
  return 0;
}
