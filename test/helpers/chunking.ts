// The one chunking harness, in the style of h11's tr(): a streaming parser must give the same
// result however its input is cut, so every parser test feeds its input whole, byte by byte and
// in seeded random splits (and, where the parser hands unconsumed bytes back, with trailing bytes
// after the input), and asserts that every way agrees with the whole-input run.
//
//   const r = sameUnderChunking((split) => runParser(pieces(bytes, split)), { size: bytes.length });
//   expect(r).toEqual(...)   // the expected value, asserted once on the agreed result
//
// A `Split` only says how n bytes are cut (sizes that add up to n), so it serves parsers fed one
// buffer (CaptureReader, HttpStream, CaptureSession) and scripts of bytes and gaps (FrameParser).
import { expect } from 'vitest';
import { mulberry32 } from './rng.js';

/** How n bytes are cut into pieces: sizes, each ≥ 1, that add up to n (none for n = 0). */
export type Split = (n: number) => number[];

export const whole: Split = (n) => (n > 0 ? [n] : []);
export const byteByByte: Split = (n) => Array.from({ length: n }, () => 1);

/** Cut n bytes into pieces of `nextSize(n)` bytes each (the last one shorter). */
export function chunking(nextSize: (n: number) => number): Split {
  return (n) => {
    const sizes: number[] = [];
    for (let left = n; left > 0; ) {
      const s = Math.max(1, Math.min(left, nextSize(n)));
      sizes.push(s);
      left -= s;
    }
    return sizes;
  };
}

/**
 * Seeded random pieces: half of them 1-4 bytes (cuts inside headers, length fields, CRLFs), half
 * 1-`maxPiece` bytes (several units per push). The same seed always gives the same cuts.
 */
export function randomSplit(seed: number, maxPiece = 40): Split {
  const random = mulberry32(seed);
  return chunking(() => 1 + Math.floor(random() * (random() < 0.5 ? 4 : maxPiece)));
}

/** The seeds every harness uses for its random splits. */
const SEEDS: readonly number[] = [1, 2, 3, 42, 1234];

/** `bytes` cut by `split`, each piece a fresh copy: a parser that keeps views of its input shows up. */
export function pieces(bytes: Uint8Array, split: Split): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const size of split(bytes.length)) {
    out.push(bytes.slice(at, at + size));
    at += size;
  }
  return out;
}

export interface ChunkingOptions<T> {
  /** Input size in bytes: byte by byte is skipped above `byteByByteUpTo` (default 20,000). */
  size?: number;
  byteByByteUpTo?: number;
  seeds?: readonly number[];
  /** Largest random piece (see randomSplit). */
  maxPiece?: number;
  /** What is compared (default: the result itself), e.g. payloads as digests. */
  view?: (result: T) => unknown;
  /**
   * h11's trailing data, for parsers that hand back what they did not consume: `feed` is also run
   * (whole and byte by byte) with TRAILING after the input, and must give `withTrailing(reference)`.
   */
  withTrailing?: (reference: T, trailing: Uint8Array) => T;
}

/** Bytes that complete no line, head or frame header on their own. */
const TRAILING = new TextEncoder().encode('TRAILING');

/**
 * Run `feed` whole, byte by byte and with each seed's random split; assert every run agrees with
 * the whole-input run (naming the split that differs) and return the whole-input result.
 * `feed(split, trailing?)` runs a fresh parser over the input (then `trailing`, if given) cut by `split`.
 */
export function sameUnderChunking<T>(
  feed: (split: Split, trailing?: Uint8Array) => T,
  options: ChunkingOptions<T> = {},
): T {
  const view = options.view ?? ((r: T) => r);
  const reference = feed(whole);
  const expected = view(reference);
  const bytewise = options.size === undefined || options.size <= (options.byteByByteUpTo ?? 20_000);
  if (bytewise) expect(view(feed(byteByByte)), 'byte by byte').toEqual(expected);
  for (const seed of options.seeds ?? SEEDS) {
    expect(view(feed(randomSplit(seed, options.maxPiece))), `random split, seed ${seed}`).toEqual(expected);
  }
  if (options.withTrailing) {
    const expectedWithTrailing = view(options.withTrailing(reference, TRAILING));
    expect(view(feed(whole, TRAILING)), 'whole, with trailing bytes').toEqual(expectedWithTrailing);
    if (bytewise)
      expect(view(feed(byteByByte, TRAILING)), 'byte by byte, with trailing bytes').toEqual(expectedWithTrailing);
  }
  return reference;
}
