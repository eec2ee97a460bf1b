// The CLI's heap guard (src/cli/memory-guard.ts) stops a decode with its one-line error when the
// old generation is nearly full, and not when the heap is only full of young garbage.

import { beforeEach, describe, expect, it, vi } from 'vitest';

const MIB = 1024 * 1024;
const heap = { used: 0, limit: 0, young: 0 };

vi.mock('node:v8', () => ({
  getHeapStatistics: () => ({ used_heap_size: heap.used, heap_size_limit: heap.limit }),
  getHeapSpaceStatistics: () => [
    { space_name: 'new_space', space_used_size: heap.young },
    { space_name: 'old_space', space_used_size: heap.used - heap.young },
  ],
}));

const { checkMemory, OutOfMemoryError } = await import('../../src/cli/memory-guard.js');

describe('checkMemory', () => {
  beforeEach(() => {
    // node --max-old-space-size=32: a heap limit of 80 MiB, of which the old generation's is 40.
    heap.limit = 80 * MIB;
  });

  it('passes below 85% of the old generation', () => {
    heap.used = 30 * MIB;
    heap.young = 0;
    expect(() => checkMemory('x.pcap')).not.toThrow();
  });

  it('passes when what is over is the young generation (garbage until the next scavenge)', () => {
    heap.used = 36 * MIB;
    heap.young = 16 * MIB;
    expect(() => checkMemory('x.pcap')).not.toThrow();
  });

  it('stops with one line when the old generation itself is nearly full', () => {
    heap.used = 52 * MIB;
    heap.young = 16 * MIB;
    expect(() => checkMemory('x.pcap')).toThrow(OutOfMemoryError);
    expect(() => checkMemory('x.pcap')).toThrow(
      'out of memory while decoding x.pcap (36 of 40 MiB heap in use); split the capture (editcap -c) or run node with a larger --max-old-space-size',
    );
  });
});
