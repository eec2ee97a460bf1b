// Application-layer cost (src/decoder/app): decode one capture with CaptureSession without and
// with the `app` option, interleaved, and print MB/s for each plus the slowdown. Two inputs:
//   - a bench/generate.mjs capture (plain WebSocket traffic: the app layer sniffs each
//     connection's first messages, finds nothing, and must then cost one Map lookup per message);
//   - the fixtures/app captures (every message decoded and paired).
// Run: npx esbuild bench/app-bench.ts --bundle --platform=node --format=esm --outfile=/tmp/app-bench.mjs
//      && node /tmp/app-bench.mjs bench/data/<capture>.pcap ...
// Prints one JSON line per input.

import { readFileSync } from 'node:fs';
import { CaptureSession, type DecoderEvent } from '../src/decoder/index.js';

function run(bytes: Uint8Array, app: boolean): { seconds: number; messages: number; requests: number } {
  const t0 = performance.now();
  const s = new CaptureSession({ frameFields: false, app });
  let messages = 0;
  let requests = 0;
  const take = (events: DecoderEvent[]) => {
    for (const e of events) {
      if (e.kind === 'message') messages++;
      else if (e.kind === 'request') requests++;
    }
  };
  s.pushAndDrain(bytes, take);
  s.end();
  take(s.drain());
  return { seconds: (performance.now() - t0) / 1000, messages, requests };
}

function measure(name: string, bytes: Uint8Array, runs = 7): void {
  const off: number[] = [];
  const on: number[] = [];
  let info = { messages: 0, requests: 0 };
  for (let i = 0; i < runs; i++) {
    off.push(run(bytes, false).seconds);
    const r = run(bytes, true);
    on.push(r.seconds);
    info = r;
  }
  const best = (a: number[]) => Math.min(...a);
  const mbps = (s: number) => Number((bytes.length / 1e6 / s).toFixed(1));
  console.log(
    JSON.stringify({
      input: name,
      bytes: bytes.length,
      messages: info.messages,
      requests: info.requests,
      appOffMBps: mbps(best(off)),
      appOnMBps: mbps(best(on)),
      slowdownPercent: Number(((best(on) / best(off) - 1) * 100).toFixed(1)),
    }),
  );
}

// Every capture named on the command line; then the app fixtures as they are (small: their
// numbers say what full decoding costs per message, not a throughput).
for (const path of process.argv.slice(2)) measure(path, new Uint8Array(readFileSync(path)));
for (const name of ['mqtt.pcap', 'socketio.pcap', 'spec-protocols.pcap'])
  measure(`fixtures/app/${name}`, new Uint8Array(readFileSync(`fixtures/app/${name}`)), 20);
