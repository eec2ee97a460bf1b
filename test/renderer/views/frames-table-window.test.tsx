// @vitest-environment jsdom
// Frames table windowing over a million rows: only the rows on screen exist in the DOM, the body
// stays under the browsers' element-height cap, and End/Home reach the last and first frames.

import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FramesTable, type FramesTableProps } from '../../../src/renderer/views/frames/FramesTable.js';
import type { FrameRow } from '../../../src/renderer/worker/row-schema.js';
import { frameColumnsOf, serverTextRow } from '../decoded.js';

// jsdom lays nothing out: a 600 px viewport (jsdom keeps scrollTop as set, without clamping).
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 900 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
});
afterEach(cleanup);

const MILLION = 1_000_000;

function rows(n: number): FrameRow[] {
  const out = new Array<FrameRow>(n);
  for (let i = 0; i < n; i++) out[i] = serverTextRow(i, { payloadLength: 7, summary: `m${i}` });
  return out;
}

const visibleIds = () =>
  [...document.querySelectorAll('[data-frame]')].map((r) => Number(r.getAttribute('data-frame')));

describe('frames table windowing', () => {
  const many = frameColumnsOf(rows(MILLION));
  const props = (over: Partial<FramesTableProps> = {}): FramesTableProps => ({
    rows: many,
    selectedId: null,
    onSelect: vi.fn(),
    onOpen: vi.fn(),
    timeMode: 'relative',
    origin: 0,
    showConnection: false,
    rowHeight: 22,
    ...over,
  });

  it('renders only a screenful of a million rows, in a body shorter than the 22M px they span', () => {
    render(<FramesTable {...props()} />);
    const ids = visibleIds();
    expect(ids[0]).toBe(1);
    expect(ids.length).toBeLessThan(60);
    const body = document.querySelector('[data-frame]')!.parentElement as HTMLElement;
    // 1 000 000 rows × 22 px = 22 000 000 px: capped below Firefox's ~17.9M px limit
    expect(Number.parseFloat(body.style.height)).toBeLessThanOrEqual(15_000_000);
    expect(screen.getByText(/1,000,000 frames/)).toBeTruthy();
  });

  it('End selects the last frame and scrolling there shows it; Home goes back to the first', () => {
    const p = props();
    const view = render(<FramesTable {...p} />);
    const grid = screen.getByRole('grid');
    fireEvent.keyDown(grid, { key: 'End' });
    expect(p.onSelect).toHaveBeenLastCalledWith(MILLION);
    view.rerender(<FramesTable {...p} selectedId={MILLION} />);
    expect(visibleIds()).toContain(MILLION);
    expect(grid.scrollTop).toBeGreaterThan(0);
    fireEvent.keyDown(grid, { key: 'Home' });
    expect(p.onSelect).toHaveBeenLastCalledWith(1);
    view.rerender(<FramesTable {...p} selectedId={1} />);
    expect(visibleIds()).toContain(1);
  });

  it('maps a scroll half way down onto the middle rows', () => {
    render(<FramesTable {...props()} />);
    const grid = screen.getByRole('grid');
    const body = document.querySelector('[data-frame]')!.parentElement as HTMLElement;
    act(() => {
      grid.scrollTop = (Number.parseFloat(body.style.height) - 600) / 2;
      grid.dispatchEvent(new Event('scroll'));
    });
    const ids = visibleIds();
    // half of (1 000 000 rows − a screenful) ≈ row 500 000, give or take the overscan
    expect(ids.some((id) => Math.abs(id - 500_000) < 30)).toBe(true);
  });

  it('a render between two published versions pairs the order with the length it was made for', () => {
    // The list grows in place as batches arrive; a render of the same rows object (a key pressed
    // before the next version is drawn) must not show a stale order against the newer length.
    const growing = frameColumnsOf(rows(1000));
    const onSelect = vi.fn();
    const view = render(<FramesTable {...props({ rows: growing, onSelect })} />);
    expect(document.querySelector('.grid-footer')?.textContent).toMatch(/^1,000 frames/);
    for (let id = 1001; id <= 1500; id++) growing.ids.push(id);
    view.rerender(<FramesTable {...props({ rows: growing, onSelect, selectedId: 1 })} />);
    expect(document.querySelector('.grid-footer')?.textContent).toMatch(/^1,000 frames/);
    fireEvent.keyDown(screen.getByRole('grid'), { key: 'End' });
    expect(onSelect).toHaveBeenLastCalledWith(1000);
    // the next version (a new rows object) shows them all
    view.rerender(<FramesTable {...props({ rows: { ...growing }, onSelect })} />);
    expect(document.querySelector('.grid-footer')?.textContent).toMatch(/^1,500 frames/);
  });
});
