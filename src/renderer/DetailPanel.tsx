// The detail panel: one tab per DetailTab (DETAIL_TABS), each a small container that reads the
// store and hands plain props to its view. The panel keeps what a tab must remember while
// another is shown (the findings scope, a payload loaded whole).

import { type ReactNode, useCallback, useState } from 'react';
import { Placeholder } from './components/Card.js';
import type { CaptureData } from './model/capture-data.js';
import { useController } from './model/context.js';
import { formatBytes } from './model/labels.js';
import { type DetailTab, useAppState } from './model/store.js';
import { useCaptureData } from './model/use-capture-data.js';
import { FindingsPanel } from './views/FindingsPanel.js';
import { FrameDetailView } from './views/FrameDetail.js';
import { HandshakeCard } from './views/HandshakeCard.js';
import { PayloadViewer } from './views/PayloadViewer.js';
import { TlsCard } from './views/TlsCard.js';

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

export function DetailPanel() {
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
  return (
    <>
      {connection.tls ? <TlsCard tls={connection.tls} /> : null}
      <HandshakeCard connection={connection} closes={closes} />
    </>
  );
}

function FrameTab() {
  const frame = useAppState((s) => s.frameDetail?.frame);
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
      <FrameDetailView frame={frame} decrypted={tls?.decrypted === true} />
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
