// The app layout (survives 1280×720):
//   top bar · progress/notice
//   connections | timeline (selected connection + overview of all)
//               | frames table | detail tabs: Handshake · Frame · Payload · Findings (DetailPanel.tsx)
// Containers here read the store and hand plain props to the views, which tests render alone.

import { type DragEvent, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Placeholder } from './components/Card.js';
import { DetailPanel } from './DetailPanel.js';
import { Workspace } from './layout/Workspace.js';
import type { CaptureData } from './model/capture-data.js';
import { useController } from './model/context.js';
import { HeldIdsCache } from './model/held-ids.js';
import { formatCount } from './model/labels.js';
import { IdList } from './model/message-columns.js';
import { useAppState } from './model/store.js';
import { useCaptureData } from './model/use-capture-data.js';
import { ConnectionsList, connectionRowHeight } from './views/ConnectionsList.js';
import { FramesContextMenu } from './views/export/FramesContextMenu.js';
import { FilterBar } from './views/filter/FilterBar.js';
import { useDisplayFilter } from './views/filter/use-display-filter.js';
import { type FrameSet, FramesTable } from './views/frames/FramesTable.js';
import { LessonRoot } from './views/lesson/LessonView.js';
import { ListViewSwitch, MessagesPane } from './views/messages/MessagesPane.js';
import { TopBar } from './views/TopBar.js';
import { MessageTimeline, type TimelineRows } from './views/timeline/MessageTimeline.js';
import { memoryCutText } from './worker/memory-budget.js';

/** Frames decoded so far (ids are dense from 1). */
const frameCount = (d: CaptureData) => Math.max(0, d.frames.size - 1);
const connectionList = (d: CaptureData) => d.connectionList();

function ProgressBar() {
  const controller = useController();
  const loading = useAppState((s) => s.loading);
  const progress = useAppState((s) => s.progress);
  const cancelled = useAppState((s) => s.cancelled);
  const fatal = useAppState((s) => s.fatal);
  const held = useCaptureData(frameCount);
  // the worker's count when it gives one: the rows held are published geometrically
  const frames = progress.frames ?? held;
  const live = useAppState((s) => s.liveRunning);
  if (fatal)
    return (
      <div className="notice" role="alert">
        {fatal}
      </div>
    );
  if (cancelled)
    return (
      <div className="notice" role="status">
        Decoding cancelled after {formatCount(progress.records)} packets; showing what was decoded so far.
      </div>
    );
  if (!loading) return null;
  if (live) {
    return (
      <div className="progress" role="status">
        <span className="warn-dot">●</span>
        <span>Capturing live: frames appear as they are captured.</span>
        <progress />
        <span>
          {formatCount(progress.records)} packets · {formatCount(frames)} frames
        </span>
        <button type="button" onClick={() => void controller.stopLive()}>
          Stop
        </button>
      </div>
    );
  }
  const pct = progress.total ? Math.min(100, (progress.bytesIn / progress.total) * 100) : null;
  return (
    <div className="progress" role="status">
      <span>Decoding…</span>
      {pct == null ? <progress /> : <progress max={100} value={pct} />}
      <span>
        {pct == null ? '' : `${pct.toFixed(0)}% · `}
        {formatCount(progress.records)} packets · {formatCount(frames)} frames
      </span>
      <button type="button" onClick={() => controller.cancel()}>
        Cancel
      </button>
    </div>
  );
}

/** Encapsulations wsscope did not open (they may hide WebSocket), and tunnels it saw through. */
function PacketsNote() {
  const progress = useAppState((s) => s.progress);
  const list = (l: { what: string; packets: number }[]) =>
    l.map((s) => `${formatCount(s.packets)} ${s.what}`).join(', ');
  const opaque = (progress.skipped ?? []).filter((s) => s.opaque);
  const tunnels = progress.decapsulated ?? [];
  if (opaque.length === 0 && tunnels.length === 0) return null;
  return (
    <div className="notice" role="status" data-testid="packets-note">
      {tunnels.length > 0 ? `TCP packets decoded inside tunnels: ${list(tunnels)}. ` : ''}
      {opaque.length > 0 ? `Packets not decoded (they may carry TCP): ${list(opaque)}.` : ''}
    </div>
  );
}

/** A capture cut at the decoder worker's memory budget: where, and what to do instead. */
function MemoryCutNotice() {
  const cut = useAppState((s) => s.memoryCut);
  if (!cut) return null;
  return (
    <div className="notice" role="alert" data-testid="memory-cut">
      {memoryCutText(cut)}
    </div>
  );
}

function Notice() {
  const controller = useController();
  const notice = useAppState((s) => s.notice);
  if (!notice) return null;
  return (
    <div className="notice" role="alert">
      {notice}
      <button type="button" onClick={() => controller.notify(null)}>
        dismiss
      </button>
    </div>
  );
}

