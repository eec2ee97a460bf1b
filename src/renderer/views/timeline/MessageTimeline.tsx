// Message timeline (SVG): a time axis with a lane per direction for the selected connection,
// its life drawn between the lanes (TCP handshake, CONNECTING 0 → OPEN 1 → CLOSING 2 → CLOSED 3,
// the readyState numbers of the WebSocket API), ping → pong round trips as arcs, a mark per
// message coloured by type and sized by length, fragmented messages as their frames, findings
// and TCP gaps marked. An overview strip on top shows every connection of the capture.
//
// Interaction: wheel (or +/−) zooms around the pointer, drag pans, hover previews, click selects
// the message in the table. Rendering is culled to the visible window and thinned to one mark
// per pixel per lane, so a connection with a million messages stays interactive.

import { type MouseEvent, useEffect, useMemo, useRef, useState, type WheelEvent } from 'react';
import type { Finding } from '../../../decoder/findings.js';
import type { ConnectionRecord, ReadyState } from '../../../decoder/records.js';
import { READY_STATE_NUMBER } from '../../../decoder/records.js';
import type { FrameColumns } from '../../model/frame-columns.js';
import { DIRECTION_LABEL, formatBytes, formatDuration, TYPE_COLOR_VAR } from '../../model/labels.js';
import type { IdList, MessageColumns } from '../../model/message-columns.js';
import type { MessageRow } from '../../worker/row-schema.js';

const HEIGHT = 176;
const GUTTER = 96;
const RIGHT = 12;
const Y_OVERVIEW = 4;
const Y_CLIENT = 48;
const Y_BAND = 74;
const BAND_H = 20;
const Y_SERVER = 122;
const Y_AXIS = 150;

const STATE_COLOR: Readonly<Record<ReadyState, string>> = {
  CONNECTING: 'var(--warn)',
  OPEN: 'var(--ok)',
  CLOSING: 'var(--c-close)',
  CLOSED: 'var(--muted)',
};

export interface TimelineProps {
  connection: ConnectionRecord;
  connections: ConnectionRecord[];
  /** The connection's message ids, in order (rows are built only for visible marks). */
  messageIds: IdList;
  /** Every frame of the capture, as columns: fragment times. */
  frames: FrameColumns;
  /** Every message of the capture, as columns: visible marks and ping → pong arcs. */
  messages: MessageColumns;
  findings: Finding[];
  selectedMessageId: number | null;
  onSelectMessage: (id: number) => void;
  onSelectConnection: (id: number) => void;
  /** Bumped when rows change in place. */
  version: number;
}

