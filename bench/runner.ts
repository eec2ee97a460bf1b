// In-process decoder run for the benchmark: stream a capture file into one CaptureSession with
// pushAndDrain, count its events after every step (nothing is kept, as a caller
// that streams results out would do), and print one JSON line with the timing, peak RSS and
// counts. Bundled by bench/run.mjs with esbuild; run as `node runner.mjs FILE`.
//
// Peak RSS is sampled with process.memoryUsage().rss every 16 chunks and at the end; the bench
// also reads /usr/bin/time -v's "Maximum resident set size" when it is available. With
// --heap-trace (and node --expose-gc) it prints the live heap every 64 MiB (see traceHeap).

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { CaptureSession, type DecoderEvent, ShardedSession } from '../src/decoder/index.js';
import { shardWorkerScript, workerShard } from '../src/node/shard-threads.js';
import { nodeTlsCrypto } from '../src/node/tls-crypto.js';
import { nobleTlsCrypto } from '../src/renderer/worker/tls-crypto.js';
import { nullTlsCrypto } from './null-tls-crypto.js';

// Read 1 MiB at a time and feed it with pushAndDrain (64 KiB steps, each drained), as the CLI and
// the UI worker do.
const CHUNK = 1024 * 1024;

interface DirectionCounts {
  messages: Record<string, number>;
  payloadBytes: Record<string, number>;
  frames: number;
  compressedMessages: number;
  incompleteMessages: number;
}

function newCounts(): DirectionCounts {
  return {
    messages: { text: 0, binary: 0, close: 0, ping: 0, pong: 0, reserved: 0 },
    payloadBytes: { text: 0, binary: 0, close: 0, ping: 0, pong: 0, reserved: 0 },
    frames: 0,
    compressedMessages: 0,
    incompleteMessages: 0,
  };
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node runner.mjs CAPTURE');
  process.exit(2);
}

const counts = { client: newCounts(), server: newCounts() };
const connectionKinds = new Map<number, string>();
const findings = new Map<string, number>();
let fatal: string | null = null;
let peakRss = process.memoryUsage().rss;

function count(events: DecoderEvent[]): void {
  for (const ev of events) {
    switch (ev.kind) {
      case 'message': {
        const m = ev.message;
        const c = counts[m.direction];
        c.messages[m.type] = (c.messages[m.type] ?? 0) + 1;
        c.payloadBytes[m.type] = (c.payloadBytes[m.type] ?? 0) + m.payload.length;
        if (m.compressed) c.compressedMessages++;
        if (!m.complete) c.incompleteMessages++;
        break;
      }
      case 'frame':
        counts[ev.frame.direction].frames++;
        break;
      case 'connection':
        connectionKinds.set(ev.connection.id, ev.connection.kind);
        break;
      case 'finding':
        findings.set(ev.finding.code, (findings.get(ev.finding.code) ?? 0) + 1);
        break;
      case 'fatal':
        fatal = ev.message;
        break;
    }
  }
}

// `node --expose-gc runner.mjs FILE --heap-trace`: every 64 MiB, collect garbage and print the
// live heap to stderr, to tell retained memory (a leak) from V8 simply growing its heap.
const heapTrace = process.argv.includes('--heap-trace');
const gc = (globalThis as { gc?: () => void }).gc;
function traceHeap(at: number): void {
  gc?.();
  const m = process.memoryUsage();
  console.error(
    `${(at / 2 ** 20).toFixed(0)} MiB in: live heap ${(m.heapUsed / 2 ** 20).toFixed(1)} MiB, ` +
      `array buffers ${(m.arrayBuffers / 2 ** 20).toFixed(1)} MiB, rss ${(m.rss / 2 ** 20).toFixed(0)} MiB`,
  );
}

const started = performance.now();
// As the CLI and the UI worker decode (field records on demand); `--fields` builds every frame's.
// `--keylog FILE` (the wss captures): decrypt with node:crypto, as the CLI does, or with
// `--worker-crypto` the browser worker's (@stablelib/@noble). Reading and parsing the key log is
// part of the timed work, as it is for the CLI. `--null-crypto`: records opened by copying, for
// the `--tls null` twins (bench/null-tls-crypto.ts): the TLS layer without decryption.
const keyLogAt = process.argv.indexOf('--keylog');
const keyLog = keyLogAt > 0 ? readFileSync(process.argv[keyLogAt + 1], 'utf8') : undefined;
const crypto = process.argv.includes('--worker-crypto')
  ? nobleTlsCrypto
  : process.argv.includes('--null-crypto')
    ? nullTlsCrypto
    : nodeTlsCrypto;
const options = {
  frameFields: process.argv.includes('--fields'),
  tls: keyLog === undefined ? undefined : { crypto, keyLog },
};
// `--jobs N` (N > 1): connections decoded in N worker threads (ShardedSession, as the CLI's
// --jobs), the worker bundled next to this runner by bench/run.mjs.
const jobsAt = process.argv.indexOf('--jobs');
const jobs = jobsAt > 0 ? Number(process.argv[jobsAt + 1]) : 1;
const script = jobs > 1 ? shardWorkerScript() : null;
if (jobs > 1 && script === null) {
  console.error('runner: no shard-worker.js beside the runner (bench/run.mjs bundles it)');
  process.exit(2);
}
const session =
  script !== null
    ? new ShardedSession({ ...options, app: false, shards: { count: jobs, open: workerShard(script) } })
    : new CaptureSession(options);

const fd = openSync(file, 'r');
// One reused chunk buffer: the session copies what it keeps (see capture/byte-buffer.ts).
const chunk = new Uint8Array(CHUNK);
let bytes = 0;
let chunks = 0;
for (;;) {
  const n = readSync(fd, chunk, 0, CHUNK, null);
  if (n === 0) break;
  bytes += n;
  const piece = n === CHUNK ? chunk : chunk.subarray(0, n);
  if (session instanceof ShardedSession) await session.pushAndTake(piece, count);
  else session.pushAndDrain(piece, count);
  if (++chunks % 16 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (heapTrace && chunks % 64 === 0) traceHeap(bytes);
}
closeSync(fd);
if (session instanceof ShardedSession) {
  await session.endAndTake(count);
  session.close();
} else {
  session.end();
  count(session.drain());
}
const seconds = (performance.now() - started) / 1000;
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const kinds: Record<string, number> = {};
for (const kind of connectionKinds.values()) kinds[kind] = (kinds[kind] ?? 0) + 1;

console.log(
  JSON.stringify({
    file,
    bytes,
    seconds,
    mbps: bytes / 1e6 / seconds,
    peakRss,
    connections: kinds,
    client: counts.client,
    server: counts.server,
    findings: Object.fromEntries(findings),
    fatal,
  }),
);
