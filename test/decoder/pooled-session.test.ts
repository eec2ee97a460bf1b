// SessionOptions.pooledBuffers and transientPayloads change where bytes wait and where handed-out
// payloads live, never what a caller that prints each drain at once sees: the events of every
// fixture, intact and damaged, fed in seeded random pieces, are those of the default session fed
// whole (itself checked against the fixtures' intent and the chunking tests).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCaptures } from '../helpers/all-captures.js';
import { randomSplit, whole } from '../helpers/chunking.js';
import { asStreamed, damaged } from '../helpers/streamed.js';

const files = allCaptures();

describe('pooled buffers and transient payloads: same events', () => {
  it('finds captures to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  for (const { file, name } of files) {
    it(name, () => {
      const bytes = new Uint8Array(readFileSync(file));
      for (const [label, input] of [
        ['intact', bytes],
        ['damaged', damaged(bytes, 7)],
      ] as const) {
        const reference = asStreamed(input, whole);
        const withApp = asStreamed(input, whole, { app: true });
        for (const [mode, options] of [
          ['pooled', { pooledBuffers: true }],
          ['transient', { transientPayloads: true }],
        ] as const) {
          for (const seed of [1, 2]) {
            const got = asStreamed(input, randomSplit(seed, seed === 1 ? 64 : 9000), { ...options, app: true });
            expect(got.events, `${mode}, ${label}, seed ${seed}: events`).toEqual(withApp.events);
            expect(got.connections, `${mode}, ${label}, seed ${seed}: connections`).toEqual(withApp.connections);
          }
          const plain = asStreamed(input, randomSplit(3, 5000), options);
          expect(plain.events, `${mode}, ${label}, no app layer`).toEqual(reference.events);
        }
      }
    }, 60_000);
  }
});
