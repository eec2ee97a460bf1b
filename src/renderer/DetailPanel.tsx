// The detail panel: one tab per DetailTab (DETAIL_TABS), each a small container that reads the
// store and hands plain props to its view. The panel keeps what a tab must remember while
// another is shown (the findings scope, a payload loaded whole).

import { type ReactNode, useCallback, useRef, useState } from 'react';
import { FINDINGS } from '../decoder/index.js';
import { Placeholder } from './components/Card.js';
import { ExplainPanel } from './explain/ExplainPanel.js';
import { requestsOfMessage } from './model/app-summary.js';
import type { CaptureData } from './model/capture-data.js';
import { useController } from './model/context.js';
import { formatBytes } from './model/labels.js';
import { parseSearchQuery, type SearchQuery } from './model/search-query.js';
import { type DetailTab, useAppState } from './model/store.js';
import { useCaptureData } from './model/use-capture-data.js';
import { FindingsPanel } from './views/FindingsPanel.js';
import { FrameDetailView } from './views/FrameDetail.js';
import { HandshakeCard } from './views/HandshakeCard.js';
import { FragmentNote, MessageFrames } from './views/messages/MessageFrames.js';
import { useFrameMarks } from './views/messages/use-frame-marks.js';
import { PayloadViewer } from './views/PayloadViewer.js';
import { DecodedMessage } from './views/requests/DecodedMessage.js';
import { EndVerdict } from './views/requests/EndVerdict.js';
import { ProtocolMenu } from './views/requests/ProtocolMenu.js';
import { RequestsView } from './views/requests/RequestsView.js';
import { TlsCard } from './views/TlsCard.js';

/** What the tabs keep while another tab is shown (the panel holds it, so it outlives a switch). */
interface TabMemory {
  allFindings: boolean;
  setAllFindings: (all: boolean) => void;
  /** A message payload loaded whole ("load all"), shown instead of the cut one. */
  fullPayload: { id: number; bytes: Uint8Array } | null;
  setFullPayload: (full: { id: number; bytes: Uint8Array }) => void;
  /** Move focus into the panel's body (after a link replaced what had focus). */
  focusBody: () => void;
}

/** What the detail panel shows in each tab. */
const DETAIL_TABS: Record<DetailTab, { label: (findings: number) => string; Body: (m: TabMemory) => ReactNode }> = {
  handshake: { label: () => 'Handshake', Body: HandshakeTab },
  frame: { label: () => 'Frame', Body: FrameTab },
  payload: { label: () => 'Payload', Body: PayloadTab },
  findings: { label: (n) => `Findings (${n})`, Body: FindingsTab },
  requests: { label: () => 'Requests', Body: RequestsTab },
};

export function DetailPanel() {
  const controller = useController();
  const tab = useAppState((s) => s.detailTab);
  const findings = useCaptureData(findingCount);
  const [allFindings, setAllFindings] = useState(true);
  const [fullPayload, setFullPayload] = useState<TabMemory['fullPayload']>(null);
  const { Body } = DETAIL_TABS[tab];
  const bodyRef = useRef<HTMLDivElement>(null);
  // Following a link (a finding's frame) replaces the tab that held focus: keep focus here.
  const focusBody = useCallback(() => requestAnimationFrame(() => bodyRef.current?.focus()), []);
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
      <div
        className="detail-body"
        role="tabpanel"
        tabIndex={-1}
        ref={bodyRef}
        aria-label={DETAIL_TABS[tab].label(findings)}
      >
        <Body
          allFindings={allFindings}
          setAllFindings={setAllFindings}
          fullPayload={fullPayload}
          setFullPayload={setFullPayload}
          focusBody={focusBody}
        />
      </div>
      <ExplainPanel />
    </section>
  );
}

const findingCount = (d: CaptureData) => d.findings.length;
const NO_REQUESTS: never[] = [];

function HandshakeTab() {
  const controller = useController();
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
  return (
    <>
      <EndVerdict connection={connection} />
      {connection.tls ? <TlsCard tls={connection.tls} /> : null}
      {connection.kind === 'websocket' || connection.kind === 'websocket-no-handshake' ? (
        <ProtocolMenu
          key={connection.id}
          connection={connection}
          onChange={(p) => controller.setProtocol(connection.id, p)}
        />
      ) : null}
      <HandshakeCard
        connection={connection}
        closes={closes}
        onExplainHeader={(name, value) => controller.explain({ kind: 'header', name, value })}
      />
    </>
  );
}

