// What a display filter costs in the app: the worker's DecodeEngine holds a capture of a million
// frames (test/e2e/many-frames.ts: one connection, 1M small server→client text frames), then
// engine.filter() runs each filter over its column stores, as the filter bar asks it to.
// Issue 12's budget: under 300 ms for a million frames.
//
//   node bench/filter-app-bench.mjs [--frames 1000000] [--runs 5] [--only filters|sorts]
//                                   [--summaries-of CAPTURE]
//
// Prints one JSON line per filter: frames, the rows each level kept, and the median, min and max
// milliseconds of engine.filter() (checked, then applied to frames, messages and connections),
// wall and CPU (this process's: on a machine shared with other work, wall time counts the
// neighbours too).
//
// Then the frames table's sorts (issue 13: a million rows under 300 ms): orderFrames over the
// page's FrameColumns of a million rows shaped like a busy capture's (400 connections, both
// directions, five opcodes, times with jitter, JSON summaries that mostly differ), one JSON line
// per column and direction, the first (cold) run and the median of the rest. --summaries-of takes
// the summaries (and the number of rows) from a capture's frames instead: what the worker makes for
// the page when it sorts by summary (timed too), e.g. 62% of them past ASCII on app200.pcap.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FrameSort, orderFrames } from '../src/renderer/model/frame-order.js';
import { DecodeEngine } from '../src/renderer/worker/engine.js';
import type { FrameRow } from '../src/renderer/worker/row-schema.js';
import { writeManyFramesCapture } from '../test/e2e/many-frames.js';
import { mulberry32 } from '../test/helpers/rng.js';
import { frameColumnsOf } from '../test/renderer/decoded.js';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const frames = Number(arg('--frames', '1000000'));
const runs = Number(arg('--runs', '5'));
const only = arg('--only', '');

if (only !== 'sorts') await runFilters();

const real = arg('--summaries-of', '');
const summaries = real ? summariesOf(real) : null;
const random = mulberry32(1);
const rows: FrameRow[] = Array.from({ length: summaries?.length ?? frames }, (_, i) => ({
  id: i + 1,
  connectionId: 1 + Math.floor(random() * 400),
  direction: random() < 0.5 ? 'server' : 'client',
  index: i,
  time: 1.7e9 + i / 1000 + random() / 10,
  fin: random() < 0.95,
  rsv: random() < 0.3 ? '100' : '000',
  opcode: [1, 1, 1, 2, 9, 10, 0][Math.floor(random() * 7)] as number,
  masked: random() < 0.5,
  payloadLength: Math.floor(random() * random() * 70_000),
  complete: true,
  messageId: i + 1,
  summary:
    summaries?.[i] ??
    `{"type":"${['chat', 'presence', 'typing'][Math.floor(random() * 3)]}","seq":${Math.floor(random() * frames)}}`,
  findingCount: 0,
}));
const table = frameColumnsOf(rows);
for (const column of only === 'filters'
  ? []
  : ['id', 'time', 'payloadLength', 'direction', 'opcode', 'conn', 'summary']) {
  for (const desc of [false, true]) {
    const sorting: FrameSort[] = [{ id: column, desc }];
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      orderFrames(table.frames, table.ids, sorting, []);
      const used = process.cpuUsage(cpu);
      times.push(performance.now() - t);
      cpuTimes.push((used.user + used.system) / 1000);
    }
    const cold = times.shift() as number;
    cpuTimes.shift();
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        sort: column,
        desc,
        rows: rows.length,
        coldMs: Math.round(cold),
        medianMs: Math.round(times[Math.floor(times.length / 2)] as number),
        cpuMedianMs: Math.round(cpuTimes[Math.floor(cpuTimes.length / 2)] as number),
      }),
    );
  }
}

async function runFilters() {
  const file = join(mkdtempSync(join(tmpdir(), 'wsscope-filter-')), 'many.pcap');
  writeManyFramesCapture(file, frames);
  const bytes = new Uint8Array(readFileSync(file));
  const engine = new DecodeEngine(bytes.length);
  const t0 = performance.now();
  for (let at = 0; at < bytes.length; at += 1 << 20) engine.push(bytes.subarray(at, at + (1 << 20)));
  engine.end();
  const decodeMs = performance.now() - t0;
  console.log(JSON.stringify({ frames, captureBytes: bytes.length, decodeMs: Math.round(decodeMs) }));

  const FILTERS = [
    'websocket.opcode == 1',
    'websocket.opcode == text && websocket.payload_length > 5 && ws.direction == server',
    'tcp.port == 8080 && ip.src == 10.1.0.0/16',
    'frame.time_relative > 5',
    'ws.message.text contains "m0999"',
    'websocket.payload contains 6d:30',
    'ws.frame in {1..1000 500000..500100}',
    'ws.message.length > 6 || ws.finding',
    'frame.number > 100',
    'ws.message.text contains "x"',
  ];

  for (const filter of FILTERS) {
    const times: number[] = [];
    const cpuTimes: number[] = [];
    const frameTimes: number[] = [];
    let result = await engine.filter(filter);
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      result = await engine.filter(filter);
      const used = process.cpuUsage(cpu);
      times.push(performance.now() - t);
      cpuTimes.push((used.user + used.system) / 1000);
      frameTimes.push(result.framesMs);
    }
    cpuTimes.sort((a, b) => a - b);
    frameTimes.sort((a, b) => a - b);
    if (result.error) throw new Error(`${filter}: ${result.error.message}`);
    times.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        filter,
        frames: result.frameIds.length,
        messages: result.messageIds.length,
        connections: result.connectionIds.length,
        medianMs: +times[Math.floor(times.length / 2)].toFixed(1),
        cpuMedianMs: +cpuTimes[Math.floor(cpuTimes.length / 2)].toFixed(1),
        // until the frames table's rows were known (the message and connection levels follow)
        framesMedianMs: +frameTimes[Math.floor(frameTimes.length / 2)].toFixed(1),
        minMs: +times[0].toFixed(1),
        maxMs: +times[times.length - 1].toFixed(1),
      }),
    );
  }
}

/**
 * Every frame summary of a capture, as the page gets them when its frames table is sorted by
 * summary: made by the worker's engine (engine.previews) and sent in one reply (a structured
 * clone); both timed.
 */
function summariesOf(path: string): string[] {
  const bytes = new Uint8Array(readFileSync(path));
  const engine = new DecodeEngine(bytes.length);
  let count = 0;
  const take = () => {
    while (engine.hasPending()) count = Math.max(count, engine.takeBatch().frames?.id?.at(-1) ?? count);
  };
  for (let at = 0; at < bytes.length; at += 1 << 20) {
    engine.push(bytes.subarray(at, at + (1 << 20)));
    take();
  }
  engine.end();
  take();
  const ids = Array.from({ length: count }, (_, i) => i + 1);
  const t0 = performance.now();
  const made = engine.previews(ids, []).frames;
  const t1 = performance.now();
  const texts = structuredClone(made);
  const t2 = performance.now();
  console.log(
    JSON.stringify({
      summariesOf: path,
      frames: count,
      previewsMs: Math.round(t1 - t0),
      replyCloneMs: Math.round(t2 - t1),
    }),
  );
  return texts;
}
