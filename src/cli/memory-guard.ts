// Running out of memory as wsscope's own one-line error, never V8's native abort.
//
// Why: when V8's heap is full it prints its GC trace and a native stack and aborts the process
// (signal 6), which no handler can catch. The decoder bounds its own state (a memory budget per
// session, inflate windows detached, messages cut at their limits), but a capture can still ask
// for more than the heap holds (the CLI keeps every connection's record for its summary). So the
// decode loop asks `check()` after every chunk: past GUARD_FRACTION of the heap limit it throws an
// OutOfMemoryError first, while there is still room to report it. Allocation failures V8 does
// report as exceptions (RangeError "Array buffer allocation failed", "Invalid array length") are
// turned into the same error by `asOutOfMemory`.

import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { DEFAULT_LIMITS } from '../decoder/index.js';

/** Past this fraction of the heap limit after a chunk, decoding stops with an error. */
export const GUARD_FRACTION = 0.85;

export class OutOfMemoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutOfMemoryError';
  }
}

const MIB = 1024 * 1024;

/**
 * The decoder's per-connection memory budget for this process: its default, or 35% of the heap
 * limit when that is smaller (node --max-old-space-size), leaving the rest to the records the
 * CLI keeps and to the garbage of a busy decode.
 */
export function stateBudget(): number {
  return Math.min(DEFAULT_LIMITS.maxConnectionStateBytes, Math.floor(oldSpaceLimit() * 0.35));
}

/**
 * The old generation's limit (--max-old-space-size): heap_size_limit also counts the young
 * generation's semi-spaces (48 MiB on 64-bit Node 20+), which never hold what we keep.
 */
function oldSpaceLimit(): number {
  const limit = getHeapStatistics().heap_size_limit;
  return Math.max(limit - 48 * MIB, limit / 2);
}

/**
 * Throws OutOfMemoryError when the old generation is past GUARD_FRACTION of its limit; `where`
 * names the input. The young generation is left out: it is the limit's complement (oldSpaceLimit),
 * and between two scavenges it is mostly garbage. Counting it stopped a 32 MiB-heap decode that
 * had room (a CI run on a loaded machine: "35 of 40 MiB heap in use", 16 MiB of it young).
 */
export function checkMemory(where: string, limitFraction = GUARD_FRACTION): void {
  const limit = oldSpaceLimit();
  const used = getHeapStatistics().used_heap_size;
  if (used <= limit * limitFraction) return;
  let young = 0;
  for (const space of getHeapSpaceStatistics()) if (space.space_name === 'new_space') young += space.space_used_size;
  if (used - young <= limit * limitFraction) return;
  throw new OutOfMemoryError(outOfMemoryText(where, used - young, limit));
}

function outOfMemoryText(where: string, used: number, limit: number): string {
  return `out of memory while decoding ${where} (${Math.round(used / MIB)} of ${Math.round(
    limit / MIB,
  )} MiB heap in use); split the capture (editcap -c) or run node with a larger --max-old-space-size`;
}

const ALLOCATION_FAILURES = [
  'Array buffer allocation failed',
  'Invalid array length',
  'Invalid typed array length',
  'Invalid string length',
  'Maximum call stack size exceeded',
];

/** An allocation failure V8 reported as an exception, as an OutOfMemoryError; else null. */
export function asOutOfMemory(error: unknown, where: string): OutOfMemoryError | null {
  if (error instanceof OutOfMemoryError) return error;
  if (!(error instanceof RangeError)) return null;
  if (!ALLOCATION_FAILURES.some((m) => error.message.includes(m))) return null;
  const heap = getHeapStatistics();
  return new OutOfMemoryError(
    `${outOfMemoryText(where, heap.used_heap_size, heap.heap_size_limit)} (${error.message.split('\n')[0]})`,
  );
}
