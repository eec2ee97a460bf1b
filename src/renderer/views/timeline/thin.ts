// Keeping the timeline's DOM bounded on hostile captures (issue 15): a message in 400,000
// fragments drew 400,000 ticks, and 50,000 connections drew 50,000 overview bars. What the eye
// can tell apart is at most one mark per pixel, so that is all that is drawn.

import type { ConnectionRecord } from '../../../decoder/index.js';
import { GUTTER, type TimeView, viewTimes, Y_OVERVIEW } from '../../model/timeline-layout.js';

/** A drawn bar: one connection, or several that touch on the same row (first and last id). */
export interface MergedBar {
  id: number;
  lastId: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bars drawn at most, about (many connections become a density strip of merged runs). */
export const MAX_BARS = 600;

/**
 * The x positions of a message's fragments (`frameIds`, in order), one per pixel at most, in one
 * pass over the ids: no array of 400,000 times is made. A frame not (yet) known is placed at
 * `fallback` (the message's time). The first and last fragments are always kept (the line
 * between them spans the whole message).
 */
export function fragmentXs(
  frameIds: Int32Array,
  frames: { has(id: number): boolean; timeOf(id: number): number },
  fallback: number,
  x: (t: number) => number,
): number[] {
  const out: number[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < frameIds.length; i++) {
    const id = frameIds[i];
    const fx = x(frames.has(id) ? frames.timeOf(id) : fallback);
    const px = Math.round(fx);
    if (px === last && i !== frameIds.length - 1) continue;
    if (px === last) out[out.length - 1] = fx;
    else out.push(fx);
    last = px;
  }
  return out;
}

/** The overview strip's bars, and its time scale (for the viewport box over it). */
export interface OverviewStrip {
  bars: MergedBar[];
  /** Capture time at the plot's left edge, and the seconds across it. */
  start: number;
  span: number;
}

/**
 * The strip over every connection of the capture, on one time scale from the first packet to
 * the last: up to 14 rows of bars in a 14-pixel strip (connection i on row i mod 14); one or two
 * connections get 6-pixel bars one pixel apart. Bars on a row that overlap or come within a gap
 * become one: its id is the first connection's (a click selects it), `lastId` the last's. The gap
 * is a pixel for up to MAX_BARS connections and grows with their number, so at most about
 * MAX_BARS are drawn.
 *
 * One pass over typed arrays: a bar object per connection, then per-row arrays and sorts, took
 * tens of milliseconds of the UI thread per refresh at 50,000 connections (issue 15); rows
 * already in x order (connections arrive in time order) are not sorted at all.
 */
export function overviewStrip(
  connections: readonly Pick<ConnectionRecord, 'id' | 'firstTime' | 'lastTime'>[],
  current: Pick<ConnectionRecord, 'firstTime' | 'lastTime'>,
  plotW: number,
): OverviewStrip {
  const n = connections.length;
  let start = current.firstTime;
  let end = current.lastTime;
  for (let i = 0; i < n; i++) {
    start = Math.min(start, connections[i].firstTime);
    end = Math.max(end, connections[i].lastTime);
  }
  const span = Math.max(end - start, 1e-3);
  const ox = (t: number) => GUTTER + ((t - start) / span) * plotW;
  // 14 px shared among the rows
  const few = n <= 2;
  const height = few ? 6 : Math.max(1, 14 / Math.min(14, n));
  const rowCount = Math.min(n, 14);
  const gap = n <= MAX_BARS ? 1 : Math.max(1, (plotW * Math.max(1, rowCount)) / MAX_BARS);
  const xs = new Float64Array(n);
  const ws = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = ox(connections[i].firstTime);
    xs[i] = x;
    ws[i] = Math.max(2, ox(connections[i].lastTime) - x);
  }
  const bars: MergedBar[] = [];
  for (let r = 0; r < rowCount; r++) {
    const y = Y_OVERVIEW + r * height + (few ? r : 0);
    let sorted = true;
    for (let i = r + 14; i < n && sorted; i += 14) sorted = xs[i - 14] <= xs[i];
    // the row's connections in x order: as they come, or sorted (stably: ties in id order)
    let row: number[] | null = null;
    if (!sorted) {
      row = [];
      for (let i = r; i < n; i += 14) row.push(i);
      row.sort((a, b) => xs[a] - xs[b] || a - b);
    }
    const count = row ? row.length : Math.ceil((n - r) / 14);
    let cur: MergedBar | null = null;
    for (let k = 0; k < count; k++) {
      const i = row ? row[k] : r + 14 * k;
      const id = connections[i].id;
      if (cur && xs[i] <= cur.x + cur.width + gap) {
        cur.width = Math.max(cur.width, xs[i] + ws[i] - cur.x);
        cur.lastId = id;
      } else {
        cur = { id, x: xs[i], y, width: ws[i], height, lastId: id };
        bars.push(cur);
      }
    }
  }
  return { bars, start, span };
}

/** The dashed box over the strip: the window `view` shows, on the strip's time scale. */
export function overviewViewport(strip: OverviewStrip, view: TimeView): { x: number; width: number } {
  const ox = (t: number) => GUTTER + ((t - strip.start) / strip.span) * view.plotW;
  const [v0, v1] = viewTimes(view);
  return { x: ox(v0), width: Math.max(1, ox(v1) - ox(v0)) };
}
