// The reads a sweep keeps for its next windows (read-carry.ts): which are kept, and which bytes
// of a read were changed in place (unmasked), never to be taken from it again.

import { describe, expect, it } from 'vitest';
import { type CarriedRead, ReadCarry, touch, touches } from '../../../src/renderer/worker/read-carry.js';

const read = (start: number, length: number): CarriedRead => ({ start, bytes: new Uint8Array(length), touched: [] });

describe('ReadCarry', () => {
  it('gives the kept reads by where they start, and lets the oldest go past its limit', () => {
    const carry = new ReadCarry(250);
    const a = read(1000, 100);
    const b = read(0, 100);
    carry.add(a);
    carry.add(b);
    expect(carry.byStart()).toEqual([b, a]);
    const c = read(500, 100);
    carry.add(c);
    expect(carry.byStart()).toEqual([b, c]);
  });

  it('keeps nothing with a limit of 0', () => {
    const carry = new ReadCarry(0);
    carry.add(read(0, 10));
    expect(carry.byStart()).toEqual([]);
  });

  it('tells the ranges changed in place, noted in any order', () => {
    const r = read(0, 1000);
    touch(r, 100, 110);
    touch(r, 300, 350);
    touch(r, 200, 210); // before the last one noted
    expect(r.touched).toEqual([100, 110, 200, 210, 300, 350]);
    for (const [from, to, want] of [
      [0, 100, false],
      [0, 101, true],
      [109, 200, true],
      [110, 200, false],
      [205, 206, true],
      [210, 300, false],
      [349, 400, true],
      [350, 1000, false],
    ] as const)
      expect(touches(r, from, to), `${from}-${to}`).toBe(want);
  });
});
