// Property tests: however the segments of one stream are cut, reordered within a window,
// duplicated or re-sent with other boundaries, the reassembled bytes are the stream itself.
// With segments lost, exactly the bytes no received segment covered come out as gaps.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TcpEvent } from '../../../src/decoder/tcp/events.js';
import { TcpTracker } from '../../../src/decoder/tcp/index.js';
import { mulberry32 as prng } from '../../helpers/rng.js';
import { segmentBuilder } from './segments.js';

interface Piece {
  start: number;
  end: number;
}

/** Cuts [0, n) into pieces of 1..maxLen bytes. */
function cut(n: number, maxLen: number, rand: () => number): Piece[] {
  const pieces: Piece[] = [];
  for (let p = 0; p < n; ) {
    const len = 1 + Math.floor(rand() * maxLen);
    pieces.push({ start: p, end: Math.min(n, p + len) });
    p += len;
  }
  return pieces;
}

/** Each piece moves back by up to `window` places: key = index + jitter, then sort. */
function shuffleWithin(pieces: Piece[], window: number, rand: () => number): Piece[] {
  return pieces
    .map((p, i) => ({ p, key: i + rand() * window }))
    .sort((x, y) => x.key - y.key)
    .map((x) => x.p);
}

/** Runs one client stream (SYN first, no ACKs from the server) and returns every event. */
function run(stream: Uint8Array, isn: number, pieces: Piece[]): TcpEvent[] {
  const seg = segmentBuilder();
  const t = new TcpTracker({ maxOutOfOrderBytes: 1 << 20 });
  const events = t.push(seg({ from: 'c', seq: isn, flags: 'S' }));
  for (const p of pieces) {
    const seq = (isn + 1 + p.start) % 0x1_0000_0000;
    events.push(...t.push(seg({ from: 'c', seq, flags: 'P', data: stream.slice(p.start, p.end) })));
  }
  events.push(...t.end());
  return events;
}

/** Side a's bytes in order, -1 for each gap byte; checks that events are contiguous. */
function reassembled(events: TcpEvent[]): number[] {
  const out: number[] = [];
  for (const ev of events) {
    if ((ev.type === 'data' || ev.type === 'gap') && ev.side === 'a') {
      expect(ev.streamOffset).toBe(out.length);
      if (ev.type === 'data') {
        expect(ev.spans.reduce((n, s) => n + s.length, 0)).toBe(ev.bytes.length);
        for (const b of ev.bytes) out.push(b);
      } else {
        for (let i = 0; i < ev.length; i++) out.push(-1);
      }
    }
  }
  return out;
}

const isnArb = fc.oneof(fc.integer({ min: 0xffff_f000, max: 0xffff_ffff }), fc.integer({ min: 0, max: 0xffff_ffff }));

describe('reassembly properties', () => {
  it('yields the original stream under reordering within a window, duplication and re-segmentation', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 3000 }),
        isnArb,
        fc.integer(),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 400 }),
        (stream, isn, seed, window, maxLen) => {
          const rand = prng(seed);
          const pieces = cut(stream.length, maxLen, rand);
          // Duplicates: some pieces twice, plus re-sent ranges with their own boundaries.
          const extra: Piece[] = [];
          for (const p of pieces) if (rand() < 0.2) extra.push(p);
          for (let i = Math.floor(rand() * 4); i > 0; i--) {
            const a = Math.floor(rand() * stream.length);
            const b = Math.min(stream.length, a + 1 + Math.floor(rand() * maxLen * 2));
            extra.push({ start: a, end: b });
          }
          const order = shuffleWithin([...pieces, ...extra.map((p) => p)], window, rand);
          // Re-sent copies must come after some of the stream exists; placing them anywhere
          // within the shuffled list is still a valid capture order.
          const events = run(stream, isn, order);
          expect(reassembled(events)).toEqual(Array.from(stream));
          const codes = events.flatMap((e) => (e.type === 'finding' ? [e.finding.code] : []));
          expect(codes).not.toContain('tcp.gap');
          expect(codes).not.toContain('tcp.overlap-conflict');
          expect(events.at(-1)).toMatchObject({ type: 'closed', how: 'end-of-capture' });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports exactly the bytes no received segment covered as gaps', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 2000 }),
        isnArb,
        fc.integer(),
        fc.integer({ min: 0, max: 6 }),
        (stream, isn, seed, window) => {
          const rand = prng(seed);
          const pieces = cut(stream.length, 1 + Math.floor(rand() * 200), rand);
          const kept = pieces.filter(() => rand() >= 0.3);
          const events = run(stream, isn, shuffleWithin(kept, window, rand));
          const lastEnd = kept.reduce((m, p) => Math.max(m, p.end), 0);
          const expected: number[] = new Array(lastEnd).fill(-1);
          for (const p of kept) for (let i = p.start; i < p.end; i++) expected[i] = stream[i];
          expect(reassembled(events)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
