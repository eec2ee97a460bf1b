// Message timeline (SVG): a time axis with a lane per direction for the selected connection,
// its life drawn between the lanes (TCP handshake, CONNECTING 0 → OPEN 1 → CLOSING 2 → CLOSED 3,
// the readyState numbers of the WebSocket API), ping → pong round trips as arcs, a mark per
// message coloured by type and sized by length, fragmented messages as their frames, findings
// and TCP gaps marked. An overview strip on top shows every connection of the capture.
//
// Interaction: wheel (or +/−) zooms around the pointer, drag pans, hover previews, click selects
// the message in the table. Rendering is culled to the visible window and thinned to one mark
// per pixel per lane, so a connection with a million messages stays interactive.
//
// This component holds the interaction state (window, drag, hover); the geometry is
// timeline-layout.ts and the drawing Overview.tsx and Lanes.tsx.

import {
  type KeyboardEvent,
  type MouseEvent,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type WheelEvent,
} from 'react';
import type { ConnectionRecord, Finding } from '../../../decoder/index.js';
import { t as tr, useLang } from '../../i18n/index.js';
import type { FrameColumns } from '../../model/frame-columns.js';
import { TYPE_COLOR_VAR } from '../../model/labels.js';
import type { IdList, MessageColumns } from '../../model/message-columns.js';
import {
  connectionEventTimes,
  fitView,
  GUTTER,
  HEIGHT,
  logicalWarp,
  RIGHT,
  type TimeView,
  timeAt,
  viewTimes,
  visibleMarks,
  zoomAround,
} from '../../model/timeline-layout.js';
import type { MessageRow } from '../../worker/row-schema.js';
import { Lanes } from './Lanes.js';
import { Overview } from './Overview.js';
import { type Hover, Tooltip } from './Tooltip.js';
import { TIMELINE_KEYS_HELP, timelineKey } from './timeline-keys.js';

/** A connection's messages and the capture's columns; a new object whenever they change. */
export interface TimelineRows {
  /** The connection's message ids, in order (rows are built only for visible marks). */
  messageIds: IdList;
  /** Every frame of the capture, as columns: fragment times. */
  frames: FrameColumns;
  /** Every message of the capture, as columns: visible marks and ping → pong arcs. */
  messages: MessageColumns;
}

export interface TimelineProps {
  connection: ConnectionRecord;
  connections: ConnectionRecord[];
  rows: TimelineRows;
  findings: Finding[];
  selectedMessageId: number | null;
  onSelectMessage: (id: number) => void;
  onSelectConnection: (id: number) => void;
  /** Enter on the focused timeline: open the selected message. */
  onOpenMessage?: (id: number) => void;
  /**
   * How much bigger than at the default font size to draw (font size / 14): the SVG is laid out
   * at width / scale and scaled up, so its text, marks and lanes grow with the font-size control.
   */
  scale?: number;
  /** Start in logical time (events evenly spaced); the lesson does. The head's toggle switches. */
  logicalTime?: boolean;
}

