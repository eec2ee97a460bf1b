// The lanes of one connection: the readyState band between the two direction lanes, TCP control
// packets, ping → pong arcs, a mark per message (fragments as ticks joined by a line), findings,
// and the time axis. Positions come from timeline-layout.ts; this file only draws.

import { type MouseEvent, useCallback, useMemo } from 'react';
import type { ConnectionRecord, Finding, ReadyState, Severity } from '../../../decoder/index.js';
import type { FrameColumns } from '../../model/frame-columns.js';
import { DIRECTION_LABEL, formatBytes, formatDuration, TYPE_COLOR_VAR } from '../../model/labels.js';
import type { MessageColumns } from '../../model/message-columns.js';
import {
  BAND_H,
  GUTTER,
  laneY,
  lifecycleSegments,
  markRadius,
  pingPongArc,
  RIGHT,
  segmentLabel,
  type TimeView,
  ticks,
  viewTimes,
  xOf,
  Y_AXIS,
  Y_BAND,
  Y_CLIENT,
  Y_SERVER,
} from '../../model/timeline-layout.js';
import type { MessageRow } from '../../worker/row-schema.js';
import { fragmentXs } from './thin.js';

const STATE_COLOR: Readonly<Record<ReadyState | 'TCP', string>> = {
  TCP: 'var(--c-cont)',
  CONNECTING: 'var(--warn)',
  OPEN: 'var(--ok)',
  CLOSING: 'var(--c-close)',
  CLOSED: 'var(--muted)',
};

const SEVERITY_COLOR: Readonly<Record<Severity, string>> = {
  error: 'var(--c-error)',
  warning: 'var(--warn)',
  note: 'var(--note)',
};

export interface LanesProps {
  /** The id of the plot's clipPath (one per timeline on the page). */
  clipId?: string;
  connection: ConnectionRecord;
  view: TimeView;
  width: number;
  /** The visible messages (visibleMarks), as rows. */
  marks: MessageRow[];
  /** Every message and frame of the capture: a pong's ping, a fragment's time. */
  messages: MessageColumns;
  frames: FrameColumns;
  /** The connection's findings with their position in its list (their key). */
  findings: { f: Finding; key: number }[];
  selectedMessageId: number | null;
  onSelectMessage: (id: number) => void;
  onHover: (e: MouseEvent, title: string, lines: string[]) => void;
  onLeave: () => void;
}

export function Lanes(props: LanesProps) {
  const { connection, view, width, marks, messages, frames, findings, selectedMessageId } = props;
  // one function per view: each mark's fragment positions are memoized on it
  const x = useCallback((t: number) => xOf(view, t), [view]);
  const t0 = connection.firstTime;
  const pongs = marks.filter((m) => m.type === 'pong' && m.pingId != null);
  return (
    <>
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

      <g clipPath={`url(#${props.clipId ?? 'plot'})`}>
        {lifecycleSegments(connection, viewTimes(view)[1]).map((s, i) => {
          const x0 = x(s.from);
          const color = STATE_COLOR[s.state];
          const label = segmentLabel(s.label, Math.min(x(s.to), width - RIGHT) - Math.max(x0, GUTTER));
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
            <g key={i} data-state={s.label}>
              <title>
                readyState {s.label}: {s.detail}
              </title>
              <rect x={x0} y={Y_BAND} width={Math.max(1, x(s.to) - x0)} height={BAND_H} fill={color} opacity={0.25} />
              <line x1={x0} x2={x0} y1={Y_CLIENT - 14} y2={Y_SERVER + 14} stroke={color} strokeDasharray="3 3" />
              {label ? (
                <text x={Math.max(x0, GUTTER) + 3} y={Y_BAND + 14} style={{ fontSize: 11, fontWeight: 600 }}>
                  {label}
                </text>
              ) : null}
            </g>
          );
        })}

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

        {pongs.map((pong) => {
          const ping = messages.row(pong.pingId!);
          if (!ping) return null;
          const arc = pingPongArc(ping, pong, view);
          return (
            <g key={`rtt${pong.id}`}>
              <path d={arc.path} fill="none" stroke="var(--c-pong)" strokeWidth={1.5} strokeDasharray="4 2" />
              {pong.rtt != null && arc.label ? (
                <text x={arc.label.x} y={arc.label.y} style={{ fontSize: 9, fill: 'var(--c-pong)' }}>
                  rtt {formatDuration(pong.rtt)}
                </text>
              ) : null}
            </g>
          );
        })}

        {marks.map((m) => (
          <Mark
            key={m.id}
            m={m}
            t0={t0}
            x={x}
            frames={frames}
            messages={messages}
            selected={m.id === selectedMessageId}
            onSelect={props.onSelectMessage}
            onHover={props.onHover}
            onLeave={props.onLeave}
          />
        ))}

        {findings.map(({ f, key }) => {
          const fx = x(f.time!);
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: hover preview only; the findings tab lists them
            <g
              key={key}
              onMouseEnter={(e) => props.onHover(e, `${f.severity}: ${f.code}`, [f.message])}
              onMouseLeave={props.onLeave}
            >
              {f.code === 'tcp.gap' ? (
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
              <path d={`M${fx},${Y_BAND + BAND_H + 2} l-6,10 l12,0 z`} fill={SEVERITY_COLOR[f.severity]} />
            </g>
          );
        })}
      </g>

      <g className="axis">
        <line x1={GUTTER} x2={width - RIGHT} y1={Y_AXIS} y2={Y_AXIS} stroke="var(--border)" />
        {ticks(view, t0).map((t) => (
          <g key={t}>
            <line x1={x(t0 + t)} x2={x(t0 + t)} y1={Y_AXIS} y2={Y_AXIS + 4} stroke="var(--muted)" />
            <text x={x(t0 + t)} y={Y_AXIS + 16} textAnchor="middle">
              {t === 0 ? '0' : `+${formatDuration(t)}`}
            </text>
          </g>
        ))}
      </g>
    </>
  );
}

