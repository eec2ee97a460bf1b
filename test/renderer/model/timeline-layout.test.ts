// The timeline's geometry without a DOM. Every expected number below is worked out by hand from
// the layout constants (plot from x = GUTTER = 96, lanes at y = 48 and 122) and written next to it.

import { describe, expect, it } from 'vitest';
import type { LifecycleEvent, ReadyState } from '../../../src/decoder/index.js';
import { IdList } from '../../../src/renderer/model/message-columns.js';
import {
  fitView,
  lifecycleSegments,
  markRadius,
  niceStep,
  pingPongArc,
  segmentLabel,
  type TimeView,
  ticks,
  timeAt,
  visibleMarks,
  xOf,
  zoomAround,
} from '../../../src/renderer/model/timeline-layout.js';

/** 0..100 s over 100 px: one second per pixel, from x = 96. */
const VIEW: TimeView = { t0: 0, t1: 100, plotW: 100 };

describe('time scale', () => {
  it('maps time to x and back', () => {
    // 96 + (5 − 0) / 10 × 100 = 146
    expect(xOf({ t0: 0, t1: 10, plotW: 100 }, 5)).toBe(146);
    expect(timeAt({ t0: 0, t1: 10, plotW: 100 }, 146)).toBe(5);
  });

  it('fits a connection with 2% of air each side, 1 ms at least', () => {
    // span 10 → 0.2 each side
    expect(fitView({ firstTime: 100, lastTime: 110 })).toEqual([99.8, 110.2]);
    // no span → 1 ms → 20 µs each side
    const [a, b] = fitView({ firstTime: 5, lastTime: 5 });
    expect(a).toBeCloseTo(5 - 2e-5, 12);
    expect(b).toBeCloseTo(5 + 2e-5, 12);
  });

  it('zooms around a time and stops at 100 ns', () => {
    expect(zoomAround([0, 10], 5, 0.5)).toEqual([2.5, 7.5]);
    expect(zoomAround([0, 10], 0, 2)).toEqual([0, 20]);
    // 50 ns wide after zooming in: refused
    expect(zoomAround([0, 1e-7], 0, 0.5)).toBeNull();
  });
});

describe('axis ticks', () => {
  it('picks a 1-2-5 step for about the wanted number of parts', () => {
    expect(niceStep(10, 4)).toBe(5); // 2.5 rounds up to 5
    expect(niceStep(10, 10)).toBe(1);
    expect(niceStep(0.37, 3)).toBeCloseTo(0.2, 12); // 0.123 → 0.2
  });

  it('places ticks at multiples of the step after the connection start, inside the window', () => {
    // 330 px → 3 parts of 11 s → step 5: 5 and 10 (15 is past 12)
    expect(ticks({ t0: 1, t1: 12, plotW: 330 }, 0)).toEqual([5, 10]);
    // 1100 px → 10 parts → 1.1 s → step 2: from 2 to 12 (12 ≤ t1)
    expect(ticks({ t0: 1, t1: 12, plotW: 1100 }, 0)).toEqual([2, 4, 6, 8, 10, 12]);
    // offsets are from the origin: window 101..112 with origin 100 is the first case again
    expect(ticks({ t0: 101, t1: 112, plotW: 330 }, 100)).toEqual([5, 10]);
  });
});

describe('marks', () => {
  it('grows with the log of the length, 3 to 11 px', () => {
    expect(markRadius(0)).toBe(3);
    expect(markRadius(255)).toBe(8); // 3 + log2(256) / 1.6 = 3 + 5
    expect(markRadius(2 ** 20 - 1)).toBe(11); // 3 + 12.5, capped
  });

  it('keeps one mark per pixel per lane inside the window, and always the selected one', () => {
    // id: [firstTime, time, direction]
    const rows: Record<number, [number, number, 'client' | 'server']> = {
      1: [10, 10, 'client'], // x 106
      2: [10.4, 10.4, 'client'], // x 106.4 → 106: same pixel, same lane → dropped
      3: [10.4, 10.4, 'server'], // other lane → kept
      4: [150, 150, 'client'], // after the window
      5: [-9, -5, 'client'], // ends before the window
      6: [-5, 3, 'server'], // starts before, ends inside → kept
      7: [10.2, 10.2, 'client'], // x 106 again, but selected → kept
      8: [101, 102, 'server'], // starts after the window
      9: [60, 60.3, 'client'], // x 156 → kept
    };
    const ids = new IdList();
    for (const id of Object.keys(rows)) ids.push(Number(id));
    const source = {
      firstTimeOf: (id: number) => rows[id][0],
      timeOf: (id: number) => rows[id][1],
      directionOf: (id: number) => rows[id][2],
    };
    expect(visibleMarks(ids, source, VIEW, 7)).toEqual([1, 3, 6, 7, 9]);
    expect(visibleMarks(ids, source, VIEW, null)).toEqual([1, 3, 6, 9]);
  });
});