export function MessageTimeline(props: TimelineProps) {
  const { connection, connections, rows, findings, selectedMessageId, onSelectMessage } = props;
  const scale = props.scale ?? 1;
  const boxRef = useRef<HTMLDivElement>(null);
  const [boxWidth, setWidth] = useState(900);
  // Layout width in SVG units (the drawing is scaled up by `scale` to the box's CSS width).
  const width = Math.max(320, boxWidth / scale);
  const [hover, setHover] = useState<Hover | null>(null);
  const drag = useRef<{ x: number; window: [number, number]; moved: boolean } | null>(null);
  useLang();
  // Each timeline clips to its own plot (the lesson draws a second one over the app's).
  const clipId = useId();
  const [logical, setLogical] = useState(props.logicalTime ?? false);
  // Logical time spaces the connection's events evenly (timeline-layout.ts logicalWarp).
  const warp = useMemo(() => {
    if (!logical) return undefined;
    const ids = rows.messageIds;
    const times = function* () {
      for (let i = 0; i < ids.length; i++) yield rows.messages.timeOf(ids.at(i));
    };
    return logicalWarp(connectionEventTimes(connection, times()));
  }, [logical, rows, connection]);

  // The window the user zoomed or panned to. Until then the window is the connection's whole
  // life, so a connection that grows (loading, live capture) keeps being followed to its end.
  // Another connection starts from its whole life again (state adjusted while rendering, as
  // React's docs do it, instead of an effect that would draw one frame of the old window).
  const [chosen, setChosen] = useState<{ connectionId: number; logical: boolean; window: [number, number] } | null>(
    null,
  );
  if (chosen && (chosen.connectionId !== connection.id || chosen.logical !== logical)) setChosen(null);
  const shown =
    chosen?.connectionId === connection.id && chosen.logical === logical ? chosen.window : fitView(connection, warp);
  const choose = (next: [number, number]) => setChosen({ connectionId: connection.id, logical, window: next });

  useEffect(() => {
    const el = boxRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    // the first report comes after the browser's layout (reading clientWidth now would force it)
    const ro = new ResizeObserver(() => setWidth(Math.max(320, el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const [t0, t1] = shown;
  const plotW = width - GUTTER - RIGHT;
  const view: TimeView = useMemo(() => ({ t0, t1, plotW, warp }), [t0, t1, plotW, warp]);

  const marks = useMemo(() => {
    const out: MessageRow[] = [];
    for (const id of visibleMarks(rows.messageIds, rows.messages, view, selectedMessageId)) {
      // without frame ids: Lanes reads them as a view (a message may have 400,000 fragments)
      const row = rows.messages.row(id, false);
      if (row) out.push(row);
    }
    return out;
  }, [rows, view, selectedMessageId]);

  const zoomAt = (px: number, factor: number) => {
    const next = zoomAround(shown, timeAt(view, px), factor);
    if (next) choose(next);
  };
  const onWheel = (e: WheelEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    zoomAt((e.clientX - rect.left) / scale, e.deltaY > 0 ? 1.25 : 0.8);
  };
  const onDown = (e: MouseEvent<SVGSVGElement>) => {
    drag.current = { x: e.clientX, window: shown, moved: false };
  };
  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = (e.clientX - d.x) / scale;
    if (Math.abs(dx) > 2) d.moved = true;
    const dt = (dx / plotW) * (d.window[1] - d.window[0]);
    // a press without movement leaves the window alone (it still follows a growing connection)
    if (d.moved) choose([d.window[0] - dt, d.window[1] - dt]);
  };
  const onUp = () => {
    drag.current = null;
  };

  const showTip = (e: MouseEvent, title: string, lines: string[]) => {
    const rect = boxRef.current?.getBoundingClientRect();
    setHover({ x: e.clientX - (rect?.left ?? 0) + 12, y: e.clientY - (rect?.top ?? 0) + 12, title, lines });
  };

  // The keyboard (timeline-keys.ts): the window follows a message selected off screen.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const ids = rows.messageIds;
    let selected = -1;
    if (selectedMessageId != null)
      for (let i = 0; i < ids.length && selected < 0; i++) if (ids.at(i) === selectedMessageId) selected = i;
    const action = timelineKey(e.key, e.shiftKey, selected, ids.length);
    if (!action) return;
    e.preventDefault();
    const span = t1 - t0;
    // Window units: capture time, or the warp's units in logical time.
    const unit = (time: number) => (warp ? warp.fwd(time) : time);
    if (action.kind === 'select') {
      const id = ids.at(action.index);
      const t = unit(rows.messages.timeOf(id));
      if (t < t0 || t > t1) choose([t - span / 2, t + span / 2]);
      onSelectMessage(id);
    } else if (action.kind === 'pan') choose([t0 + span * action.fraction, t1 + span * action.fraction]);
    else if (action.kind === 'zoom') {
      const around = selectedMessageId != null ? unit(rows.messages.timeOf(selectedMessageId)) : (t0 + t1) / 2;
      const next = zoomAround(shown, around >= t0 && around <= t1 ? around : (t0 + t1) / 2, action.factor);
      if (next) choose(next);
    } else if (action.kind === 'fit') setChosen(null);
    else if (action.kind === 'open' && selectedMessageId != null) props.onOpenMessage?.(selectedMessageId);
  };

  const [realT0, realT1] = viewTimes(view);
  // Findings have no id of their own: their position in the connection's list is their key.
  const findingMarks = findings
    .map((f, key) => ({ f, key }))
    .filter(({ f }) => f.time != null && f.time >= realT0 && f.time <= realT1);

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
        <span className="keys-hint" title={TIMELINE_KEYS_HELP}>
          wheel = zoom, drag = pan, keys: ← → + − 0
        </span>
        <button type="button" onClick={() => zoomAt(GUTTER + plotW / 2, 0.5)} aria-label="zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomAt(GUTTER + plotW / 2, 2)} aria-label="zoom out">
          −
        </button>
        <button type="button" onClick={() => setChosen(null)}>
          fit
        </button>
        <label title={tr('timeline.logicalTitle')}>
          <input
            type="checkbox"
            checked={logical}
            onChange={(e) => setLogical(e.target.checked)}
            data-testid="logical-time"
          />{' '}
          {tr('timeline.logical')}
        </label>
      </div>
      {/* Focusable (Tab) and operated with keys: timeline-keys.ts. */}
      <div
        className="timeline-keys"
        role="application"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: an application region takes its own keys (timeline-keys.ts)
        tabIndex={0}
        aria-label={`Message timeline of connection ${connection.id}. Keys: ${TIMELINE_KEYS_HELP}`}
        onKeyDown={onKeyDown}
      >
        <svg
          width={boxWidth}
          height={HEIGHT * scale}
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
            <clipPath id={clipId}>
              <rect x={GUTTER} y={0} width={plotW} height={HEIGHT} />
            </clipPath>
          </defs>
          <Overview
            connections={connections}
            connection={connection}
            view={view}
            onSelectConnection={props.onSelectConnection}
          />
          <Lanes
            clipId={clipId}
            connection={connection}
            view={view}
            width={width}
            marks={marks}
            messages={rows.messages}
            frames={rows.frames}
            findings={findingMarks}
            selectedMessageId={selectedMessageId}
            onSelectMessage={(id) => {
              if (!drag.current?.moved) onSelectMessage(id);
            }}
            onHover={showTip}
            onLeave={() => setHover(null)}
          />
        </svg>
      </div>
      {hover ? <Tooltip hover={hover} maxX={boxWidth - 300} /> : null}
    </div>
  );
}
