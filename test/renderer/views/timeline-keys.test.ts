// The timeline's keyboard (views/timeline/timeline-keys.ts), and its thinning (thin.ts).

import { describe, expect, it } from 'vitest';
import { overviewRows } from '../../../src/renderer/model/timeline-layout.js';
import { fragmentXs, MAX_BARS, mergeBars, overviewStrip } from '../../../src/renderer/views/timeline/thin.js';
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

  it('merges touching overview bars, and many connections into about MAX_BARS', () => {
    const bar = (id: number, x: number, y = 4) => ({ id, x, y, width: 2, height: 1 });
    expect(mergeBars([bar(1, 10), bar(2, 12.5), bar(3, 40)])).toEqual([
      { id: 1, lastId: 2, x: 10, y: 4, width: 4.5, height: 1 },
      { id: 3, lastId: 3, x: 40, y: 4, width: 2, height: 1 },
    ]);
    const many = Array.from({ length: 50_000 }, (_, i) =>
      bar(i + 1, (i * 900) / 50_000 + ((i * 7919) % 13), 4 + (i % 14)),
    );
    expect(mergeBars(many, 900).length).toBeLessThanOrEqual(MAX_BARS + 14);
  });

  it('makes the overview strip in one pass exactly as merging overviewRows’ bars does', () => {
    // two connections 0..10 s and 5..20 s over 200 px: 6 px bars a pixel apart, 10 px a second
    const two = [
      { id: 1, firstTime: 0, lastTime: 10 },
      { id: 2, firstTime: 5, lastTime: 20 },
    ];
    expect(overviewStrip(two, two[0], 200)).toEqual({
      start: 0,
      span: 20,
      bars: [
        { id: 1, lastId: 1, x: 96, y: 4, width: 100, height: 6 },
        { id: 2, lastId: 2, x: 146, y: 11, width: 150, height: 6 },
      ],
    });
    // in time order and out of it (a row that needs sorting), below and above MAX_BARS
    for (const n of [0, 3, 14, 15, 599, 600, 601, 5_000]) {
      const cs = Array.from({ length: n }, (_, i) => {
        const t = 100 + i * 0.1 + (i % 3 === 0 ? ((i * 7919) % 101) * 0.05 : 0);
        return { id: i + 1, firstTime: t, lastTime: t + (i % 5) };
      });
      const current = cs[0] ?? { firstTime: 5, lastTime: 9 };
      const merged = mergeBars(overviewRows(cs, current, { t0: 0, t1: 1, plotW: 777 }).bars, 777);
      expect(overviewStrip(cs, current, 777).bars).toEqual(merged);
    }
  });
});
