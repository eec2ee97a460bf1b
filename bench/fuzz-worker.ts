// One fuzzing worker (bundled by bench/fuzz.mjs, run as a child process with a heap cap): for
// each job it rebuilds the mutated capture from (file, donor, seed), decodes it whole and in
// random pieces as a streaming caller sees it (test/helpers/streamed.ts), and reports whether
// both agree, how many decoder bugs (decoder.internal-error) it hit, the time and memory.

import { readFileSync } from 'node:fs';
import { randomSplit, whole } from '../test/helpers/chunking.js';
import { mutate } from '../test/helpers/mutate.js';
import { asStreamed } from '../test/helpers/streamed.js';

interface Job {
  id: number;
  file: string;
  donor: string;
  seed: number;
}

const cache = new Map<string, Uint8Array>();
function read(path: string): Uint8Array {
  let bytes = cache.get(path);
  if (bytes === undefined) {
    bytes = new Uint8Array(readFileSync(path));
    if (cache.size > 64) cache.clear();
    cache.set(path, bytes);
  }
  return bytes;
}

process.on('message', (job: Job) => {
  const started = performance.now();
  const m = mutate(read(job.file), job.seed, read(job.donor));
  let thrown: string | null = null;
  let same = true;
  let bugs = 0;
  try {
    const a = asStreamed(m.bytes, whole);
    const b = asStreamed(m.bytes, randomSplit(job.seed, 1 + (job.seed % 4096)));
    same = JSON.stringify(a) === JSON.stringify(b);
    bugs = a.events.filter((e) => e.includes('"decoder.internal-error"')).length;
  } catch (error) {
    thrown = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  process.send?.({
    id: job.id,
    same,
    bugs,
    thrown,
    ms: performance.now() - started,
    rss: process.memoryUsage().rss,
    size: m.bytes.length,
    steps: m.steps,
  });
});
process.send?.({ ready: true });
