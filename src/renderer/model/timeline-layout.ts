// The message timeline's geometry, as pure functions of the data and the visible time window:
// where marks, ticks, lifecycle segments, overview bars and ping → pong arcs go. The components
// in views/timeline/ only draw what these return, so every number here is unit-tested without
// a DOM (test/renderer/model/timeline-layout.test.ts).
//
// Coordinates are SVG pixels. The plot spans x ∈ [GUTTER, GUTTER + plotW]; lane labels sit in
// the gutter on the left.

import { type ConnectionRecord, type Direction, READY_STATE_NUMBER, type ReadyState } from '../../decoder/index.js';
import type { IdList } from './message-columns.js';

export const HEIGHT = 176;
export const GUTTER = 96;
export const RIGHT = 12;
export const Y_OVERVIEW = 4;
export const Y_CLIENT = 48;
export const Y_BAND = 74;
export const BAND_H = 20;
export const Y_SERVER = 122;
export const Y_AXIS = 150;

/**
 * Logical time: a monotone map from capture time to "event number", so that consecutive events
 * (packets that change state, messages) are one unit apart however far apart in time they are.
 * `fwd` maps a time to units, `back` the other way; between events it is linear.
 */
export interface TimeWarp {
  fwd(t: number): number;
  back(u: number): number;
}

/**
 * The visible time window [t0, t1] over a plot `plotW` pixels wide. With `warp` (logical time),
 * t0 and t1 are in the warp's units and every time is mapped through warp.fwd before drawing.
 */
export interface TimeView {
  t0: number;
  t1: number;
  plotW: number;
  warp?: TimeWarp;
}

export function xOf(view: TimeView, t: number): number {
  const u = view.warp ? view.warp.fwd(t) : t;
  return GUTTER + ((u - view.t0) / (view.t1 - view.t0)) * view.plotW;
}

/** The window's edges as capture times (the inverse of the warp in logical time). */
export function viewTimes(view: TimeView): [number, number] {
  return view.warp ? [view.warp.back(view.t0), view.warp.back(view.t1)] : [view.t0, view.t1];
}

/**
 * Logical time over the given event times: the distinct times, sorted, are placed at 0, 1, 2 …
 * Before the first and after the last, one unit lasts the mean gap between events (1 ms when
 * there is a single event), so the window can still be padded and panned.
 */
export function logicalWarp(times: readonly number[]): TimeWarp {
  const ts = [...new Set(times.filter(Number.isFinite))].sort((a, b) => a - b);
  if (ts.length === 0) ts.push(0);
  const last = ts.length - 1;
  const unit = last > 0 ? (ts[last] - ts[0]) / last : 1e-3;
  const fwd = (t: number): number => {
    if (t <= ts[0]) return (t - ts[0]) / unit;
    if (t >= ts[last]) return last + (t - ts[last]) / unit;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (ts[mid] <= t) lo = mid;
      else hi = mid;
    }
    return lo + (t - ts[lo]) / (ts[hi] - ts[lo]);
  };
  const back = (u: number): number => {
    if (u <= 0) return ts[0] + u * unit;
    if (u >= last) return ts[last] + (u - last) * unit;
    const i = Math.floor(u);
    return ts[i] + (u - i) * (ts[i + 1] - ts[i]);
  };
  return { fwd, back };
}

/** The events of a connection that logical time spaces evenly: its packets that changed its state and its messages. */
export function connectionEventTimes(
  connection: Pick<ConnectionRecord, 'firstTime' | 'lastTime' | 'lifecycle' | 'tcpEvents'>,
  messageTimes: Iterable<number>,
): number[] {
  const out = [connection.firstTime, connection.lastTime];
  for (const ev of connection.lifecycle) out.push(ev.time);
  for (const ev of connection.tcpEvents) out.push(ev.time);
  for (const t of messageTimes) out.push(t);
  return out;
}

export function timeAt(view: TimeView, px: number): number {
  return view.t0 + ((px - GUTTER) / view.plotW) * (view.t1 - view.t0);
}

export function laneY(direction: Direction): number {
  return direction === 'client' ? Y_CLIENT : Y_SERVER;
}

/** The whole life of a connection with 2% of air on each side (1 ms at least); in warp units with a warp. */
export function fitView(
  connection: Pick<ConnectionRecord, 'firstTime' | 'lastTime'>,
  warp?: TimeWarp,
): [number, number] {
  if (warp) {
    const a = warp.fwd(connection.firstTime);
    const b = warp.fwd(connection.lastTime);
    const pad = Math.max((b - a) * 0.02, 0.3);
    return [a - pad, b + pad];
  }
  const span = Math.max(connection.lastTime - connection.firstTime, 1e-3);
  return [connection.firstTime - span * 0.02, connection.lastTime + span * 0.02];
}

/** The window zoomed by `factor` around time `t` (< 1 zooms in); null below 100 ns. */
export function zoomAround(shown: [number, number], t: number, factor: number): [number, number] | null {
  const n0 = t - (t - shown[0]) * factor;
  const n1 = t + (shown[1] - t) * factor;
  return n1 - n0 < 1e-7 ? null : [n0, n1];
}

