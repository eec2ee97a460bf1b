// Slab blocks (src/decoder/websocket/frames/slab.ts): small blocks share a buffer but never
// overlap, start zeroed, and big blocks get a buffer of their own.

import { describe, expect, it } from 'vitest';
import { allocBytes } from '../../../src/decoder/bytes/slab.js';

describe('allocBytes', () => {
  it('gives small blocks that never overlap, even across a slab boundary', () => {
    const blocks: Uint8Array[] = [];
    // 200 blocks of 1..2048 bytes: well over one 64 KiB slab.
    for (let i = 0; i < 200; i++) blocks.push(allocBytes(1 + ((i * 997) % 2048)));
    for (let i = 0; i < blocks.length; i++) blocks[i].fill(i & 0xff);
    for (let i = 0; i < blocks.length; i++) {
      expect(blocks[i].every((b) => b === (i & 0xff))).toBe(true);
    }
  });

  it('gives zeroed blocks of the asked length', () => {
    const b = allocBytes(37);
    expect(b.length).toBe(37);
    expect(b.every((x) => x === 0)).toBe(true);
  });

  it('gives a block over 2048 bytes a buffer of its own', () => {
    const b = allocBytes(5000);
    expect(b.byteOffset).toBe(0);
    expect(b.buffer.byteLength).toBe(5000);
  });
});