function Welcome() {
  const controller = useController();
  const mode = useAppState((s) => s.shellMode);
  const recent = useAppState((s) => s.recentFiles);
  return (
    <div className="welcome" data-testid="welcome">
      <h2 style={{ marginTop: 0 }}>Open a capture</h2>
      <p>
        Drop a <code>.pcap</code> or <code>.pcapng</code> file anywhere on this window, or use <b>Open capture</b>.
        wsscope finds every WebSocket connection in it, checks the handshake, shows each frame bit by bit and draws the
        conversation on a timeline.
      </p>
      <p>
        <code>wss://</code> traffic: also drop the TLS key log the client wrote (run it with{' '}
        <code>SSLKEYLOGFILE=keys.log</code>) or use <b>Key log…</b>; keys inside a pcapng are used by themselves.
      </p>
      {mode === 'static' ? (
        <p className="muted">
          Running as static files, without the wsscope server: opening files works fully (decoding happens in this
          page); live capture needs <code>wsscope serve</code> or the desktop app.
        </p>
      ) : mode === 'server' ? (
        <p className="muted">Browser mode: you can also start a live capture with ● Live….</p>
      ) : null}
      {recent.length > 0 ? (
        <>
          <h3>Recent files</h3>
          <ul>
            {recent.map((path) => (
              <li key={path}>
                <button type="button" className="link" onClick={() => void controller.openRecent(path)}>
                  {path}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {mode === 'electron' ? null : <p className="muted">Nothing is uploaded: the file is decoded in your browser.</p>}
    </div>
  );
}

function FramesPane() {
  const controller = useController();
  // Deferred (here and in the timeline): the rows of another connection are drawn in a
  // transition, interruptible, so selecting one never blocks the page on a big connection.
  const connectionId = useDeferredValue(useAppState((s) => s.selectedConnectionId));
  const selectedFrameId = useAppState((s) => s.selectedFrameId);
  const timeMode = useAppState((s) => s.timeMode);
  const fontSize = useAppState((s) => s.fontSize);
  const search = useAppState((s) => s.searchResult);
  const query = useAppState((s) => s.searchQuery);
  const found = query.trim() !== '' ? search : null;
  // The display filter (views/filter): its frames across every connection, searched if a search is on.
  const filter = useDisplayFilter();
  const matches = useMemo(() => (found ? new Set(found.frameIds) : null), [found]);
  // the rows of a filter or a search, made again only when they can change (held-ids.ts)
  const [heldIds] = useState(() => new HeldIdsCache());
  const { rows, origin, connCount, framesAbsent } = useCaptureData(
    useCallback(
      (d: CaptureData) => {
        let ids = connectionId == null ? EMPTY_IDS : (d.framesByConnection.get(connectionId) ?? EMPTY_IDS);
        if (filter.active) {
          const held = heldIds.of(d.frames, filter.frames.ids, matches, (id) => d.frames.connectionOf(id));
          // a new object at each version: the table shows the preview texts that came with it
          const rows: FrameSet = { frames: d.frames, ids: held.ids };
          return {
            rows,
            origin: Number.isFinite(d.origin) ? d.origin : 0,
            connCount: held.connCount,
            framesAbsent: false,
          };
        }
        // Only search results span connections.
        let connCount = 1;
        if (found) {
          const held = heldIds.of(d.frames, found.frameIds, null, (id) => d.frames.connectionOf(id));
          ids = held.ids;
          connCount = held.connCount;
        }
        const rows: FrameSet = { frames: d.frames, ids };
        // A HAR file records messages, not frames: an empty table says so instead of "none sent".
        const framesAbsent =
          connectionId != null && d.connections.get(connectionId)?.absent?.includes('frames') === true;
        return { rows, origin: Number.isFinite(d.origin) ? d.origin : 0, connCount, framesAbsent };
      },
      [connectionId, found, filter, matches, heldIds],
    ),
  );
  return (
    <section className="frames" aria-label="Frames">
      <div className="frames-toolbar">
        <ListViewSwitch />
        <FilterBar compact />
        {filter.active ? (
          <span data-testid="filter-summary" className="filter-summary" title={`filter: ${filter.source}`}>
            {formatCount(rows.ids.length)} in {connCount} conn.
            {found ? ` matching “${found.query}”` : ''}
          </span>
        ) : found ? (
          <span data-testid="search-summary">
            “{found.query}”: {found.messageIds.length} messages, {rows.ids.length} frames in {connCount} connection
            {connCount === 1 ? '' : 's'}{' '}
            <button type="button" className="link" onClick={() => controller.search('')}>
              clear
            </button>
          </span>
        ) : connectionId != null ? (
          <span className="muted">connection #{connectionId}</span>
        ) : null}
      </div>
      <div />
      <FramesContextMenu>
        <FramesTable
          rows={rows}
          selectedId={selectedFrameId}
          onSelect={(id) => void controller.selectFrame(id)}
          onOpen={(id) => void controller.selectFrame(id, 'frame')}
          timeMode={timeMode}
          origin={origin}
          showConnection={found != null || filter.active}
          matches={matches}
          rowHeight={Math.round(fontSize * 1.6)}
          emptyText={
            found
              ? `No payload contains “${found.query}”.`
              : filter.active
                ? `No frame matches the filter “${filter.source}”.`
                : framesAbsent
                  ? 'This file records messages, not frames (a HAR file): see Messages.'
                  : 'No WebSocket frames on this connection (see its handshake for why).'
          }
        />
      </FramesContextMenu>
    </section>
  );
}

function TimelinePane() {
  const controller = useController();
  const connectionId = useDeferredValue(useAppState((s) => s.selectedConnectionId));
  const selectedMessageId = useAppState((s) => s.selectedMessageId);
  const fontSize = useAppState((s) => s.fontSize);
  const shown = useCaptureData(
    useCallback(
      (d: CaptureData) => {
        const connection = connectionId != null ? d.connections.get(connectionId) : undefined;
        if (!connection) return null;
        const rows: TimelineRows = {
          messageIds: d.messagesByConnection.get(connection.id) ?? EMPTY_IDS,
          frames: d.frames,
          messages: d.messages,
        };
        return { connection, connections: d.connectionList(), findings: d.findingsFor(connection.id), rows };
      },
      [connectionId],
    ),
  );
  // one function for the life of the pane: the overview strip is memoized on it
  const onSelectConnection = useCallback((id: number) => controller.selectConnection(id), [controller]);
  if (!shown) return <div />;
  return (
    <MessageTimeline
      {...shown}
      selectedMessageId={selectedMessageId}
      onSelectMessage={(id) => controller.selectMessage(id)}
      onSelectConnection={onSelectConnection}
      onOpenMessage={(id) => controller.selectMessage(id, 'payload')}
      scale={fontSize / 14}
    />
  );
}

const EMPTY_IDS = new IdList();

/** Frames as on the wire, or messages as the application received them (the switch in both). */
function ListPane() {
  const view = useAppState((s) => s.listView);
  return view === 'messages' ? <MessagesPane /> : <FramesPane />;
}

function Sidebar() {
  const controller = useController();
  const selected = useAppState((s) => s.selectedConnectionId);
  const fontSize = useAppState((s) => s.fontSize);
  const all = useCaptureData(connectionList);
  // The display filter keeps its connections (views/filter).
  const filter = useDisplayFilter();
  const connections = useMemo(
    () => (filter.active ? all.filter((c) => filter.connections.has(c.id)) : all),
    [all, filter],
  );
  const ws = useMemo(() => connections.filter((c) => c.kind !== 'tcp' && c.kind !== 'http'), [connections]);
  return (
    <aside className="sidebar" aria-label="Connections">
      <h2>
        Connections ({ws.length} WebSocket
        {connections.length > ws.length ? `, ${connections.length - ws.length} other` : ''}
        {filter.active ? ` of ${all.length}, filtered` : ''})
      </h2>
      <ConnectionsList
        connections={connections}
        selectedId={selected}
        onSelect={(id) => controller.selectConnection(id)}
        rowHeight={connectionRowHeight(fontSize)}
      />
      {connections.length === 0 ? (
        <Placeholder>{filter.active ? 'No connection matches the filter.' : 'No TCP connections yet.'}</Placeholder>
      ) : null}
    </aside>
  );
}

export function App() {
  const controller = useController();
  const theme = useAppState((s) => s.theme);
  const fontSize = useAppState((s) => s.fontSize);
  // Deferred: the workspace of a newly opened capture mounts in a transition (in slices, the
  // page responsive meanwhile), not in the task that opened the file (issue 15).
  const capture = useDeferredValue(useAppState((s) => s.capture));
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.fontSize = `${fontSize}px`;
  }, [theme, fontSize]);

  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    setDragging(true);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void controller.openDropped(file);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: drop target for files; the Open button is the keyboard path
    <div
      className="app"
      onDragOver={onDragOver}
      onDragLeave={(e) => {
        if (e.relatedTarget == null) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <TopBar />
      <div>
        <ProgressBar />
        <MemoryCutNotice />
        <Notice />
        <PacketsNote />
      </div>
      {capture ? (
        <Workspace connections={<Sidebar />} timeline={<TimelinePane />} list={<ListPane />} detail={<DetailPanel />} />
      ) : (
        <div style={{ overflow: 'auto' }}>
          <Welcome />
        </div>
      )}
      {dragging ? <div className="dropzone">Drop the capture (or a TLS key log) to open it</div> : null}
      <LessonRoot />
    </div>
  );
}
