// Pure layout of the bit-level frame view: which registered field each decoded field is, its
// bits as sent, the 32-bit rows of the RFC 6455 §5.2 diagram, which field owns a byte, and the
// frame's bytes as they were on the wire. Names, meanings and colours come from the decoder's
// field registry (WS_FIELDS), never from the spelling of a key.

import {
  type FieldDef,
  type FrameField,
  type FrameRecord,
  fieldDef,
  type WsFieldGroup,
} from '../../../decoder/index.js';

export const BITS_PER_ROW = 32;
/** Wire bytes shown in the hex dump; the payload viewer shows whole payloads. */
export const HEX_LIMIT = 512;

/** The CSS class (colour) of each field group. */
const GROUP_CLASS: Readonly<Record<WsFieldGroup, string>> = {
  flag: 'f-fin',
  rsv: 'f-rsv',
  opcode: 'f-opcode',
  mask: 'f-mask',
  length: 'f-len',
  key: 'f-key',
  payload: 'f-payload',
};

export function fieldClass(field: Pick<FrameField, 'key'>): string {
  return GROUP_CLASS[fieldDef(field.key).group];
}

export function defOf(field: Pick<FrameField, 'key'>): FieldDef<WsFieldGroup> {
  return fieldDef(field.key);
}

/** "FIN: true — RFC 6455 §5.2: 1 = this is the final fragment in a message" */
export function fieldTitle(field: FrameField): string {
  const def = fieldDef(field.key);
  return `${def.name}: ${field.display} — ${def.rfc}: ${def.blurb}`;
}

/** Header fields are drawn bit by bit; the payload is not. */
export function isHeaderField(f: FrameField): boolean {
  return fieldDef(f.key).group !== 'payload';
}

/** The field's bits as sent, MSB first ('' for the payload or bits not captured). */
export function fieldBits(header: Uint8Array, f: FrameField): string {
  if (!isHeaderField(f) || f.bitOffset + f.bitLength > header.length * 8) return '';
  let s = '';
  for (let bit = f.bitOffset; bit < f.bitOffset + f.bitLength; bit++) {
    s += (header[bit >> 3] >> (7 - (bit & 7))) & 1 ? '1' : '0';
  }
  return s;
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

export interface Segment {
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

/** The field that holds byte `offset`: the narrowest one (MASK before the 7-bit length, say). */
export function fieldForByte(fields: FrameField[], offset: number): FrameField | null {
  let best: FrameField | null = null;
  for (const f of fields) {
    if (offset >= f.byteOffset && offset < f.byteOffset + Math.max(1, f.byteLength)) {
      if (!best || f.byteLength < best.byteLength || (f.byteLength === best.byteLength && f.bitLength < best.bitLength))
        best = f;
    }
  }
  return best;
}

/** Bits as Wireshark prints a bit field inside its byte(s): `1... ....` */
export function dottedBits(f: FrameField, bits: string): string {
  if (!bits) return '';
  const firstBit = f.bitOffset - f.byteOffset * 8;
  const total = Math.max(1, f.byteLength) * 8;
  if (f.bitLength >= total) return bits.length > 16 ? `${bits.slice(0, 16)}…` : bits;
  let s = '';
  for (let i = 0; i < total; i++) {
    if (i > 0 && i % 4 === 0) s += ' ';
    s += i >= firstBit && i < firstBit + f.bitLength ? bits[i - firstBit] : '.';
  }
  return s;
}
