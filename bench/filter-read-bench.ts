// What a display filter over payloads read back from the file costs in the app's worker
// (issue 13): a DecodeEngine opens the capture as from a File (every frame found in the file keeps
// where its payload is, none kept: --keep 0, or the app's budget with --keep app), then runs each
// filter it is given on stdin, one a line, through engine.filterRead, reading the file by range.
//
//   node bench/filter-read-compare.mjs ... (two checkouts, alternating), or alone:
//   <bundled> CAPTURE [--keep 0|app]
//
// Prints one JSON line once loaded, then one per filter: the rows each level kept, the bytes and
// reads of the file, wall and CPU milliseconds (this process's user + system: GC threads count).

import { open } from 'node:fs/promises';
import { DecodeEngine, KEEP_PAYLOAD_BYTES } from '../src/renderer/worker/engine.js';
import type { RangeSource } from '../src/renderer/worker/file-payloads.js';
import type { FrameStore } from '../src/renderer/worker/frame-store.js';

const path = process.argv[2];
const at = process.argv.indexOf('--keep');
const keep = at >= 0 && process.argv[at + 1] === 'app' ? KEEP_PAYLOAD_BYTES : 0;
const file = await open(path, 'r');
const size = (await file.stat()).size;
let bytesRead = 0;
let reads = 0;
const ranges: RangeSource = {
  async read(offset, length) {
    bytesRead += length;
    reads++;
    // a new buffer per read, as Blob.slice().arrayBuffer() gives the worker
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead: n } = await file.read(out, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return done === length ? out : out.subarray(0, done);
  },
};

const t0 = performance.now();
const engine = new DecodeEngine(size, undefined, false, undefined, ranges, keep);
const chunk = new Uint8Array(1 << 20);
for (let pos = 0; pos < size; ) {
  const { bytesRead: n } = await file.read(chunk, 0, chunk.length, pos);
  if (n === 0) break;
  engine.push(chunk.slice(0, n));
  pos += n;
  while (engine.hasPending()) engine.takeBatch();
}
engine.end();
while (engine.hasPending()) engine.takeBatch();
const loadMs = Math.round(performance.now() - t0);
// the payload bytes a filter over frames needs from the file (reads take the gaps between too)
const frames = (engine as unknown as { frames: FrameStore }).frames;
let located = 0;
for (let id = 1; id <= frames.size; id++) if (frames.has(id) && frames.isLocated(id)) located += frames.capturedOf(id);
console.log(JSON.stringify({ loaded: path, keep, ms: loadMs, locatedMiB: +(located / 2 ** 20).toFixed(1) }));

let input = '';
process.stdin.setEncoding('utf8');
for await (const piece of process.stdin) {
  input += piece;
  for (let nl = input.indexOf('\n'); nl >= 0; nl = input.indexOf('\n')) {
    const filter = input.slice(0, nl);
    input = input.slice(nl + 1);
    bytesRead = 0;
    reads = 0;
    const t = performance.now();
    const cpu = process.cpuUsage();
    const result = await engine.filterRead(filter);
    const used = process.cpuUsage(cpu);
    console.log(
      JSON.stringify({
        filter,
        error: result.error?.message ?? null,
        frames: result.frameIds.length,
        messages: result.messageIds.length,
        connections: result.connectionIds.length,
        readMiB: +(bytesRead / 2 ** 20).toFixed(1),
        reads,
        wallMs: Math.round(performance.now() - t),
        cpuMs: Math.round((used.user + used.system) / 1000),
      }),
    );
  }
}
await file.close();