function RequestsTab() {
  const controller = useController();
  const connectionId = useAppState((s) => s.selectedConnectionId);
  const selectedMessageId = useAppState((s) => s.selectedMessageId);
  const timeMode = useAppState((s) => s.timeMode);
  const shown = useCaptureData(
    useCallback(
      (d: CaptureData) =>
        connectionId == null
          ? null
          : {
              requests: d.requestsOf(connectionId),
              origin: Number.isFinite(d.origin) ? d.origin : 0,
              protocol: d.connections.get(connectionId)?.app?.protocol ?? null,
            },
      [connectionId],
    ),
  );
  if (!shown) return <Placeholder>Select a connection.</Placeholder>;
  return (
    <RequestsView
      {...shown}
      timeMode={timeMode}
      selectedMessageId={selectedMessageId}
      onSelectMessage={(id) => controller.selectMessage(id, 'requests')}
    />
  );
}

function FrameTab() {
  const controller = useController();
  const detail = useAppState((s) => s.frameDetail);
  const marks = useFrameMarks(detail);
  const frame = detail?.frame;
  const connectionId = frame?.connectionId;
  const tls = useCaptureData(
    useCallback(
      (d: CaptureData) => (connectionId != null ? d.connections.get(connectionId)?.tls : null),
      [connectionId],
    ),
  );
  if (!frame) return <Placeholder>Select a frame in the table (or a message on the timeline).</Placeholder>;
  return (
    <>
      {tls?.decrypted ? <DecryptedNote frame={frame.packets} version={tls.version} cipher={tls.cipher} /> : null}
      <FragmentNote frameId={frame.id} messageId={frame.messageId} />
      <FrameDetailView
        frame={frame}
        decrypted={tls?.decrypted === true}
        marks={marks}
        onExplainField={(f) => controller.explain({ kind: 'field', key: f.key, display: f.display })}
        onExplainFinding={(code) => controller.explain({ kind: 'finding', code, message: FINDINGS[code].summary })}
      />
    </>
  );
}
/** Where the bytes of a frame on a TLS connection were on the wire. */
function DecryptedNote({ frame, version, cipher }: { frame: number[]; version: string | null; cipher: string | null }) {
  const packets = frame.length === 1 ? `packet ${frame[0]}` : `packets ${frame.join(', ')}`;
  return (
    <div className="muted" style={{ fontSize: '0.85em', margin: '0 0 0.5em' }} data-testid="tls-decrypted-note">
      Decrypted: these bytes crossed the wire encrypted ({version ?? 'TLS'}, {cipher ?? 'unknown suite'}) in {packets}.
      The packet offsets below are those of the ciphertext: AES-GCM, ChaCha20 and CBC keep each plaintext byte at the
      position of the ciphertext byte it came from.
    </div>
  );
}

function PayloadTab({ fullPayload, setFullPayload }: TabMemory) {
  const controller = useController();
  const detail = useAppState((s) => s.frameDetail);
  const query = useSearchHighlight();
  const message = detail?.message;
  const frame = detail?.frame;
  const messageId = message?.message.id ?? null;
  const connectionId = message?.message.connectionId ?? null;
  const related = useCaptureData(
    useCallback(
      (d: CaptureData) =>
        messageId == null || connectionId == null
          ? NO_REQUESTS
          : requestsOfMessage(d.requestsOf(connectionId), messageId),
      [messageId, connectionId],
    ),
  );
  if (message) {
    const full = fullPayload?.id === message.message.id;
    const app = message.message.app;
    return (
      <>
        {app ? (
          <DecodedMessage
            app={app}
            messageId={message.message.id}
            related={related}
            onSelectMessage={(id) => controller.selectMessage(id, 'payload')}
          />
        ) : null}
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
          highlight={query}
          after={<MessageFrames messageId={message.message.id} selectedFrameId={frame?.id ?? null} />}
        />
      </>
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

function FindingsTab({ allFindings, setAllFindings, focusBody }: TabMemory) {
  const controller = useController();
  const connectionId = useAppState((s) => s.selectedConnectionId);
  const findings = useCaptureData(
    useCallback(
      (d: CaptureData) => (allFindings || connectionId == null ? d.allFindings() : d.findingsFor(connectionId)),
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
        onSelectFrame={(id) => void controller.selectFrame(id, 'frame').then(focusBody)}
        onSelectConnection={(id) => controller.selectConnection(id)}
        onSelectPacket={(f) => void controller.selectPacket(f.packet!, f.connectionId, f.time).then(focusBody)}
        onExplain={(f) => controller.explain({ kind: 'finding', code: f.code, message: f.message })}
      />
    </>
  );
}

/** The active search as a query, to mark its matches in the payload. */
function useSearchHighlight(): SearchQuery | null {
  const result = useAppState((s) => s.searchResult);
  const typed = useAppState((s) => s.searchQuery);
  if (!result || result.error || typed.trim() === '') return null;
  const parsed = parseSearchQuery(result.query);
  return parsed.ok ? parsed.query : null;
}
