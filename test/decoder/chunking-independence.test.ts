// The decoder's output does not depend on how its input is chunked (issue 15, point 6), as a
// caller that prints each drain at once sees it: every event is serialized when it is drained
// (a record patched later would show up as a difference), for every fixture and real capture
// and for damaged copies of them (cut short, bytes overwritten), fed whole and in seeded random
// pieces with a drain after each. Connection snapshots are sent when something changed, which
// depends on where the input was cut by design; their last version per connection is compared.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCaptures } from '../helpers/all-captures.js';
import { randomSplit, whole } from '../helpers/chunking.js';
import { asStreamed, damaged } from '../helpers/streamed.js';

const files = allCaptures();

describe('output independent of input chunking', () => {
  it('a file that is not a capture gets the same reason however it arrives (found by npm run fuzz)', () => {
    // d4 c3 ac 84 …: almost a pcap magic, then printable text; the reason looks at 64 bytes.
    const bytes = new Uint8Array([
      0xd4,
      0xc3,
      0xac,
      0x84,
      ...new TextEncoder().encode('GET / HTTP/1.1 Host: x '.repeat(4)),
    ]);
    const reference = asStreamed(bytes, whole);
    expect(reference.events).toEqual([
      JSON.stringify({
        kind: 'fatal',
        message: 'not a pcap or pcapng file (starts with d4 c3 ac 84, which looks like text)',
      }),
    ]);
    for (const seed of [1, 2, 3]) expect(asStreamed(bytes, randomSplit(seed, 8))).toEqual(reference);
  });

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
        for (const seed of [1, 2]) {
          const got = asStreamed(input, randomSplit(seed, seed === 1 ? 64 : 9000));
          expect(got.events, `${label}, seed ${seed}: events`).toEqual(reference.events);
          expect(got.connections, `${label}, seed ${seed}: connections`).toEqual(reference.connections);
        }
      }
    }, 60_000);
  }
});
