// The frames grid's windowing maths and keyboard, without a DOM. Expected values are worked out
// by hand next to each case.

import { describe, expect, it } from 'vitest';
import { gridKey } from '../../../src/renderer/views/frames/keys.js';
import {
  gridWindow,
  READ_AHEAD,
  readAhead,
  rowTop,
  scrollToShow,
} from '../../../src/renderer/views/frames/use-grid-window.js';

describe('grid window', () => {
  it('draws the screenful at the top plus 12 rows of overscan', () => {
    // 100 rows × 20 px under a 40 px header, 200 px viewport: rows 0..9 visible, +12 → 22
    expect(gridWindow(100, 20, 200, 0, 40)).toEqual({
      bodyHeight: 2000,
      maxScroll: 1800,
      ratio: 1,
      inBody: 0,
      virtualTop: 0,
      first: 0,
      last: 22,
    });
  });

  it('follows the scroll position past the header', () => {
    // 540 − 40 = 500 px into the body = row 25; 25 − 12 = 13 .. ceil(700 / 20) + 12 = 47
    const g = gridWindow(100, 20, 200, 540, 40);
    expect([g.inBody, g.first, g.last]).toEqual([500, 13, 47]);
    expect(rowTop(g, 25, 20)).toBe(500);
  });

  it('caps the body at 15M px and maps the scroll onto a million rows proportionally', () => {
    // 22M px of rows in a 15M px body; scrolled to the end the last row ends at the body's end
    const g = gridWindow(1_000_000, 22, 600, 15_000_000, 0);
    expect(g.bodyHeight).toBe(15_000_000);
    expect(g.maxScroll).toBe(14_999_400);
    expect(g.ratio).toBeCloseTo(21_999_400 / 14_999_400, 12);
    expect(g.virtualTop).toBeCloseTo(21_999_400, 4);
    expect(g.first).toBe(999_960); // floor(21 999 400 / 22) = 999 972, − 12
    expect(g.last).toBe(1_000_000);
    expect(rowTop(g, 999_999, 22) + 22).toBeCloseTo(15_000_000, 4);
  });

  it('scrolls a selected row into view only when it is out of view', () => {
    const g = { maxScroll: 1800, ratio: 1 };
    // at the top: row 5 (100..120) is visible
    expect(scrollToShow(5, 20, g, 0, 200, 40, 30)).toBeNull();
    // row 20 (400..420) is below: its bottom goes to the viewport's bottom, 220 + the 40 px above
    expect(scrollToShow(20, 20, g, 0, 200, 40, 30)).toBe(260);
    // scrolled 500 px into the body: row 25 (500) hides under the 30 px sticky header → 470 + 40
    expect(scrollToShow(25, 20, g, 540, 200, 40, 30)).toBe(510);
    expect(scrollToShow(27, 20, g, 540, 200, 40, 30)).toBeNull();
  });

  it('divides by the ratio when the body is capped', () => {
    // row 100 of 10 px ends at 1010; viewport 100 → 910 row px = 455 scroll px at ratio 2
    expect(scrollToShow(100, 10, { maxScroll: 1000, ratio: 2 }, 0, 100, 0, 0)).toBe(455);
  });
});

describe('texts read ahead', () => {
  const ahead = (first: number, last: number, count: number) => {
    const ks: number[] = [];
    readAhead(first, last, count, (k) => ks.push(k));
    return ks;
  };
  it('asks for READ_AHEAD rows on each side of the drawn ones, within the table', () => {
    expect(READ_AHEAD).toBe(120);
    // drawn 1000..1050 of a million: 880..999 above, 1050..1169 below
    const ks = ahead(1000, 1050, 1_000_000);
    expect(ks).toHaveLength(240);
    expect(ks[0]).toBe(880);
    expect(ks[119]).toBe(999);
    expect(ks[120]).toBe(1050);
    expect(ks[239]).toBe(1169);
    // at the top and near the end: nothing before row 0 or from `count` on
    expect(ahead(0, 50, 1_000_000)).toEqual(Array.from({ length: 120 }, (_, i) => 50 + i));
    expect(ahead(10, 60, 70)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => i),
      ...Array.from({ length: 10 }, (_, i) => 60 + i),
    ]);
  });
});

describe('grid keys', () => {
  it('moves by one, by a page and to the ends, clamped to the rows', () => {
    expect(gridKey('ArrowDown', -1, 10, 5)).toBe(0);
    expect(gridKey('ArrowDown', 4, 10, 5)).toBe(5);
    expect(gridKey('ArrowDown', 9, 10, 5)).toBe(9);
    expect(gridKey('ArrowUp', 3, 10, 5)).toBe(2);
    expect(gridKey('ArrowUp', -1, 10, 5)).toBe(0);
    expect(gridKey('PageDown', 7, 10, 5)).toBe(9);
    expect(gridKey('PageDown', -1, 10, 5)).toBe(4);
    expect(gridKey('PageUp', 3, 10, 5)).toBe(0);
    expect(gridKey('Home', 6, 10, 5)).toBe(0);
    expect(gridKey('End', 0, 10, 5)).toBe(9);
  });

  it('opens with Enter and leaves other keys, and every key when there are no rows', () => {
    expect(gridKey('Enter', 2, 10, 5)).toBe('open');
    expect(gridKey('a', 2, 10, 5)).toBeNull();
    expect(gridKey('ArrowDown', -1, 0, 5)).toBeNull();
  });
});
