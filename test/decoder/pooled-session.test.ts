// SessionOptions.pooledBuffers and transientPayloads change where bytes wait and where handed-out
// payloads live, never what a caller that prints each drain at once sees: the events of every
// fixture, intact and damaged, fed in seeded random pieces, are those of the default session fed
// whole (itself checked against the fixtures' intent and the chunking tests).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomSplit, whole } from '../helpers/chunking.js';
import { asStreamed, damaged } from '../helpers/streamed.js';

const ROOT = join(import.meta.dirname, '../..');
const DIRS = [join(ROOT, 'fixtures'), join(ROOT, 'fixtures/captures'), join(ROOT, 'fixtures/shared')];
const REAL = [join(ROOT, '../shared/real-captures'), join(ROOT, '../../shared/real-captures')].find(existsSync) ?? '';

function captures(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.(pcap|pcapng)$/.test(f))
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

const files = [...DIRS.flatMap(captures), ...captures(REAL)];

describe('pooled buffers and transient payloads: same events', () => {
  it('finds captures to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  for (const file of files) {
    const name = file.startsWith(ROOT) ? file.slice(ROOT.length + 1) : file.slice(REAL.length - 'real-captures'.length);
    it(name, () => {
      const bytes = new Uint8Array(readFileSync(file));
      for (const [label, input] of [
        ['intact', bytes],
        ['damaged', damaged(bytes, 7)],
      ] as const) {
        const reference = asStreamed(input, whole);
        for (const [mode, options] of [
          ['pooled', { pooledBuffers: true }],
          ['transient', { transientPayloads: true }],
        ] as const) {
          for (const seed of [1, 2]) {
            const got = asStreamed(input, randomSplit(seed, seed === 1 ? 64 : 9000), { ...options, app: true });
            const ref = asStreamed(input, whole, { app: true });
            expect(got.events, `${mode}, ${label}, seed ${seed}: events`).toEqual(ref.events);
            expect(got.connections, `${mode}, ${label}, seed ${seed}: connections`).toEqual(ref.connections);
          }
          const plain = asStreamed(input, randomSplit(3, 5000), options);
          expect(plain.events, `${mode}, ${label}, no app layer`).toEqual(reference.events);
        }
      }
    }, 60_000);
  }
});
