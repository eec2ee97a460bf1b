// Frame detail, the bit-level breakdown (Wireshark's packet details + packet bytes panes):
// - the header drawn as RFC 6455 §5.2 draws it, 32 bits a row, each field a cell coloured by its
//   registered group (frame/BitDiagram.tsx), and the field list;
// - the frame's bytes as on the wire in a hex dump; hovering a field highlights its bytes and
//   hovering a byte highlights the field that holds it (frame/HexView.tsx);
// - masking byte by byte (RFC 6455 §5.3, frame/MaskingTable.tsx);
// - the capture records (packets) the frame came from.
// The layout maths is pure and lives in frame/layout.ts.

import { useMemo } from 'react';
import { FINDINGS, type FrameRecord, opcodeName } from '../../decoder/index.js';
import { Card, Pill } from '../components/Card.js';
import { DIRECTION_LABEL, formatBytes } from '../model/labels.js';
import { useLinkedField } from './filter/deep-link.js';
import { BitDiagram, FieldList } from './frame/BitDiagram.js';
import { HexView } from './frame/HexView.js';
import { wireBytes } from './frame/layout.js';
import { MaskingTable } from './frame/MaskingTable.js';

export { bitRows, fieldClass, wireBytes } from './frame/layout.js';

export function FrameDetailView({ frame }: { frame: FrameRecord }) {
  // The highlighted field: kept in the deep link (views/filter/deep-link.ts), so a link opens on it.
  const [hoverKey, setHoverKey] = useLinkedField();
  const bytes = useMemo(() => wireBytes(frame), [frame]);
  const total = frame.headerLength + frame.payloadLength;
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
            {frame.findings.map((code) => (
              <Pill key={code} tone={FINDINGS[code].severity} title={FINDINGS[code].summary}>
                {code}
              </Pill>
            ))}
          </>
        }
      >
        <BitDiagram frame={frame} hoverKey={hoverKey} onHover={setHoverKey} />
        <div className="muted" style={{ fontSize: '0.8em', margin: '0.3em 0' }}>
          Header {frame.headerLength} bytes ({frame.lengthForm}-bit length form) + payload{' '}
          {formatBytes(frame.payloadLength)}. Hover a field or a byte to see both.
        </div>
        <FieldList frame={frame} hoverKey={hoverKey} onHover={setHoverKey} />
      </Card>
      <Card title="Bytes on the wire">
        <HexView bytes={bytes} fields={frame.fields} hoverKey={hoverKey} onHover={setHoverKey} totalLength={total} />
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
