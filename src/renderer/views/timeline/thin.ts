// Keeping the timeline's DOM bounded on hostile captures (issue 15): a message in 400,000
// fragments drew 400,000 ticks, and 50,000 connections drew 50,000 overview bars. What the eye
// can tell apart is at most one mark per pixel, so that is all that is drawn.

import type { ConnectionRecord } from '../../../decoder/index.js';
import { GUTTER, Y_OVERVIEW } from '../../model/timeline-layout.js';

export interface Bar {
  id: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A drawn bar: one connection, or several that touch on the same row (first and last id). */
export interface MergedBar extends Bar {
  lastId: number;
}

/** Bars drawn at most, about (many connections become a density strip of merged runs). */
export const MAX_BARS = 600;

/**
 * Bars on the same row that overlap or come within `gap` pixels become one: its id is the first
 * connection's (a click selects it), `lastId` the last's. The gap is a pixel for a few hundred
 * connections and grows with their number, so at most about MAX_BARS are drawn.
 */
export function mergeBars(bars: readonly Bar[], plotWidth = 1000): MergedBar[] {
  const rowsUsed = Math.max(1, new Set(bars.map((b) => b.y)).size);
  const gap = bars.length <= MAX_BARS ? 1 : Math.max(1, (plotWidth * rowsUsed) / MAX_BARS);
  const rows = new Map<number, Bar[]>();
  for (const b of bars) {
    const row = rows.get(b.y);
    if (row) row.push(b);
    else rows.set(b.y, [b]);
  }
  const out: MergedBar[] = [];
  for (const row of rows.values()) {
    row.sort((a, b) => a.x - b.x);
    let cur: MergedBar | null = null;
    for (const b of row) {
      if (cur && b.x <= cur.x + cur.width + gap) {
        cur.width = Math.max(cur.width, b.x + b.width - cur.x);
        cur.lastId = b.id;
      } else {
        cur = { ...b, lastId: b.id };
        out.push(cur);
      }
    }
  }
  return out;
}

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
 * The overview's drawn bars: the same as mergeBars(overviewRows(connections, current, view).bars,
 * plotW), made in one pass over typed arrays. The 50,000 bar objects, per-row arrays and sorts of
 * that composition took tens of milliseconds of the UI thread per refresh (issue 15); here rows
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
  // overviewRows' rows: connection i on row i mod 14, as tall as 14 px shared among the rows
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
    // the row's connections in x order: as they come, or sorted stably as mergeBars does
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
