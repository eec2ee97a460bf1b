// Logical time on the timeline: events one unit apart whatever their real spacing, so a 0.3 ms
// CONNECTING state is as wide as a 10 s OPEN one. Expected numbers worked by hand.

import { describe, expect, it } from 'vitest';
import {
  fitView,
  GUTTER,
  lifecycleSegments,
  logicalWarp,
  type TimeView,
  ticks,
  viewTimes,
  xOf,
} from '../../../src/renderer/model/timeline-layout.js';

// first packet at 100 s, OPEN 0.3 ms later, CLOSING 10 s later, CLOSED 0.3 ms after that
const times = [100, 100.0003, 110.0003, 110.0006];

describe('logical time', () => {
  const warp = logicalWarp(times);

  it('places each event one unit after the last, linear in between', () => {
    expect(times.map(warp.fwd)).toEqual([0, 1, 2, 3]);
    expect(warp.fwd(105.0003)).toBeCloseTo(1.5, 9);
    expect(warp.back(1.5)).toBeCloseTo(105.0003, 9);
    for (const u of [-0.5, 0, 0.25, 2.9, 3.4]) expect(warp.fwd(warp.back(u))).toBeCloseTo(u, 9);
  });

  it('gives CONNECTING, OPEN and CLOSING the same width on screen', () => {
    const view: TimeView = { t0: 0, t1: 3, plotW: 300, warp };
    const lifecycle = (['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const).map((state, i) => ({
      state,
      time: times[i],
      record: i + 1,
      by: null,
      detail: '',
    }));
    const segs = lifecycleSegments({ firstTime: 100, lastTime: 110.0006, lifecycle }, viewTimes(view)[1]);
    const widths = segs.slice(0, 3).map((s) => xOf(view, s.to) - xOf(view, s.from));
    expect(widths).toEqual([100, 100, 100]);
    expect(xOf(view, 100)).toBe(GUTTER);
  });

  it('fits the connection with air on both sides, and labels ticks with real times', () => {
    const [a, b] = fitView({ firstTime: 100, lastTime: 110.0006 }, warp);
    expect(a).toBeCloseTo(-0.3, 9);
    expect(b).toBeCloseTo(3.3, 9);
    const view: TimeView = { t0: 0, t1: 3, plotW: 330, warp };
    // one tick per unit at 330 px (3 ticks wanted): the events' real offsets from the origin
    const offsets = ticks(view, 100);
    expect(offsets.map((t) => Number(t.toFixed(4)))).toEqual([0, 0.0003, 10.0003, 10.0006]);
  });

  it('survives a single event and duplicates', () => {
    const w = logicalWarp([5, 5, 5]);
    expect(w.fwd(5)).toBe(0);
    expect(w.back(1)).toBeCloseTo(5.001, 9);
  });
});
