// Timestamp arithmetic for capture records: turn a count of time units into exact whole
// seconds + nanoseconds, and a float `time` for arithmetic.
//
// pcapng stores a 64-bit count of units per interface (if_tsresol: 10^-n or 2^-n seconds,
// default 10^-6). Counts in nanoseconds since the epoch exceed 2^53, so plain numbers are used
// while exact (the µs case, the hot path) and BigInt only beyond that.

import type { Timestamp } from '../model.js';

export interface Resolution {
  unitsPerSecond: number;
  /** True for 10^exp units per second, false for 2^exp. */
  pow10: boolean;
  exp: number;
}

export const MICROSECONDS: Resolution = { unitsPerSecond: 1e6, pow10: true, exp: 6 };

/** Decode the if_tsresol option byte (pcapng §4.2): high bit clear = 10^-n, set = 2^-n. */
export function resolutionFromTsresol(value: number): Resolution {
  const exp = value & 0x7f;
  if (value & 0x80) return { unitsPerSecond: 2 ** exp, pow10: false, exp };
  return { unitsPerSecond: 10 ** exp, pow10: true, exp };
}

export function makeTimestamp(seconds: number, nanos: number): Timestamp {
  return { time: seconds + nanos / 1e9, seconds, nanos };
}

const TWO_32 = 4294967296;
/** hi below this means hi * 2^32 + lo is below 2^53 and exact as a number. */
const SAFE_HI = 0x200000;

/** Units (hi:lo, unsigned 64-bit) at `res`, plus `offsetSeconds`, as exact seconds + nanos. */
export function unitsToTimestamp(hi: number, lo: number, res: Resolution, offsetSeconds: number): Timestamp {
  const u = res.unitsPerSecond;
  let seconds: number;
  let nanos: number;
  if (hi < SAFE_HI && u <= 1e9) {
    const v = hi * TWO_32 + lo;
    seconds = Math.floor(v / u);
    let rem = v - seconds * u;
    // The float division may round across an integer; fix it up exactly.
    if (rem < 0) {
      seconds -= 1;
      rem += u;
    } else if (rem >= u) {
      seconds += 1;
      rem -= u;
    }
    nanos = remToNanos(rem, res);
  } else {
    const v = (BigInt(hi) << 32n) | BigInt(lo);
    const ub = BigInt(u);
    seconds = Number(v / ub);
    const rem = v % ub;
    if (res.pow10 && res.exp >= 9) nanos = Number(rem / 10n ** BigInt(res.exp - 9));
    else nanos = Number((rem * 1_000_000_000n) / ub);
  }
  return makeTimestamp(seconds + offsetSeconds, nanos);
}

function remToNanos(rem: number, res: Resolution): number {
  if (res.pow10) return rem * 10 ** (9 - res.exp);
  // 2^-n units: exact while rem * 1e9 stays below 2^53 (n <= 23), close enough beyond.
  return res.exp <= 23 ? Math.floor((rem * 1e9) / res.unitsPerSecond) : Math.floor((rem / res.unitsPerSecond) * 1e9);
}
