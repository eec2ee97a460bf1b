// Wrap-safe sequence arithmetic (RFC 9293 §3.4: sequence numbers are compared modulo 2^32).

import { describe, expect, it } from 'vitest';
import { SEQ_MODULUS, seqAdd, seqDiff } from '../../../src/decoder/tcp/sequence.js';

describe('RFC 9293 §3.4 sequence number comparisons', () => {
  it('measures plain differences', () => {
    expect(seqDiff(1500, 1000)).toBe(500);
    expect(seqDiff(1000, 1500)).toBe(-500);
  });

  it('counts 0x00000005 as 21 after 0xfffffff0 across the wrap', () => {
    expect(seqDiff(0x0000_0005, 0xffff_fff0)).toBe(21);
    expect(seqDiff(0xffff_fff0, 0x0000_0005)).toBe(-21);
  });

  it('adds modulo 2^32', () => {
    expect(SEQ_MODULUS).toBe(4294967296);
    expect(seqAdd(0xffff_ffff, 1)).toBe(0);
    expect(seqAdd(0xffff_fff0, 0x20)).toBe(0x10);
  });
});
