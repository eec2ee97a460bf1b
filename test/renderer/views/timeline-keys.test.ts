// The timeline's keyboard (views/timeline/timeline-keys.ts), and its thinning (thin.ts).

import { describe, expect, it } from 'vitest';
import { fragmentXs, MAX_BARS, overviewStrip, overviewViewport } from '../../../src/renderer/views/timeline/thin.js';
import { timelineKey } from '../../../src/renderer/views/timeline/timeline-keys.js';

describe('timeline keys', () => {
  it('moves between messages, clamped at both ends', () => {
    expect(timelineKey('ArrowRight', false, 2, 5)).toEqual({ kind: 'select', index: 3 });
    expect(timelineKey('ArrowRight', false, 4, 5)).toEqual({ kind: 'select', index: 4 });
    expect(timelineKey('ArrowLeft', false, 0, 5)).toEqual({ kind: 'select', index: 0 });
    expect(timelineKey('ArrowRight', false, -1, 5)).toEqual({ kind: 'select', index: 0 });
    expect(timelineKey('End', false, 0, 5)).toEqual({ kind: 'select', index: 4 });
    expect(timelineKey('ArrowRight', false, -1, 0)).toBeNull();
  });

  it('pans with Shift, zooms with + and −, fits with 0, opens with Enter', () => {
    expect(timelineKey('ArrowLeft', true, 2, 5)).toEqual({ kind: 'pan', fraction: -0.1 });
    expect(timelineKey('+', false, 2, 5)).toEqual({ kind: 'zoom', factor: 0.5 });
    expect(timelineKey('-', false, 2, 5)).toEqual({ kind: 'zoom', factor: 2 });
    expect(timelineKey('0', false, 2, 5)).toEqual({ kind: 'fit' });
    expect(timelineKey('Enter', false, 2, 5)).toEqual({ kind: 'open' });
    expect(timelineKey('Enter', false, -1, 5)).toBeNull();
    expect(timelineKey('x', false, 2, 5)).toBeNull();
  });
});

describe('thinning (hostile captures draw a bounded DOM)', () => {
  it('draws at most one fragment tick per pixel, the first and the last kept', () => {
    const n = 400_000;
    const ids = Int32Array.from({ length: n }, (_, i) => i + 1);
    const frames = { has: () => true, timeOf: (id: number) => id };
    const drawn = fragmentXs(ids, frames, 0, (t) => 100 + (t / n) * 800);
    expect(drawn.length).toBeLessThanOrEqual(801);
    expect(drawn[0]).toBeCloseTo(100 + 800 / n);
    expect(drawn[drawn.length - 1]).toBe(900);
  });

  // Every expected number is worked out by hand: the plot starts at x = GUTTER = 96, the strip
  // at y = Y_OVERVIEW = 4; each case picks plotW for 10 px per second of capture.
  it('puts one or two connections on 6 px bars a pixel apart, on the whole capture’s scale', () => {
    // two connections 0..10 s and 5..20 s over 200 px
    const two = [
      { id: 1, firstTime: 0, lastTime: 10 },
      { id: 2, firstTime: 5, lastTime: 20 },
    ];
    const strip = overviewStrip(two, two[0], 200);
    expect(strip).toEqual({
      start: 0,
      span: 20,
      bars: [
        { id: 1, lastId: 1, x: 96, y: 4, width: 100, height: 6 },
        { id: 2, lastId: 2, x: 146, y: 11, width: 150, height: 6 }, // 4 + 6 + 1
      ],
    });
    // the lanes show 0..10 s: the first half of the strip
    expect(overviewViewport(strip, { t0: 0, t1: 10, plotW: 200 })).toEqual({ x: 96, width: 100 });
  });

  it('shares 14 pixel rows among many connections, and never draws a bar under 2 px', () => {
    const many = Array.from({ length: 28 }, (_, i) => ({ id: i + 1, firstTime: i, lastTime: i }));
    const bars = overviewStrip(many, many[0], 270).bars; // row by row
    expect(bars[0]).toEqual({ id: 1, lastId: 1, x: 96, y: 4, width: 2, height: 1 });
    // connection 15 wraps to the first row: y = 4 + (14 mod 14) × 1, x = 96 + 14 × 10
    expect(bars[1]).toEqual({ id: 15, lastId: 15, x: 236, y: 4, width: 2, height: 1 });
    expect(bars[27]).toMatchObject({ id: 28, y: 17 }); // 4 + 13
    const three = overviewStrip(many.slice(0, 3), many[0], 20).bars;
    expect(three.map((b) => b.height)).toEqual([14 / 3, 14 / 3, 14 / 3]);
    expect(three[2].y).toBeCloseTo(4 + 28 / 3, 12);
  });

  it('merges bars on a row that come within a pixel, and orders a row by time', () => {
    // connection r + 1 at 2r s, connection r + 15 a quarter second (2.5 px) later on the same row:
    // 2.5 ≤ 2 px width + 1 px gap, so they merge into one bar 4.5 px wide
    const pairs = Array.from({ length: 28 }, (_, i) => {
      const t = (i % 14) * 2 + (i >= 14 ? 0.25 : 0);
      return { id: i + 1, firstTime: t, lastTime: t };
    });
    const merged = overviewStrip(pairs, pairs[0], 262.5).bars; // 0..26.25 s
    expect(merged).toHaveLength(14);
    expect(merged[0]).toEqual({ id: 1, lastId: 15, x: 96, y: 4, width: 4.5, height: 1 });
    expect(merged[13]).toEqual({ id: 14, lastId: 28, x: 356, y: 17, width: 4.5, height: 1 });
    // connection 15 (row 0) came first, at 0 s; 1..14 at 10..23 s: row 0 draws 15, then 1
    const late = Array.from({ length: 15 }, (_, i) => {
      const t = i === 14 ? 0 : 10 + i;
      return { id: i + 1, firstTime: t, lastTime: t };
    });
    expect(overviewStrip(late, late[0], 230).bars.slice(0, 2)).toEqual([
      { id: 15, lastId: 15, x: 96, y: 4, width: 2, height: 1 },
      { id: 1, lastId: 1, x: 196, y: 4, width: 2, height: 1 },
    ]);
  });

  it('draws about MAX_BARS bars for 50,000 connections, on all 14 rows', () => {
    const n = 50_000;
    const cs = Array.from({ length: n }, (_, i) => {
      const t = i * 0.01 + ((i * 7919) % 13) * 0.05;
      return { id: i + 1, firstTime: t, lastTime: t + (i % 5) };
    });
    const bars = overviewStrip(cs, cs[0], 900).bars;
    expect(bars.length).toBeLessThanOrEqual(MAX_BARS + 14);
    expect(new Set(bars.map((b) => b.y)).size).toBe(14); // every row still drawn
  });
});