/** The 1, 2 or 5 × 10^n step that cuts `span` into about `target` parts. */
export function niceStep(span: number, target: number): number {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

/** Axis ticks as offsets from `origin` (the connection's start), one every ~110 px, at least 3. */
export function ticks(view: TimeView, origin: number): number[] {
  if (view.warp) {
    // one tick per event unit (or per 2, 5, 10 … units), labelled with its real time
    const step = Math.max(1, niceStep(view.t1 - view.t0, Math.max(3, Math.floor(view.plotW / 110))));
    const out: number[] = [];
    for (let u = Math.ceil(view.t0 / step) * step; u <= view.t1; u += step) out.push(view.warp.back(u) - origin);
    return out;
  }
  const step = niceStep(view.t1 - view.t0, Math.max(3, Math.floor(view.plotW / 110)));
  const out: number[] = [];
  for (let t = Math.ceil((view.t0 - origin) / step) * step; origin + t <= view.t1; t += step) out.push(t);
  return out;
}

/** A mark's radius: grows with the log of the message length, 3 to 11 px. */
export function markRadius(length: number): number {
  return Math.min(11, 3 + Math.log2(1 + length) / 1.6);
}

/** What visibleMarks reads of the message columns (MessageColumns). */
export interface MarkSource {
  timeOf(id: number): number;
  firstTimeOf(id: number): number;
  directionOf(id: number): Direction;
}

/**
 * The messages of `ids` inside the window, thinned to one per pixel column per lane: a mark
 * whose pixel equals the previous kept mark's in its lane is dropped, unless it is the selected
 * one. A message is inside when it ends at or after t0 and starts at or before t1.
 */
export function visibleMarks(ids: IdList, messages: MarkSource, view: TimeView, selectedId: number | null): number[] {
  const out: number[] = [];
  const lastPx = { client: Number.NEGATIVE_INFINITY, server: Number.NEGATIVE_INFINITY };
  const [lo, hi] = viewTimes(view);
  for (let i = 0; i < ids.length; i++) {
    const id = ids.at(i);
    const time = messages.timeOf(id);
    if (time < lo || messages.firstTimeOf(id) > hi) continue;
    const px = Math.round(xOf(view, time));
    const direction = messages.directionOf(id);
    if (px === lastPx[direction] && id !== selectedId) continue;
    lastPx[direction] = px;
    out.push(id);
  }
  return out;
}

export interface Segment {
  from: number;
  to: number;
  /** 'TCP' for the handshake before the first readyState. */
  state: ReadyState | 'TCP';
  label: string;
  detail: string;
}

/**
 * The readyState band: TCP from the first packet to the first state (when there is a gap), then
 * each state until the next. The last state lasts until the connection's last packet, except
 * CLOSED, which lasts forever: it is drawn to the window's right edge `t1` so that it shows even
 * when it starts last.
 */
export function lifecycleSegments(
  connection: Pick<ConnectionRecord, 'firstTime' | 'lastTime' | 'lifecycle'>,
  t1: number,
): Segment[] {
  const life = connection.lifecycle;
  const out: Segment[] = [];
  if (life.length > 0 && life[0].time > connection.firstTime) {
    out.push({ from: connection.firstTime, to: life[0].time, state: 'TCP', label: 'TCP', detail: 'TCP handshake' });
  }
  life.forEach((ev, i) => {
    const to =
      i + 1 < life.length ? life[i + 1].time : ev.state === 'CLOSED' ? Math.max(t1, ev.time) : connection.lastTime;
    out.push({
      from: ev.time,
      to: Math.max(to, ev.time),
      state: ev.state,
      label: `${READY_STATE_NUMBER[ev.state]} ${ev.state}`,
      detail: ev.detail,
    });
  });
  return out;
}

/** A segment's label for `visibleW` pixels: whole where it fits, else the readyState number. */
export function segmentLabel(label: string, visibleW: number): string | null {
  if (visibleW > label.length * 7 + 8) return label;
  if (visibleW > 12) return label.split(' ')[0];
  return null;
}

export interface Arc {
  path: string;
  /** Where the "rtt …" label goes, or null when the arc is too short (≤ 70 px) for it. */
  label: { x: number; y: number } | null;
}

/**
 * A ping → pong round trip: a quadratic curve from the ping's mark to the pong's, its control
 * point 20 px right of the middle. Between lanes it runs straight through the band; within one
 * lane it bulges 26 px away from the band (up for the client lane, down for the server's).
 */
export function pingPongArc(
  ping: { time: number; direction: Direction },
  pong: { time: number; direction: Direction },
  view: TimeView,
): Arc {
  const x1 = xOf(view, ping.time);
  const x2 = xOf(view, pong.time);
  const y1 = laneY(ping.direction);
  const y2 = laneY(pong.direction);
  const mid = (x1 + x2) / 2;
  const bulge = ping.direction === pong.direction ? (y1 === Y_CLIENT ? -26 : 26) : 0;
  return {
    path: `M${x1},${y1} Q${mid + 20},${(y1 + y2) / 2 + bulge} ${x2},${y2}`,
    label: Math.abs(x2 - x1) > 70 ? { x: mid + 6, y: (y1 + y2) / 2 + bulge / 2 - 2 } : null,
  };
}
