// The byte arena behind the compact record store: small strings packed into shared blocks, big
// ones in blocks of their own, every reference reading back exactly what was stored.

import { describe, expect, it } from 'vitest';
import { ByteArena } from '../../../src/renderer/worker/record-store.js';

describe('byte arena', () => {
  it('reads back small and big byte strings stored in any order', () => {
    const arena = new ByteArena();
    const stored: [number, Uint8Array][] = [];
    // sizes around the block (4 MiB) and own-block (1 MiB) thresholds, interleaved
    const sizes = [3, 0, 2 << 20, 7, 1 << 20, (1 << 20) + 1, 5000, 4 << 20, 1, 3 << 20, 11];
    sizes.forEach((n, k) => {
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i++) bytes[i] = (i * 31 + k) & 0xff;
      stored.push([arena.add(bytes), bytes]);
    });
    for (const [ref, bytes] of stored) {
      const back = arena.get(ref, bytes.length);
      expect(back.length).toBe(bytes.length);
      // Buffer.equals: toEqual on MiB-sized arrays takes minutes
      expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('hands out copies from get() and views from view()', () => {
    const arena = new ByteArena();
    const ref = arena.add(new Uint8Array([1, 2, 3]));
    const copy = arena.get(ref, 3);
    copy[0] = 9;
    expect(arena.view(ref, 3)).toEqual(new Uint8Array([1, 2, 3]));
  });
});
