// The app layout (survives 1280×720):
//   top bar · progress/notice
//   connections | timeline (selected connection + overview of all)
//               | frames table | detail tabs: Handshake · Frame · Payload · Findings
// Containers here read the store and hand plain props to the views, which tests render alone.

import { type DragEvent, useEffect, useMemo, useState } from 'react';
import { Placeholder } from './components/Card.js';
import { useController } from './model/context.js';
import { formatBytes, formatCount } from './model/labels.js';
import { IdList } from './model/message-columns.js';
import { type DetailTab, useAppState } from './model/store.js';
import { ConnectionsList } from './views/ConnectionsList.js';
import { FindingsPanel } from './views/FindingsPanel.js';
import { FrameDetailView } from './views/FrameDetail.js';
import { FramesTable } from './views/frames/FramesTable.js';
import { HandshakeCard } from './views/HandshakeCard.js';
import { PayloadViewer } from './views/PayloadViewer.js';
import { TopBar } from './views/TopBar.js';
import { MessageTimeline } from './views/timeline/MessageTimeline.js';

function ProgressBar() {
  const controller = useController();
  const loading = useAppState((s) => s.loading);
  const progress = useAppState((s) => s.progress);
  const cancelled = useAppState((s) => s.cancelled);
  const fatal = useAppState((s) => s.fatal);
  const data = useAppState((s) => s.data);
  const live = useAppState((s) => s.liveRunning);
  useAppState((s) => s.dataVersion);
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
          {formatCount(progress.records)} packets · {formatCount(Math.max(0, data.frames.size - 1))} frames
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
        {formatCount(progress.records)} packets · {formatCount(Math.max(0, data.frames.size - 1))} frames
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

function DetailPanel() {
  const controller = useController();
  const tab = useAppState((s) => s.detailTab);
  const data = useAppState((s) => s.data);
  const version = useAppState((s) => s.dataVersion);
  const connectionId = useAppState((s) => s.selectedConnectionId);
  const detail = useAppState((s) => s.frameDetail);
  const [allFindings, setAllFindings] = useState(true);
  const [fullPayload, setFullPayload] = useState<{ id: number; bytes: Uint8Array } | null>(null);
  const connection = connectionId != null ? data.connections.get(connectionId) : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: version signals in-place changes
  const closes = useMemo(
    () => (connectionId == null ? [] : data.messagesOfType(connectionId, 'close')),
    [data, connectionId, version],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: version signals in-place changes
  const findings = useMemo(
    () => (allFindings || connectionId == null ? data.findings.slice() : data.findingsFor(connectionId)),
    [data, connectionId, allFindings, version],
  );
  const tabs: [DetailTab, string][] = [
    ['handshake', 'Handshake'],
    ['frame', 'Frame'],
    ['payload', 'Payload'],
    ['findings', `Findings (${data.findings.length})`],
  ];
  const message = detail?.message;
  const frame = detail?.frame;
  return (
    <section className="detail" aria-label="Details">
      <div className="tabs" role="tablist">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => controller.setTab(id)}
            data-tab={id}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="detail-body" role="tabpanel">
        {tab === 'handshake' ? (
          connection ? (
            <HandshakeCard connection={connection} closes={closes} />
          ) : (
            <Placeholder>Select a connection.</Placeholder>
          )
        ) : tab === 'frame' ? (
          frame ? (
            <FrameDetailView frame={frame} />
          ) : (
            <Placeholder>Select a frame in the table (or a message on the timeline).</Placeholder>
          )
        ) : tab === 'payload' ? (
          message ? (
            <PayloadViewer
              key={message.message.id}
              payload={fullPayload?.id === message.message.id ? fullPayload.bytes : message.message.payload}
              text={fullPayload?.id === message.message.id ? null : message.message.text}
              fullLength={message.fullLength}
              cut={message.cut && fullPayload?.id !== message.message.id}
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
          ) : frame ? (
            <PayloadViewer
              key={`f${frame.id}`}
              payload={frame.payload}
              text={null}
              fullLength={frame.payload.length}
              cut={false}
              title={<strong>Frame #{frame.id} payload (no complete message)</strong>}
            />
          ) : (
            <Placeholder>Select a frame or message to see its payload.</Placeholder>
          )
        ) : (
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
        )}
      </div>
    </section>
  );
}

function FramesPane() {
  const controller = useController();
  const data = useAppState((s) => s.data);
  const version = useAppState((s) => s.dataVersion);
  const connectionId = useAppState((s) => s.selectedConnectionId);
  const selectedFrameId = useAppState((s) => s.selectedFrameId);
  const timeMode = useAppState((s) => s.timeMode);
  const fontSize = useAppState((s) => s.fontSize);
  const search = useAppState((s) => s.searchResult);
  const query = useAppState((s) => s.searchQuery);
  const searching = search != null && query.trim() !== '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: version signals in-place changes
  const ids = useMemo(() => {
    if (searching) {
      const found = new IdList();
      for (const id of search.frameIds) if (data.frames.has(id)) found.push(id);
      return found;
    }
    return connectionId == null ? EMPTY_IDS : (data.framesByConnection.get(connectionId) ?? EMPTY_IDS);
  }, [data, connectionId, searching, search, version]);
  const matches = useMemo(() => (searching ? new Set(search.frameIds) : null), [searching, search]);
  // Only search results span connections; counting them is O(rows), so only then.
  const connCount = useMemo(() => {
    if (!searching) return 1;
    const seen = new Set<number>();
    for (let i = 0; i < ids.length; i++) seen.add(data.frames.connectionOf(ids.at(i)));
    return seen.size;
  }, [data, ids, searching]);
  return (
    <section className="frames" aria-label="Frames">
      <div className="frames-toolbar">
        <strong>Frames</strong>
        {searching ? (
          <span data-testid="search-summary">
            “{search.query}”: {search.messageIds.length} messages, {ids.length} frames in {connCount} connection
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
        frames={data.frames}
        ids={ids}
        version={version}
        selectedId={selectedFrameId}
        onSelect={(id) => void controller.selectFrame(id)}
        onOpen={(id) => void controller.selectFrame(id, 'frame')}
        timeMode={timeMode}
        origin={Number.isFinite(data.origin) ? data.origin : 0}
        showConnection={searching}
        matches={matches}
        rowHeight={Math.round(fontSize * 1.6)}
        emptyText={
          searching
            ? `No payload contains “${search.query}”.`
            : 'No WebSocket frames on this connection (see its handshake for why).'
        }
      />
    </section>
  );
}

function TimelinePane() {
  const controller = useController();
  const data = useAppState((s) => s.data);
  const version = useAppState((s) => s.dataVersion);
  const connectionId = useAppState((s) => s.selectedConnectionId);
  const selectedMessageId = useAppState((s) => s.selectedMessageId);
  const connection = connectionId != null ? data.connections.get(connectionId) : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: version signals in-place changes
  const connections = useMemo(() => data.connectionList(), [data, version]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version signals in-place changes
  const findings = useMemo(
    () => (connectionId == null ? [] : data.findingsFor(connectionId)),
    [data, connectionId, version],
  );
  if (!connection) return <div />;
  return (
    <MessageTimeline
      connection={connection}
      connections={connections}
      messageIds={data.messagesByConnection.get(connection.id) ?? EMPTY_IDS}
      frames={data.frames}
      messages={data.messages}
      findings={findings}
      selectedMessageId={selectedMessageId}
      onSelectMessage={(id) => controller.selectMessage(id)}
      onSelectConnection={(id) => controller.selectConnection(id)}
      version={version}
    />
  );
}

const EMPTY_IDS = new IdList();

function Sidebar() {
  const controller = useController();
  const data = useAppState((s) => s.data);
  const version = useAppState((s) => s.dataVersion);
  const selected = useAppState((s) => s.selectedConnectionId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version signals in-place changes
  const connections = useMemo(() => data.connectionList(), [data, version]);
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
