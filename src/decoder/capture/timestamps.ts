// Timestamp arithmetic for capture records: turn a count of time units into exact whole
// seconds + nanoseconds, and a float `time` for arithmetic.
//
// pcapng stores a 64-bit count of units per interface (if_tsresol: 10^-n or 2^-n seconds,
// default 10^-6). Counts in nanoseconds since the epoch exceed 2^53, so plain numbers are split into
// 16-bit digits for an exact long division, and BigInt only for resolutions finer than 2^-36 s.

import type { Timestamp } from '../records.js';

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
/** Long division below works while remainder * 65536 + 65535 stays below 2^53. */
const MAX_SPLIT_UNITS = 2 ** 36;

/** Exact floor division of a non-negative integer a < 2^53 by u. */
function divmod(a: number, u: number): [number, number] {
  let q = Math.floor(a / u);
  let r = a - q * u;
  // The float division may round across an integer; fix it up exactly.
  if (r < 0) {
    q -= 1;
    r += u;
  } else if (r >= u) {
    q += 1;
    r -= u;
  }
  return [q, r];
}

/** Units (hi:lo, unsigned 64-bit) at `res`, plus `offsetSeconds`, as exact seconds + nanos. */
export function unitsToTimestamp(hi: number, lo: number, res: Resolution, offsetSeconds: number): Timestamp {
  const u = res.unitsPerSecond;
  if (Number.isInteger(u) && u <= MAX_SPLIT_UNITS) {
    // hi:lo / u by schoolbook long division in 32 + 16 + 16 bit digits: every partial value
    // stays below 2^53, so nanosecond counts since the epoch need no BigInt (the hot path).
    const [hq, hr] = divmod(hi, u);
    const [tq, tr] = divmod(hr * 65536 + (lo >>> 16), u);
    const [uq, rem] = divmod(tr * 65536 + (lo & 0xffff), u);
    return makeTimestamp(hq * TWO_32 + tq * 65536 + uq + offsetSeconds, remToNanos(rem, res));
  }
  const v = (BigInt(hi) << 32n) | BigInt(lo);
  const ub = BigInt(u);
  const rem = v % ub;
  const nanos =
    res.pow10 && res.exp >= 9 ? Number(rem / 10n ** BigInt(res.exp - 9)) : Number((rem * 1_000_000_000n) / ub);
  return makeTimestamp(Number(v / ub) + offsetSeconds, nanos);
}

function remToNanos(rem: number, res: Resolution): number {
  if (res.pow10) return res.exp <= 9 ? rem * 10 ** (9 - res.exp) : Math.floor(rem / 10 ** (res.exp - 9));
  // 2^-n units: exact while rem * 1e9 stays below 2^53 (n <= 23), close enough beyond.
  return res.exp <= 23 ? Math.floor((rem * 1e9) / res.unitsPerSecond) : Math.floor((rem / res.unitsPerSecond) * 1e9);
}
