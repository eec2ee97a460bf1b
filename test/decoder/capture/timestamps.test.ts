// pcapng timestamps (draft-ietf-opsawg-pcapng §4.2 if_tsresol, §4.3 EPB timestamp): exact
// seconds + nanoseconds for every resolution, checked against BigInt arithmetic done here.
import { describe, expect, it } from 'vitest';
import { resolutionFromTsresol, unitsToTimestamp } from '../../../src/decoder/capture/timestamps.js';

function expected(units: bigint, tsresol: number): [number, number] {
  const perSecond = tsresol & 0x80 ? 2n ** BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
  return [Number(units / perSecond), Number(((units % perSecond) * 1_000_000_000n) / perSecond)];
}

describe('if_tsresol', () => {
  it('decodes the power-of-10 and power-of-2 forms', () => {
    expect(resolutionFromTsresol(6).unitsPerSecond).toBe(1e6);
    expect(resolutionFromTsresol(9).unitsPerSecond).toBe(1e9);
    expect(resolutionFromTsresol(0x80 | 20).unitsPerSecond).toBe(1048576);
  });
});

describe('64-bit unit counts to seconds + nanos', () => {
  const counts = [
    0n,
    1n,
    999_999_999n,
    1_795_320_720_109_071_000n, // ns since the epoch, 2026
    0xffff_ffff_ffff_ffffn,
    0x0000_0001_0000_0000n,
    4_102_444_799_999_999_999n,
  ];
  for (const tsresol of [0, 3, 6, 9, 10, 12, 0x80 | 10, 0x80 | 24, 0x80 | 30, 0x80 | 40]) {
    it(`is exact at tsresol 0x${tsresol.toString(16)}`, () => {
      const res = resolutionFromTsresol(tsresol);
      for (const units of counts) {
        const ts = unitsToTimestamp(Number(units >> 32n), Number(units & 0xffffffffn), res, 0);
        const [s, ns] = expected(units, tsresol);
        // 2^-n beyond 2^-23: nanos may be off by one from float rounding.
        expect(ts.seconds).toBe(s);
        expect(Math.abs(ts.nanos - ns)).toBeLessThanOrEqual((tsresol & 0x80) !== 0 && (tsresol & 0x7f) > 23 ? 1 : 0);
      }
    });
  }

  it('adds if_tsoffset seconds', () => {
    expect(unitsToTimestamp(0, 1_500_000, resolutionFromTsresol(6), 100)).toEqual({
      time: 101.5,
      seconds: 101,
      nanos: 500000000,
    });
  });
});
