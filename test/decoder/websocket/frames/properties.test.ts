// Property tests (python-websockets' fuzzing contract, with fast-check): whatever the bytes, gaps
// and chunking, the parser never throws, reports only registered finding codes, and gives the same
// output for every chunking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFindingCode } from '../../../../src/decoder/findings.js';
import { byteByByte, chunking, concat, frame, run, type Step, summary } from './helpers.js';

/** Split sizes from fast-check's numbers (each 1..n), deterministic for a given array. */
function splitter(cuts: number[]): (n: number) => number[] {
  let k = 0;
  return chunking((n) => 1 + (cuts.length > 0 ? cuts[k++ % cuts.length] : n));
}

const frameArb = fc
  .record({
    fin: fc.boolean(),
    rsv: fc.integer({ min: 0, max: 7 }),
    opcode: fc.integer({ min: 0, max: 15 }),
    mask: fc.option(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), { nil: null }),
    payload: fc.uint8Array({ maxLength: 300 }),
  })
  .map((spec) => frame(spec));

const stepsArb = fc.array(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.array(frameArb, { minLength: 1, maxLength: 6 }).map((fs) => ({ bytes: concat(...fs) })),
    },
    { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({ bytes })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 500 }).map((gap) => ({ gap })) },
  ),
  { maxLength: 8 },
);

describe('frame parser properties', () => {
  it('never throws, reports only registered codes, and ignores chunking (arbitrary frames, junk and gaps)', () => {
    fc.assert(
      fc.property(
        stepsArb,
        fc.constantFrom('client' as const, 'server' as const),
        fc.integer({ min: 0, max: 400 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 20 }),
        (steps: Step[], direction, maxFramePayload, cuts) => {
          const setup = { direction, maxFramePayload };
          const whole = run(setup, steps);
          for (const f of whole.frames) for (const p of f.problems) expect(isFindingCode(p.code)).toBe(true);
          expect(summary(run(setup, steps, splitter(cuts)))).toEqual(summary(whole));
          expect(summary(run(setup, steps, byteByByte))).toEqual(summary(whole));
        },
      ),
      { numRuns: 300, seed: 6455 },
    );
  });

  it('recovers every well-formed frame of a stream without gaps', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 10 }), (payloads) => {
        const wire = concat(...payloads.map((payload) => frame({ opcode: 2, payload })));
        const { frames, events } = run({ direction: 'server' }, [{ bytes: wire }]);
        expect(events).toEqual([]);
        expect(frames.map((f) => Array.from(f.payload))).toEqual(payloads.map((p) => Array.from(p)));
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
