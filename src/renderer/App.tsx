// The app layout (survives 1280×720):
//   top bar · progress/notice
//   connections | timeline (selected connection + overview of all)
//               | frames table | detail tabs: Handshake · Frame · Payload · Findings
// Containers here read the store and hand plain props to the views, which tests render alone.

import { type DragEvent, type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { Placeholder } from './components/Card.js';
import type { CaptureData } from './model/capture-data.js';
import { useController } from './model/context.js';
import { formatBytes, formatCount } from './model/labels.js';
import { IdList } from './model/message-columns.js';
import { type DetailTab, useAppState } from './model/store.js';
import { useCaptureData } from './model/use-capture-data.js';
import { ConnectionsList } from './views/ConnectionsList.js';
import { FindingsPanel } from './views/FindingsPanel.js';
import { FrameDetailView } from './views/FrameDetail.js';
import { type FrameSet, FramesTable } from './views/frames/FramesTable.js';
import { HandshakeCard } from './views/HandshakeCard.js';
import { PayloadViewer } from './views/PayloadViewer.js';
import { TopBar } from './views/TopBar.js';
import { MessageTimeline, type TimelineRows } from './views/timeline/MessageTimeline.js';

/** Frames decoded so far (ids are dense from 1). */
const frameCount = (d: CaptureData) => Math.max(0, d.frames.size - 1);
const connectionList = (d: CaptureData) => d.connectionList();

function ProgressBar() {
  const controller = useController();
  const loading = useAppState((s) => s.loading);
  const progress = useAppState((s) => s.progress);
  const cancelled = useAppState((s) => s.cancelled);
  const fatal = useAppState((s) => s.fatal);
  const frames = useCaptureData(frameCount);
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

/** What the tabs keep while another tab is shown (the panel holds it, so it outlives a switch). */
interface TabMemory {
  allFindings: boolean;
  setAllFindings: (all: boolean) => void;
  /** A message payload loaded whole ("load all"), shown instead of the cut one. */
  fullPayload: { id: number; bytes: Uint8Array } | null;
  setFullPayload: (full: { id: number; bytes: Uint8Array }) => void;
}

/** What the detail panel shows in each tab. */
const DETAIL_TABS: Record<DetailTab, { label: (findings: number) => string; Body: (m: TabMemory) => ReactNode }> = {
  handshake: { label: () => 'Handshake', Body: HandshakeTab },
  frame: { label: () => 'Frame', Body: FrameTab },
  payload: { label: () => 'Payload', Body: PayloadTab },
  findings: { label: (n) => `Findings (${n})`, Body: FindingsTab },
};

function DetailPanel() {
  const controller = useController();
  const tab = useAppState((s) => s.detailTab);
  const findings = useCaptureData(findingCount);
  const [allFindings, setAllFindings] = useState(true);
  const [fullPayload, setFullPayload] = useState<TabMemory['fullPayload']>(null);
  const { Body } = DETAIL_TABS[tab];
  return (
    <section className="detail" aria-label="Details">
      <div className="tabs" role="tablist">
        {(Object.keys(DETAIL_TABS) as DetailTab[]).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => controller.setTab(id)}
            data-tab={id}
          >
            {DETAIL_TABS[id].label(findings)}
          </button>
        ))}
      </div>
      <div className="detail-body" role="tabpanel">
        <Body
          allFindings={allFindings}
          setAllFindings={setAllFindings}
          fullPayload={fullPayload}
          setFullPayload={setFullPayload}
        />
      </div>
    </section>
  );
}

const findingCount = (d: CaptureData) => d.findings.length;

function HandshakeTab() {
  const connectionId = useAppState((s) => s.selectedConnectionId);
  const { connection, closes } = useCaptureData(
    useCallback(
      (d: CaptureData) => ({
        connection: connectionId != null ? d.connections.get(connectionId) : undefined,
        closes: connectionId == null ? [] : d.messagesOfType(connectionId, 'close'),
      }),
      [connectionId],
    ),
  );
  if (!connection) return <Placeholder>Select a connection.</Placeholder>;
  return <HandshakeCard connection={connection} closes={closes} />;
}

function FrameTab() {
  const frame = useAppState((s) => s.frameDetail?.frame);
  if (!frame) return <Placeholder>Select a frame in the table (or a message on the timeline).</Placeholder>;
  return <FrameDetailView frame={frame} />;
}