interface MarkProps {
  m: MessageRow;
  t0: number;
  x: (t: number) => number;
  frames: FrameColumns;
  messages: MessageColumns;
  selected: boolean;
  onSelect: (id: number) => void;
  onHover: (e: MouseEvent, title: string, lines: string[]) => void;
  onLeave: () => void;
}

/** One message: its fragments as ticks joined by a line, then a circle sized by its length. */
function Mark({ m, t0, x, frames, messages, selected, onSelect, onHover, onLeave }: MarkProps) {
  const y = laneY(m.direction);
  const color = TYPE_COLOR_VAR[m.type];
  const fragments = messages.frameCountOf(m.id);
  // fragment x positions, at most one per pixel (thin.ts), read from the frame-id view in one pass
  // (a pass over up to 400,000 fragments: once per row and view, not on every hover)
  const fragX = useMemo(
    () => (fragments > 1 ? fragmentXs(messages.frameIdsOf(m.id), frames, m.time, x) : []),
    [fragments, messages, m, frames, x],
  );
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: marks mirror table rows, which have the keyboard path
    <g
      data-message={m.id}
      style={{ cursor: 'pointer' }}
      onClick={(e) => {
        e.stopPropagation();
        onSelect(m.id);
      }}
      onMouseEnter={(e) =>
        onHover(e, `${m.type} · ${DIRECTION_LABEL[m.direction]}`, [
          `message #${m.id} · ${formatBytes(m.length)}${m.compressed ? ` (wire ${formatBytes(m.wireLength)}, compressed)` : ''}`,
          `t = +${formatDuration(m.time - t0)}${fragments > 1 ? ` · ${fragments} fragments` : ''}`,
          ...(m.rtt != null ? [`round trip ${formatDuration(m.rtt)}`] : []),
          m.preview,
        ])
      }
      onMouseLeave={onLeave}
    >
      {fragX.length > 0 ? (
        <>
          <line x1={fragX[0]} x2={fragX[fragX.length - 1]} y1={y} y2={y} stroke={color} strokeWidth={2} />
          {fragX.map((fx, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: fragments are positional
            <line key={i} x1={fx} x2={fx} y1={y - 6} y2={y + 6} stroke={color} strokeWidth={2} />
          ))}
        </>
      ) : null}
      <circle
        cx={x(m.time)}
        cy={y}
        r={markRadius(m.length)}
        fill={color}
        fillOpacity={m.complete ? 0.85 : 0.3}
        stroke={selected ? 'var(--fg)' : m.findingCount > 0 ? 'var(--c-error)' : 'none'}
        strokeWidth={selected ? 3 : 2}
      />
    </g>
  );
}