describe('lifecycle band', () => {
  const ev = (state: ReadyState, time: number): LifecycleEvent =>
    ({ state, time, record: null, by: null, detail: state.toLowerCase() }) as LifecycleEvent;

  it('draws TCP, then each readyState until the next, CLOSED to the window edge', () => {
    const connection = {
      firstTime: 1,
      lastTime: 9,
      lifecycle: [ev('CONNECTING', 2), ev('OPEN', 3), ev('CLOSING', 8), ev('CLOSED', 8.5)],
    };
    const segments = lifecycleSegments(connection, 12);
    expect(segments.map((s) => [s.label, s.from, s.to])).toEqual([
      ['TCP', 1, 2],
      ['0 CONNECTING', 2, 3],
      ['1 OPEN', 3, 8],
      ['2 CLOSING', 8, 8.5],
      ['3 CLOSED', 8.5, 12],
    ]);
    expect(segments[0].detail).toBe('TCP handshake');
    expect(segments[2].detail).toBe('open');
  });

  it('ends a connection that never closed at its last packet, and starts it at once without TCP', () => {
    const segments = lifecycleSegments({ firstTime: 2, lastTime: 7, lifecycle: [ev('OPEN', 2)] }, 50);
    expect(segments.map((s) => [s.label, s.from, s.to])).toEqual([['1 OPEN', 2, 7]]);
  });

  it('gives CLOSED at least its own instant when the window ends before it', () => {
    const segments = lifecycleSegments({ firstTime: 5, lastTime: 5, lifecycle: [ev('CLOSED', 5)] }, 4);
    expect(segments.map((s) => [s.from, s.to])).toEqual([[5, 5]]);
  });

  it('labels a segment whole where it fits (7 px a character + 8), else by its number', () => {
    // "1 OPEN": 6 × 7 + 8 = 50
    expect(segmentLabel('1 OPEN', 51)).toBe('1 OPEN');
    expect(segmentLabel('1 OPEN', 50)).toBe('1');
    expect(segmentLabel('1 OPEN', 13)).toBe('1');
    expect(segmentLabel('1 OPEN', 12)).toBeNull();
  });
});

describe('ping → pong arcs', () => {
  it('crosses the band between lanes, with a label when longer than 70 px', () => {
    // x1 = 106, x2 = 196, y 48 → 122, middle 151: control (171, 85); label at (157, 83)
    const arc = pingPongArc({ time: 10, direction: 'client' }, { time: 100, direction: 'server' }, VIEW);
    expect(arc).toEqual({ path: 'M106,48 Q171,85 196,122', label: { x: 157, y: 83 } });
  });

  it('bulges away from the band within one lane, and drops the label when short', () => {
    // server lane: down 26 → control (131, 148); 10 px long → no label
    expect(pingPongArc({ time: 10, direction: 'server' }, { time: 20, direction: 'server' }, VIEW)).toEqual({
      path: 'M106,122 Q131,148 116,122',
      label: null,
    });
    // client lane: up 26 → control (156, 22); label at 48 − 13 − 2 = 33
    expect(pingPongArc({ time: 0, direction: 'client' }, { time: 80, direction: 'client' }, VIEW)).toEqual({
      path: 'M96,48 Q156,22 176,48',
      label: { x: 142, y: 33 },
    });
  });
});
