// Keeping the timeline's DOM bounded on hostile captures (issue 15): a message in 400,000
// fragments drew 400,000 ticks, and 50,000 connections drew 50,000 overview bars. What the eye
// can tell apart is at most one mark per pixel, so that is all that is drawn.

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
