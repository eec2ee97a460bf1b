// Time per fragment of one long fragmented message (issue 14 point 2 / issue 15 point 3): a text
// message of N one-byte fragments, decoded whole, for N = 100k and 1M. Linear assembly gives a
// ratio near 10; the quadratic open-frame walk it replaced gave ~100 (1.2 s at 50k, 16 s at 200k).
// Bundled and run by bench/fragments.mjs (`node bench/fragments.mjs`); not part of npm test.

import { CaptureSession } from '../src/decoder/index.js';
import { fragmentedMessageCapture } from '../test/helpers/fragments.js';

function decode(n: number): { ms: number; frames: number; fragments: number } {
  const capture = fragmentedMessageCapture(n);
  const start = performance.now();
  const session = new CaptureSession({ frameFields: false });
  let frames = 0;
  let fragments = 0;
  const take = (events: ReturnType<CaptureSession['drain']>) => {
    for (const e of events) {
      if (e.kind === 'frame') frames++;
      else if (e.kind === 'message') fragments = Math.max(fragments, e.message.frameIds.length);
    }
  };
  session.pushAndDrain(capture, take);
  session.end();
  take(session.drain());
  return { ms: performance.now() - start, frames, fragments };
}

decode(10_000); // warm-up
const small = decode(100_000);
const large = decode(1_000_000);
for (const [n, r] of [
  [100_000, small],
  [1_000_000, large],
] as const) {
  console.log(`${n} fragments: ${r.ms.toFixed(0)} ms, ${r.frames} frames, message of ${r.fragments} fragments`);
}
console.log(`ratio 1M / 100k: ${(large.ms / small.ms).toFixed(1)} (10 is linear)`);
