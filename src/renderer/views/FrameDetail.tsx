// Frame detail, the bit-level breakdown (Wireshark's packet details + packet bytes panes):
// - the header drawn as RFC 6455 §5.2 draws it, 32 bits a row, each field a cell coloured by its
//   registered group (frame/BitDiagram.tsx), and the field list;
// - the frame's bytes as on the wire in a hex dump; hovering a field highlights its bytes and
//   hovering a byte highlights the field that holds it (frame/HexView.tsx);
// - masking byte by byte (RFC 6455 §5.3, frame/MaskingTable.tsx);
// - the capture records (packets) the frame came from.
// The layout maths is pure and lives in frame/layout.ts.

import { useMemo, useState } from 'react';
import { FINDINGS, type FindingCode, type FrameField, type FrameRecord, opcodeName } from '../../decoder/index.js';
import { Card, Pill } from '../components/Card.js';
import { exactPayloadLength } from '../model/exact-length.js';
import { DIRECTION_LABEL, formatBytes } from '../model/labels.js';
import { useLinkedField } from './filter/deep-link.js';
import { BitDiagram, FieldList } from './frame/BitDiagram.js';
import { type FindingMarks, NO_MARKS } from './frame/finding-marks.js';
import { HexView } from './frame/HexView.js';
import { wireBytes } from './frame/layout.js';
import { MaskingTable } from './frame/MaskingTable.js';
import { TlsRecordsView } from './frame/TlsRecordsView.js';

export { bitRows, fieldClass, wireBytes } from './frame/layout.js';

/** Header plus payload bytes, exactly (the length may be beyond 2^53 - 1). */
function exactTotalLength(frame: FrameRecord, lengthText: string): string {
  return (BigInt(lengthText) + BigInt(frame.headerLength)).toString();
}

export interface FrameDetailProps {
  frame: FrameRecord;
  /** The frame's connection is TLS, decrypted: its bytes can be shown in their records. */
  decrypted?: boolean;
  /** The offending bits and bytes of the frame's findings, drawn in red (frame/finding-marks.ts). */
  marks?: FindingMarks;
  /** A field or a finding was selected: show what it means (the explanation panel). */
  onExplainField?: (field: FrameField) => void;
  onExplainFinding?: (code: FindingCode) => void;
}

export function FrameDetailView({
  frame,
  decrypted = false,
  marks = NO_MARKS,
  onExplainField,
  onExplainFinding,
}: FrameDetailProps) {
  // The highlighted field: kept in the deep link (views/filter/deep-link.ts), so a link opens on it.
  const [hoverKey, setHoverKey] = useLinkedField();
  const [showRecords, setShowRecords] = useState(false);
  const bytes = useMemo(() => wireBytes(frame), [frame]);
  const total = frame.headerLength + frame.payloadLength;
  // A 64-bit length beyond 2^53 - 1 is not exact as a number: print the header's own digits.
  const lengthText = exactPayloadLength(frame);
  return (
    <div data-testid="frame-detail">
      <Card
        title={
          <>
            Frame #{frame.id} · {opcodeName(frame.opcode)} · {DIRECTION_LABEL[frame.direction]}
          </>
        }
        extra={
          <>
            {frame.complete ? null : <Pill tone="error">incomplete</Pill>}
            {frame.findings.map((code) =>
              onExplainFinding ? (
                <button
                  key={code}
                  type="button"
                  className={`pill ${FINDINGS[code].severity}`}
                  title={`${FINDINGS[code].summary} (select to explain)`}
                  onClick={() => onExplainFinding(code)}
                >
                  {code}
                </button>
              ) : (
                <Pill key={code} tone={FINDINGS[code].severity} title={FINDINGS[code].summary}>
                  {code}
                </Pill>
              ),
            )}
          </>
        }
      >
        <BitDiagram frame={frame} hoverKey={hoverKey} onHover={setHoverKey} marks={marks} onExplain={onExplainField} />
        <div className="muted" style={{ fontSize: '0.8em', margin: '0.3em 0' }}>
          Header {frame.headerLength} bytes ({frame.lengthForm}-bit length form) + payload{' '}
          {frame.payloadLength > Number.MAX_SAFE_INTEGER ? `${lengthText} bytes` : formatBytes(frame.payloadLength)}.
          Hover a field or a byte to see both; select a field to explain it.
          {marks.bytes.size > 0 ? <span className="bad-legend"> Red: what the findings point at.</span> : null}
        </div>
        <FieldList frame={frame} hoverKey={hoverKey} onHover={setHoverKey} marks={marks} onExplain={onExplainField} />
      </Card>
      <Card
        title="Bytes on the wire"
        extra={
          decrypted ? (
            // biome-ignore lint/a11y/useSemanticElements: a two-way toggle of buttons, as elsewhere in the app
            <span role="group" aria-label="bytes shown">
              <button type="button" aria-pressed={!showRecords} onClick={() => setShowRecords(false)}>
                frame (plaintext)
              </button>
              <button type="button" aria-pressed={showRecords} onClick={() => setShowRecords(true)}>
                TLS records: ciphertext ⇄ plaintext
              </button>
            </span>
          ) : null
        }
      >
        {decrypted && showRecords ? (
          <TlsRecordsView frameId={frame.id} />
        ) : (
          <HexView
            bytes={bytes}
            fields={frame.fields}
            hoverKey={hoverKey}
            onHover={setHoverKey}
            totalLength={total}
            marks={marks}
            exactTotal={frame.payloadLength > Number.MAX_SAFE_INTEGER ? exactTotalLength(frame, lengthText) : null}
          />
        )}
      </Card>
      <Card title="Masking (RFC 6455 §5.3)">
        <MaskingTable frame={frame} />
      </Card>
      <Card title={`Packets (${frame.packets.length})`}>
        <table className="kv">
          <tbody>
            {frame.spans.map((s) => (
              <tr key={`${s.record}:${s.offset}`}>
                <th>packet {s.record}</th>
                <td>
                  frame bytes {s.offset}–{s.offset + s.length - 1} ({s.length} bytes)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