function niceStep(span: number, target: number): number {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

function radius(length: number): number {
  return Math.min(11, 3 + Math.log2(1 + length) / 1.6);
}

interface Hover {
  x: number;
  y: number;
  title: string;
  lines: string[];
}

export function MessageTimeline(props: TimelineProps) {
  const {
    connection,
    connections,
    messageIds,
    frames,
    messages,
    findings,
    selectedMessageId,
    onSelectMessage,
    version,
  } = props;
  const boxRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  const t0 = connection.firstTime;
  const span = Math.max(connection.lastTime - connection.firstTime, 1e-3);
  const [view, setView] = useState<[number, number]>([t0 - span * 0.02, connection.lastTime + span * 0.02]);
  const [hover, setHover] = useState<Hover | null>(null);
  const drag = useRef<{ x: number; view: [number, number]; moved: boolean } | null>(null);

  // A new connection resets the view to its whole life; one that grows (loading, live capture)
  // keeps following its end until the user zooms or pans.
  const userMoved = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the connection changes
  useEffect(() => {
    userMoved.current = false;
  }, [connection.id]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow only when the connection or its span changes
  useEffect(() => {
    if (!userMoved.current) setView([t0 - span * 0.02, connection.lastTime + span * 0.02]);
  }, [connection.id, connection.lastTime]);

  useEffect(() => {
    const el = boxRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(Math.max(320, el.clientWidth)));
    ro.observe(el);
    setWidth(Math.max(320, el.clientWidth));
    return () => ro.disconnect();
  }, []);

  const [v0, v1] = view;
  const plotW = width - GUTTER - RIGHT;
  const x = (t: number) => GUTTER + ((t - v0) / (v1 - v0)) * plotW;
  const tAt = (px: number) => v0 + ((px - GUTTER) / plotW) * (v1 - v0);
  const laneY = (d: 'client' | 'server') => (d === 'client' ? Y_CLIENT : Y_SERVER);

  // Visible marks, thinned to one per pixel column per lane (the selected one always stays).
  // biome-ignore lint/correctness/useExhaustiveDependencies: version signals in-place changes
  const visible = useMemo(() => {
    const out: MessageRow[] = [];
    const lastPx = { client: Number.NEGATIVE_INFINITY, server: Number.NEGATIVE_INFINITY };
    for (let i = 0; i < messageIds.length; i++) {
      const id = messageIds.at(i);
      const time = messages.timeOf(id);
      if (time < v0 || messages.firstTimeOf(id) > v1) continue;
      const px = Math.round(GUTTER + ((time - v0) / (v1 - v0)) * plotW);
      const direction = messages.directionOf(id);
      if (px === lastPx[direction] && id !== selectedMessageId) continue;
      lastPx[direction] = px;
      const row = messages.row(id);
      if (row) out.push(row);
    }
    return out;
  }, [messageIds, messages, v0, v1, plotW, selectedMessageId, version]);

  const zoomAt = (px: number, factor: number) => {
    const t = tAt(px);
    const n0 = t - (t - v0) * factor;
    const n1 = t + (v1 - t) * factor;
    if (n1 - n0 < 1e-7) return;
    userMoved.current = true;
    setView([n0, n1]);
  };
  const onWheel = (e: WheelEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    zoomAt(e.clientX - rect.left, e.deltaY > 0 ? 1.25 : 0.8);
  };
  const onDown = (e: MouseEvent<SVGSVGElement>) => {
    drag.current = { x: e.clientX, view, moved: false };
  };
  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    if (Math.abs(dx) > 2) {
      d.moved = true;
      userMoved.current = true;
    }
    const dt = (dx / plotW) * (d.view[1] - d.view[0]);
    setView([d.view[0] - dt, d.view[1] - dt]);
  };
  const onUp = () => {
    drag.current = null;
  };
  const reset = () => {
    userMoved.current = false;
    setView([t0 - span * 0.02, connection.lastTime + span * 0.02]);
  };

  // Axis ticks relative to the connection start.
  const step = niceStep(v1 - v0, Math.max(3, Math.floor(plotW / 110)));
  const ticks: number[] = [];
  for (let t = Math.ceil((v0 - t0) / step) * step; t0 + t <= v1; t += step) ticks.push(t);

  // Overview: every connection across the capture.
  const capStart = connections.reduce((m, c) => Math.min(m, c.firstTime), connection.firstTime);
  const capEnd = connections.reduce((m, c) => Math.max(m, c.lastTime), connection.lastTime);
  const capSpan = Math.max(capEnd - capStart, 1e-3);
  const ox = (t: number) => GUTTER + ((t - capStart) / capSpan) * plotW;
  // Up to 14 rows of bars in a 14-pixel strip; beyond that connections share rows.
  const overviewH = connections.length <= 2 ? 6 : Math.max(1, 14 / Math.min(14, connections.length));

  // Lifecycle segments: TCP before the first state, then each state until the next.
  const life = connection.lifecycle;
  const segments: { from: number; to: number; label: string; color: string; detail: string }[] = [];
  if (life.length > 0 && life[0].time > connection.firstTime) {
    segments.push({
      from: connection.firstTime,
      to: life[0].time,
      label: 'TCP',
      color: 'var(--c-cont)',
      detail: 'TCP handshake',
    });
  }
  life.forEach((ev, i) => {
    // CLOSED lasts forever: draw it to the right edge so it is visible even when it starts last.
    const to =
      i + 1 < life.length ? life[i + 1].time : ev.state === 'CLOSED' ? Math.max(v1, ev.time) : connection.lastTime;
    segments.push({
      from: ev.time,
      to: Math.max(to, ev.time),
      label: `${READY_STATE_NUMBER[ev.state]} ${ev.state}`,
      color: STATE_COLOR[ev.state],
      detail: ev.detail,
    });
  });

  const showTip = (e: MouseEvent, title: string, lines: string[]) => {
    const rect = boxRef.current?.getBoundingClientRect();
    setHover({ x: e.clientX - (rect?.left ?? 0) + 12, y: e.clientY - (rect?.top ?? 0) + 12, title, lines });
  };

  const pongs = visible.filter((m) => m.type === 'pong' && m.pingId != null);
  // Findings have no id of their own: their position in the capture's list is their key.
  const marks = findings
    .map((f, key) => ({ f, key }))
    .filter(({ f }) => f.time != null && f.time >= v0 && f.time <= v1);

  return (
    <div className="timeline" ref={boxRef} data-testid="timeline">
      <div className="timeline-head">
        <strong style={{ color: 'var(--fg)' }}>Timeline · connection #{connection.id}</strong>
        <span className="legend">
          {(['text', 'binary', 'ping', 'pong', 'close'] as const).map((t) => (
            <span key={t}>
              <span className="op-dot" style={{ background: TYPE_COLOR_VAR[t] }} />
              {t}
            </span>
          ))}
          <span>
            <span className="warn-dot">▲</span> finding
          </span>
        </span>
        <span className="spacer" />
        <span>wheel = zoom, drag = pan</span>
        <button type="button" onClick={() => zoomAt(GUTTER + plotW / 2, 0.5)} aria-label="zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomAt(GUTTER + plotW / 2, 2)} aria-label="zoom out">
          −
        </button>
        <button type="button" onClick={reset}>
          fit
        </button>
      </div>
      <svg
        width={width}
        height={HEIGHT}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        onWheel={onWheel}
        onMouseDown={onDown}
        onMouseMove={onMove}
        onMouseUp={onUp}
        onMouseLeave={() => {
          onUp();
          setHover(null);
        }}
        role="img"
      >
        <title>Message timeline of connection {connection.id}</title>
        <defs>
          <clipPath id="plot">
            <rect x={GUTTER} y={0} width={plotW} height={HEIGHT} />
          </clipPath>
        </defs>
        {/* overview of all connections */}
        <text x={4} y={Y_OVERVIEW + 10} className="muted" style={{ fontSize: 10 }}>
          all connections
        </text>
        {connections.map((c, i) => (
          // biome-ignore lint/a11y/noStaticElementInteractions: an SVG shortcut for the connection list
          <rect
            key={c.id}
            x={ox(c.firstTime)}
            y={Y_OVERVIEW + (i % 14) * overviewH + (connections.length <= 2 ? i : 0)}
            width={Math.max(2, ox(c.lastTime) - ox(c.firstTime))}
            height={overviewH}
            fill={c.id === connection.id ? 'var(--accent)' : 'var(--border)'}
            style={{ cursor: 'pointer' }}
            onClick={() => props.onSelectConnection(c.id)}
          >
            <title>connection #{c.id}</title>
          </rect>
        ))}
        <rect
          x={ox(v0)}
          y={Y_OVERVIEW - 2}
          width={Math.max(1, ox(v1) - ox(v0))}
          height={18}
          fill="none"
          stroke="var(--muted)"
          strokeDasharray="2 2"
        />

        {/* lane labels and lines */}
        <text x={4} y={Y_CLIENT + 4}>
          {DIRECTION_LABEL.client}
        </text>
        <text x={4} y={Y_SERVER + 4}>
          {DIRECTION_LABEL.server}
        </text>
        <text x={4} y={Y_BAND + 14} className="muted" style={{ fontSize: 10 }}>
          readyState
        </text>
        <line x1={GUTTER} x2={width - RIGHT} y1={Y_CLIENT} y2={Y_CLIENT} stroke="var(--border)" />
        <line x1={GUTTER} x2={width - RIGHT} y1={Y_SERVER} y2={Y_SERVER} stroke="var(--border)" />

        <g clipPath="url(#plot)">
          {/* lifecycle band */}
          {segments.map((s, i) => {
            const x0 = x(s.from);
            const w = Math.max(1, x(s.to) - x0);
            const visibleW = Math.min(x(s.to), width - RIGHT) - Math.max(x0, GUTTER);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
              <g key={i} data-state={s.label}>
                <title>
                  readyState {s.label}: {s.detail}
                </title>
                <rect x={x0} y={Y_BAND} width={w} height={BAND_H} fill={s.color} opacity={0.25} />
                <line x1={x0} x2={x0} y1={Y_CLIENT - 14} y2={Y_SERVER + 14} stroke={s.color} strokeDasharray="3 3" />
                {/* the whole label where it fits, else just the readyState number */}
                {visibleW > s.label.length * 7 + 8 || visibleW > 12 ? (
                  <text x={Math.max(x0, GUTTER) + 3} y={Y_BAND + 14} style={{ fontSize: 11, fontWeight: 600 }}>
                    {visibleW > s.label.length * 7 + 8 ? s.label : s.label.split(' ')[0]}
                  </text>
                ) : null}
              </g>
            );
          })}

          {/* TCP control packets */}
          {connection.tcpEvents.map((ev, i) => {
            const cx = x(ev.time);
            const y = laneY(ev.direction);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: events are positional
              <g key={i}>
                <line x1={cx} x2={cx} y1={y - 8} y2={y + 8} stroke="var(--muted)" strokeWidth={2} />
                <text x={cx + 2} y={ev.direction === 'client' ? y - 10 : y + 18} style={{ fontSize: 9 }}>
                  {ev.what.toUpperCase()}
                </text>
              </g>
            );
          })}

          {/* ping → pong round trips */}
          {pongs.map((pong) => {
            const ping = messages.row(pong.pingId!);
            if (!ping) return null;
            const x1 = x(ping.time);
            const x2 = x(pong.time);
            const y1 = laneY(ping.direction);
            const y2 = laneY(pong.direction);
            const mid = (x1 + x2) / 2;
            const bulge = ping.direction === pong.direction ? (y1 === Y_CLIENT ? -26 : 26) : 0;
            return (
              <g key={`rtt${pong.id}`}>
                <path
                  d={`M${x1},${y1} Q${mid + 20},${(y1 + y2) / 2 + bulge} ${x2},${y2}`}
                  fill="none"
                  stroke="var(--c-pong)"
                  strokeWidth={1.5}
                  strokeDasharray="4 2"
                />
                {pong.rtt != null && Math.abs(x2 - x1) > 70 ? (
                  <text x={mid + 6} y={(y1 + y2) / 2 + bulge / 2 - 2} style={{ fontSize: 9, fill: 'var(--c-pong)' }}>
                    rtt {formatDuration(pong.rtt)}
                  </text>
                ) : null}
              </g>
            );
          })}

          {/* messages: fragments as ticks joined by a line, then the mark */}
          {visible.map((m) => {
            const y = laneY(m.direction);
            const cx = x(m.time);
            const color = TYPE_COLOR_VAR[m.type];
            const r = radius(m.length);
            const selected = m.id === selectedMessageId;
            const fragTimes =
              m.frameIds.length > 1 ? m.frameIds.map((id) => (frames.has(id) ? frames.timeOf(id) : m.time)) : [];
            return (
              // biome-ignore lint/a11y/noStaticElementInteractions: marks mirror table rows, which have the keyboard path
              <g
                key={m.id}
                data-message={m.id}
                style={{ cursor: 'pointer' }}
                onClick={(e) => {
                  if (drag.current?.moved) return;
                  e.stopPropagation();
                  onSelectMessage(m.id);
                }}
                onMouseEnter={(e) =>
                  showTip(e, `${m.type} · ${DIRECTION_LABEL[m.direction]}`, [
                    `message #${m.id} · ${formatBytes(m.length)}${m.compressed ? ` (wire ${formatBytes(m.wireLength)}, compressed)` : ''}`,
                    `t = +${formatDuration(m.time - t0)}${m.frameIds.length > 1 ? ` · ${m.frameIds.length} fragments` : ''}`,
                    ...(m.rtt != null ? [`round trip ${formatDuration(m.rtt)}`] : []),
                    m.preview,
                  ])
                }
                onMouseLeave={() => setHover(null)}
              >
                {fragTimes.length > 1 ? (
                  <>
                    <line
                      x1={x(fragTimes[0])}
                      x2={x(fragTimes[fragTimes.length - 1])}
                      y1={y}
                      y2={y}
                      stroke={color}
                      strokeWidth={2}
                    />
                    {fragTimes.map((t, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: fragments are positional
                      <line key={i} x1={x(t)} x2={x(t)} y1={y - 6} y2={y + 6} stroke={color} strokeWidth={2} />
                    ))}
                  </>
                ) : null}
                <circle
                  cx={cx}
                  cy={y}
                  r={r}
                  fill={color}
                  fillOpacity={m.complete ? 0.85 : 0.3}
                  stroke={selected ? 'var(--fg)' : m.findingCount > 0 ? 'var(--c-error)' : 'none'}
                  strokeWidth={selected ? 3 : 2}
                />
              </g>
            );
          })}

          {/* findings and gaps */}
          {marks.map(({ f, key }) => {
            const fx = x(f.time!);
            const gap = f.code === 'tcp.gap';
            return (
              // biome-ignore lint/a11y/noStaticElementInteractions: hover preview only; the findings tab lists them
              <g
                key={key}
                onMouseEnter={(e) => showTip(e, `${f.severity}: ${f.code}`, [f.message])}
                onMouseLeave={() => setHover(null)}
              >
                {gap ? (
                  <line
                    x1={fx}
                    x2={fx}
                    y1={Y_CLIENT - 16}
                    y2={Y_SERVER + 16}
                    stroke="var(--c-error)"
                    strokeWidth={2}
                    strokeDasharray="5 3"
                  />
                ) : null}
                <path
                  d={`M${fx},${Y_BAND + BAND_H + 2} l-6,10 l12,0 z`}
                  fill={
                    f.severity === 'error' ? 'var(--c-error)' : f.severity === 'warning' ? 'var(--warn)' : 'var(--note)'
                  }
                />
              </g>
            );
          })}
        </g>

        {/* axis */}
        <g className="axis">
          <line x1={GUTTER} x2={width - RIGHT} y1={Y_AXIS} y2={Y_AXIS} stroke="var(--border)" />
          {ticks.map((t) => (
            <g key={t}>
              <line x1={x(t0 + t)} x2={x(t0 + t)} y1={Y_AXIS} y2={Y_AXIS + 4} stroke="var(--muted)" />
              <text x={x(t0 + t)} y={Y_AXIS + 16} textAnchor="middle">
                {t === 0 ? '0' : `+${formatDuration(t)}`}
              </text>
            </g>
          ))}
        </g>
      </svg>
      {hover ? (
        <div className="tooltip" style={{ left: Math.min(hover.x, width - 300), top: hover.y }} role="tooltip">
          <strong>{hover.title}</strong>
          {hover.lines.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
            <div key={i} className={i === hover.lines.length - 1 ? 'preview' : undefined}>
              {l}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