function PayloadTab({ fullPayload, setFullPayload }: TabMemory) {
  const controller = useController();
  const detail = useAppState((s) => s.frameDetail);
  const message = detail?.message;
  const frame = detail?.frame;
  if (message) {
    const full = fullPayload?.id === message.message.id;
    return (
      <PayloadViewer
        key={message.message.id}
        payload={full ? fullPayload.bytes : message.message.payload}
        text={full ? null : message.message.text}
        fullLength={message.fullLength}
        cut={message.cut && !full}
        onLoadAll={() => {
          const id = message.message.id;
          void controller.loadFullPayload(id).then((bytes) => bytes && setFullPayload({ id, bytes }));
        }}
        title={
          <strong>
            Message #{message.message.id} · {message.message.type}
            {message.message.frameIds.length > 1 ? ` · ${message.message.frameIds.length} frames` : ''}
            {message.message.compressed ? ` · inflated from ${formatBytes(message.message.wireLength)}` : ''}
          </strong>
        }
      />
    );
  }
  if (frame) {
    return (
      <PayloadViewer
        key={`f${frame.id}`}
        payload={frame.payload}
        text={null}
        fullLength={frame.payload.length}
        cut={false}
        title={<strong>Frame #{frame.id} payload (no complete message)</strong>}
      />
    );
  }
  return <Placeholder>Select a frame or message to see its payload.</Placeholder>;
}

function FindingsTab({ allFindings, setAllFindings }: TabMemory) {
  const controller = useController();
  const connectionId = useAppState((s) => s.selectedConnectionId);
  const findings = useCaptureData(
    useCallback(
      (d: CaptureData) => (allFindings || connectionId == null ? d.findings.slice() : d.findingsFor(connectionId)),
      [allFindings, connectionId],
    ),
  );
  return (
    <>
      <div className="frames-toolbar">
        <label>
          <input type="checkbox" checked={allFindings} onChange={(e) => setAllFindings(e.target.checked)} /> all
          connections
        </label>
      </div>
      <FindingsPanel
        findings={findings}
        onSelectFrame={(id) => void controller.selectFrame(id, 'frame')}
        onSelectConnection={(id) => controller.selectConnection(id)}
        onSelectPacket={(f) => void controller.selectPacket(f.packet!, f.connectionId, f.time)}
      />
    </>
  );
}

function FramesPane() {
  const controller = useController();
  const connectionId = useAppState((s) => s.selectedConnectionId);
  const selectedFrameId = useAppState((s) => s.selectedFrameId);
  const timeMode = useAppState((s) => s.timeMode);
  const fontSize = useAppState((s) => s.fontSize);
  const search = useAppState((s) => s.searchResult);
  const query = useAppState((s) => s.searchQuery);
  const found = query.trim() !== '' ? search : null;
  const { rows, origin, connCount } = useCaptureData(
    useCallback(
      (d: CaptureData) => {
        let ids = connectionId == null ? EMPTY_IDS : (d.framesByConnection.get(connectionId) ?? EMPTY_IDS);
        // Only search results span connections; counting them is O(rows), so only then.
        let connCount = 1;
        if (found) {
          ids = new IdList();
          const seen = new Set<number>();
          for (const id of found.frameIds) {
            if (!d.frames.has(id)) continue;
            ids.push(id);
            seen.add(d.frames.connectionOf(id));
          }
          connCount = seen.size;
        }
        const rows: FrameSet = { frames: d.frames, ids };
        return { rows, origin: Number.isFinite(d.origin) ? d.origin : 0, connCount };
      },
      [connectionId, found],
    ),
  );
  const matches = useMemo(() => (found ? new Set(found.frameIds) : null), [found]);
  return (
    <section className="frames" aria-label="Frames">
      <div className="frames-toolbar">
        <strong>Frames</strong>
        {found ? (
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
      <FramesTable
        rows={rows}
        selectedId={selectedFrameId}
        onSelect={(id) => void controller.selectFrame(id)}
        onOpen={(id) => void controller.selectFrame(id, 'frame')}
        timeMode={timeMode}
        origin={origin}
        showConnection={found != null}
        matches={matches}
        rowHeight={Math.round(fontSize * 1.6)}
        emptyText={
          found
            ? `No payload contains “${found.query}”.`
            : 'No WebSocket frames on this connection (see its handshake for why).'
        }
      />
    </section>
  );
}

function TimelinePane() {
  const controller = useController();
  const connectionId = useAppState((s) => s.selectedConnectionId);
  const selectedMessageId = useAppState((s) => s.selectedMessageId);
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
  if (!shown) return <div />;
  return (
    <MessageTimeline
      {...shown}
      selectedMessageId={selectedMessageId}
      onSelectMessage={(id) => controller.selectMessage(id)}
      onSelectConnection={(id) => controller.selectConnection(id)}
    />
  );
}

const EMPTY_IDS = new IdList();

function Sidebar() {
  const controller = useController();
  const selected = useAppState((s) => s.selectedConnectionId);
  const connections = useCaptureData(connectionList);
  const ws = connections.filter((c) => c.kind !== 'tcp' && c.kind !== 'http');
  return (
    <aside className="sidebar" aria-label="Connections">
      <h2>
        Connections ({ws.length} WebSocket
        {connections.length > ws.length ? `, ${connections.length - ws.length} other` : ''})
      </h2>
      <ConnectionsList
        connections={connections}
        selectedId={selected}
        onSelect={(id) => controller.selectConnection(id)}
      />
      {connections.length === 0 ? <Placeholder>No TCP connections yet.</Placeholder> : null}
    </aside>
  );
}

export function App() {
  const controller = useController();
  const theme = useAppState((s) => s.theme);
  const fontSize = useAppState((s) => s.fontSize);
  const capture = useAppState((s) => s.capture);
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
        <Notice />
      </div>
      {capture ? (
        <div className="workspace">
          <Sidebar />
          <div className="main">
            <TimelinePane />
            <div className="lower">
              <FramesPane />
              <DetailPanel />
            </div>
          </div>
        </div>
      ) : (
        <div style={{ overflow: 'auto' }}>
          <Welcome />
        </div>
      )}
      {dragging ? <div className="dropzone">Drop the capture to open it</div> : null}
    </div>
  );
}
