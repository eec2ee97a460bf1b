// `wsscope requests <capture>`: one row per request/response pair of the application protocol
// (Socket.IO acks, GraphQL operations, JSON-RPC calls, STOMP receipts and subscriptions, MQTT
// packet-id flows, SignalR invocations, Phoenix refs, WAMP request ids), with the latency of the
// first answer and its status; `--stats` gives per connection counts and latency percentiles.
//
// Pairs change until the end (a subscription's answers keep coming), so rows are printed at the
// end, in the order the requests were sent.

import { type LatencyStats, latencyStats, type RequestRecord, type RequestStatus } from '../../decoder/index.js';
import { parseProtocolOption } from '../app-protocol.js';
import { enumOption, type ParsedArgs, UsageError } from '../args.js';
import { arrow, TimeBase } from '../columns.js';
import { type CliContext, capturePath, chooseFormat, makeOutput } from '../context.js';
import { decodeCaptureFile, summaryWarnings } from '../decode-file.js';
import { parseFilters } from '../filters.js';
import { jobsOption } from '../jobs.js';
import type { Column, Format, RowSpec } from '../output.js';
import { connectionRange } from '../records.js';

const STATUSES: readonly RequestStatus[] = ['ok', 'error', 'pending'];

export function requestJson(r: RequestRecord) {
  return {
    connection: r.connectionId,
    protocol: r.protocol,
    id: r.requestId,
    name: r.name,
    request: r.request,
    response: r.response,
    latency: r.latency,
    status: r.status,
    direction: r.direction,
    final: r.final,
    answers: r.answers,
    complete: r.complete,
    time: r.requestTime,
    responseTime: r.responseTime,
    duration: r.duration,
  };
}

const ms = (s: number | null): string => (s === null ? '-' : `${(s * 1000).toFixed(3)} ms`);

function col<T>(
  header: string,
  key: string,
  width: number,
  value: Column<T>['value'],
  align: 'left' | 'right' = 'left',
): Column<T> {
  return { header, key, width, value, align };
}

export function requestSpec(format: Format, base: TimeBase): RowSpec<RequestRecord> {
  const t = format === 'table';
  return {
    json: requestJson,
    columns: [
      col('CONN', 'connection', 4, (r) => r.connectionId, 'right'),
      col('PROTOCOL', 'protocol', 12, (r) => r.protocol),
      col('DIR', 'direction', 3, (r) => (t ? arrow(r.direction) : r.direction)),
      col('TIME', 'time', 12, (r) => (t ? base.relative(r.requestTime) : r.requestTime), 'right'),
      col('ID', 'id', 10, (r) => String(r.requestId)),
      col('REQ', 'request', 6, (r) => r.request, 'right'),
      col('RESP', 'response', 6, (r) => (t ? (r.response ?? '-') : r.response), 'right'),
      col('LATENCY', 'latency', 12, (r) => (t ? ms(r.latency) : r.latency), 'right'),
      col('STATUS', 'status', 7, (r) => (t ? `${r.status}${r.answers > 1 ? ` ×${r.answers}` : ''}` : r.status)),
      col('NAME', 'name', 0, (r) => r.name),
    ],
  };
}

export function statsSpec(format: Format): RowSpec<LatencyStats> {
  const t = format === 'table';
  const lat = (v: number | null) => (t ? ms(v) : v);
  return {
    json: (s) => s,
    columns: [
      col('CONN', 'connectionId', 4, (s) => s.connectionId, 'right'),
      col('PROTOCOL', 'protocol', 12, (s) => s.protocol),
      col('REQUESTS', 'requests', 8, (s) => s.requests, 'right'),
      col('OK', 'ok', 6, (s) => s.ok, 'right'),
      col('ERROR', 'error', 6, (s) => s.error, 'right'),
      col('PENDING', 'pending', 7, (s) => s.pending, 'right'),
      col('P50', 'p50', 12, (s) => lat(s.p50), 'right'),
      col('P90', 'p90', 12, (s) => lat(s.p90), 'right'),
      col('P99', 'p99', 12, (s) => lat(s.p99), 'right'),
      col('MAX', 'max', 0, (s) => lat(s.max), 'right'),
    ],
  };
}

export async function runRequests(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const command = 'requests';
  const path = capturePath(args, command);
  const filters = parseFilters(args, command);
  const status = enumOption(args, 'status', STATUSES, command);
  const app = parseProtocolOption(args, command);
  const format = chooseFormat(args, command, ctx);
  const out = makeOutput(ctx, format);
  const latest = new Map<number, RequestRecord>();
  const summary = await decodeCaptureFile(
    path,
    out,
    (e) => {
      if (e.kind === 'request') latest.set(e.request.id, e.request);
    },
    { progress: args.values['no-progress'] !== true, ctx, app, jobs: jobsOption(args, 'requests') },
  );
  if (filters.connection !== undefined && !summary.connections.some((c) => c.id === filters.connection))
    throw new UsageError(
      `no connection ${filters.connection} in ${path} (${connectionRange(summary.connections)})`,
      command,
    );
  const rows = [...latest.values()]
    .sort((a, b) => a.id - b.id)
    .filter(
      (r) =>
        (filters.connection === undefined || r.connectionId === filters.connection) &&
        (filters.direction === undefined || r.direction === filters.direction) &&
        (status === undefined || r.status === status) &&
        (!filters.grep || filters.grep(`${r.name ?? ''} ${r.requestId}`)),
    );
  if (args.values.stats === true) {
    const w = out.list(statsSpec(format));
    w.begin();
    for (const s of latencyStats(rows)) w.row(s);
    w.end();
  } else {
    const base = new TimeBase();
    if (summary.connections.length) base.origin = Math.min(...summary.connections.map((c) => c.firstTime));
    const w = out.list(requestSpec(format, base));
    w.begin();
    for (const r of rows) w.row(r);
    w.end();
    if (format === 'table' && rows.length === 0) {
      const chosen = summary.connections.filter((c) => c.app).map((c) => `${c.id} ${c.app?.protocol}`);
      out.text(
        chosen.length
          ? `no requests (application protocols: ${chosen.join(', ')})\n`
          : 'no requests: no connection speaks a known application protocol (see --protocol)\n',
      );
    }
    if (format === 'table' && rows.length > 0) {
      const pending = rows.filter((r) => r.status === 'pending').length;
      const errors = rows.filter((r) => r.status === 'error').length;
      out.text(
        `\n${rows.length} requests: ${rows.length - pending - errors} ok, ${errors} error, ${pending} never answered\n`,
      );
    }
  }
  await out.flush();
  for (const line of summaryWarnings(summary, { hint: 'command' })) ctx.warn(line);
  return 0;
}
