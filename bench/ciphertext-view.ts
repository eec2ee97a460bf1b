// How long the hex view's "TLS records" toggle takes (src/decoder/tls/ciphertext-view.ts): the
// capture is decoded again with the worker's @noble crypto up to the frame, nothing kept per record.
// Usage (after `node bench/generate.mjs --kind mixed --size 30m --tls aes128gcm --out X.pcap`):
//   npx esbuild bench/ciphertext-view.ts --bundle --platform=node --format=esm --outfile=/tmp/cv.mjs
//   node /tmp/cv.mjs X-wss-aes128gcm.pcap X-wss-aes128gcm.keys
// Prints one JSON line: the full decode's time and heap, and the finder's time for the first,
// middle and last frame, reading 1 MiB pieces as the worker reads a file.

import { readFileSync } from 'node:fs';
import { analyzeCapture, FrameCiphertextFinder } from '../src/decoder/index.js';
import { nobleTlsCrypto } from '../src/renderer/worker/tls-crypto.js';

const [capturePath, keysPath] = process.argv.slice(2);
if (!capturePath || !keysPath) throw new Error('usage: ciphertext-view.ts CAPTURE KEYS');
const capture = new Uint8Array(readFileSync(capturePath));
const keys = readFileSync(keysPath);

let t = performance.now();
const analysis = analyzeCapture(capture, { frameFields: false, tls: { crypto: nobleTlsCrypto, keyLog: keys } });
const fullMs = performance.now() - t;
const frames = analysis.frames;
const picks = { first: frames[0], middle: frames[frames.length >> 1], last: frames[frames.length - 1] };
const out: Record<string, unknown> = { bytes: capture.length, frames: frames.length, fullDecodeMs: Math.round(fullMs) };
for (const [name, f] of Object.entries(picks)) {
  if (!f) continue;
  t = performance.now();
  const finder = new FrameCiphertextFinder(
    {
      connectionId: f.connectionId,
      direction: f.direction,
      offset: f.streamOffset,
      length: f.headerLength + f.payloadLength,
    },
    nobleTlsCrypto,
    [{ text: keys, name: 'keys' }],
  );
  let read = 0;
  for (let at = 0; at < capture.length; at += 1 << 20) {
    const piece = capture.subarray(at, at + (1 << 20));
    read += piece.length;
    if (finder.push(piece)) break;
  }
  const records = finder.end();
  out[name] = { ms: Math.round(performance.now() - t), readMiB: +(read / 2 ** 20).toFixed(1), records: records.length };
}
console.log(JSON.stringify(out));
