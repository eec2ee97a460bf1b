// The frame's bytes as on the wire in a hex dump (Wireshark's packet bytes pane): hovering a
// field highlights its bytes, hovering a byte highlights the field that holds it.

import { useMemo } from 'react';
import { asciiChar, BYTES_PER_LINE, type FrameField, hexByte, offsetText } from '../../../decoder/index.js';
import { formatBytes } from '../../model/labels.js';
import { type FindingMarks, NO_MARKS } from './finding-marks.js';
import { fieldForByte } from './layout.js';

export function HexView({
  bytes,
  fields,
  hoverKey,
  onHover,
  totalLength,
  marks = NO_MARKS,
  exactTotal = null,
}: {
  /** totalLength as exact decimal text when it is beyond 2^53 - 1. */
  exactTotal?: string | null;
  /** Bytes that break a rule, drawn in red (finding-marks.ts). */
  marks?: FindingMarks;
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
                className={`b${inHover(i) ? ' hl' : ''}${marks.bytes.has(i) ? ' bad' : ''}`}
                data-offset={i}
                onMouseEnter={() => onHover(owner[i])}
              >
                {hexByte(bytes[i])}
              </span>
            ))}
            {' '.repeat((BYTES_PER_LINE - idx.length) * 3)}
            <span className="a">
              {idx.map((i) => (
                <span key={i} className={`${inHover(i) ? 'hl' : ''}${marks.bytes.has(i) ? ' bad' : ''}` || undefined}>
                  {asciiChar(bytes[i])}
                </span>
              ))}
            </span>
          </div>
        );
      })}
      {totalLength > bytes.length ? (
        <div className="muted">
          …{' '}
          {exactTotal != null
            ? `${(BigInt(exactTotal) - BigInt(bytes.length)).toString()} bytes`
            : formatBytes(totalLength - bytes.length)}{' '}
          more (see the Payload tab)
        </div>
      ) : null}
    </div>
  );
}
