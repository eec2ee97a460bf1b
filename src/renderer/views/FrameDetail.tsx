// Frame detail, the bit-level breakdown (Wireshark's packet details + packet bytes panes):
// - the header drawn as RFC 6455 §5.2 draws it, 32 bits a row, each field a coloured cell with
//   its real bit values, driven only by FrameRecord.fields (bitOffset, bitLength, bits);
// - the frame's bytes as on the wire in a hex dump; hovering a field highlights its bytes and
//   hovering a byte highlights the field that holds it;
// - masking byte by byte (RFC 6455 §5.3: unmasked[i] = masked[i] XOR key[i mod 4]);
// - the capture records (packets) the frame came from.

import { useMemo, useState } from 'react';
import { FINDINGS } from '../../decoder/findings.js';
import type { FrameField, FrameRecord } from '../../decoder/records.js';
import { Card, Pill } from '../components/Card.js';
import { asciiChar, BYTES_PER_LINE, hexByte, offsetText } from '../model/hex.js';
import { DIRECTION_LABEL, formatBytes, opcodeName } from '../model/labels.js';

const BITS_PER_ROW = 32;
/** Wire bytes shown in the hex dump; the payload viewer shows whole payloads. */
const HEX_LIMIT = 512;
/** Payload bytes worked through in the masking table. */
const MASK_ROWS = 8;

export function fieldClass(field: Pick<FrameField, 'key'>): string {
  const k = field.key.toLowerCase();
  if (k.includes('payload_length') || k.includes('payload-length') || k.includes('length')) return 'f-len';
  if (k.includes('masking_key') || k.includes('masking-key') || k.includes('key')) return 'f-key';
  if (k.includes('mask')) return 'f-mask';
  if (k.includes('rsv')) return 'f-rsv';
  if (k.includes('opcode')) return 'f-opcode';
  if (k.includes('fin')) return 'f-fin';
  return 'f-payload';
}

function isHeaderField(f: FrameField): boolean {
  return f.bitLength > 0 && f.bits.length > 0;
}

/** The frame's bytes as they were on the wire: header, then the payload masked again. */
export function wireBytes(frame: FrameRecord, limit = HEX_LIMIT): Uint8Array {
  const n = Math.min(limit, frame.headerLength + frame.payload.length);
  const out = new Uint8Array(n);
  out.set(frame.header.subarray(0, Math.min(n, frame.header.length)));
  const key = frame.maskingKey;
  for (let i = frame.headerLength; i < n; i++) {
    const j = i - frame.headerLength;
    out[i] = key ? frame.payload[j] ^ key[j % 4] : frame.payload[j];
  }
  return out;
}

interface Segment {
  field: FrameField | null;
  start: number;
  length: number;
}

/** Cut the header fields into rows of 32 bits; a field crossing a row boundary continues below. */
export function bitRows(frame: FrameRecord): Segment[][] {
  const fields = frame.fields.filter(isHeaderField).sort((a, b) => a.bitOffset - b.bitOffset);
  const headerBits = frame.headerLength * 8;
  const rowCount = Math.ceil(headerBits / BITS_PER_ROW);
  const rows: Segment[][] = [];
  for (let r = 0; r < rowCount; r++) {
    const rowStart = r * BITS_PER_ROW;
    const rowEnd = rowStart + BITS_PER_ROW;
    const segs: Segment[] = [];
    let pos = rowStart;
    for (const f of fields) {
      const s = Math.max(f.bitOffset, rowStart);
      const e = Math.min(f.bitOffset + f.bitLength, rowEnd);
      if (e <= s) continue;
      if (s > pos) segs.push({ field: null, start: pos, length: s - pos });
      segs.push({ field: f, start: s, length: e - s });
      pos = e;
    }
    // The rest of the last header row is where the payload begins.
    if (pos < rowEnd) segs.push({ field: null, start: pos, length: rowEnd - pos });
    rows.push(segs);
  }
  return rows;
}

function fieldForByte(fields: FrameField[], offset: number): FrameField | null {
  let best: FrameField | null = null;
  for (const f of fields) {
    if (offset >= f.byteOffset && offset < f.byteOffset + Math.max(1, f.byteLength)) {
      // The deepest (narrowest) field wins: FIN before the byte-wide flags field, say.
      if (!best || f.byteLength < best.byteLength || (f.byteLength === best.byteLength && f.bitLength < best.bitLength))
        best = f;
    }
  }
  return best;
}

export function BitDiagram({
  frame,
  hoverKey,
  onHover,
}: {
  frame: FrameRecord;
  hoverKey: string | null;
  onHover: (key: string | null) => void;
}) {
  const rows = bitRows(frame);
  const payloadField = frame.fields.find((f) => !isHeaderField(f));
  return (
    <table className="bits" data-testid="bit-diagram" aria-label="Frame header bits (RFC 6455 §5.2)">
      <thead>
        {/* Bit numbers as RFC 6455 §5.2 prints them: tens on one row, units on the next. */}
        <tr>
          {Array.from({ length: BITS_PER_ROW }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: bit positions are the identity
            <th key={i}>{i % 10 === 0 ? i / 10 : ''}</th>
          ))}
        </tr>
        <tr>
          {Array.from({ length: BITS_PER_ROW }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: bit positions are the identity
            <th key={i}>{i % 10}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((segs, r) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: row position is the identity
          <tr key={r}>
            {segs.map((seg) => {
              if (!seg.field) {
                const key = payloadField?.key ?? 'payload';
                return (
                  <td
                    key={seg.start}
                    colSpan={seg.length}
                    className={`f-payload${hoverKey === key ? ' hl' : ''}`}
                    onMouseEnter={() => onHover(key)}
                    onMouseLeave={() => onHover(null)}
                  >
                    <span className="label">Payload data…</span>
                  </td>
                );
              }
              const f = seg.field;
              const bits = f.bits.slice(seg.start - f.bitOffset, seg.start - f.bitOffset + seg.length);
              const continued = seg.start > f.bitOffset;
              return (
                <td
                  key={seg.start}
                  colSpan={seg.length}
                  className={`${fieldClass(f)}${hoverKey === f.key ? ' hl' : ''}`}
                  data-field={f.key}
                  title={`${f.name}: ${f.display} — ${f.description}`}
                  onMouseEnter={() => onHover(f.key)}
                  onMouseLeave={() => onHover(null)}
                >
                  {seg.length <= 2 && !continued ? (
                    // One-bit fields are too narrow for a name: stack its letters, as the RFC does.
                    <span className="label stacked">
                      {[...f.name].map((ch, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: letters are positional
                        <span key={i}>{ch}</span>
                      ))}
                    </span>
                  ) : (
                    <span className="label">
                      {f.name}
                      {continued ? ' (cont.)' : ''}
                    </span>
                  )}
                  <span className="bitvals">{bits}</span>
                </td>
              );
            })}
          </tr>
        ))}
        {payloadField ? (
          <tr>
            <td
              colSpan={BITS_PER_ROW}
              className={`f-payload${hoverKey === payloadField.key ? ' hl' : ''}`}
              onMouseEnter={() => onHover(payloadField.key)}
              onMouseLeave={() => onHover(null)}
            >
              <span className="label">
                {payloadField.name}: {payloadField.display}
              </span>
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

/** Bits as Wireshark prints a bit field inside its byte(s): `1... ....` */
function dottedBits(f: FrameField): string {
  if (!f.bits) return '';
  const firstBit = f.bitOffset - f.byteOffset * 8;
  const total = Math.max(1, f.byteLength) * 8;
  if (f.bitLength >= total) return f.bits.length > 16 ? `${f.bits.slice(0, 16)}…` : f.bits;
  let s = '';
  for (let i = 0; i < total; i++) {
    if (i > 0 && i % 4 === 0) s += ' ';
    s += i >= firstBit && i < firstBit + f.bitLength ? f.bits[i - firstBit] : '.';
  }
  return s;
}

export function FieldList({
  fields,
  hoverKey,
  onHover,
}: {
  fields: FrameField[];
  hoverKey: string | null;
  onHover: (key: string | null) => void;
}) {
  return (
    <table className="kv field-list">
      <tbody>
        {fields.map((f) => (
          <tr
            key={f.key}
            className={hoverKey === f.key ? 'hl' : undefined}
            onMouseEnter={() => onHover(f.key)}
            onMouseLeave={() => onHover(null)}
            title={f.description}
          >
            <th>
              <span className={`op-dot ${fieldClass(f)}`} />
              {f.name}
            </th>
            <td>{dottedBits(f)}</td>
            <td>{f.display}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HexView({
  bytes,
  fields,
  hoverKey,
  onHover,
  totalLength,
}: {
  bytes: Uint8Array;
  fields: FrameField[];
  hoverKey: string | null;
  onHover: (key: string | null) => void;
  totalLength: number;
}) {
  const hovered = fields.find((f) => f.key === hoverKey) ?? null;
  const inHover = (i: number) =>
    hovered != null && i >= hovered.byteOffset && i < hovered.byteOffset + Math.max(1, hovered.byteLength);
  const owner = useMemo(() => {
    const map: (string | null)[] = [];
    for (let i = 0; i < bytes.length; i++) map.push(fieldForByte(fields, i)?.key ?? null);
    return map;
  }, [bytes, fields]);
  const lines: number[] = [];
  for (let off = 0; off < bytes.length; off += BYTES_PER_LINE) lines.push(off);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: hover highlighting only; the field list shows the same
    <div className="hex" data-testid="hex-view" onMouseLeave={() => onHover(null)}>
      {lines.map((off) => {
        const idx = Array.from({ length: Math.min(BYTES_PER_LINE, bytes.length - off) }, (_, k) => off + k);
        return (
          <div key={off}>
            <span className="off">{offsetText(off, totalLength)}</span>
            {idx.map((i) => (
              // biome-ignore lint/a11y/noStaticElementInteractions: hover highlighting only
              <span
                key={i}
                className={`b${inHover(i) ? ' hl' : ''}`}
                data-offset={i}
                onMouseEnter={() => onHover(owner[i])}
              >
                {hexByte(bytes[i])}
              </span>
            ))}
            {' '.repeat((BYTES_PER_LINE - idx.length) * 3)}
            <span className="a">
              {idx.map((i) => (
                <span key={i} className={inHover(i) ? 'hl' : undefined}>
                  {asciiChar(bytes[i])}
                </span>
              ))}
            </span>
          </div>
        );
      })}
      {totalLength > bytes.length ? (
        <div className="muted">… {formatBytes(totalLength - bytes.length)} more (see the Payload tab)</div>
      ) : null}
    </div>
  );
}

export function MaskingTable({ frame }: { frame: FrameRecord }) {
  const key = frame.maskingKey;
  if (!key) return <div className="muted">Not masked: the payload bytes on the wire are the payload.</div>;
  const n = Math.min(MASK_ROWS, frame.payload.length);
  if (n === 0) return <div className="muted">Masked, but the payload is empty.</div>;
  const idx = Array.from({ length: n }, (_, i) => i);
  return (
    <table className="mask-table" data-testid="masking">
      <tbody>
        <tr>
          <th>i</th>
          {idx.map((i) => (
            <td key={i}>{i}</td>
          ))}
        </tr>
        <tr>
          <th>masked (wire)</th>
          {idx.map((i) => (
            <td key={i}>{hexByte(frame.payload[i] ^ key[i % 4])}</td>
          ))}
        </tr>
        <tr>
          <th>⊕ key[i mod 4]</th>
          {idx.map((i) => (
            <td key={i} className="f-key" title={`key byte ${i % 4}`}>
              {hexByte(key[i % 4])}
            </td>
          ))}
        </tr>
        <tr>
          <th>= unmasked</th>
          {idx.map((i) => (
            <td key={i}>
              <strong>{hexByte(frame.payload[i])}</strong>
            </td>
          ))}
        </tr>
        <tr>
          <th>char</th>
          {idx.map((i) => (
            <td key={i}>{asciiChar(frame.payload[i])}</td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

export function FrameDetailView({ frame }: { frame: FrameRecord }) {
  const [hoverKey, setHoverKey] = useState<string | null>(null);
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
        <FieldList fields={frame.fields} hoverKey={hoverKey} onHover={setHoverKey} />
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
