// Where a frame's payload bytes are in the capture file, found as the frame is decoded: each of
// its spans (FrameRecord.spans: record number, offset from the frame's first byte, length) is
// looked for in that record's bytes (record-index.ts) as the frame's wire bytes (header, then
// the payload masked again). The payload is then read back by range and unmasked
// (file-payloads.ts) instead of being kept.
//
// Found by comparing bytes, not by parsing link, IP and TCP headers: a match is by definition
// the same bytes, so reading them back gives the payload even where the match is not the place
// the decoder took them from (a short span that also occurs earlier in the record). A frame not
// found whole (its record no longer held, bytes not in the file as such: TLS-decrypted, IP
// fragments, a cut frame) keeps its payload.

import type { FrameRecord } from '../../decoder/index.js';
import type { RecordIndex } from './record-index.js';

/** Per connection and direction: the record and position just after the last span found. */
type Hints = Map<number, { record: number; next: number }>;

export class FrameLocator {
  private readonly hints: Hints = new Map();

  constructor(private readonly index: RecordIndex) {}

  /**
   * The payload's places in the file as [offset, length, offset, length, …] in payload order,
   * or null when it cannot be found whole (the caller keeps the payload).
   */
  locate(f: FrameRecord): number[] | null {
    const hl = f.headerLength;
    const payload = f.payload;
    if (!f.complete || f.header.length !== hl || payload.length !== f.payloadLength || payload.length === 0)
      return null;
    const key = f.masked ? f.maskingKey : null;
    if (f.masked && !key) return null;
    const hintKey = f.connectionId * 2 + (f.direction === 'server' ? 1 : 0);
    const pieces: number[] = [];
    let covered = 0;
    for (const s of f.spans) {
      if (s.offset !== covered) return null;
      const rec = this.index.dataOf(s.record);
      if (!rec) return null;
      const hint = this.hints.get(hintKey);
      const at = findWire(f, key, s.offset, s.length, rec.bytes, hint?.record === s.record ? hint.next : 0);
      if (at < 0) return null;
      this.hints.set(hintKey, { record: s.record, next: at + s.length });
      covered += s.length;
      // the part of this span that is payload
      const from = Math.max(s.offset, hl);
      const to = s.offset + s.length;
      if (to <= from) continue;
      const offset = rec.offset + at + (from - s.offset);
      const n = pieces.length;
      if (n > 0 && pieces[n - 2] + pieces[n - 1] === offset) pieces[n - 1] += to - from;
      else pieces.push(offset, to - from);
    }
    return covered === hl + payload.length ? pieces : null;
  }
}

/**
 * Where in `data` the frame's wire bytes [from, from + length) are: at `hint` if they are there
 * (frames follow one another in a record), else the first place from the start.
 */
function findWire(
  f: FrameRecord,
  key: Uint8Array | null,
  from: number,
  length: number,
  data: Uint8Array,
  hint: number,
): number {
  if (hint + length <= data.length && wireAt(f, key, from, length, data, hint)) return hint;
  const last = data.length - length;
  const first = wireByte(f, key, from);
  for (let at = 0; at <= last; at++) {
    if (data[at] === first && wireAt(f, key, from, length, data, at)) return at;
  }
  return -1;
}

function wireAt(
  f: FrameRecord,
  key: Uint8Array | null,
  from: number,
  length: number,
  data: Uint8Array,
  at: number,
): boolean {
  const hl = f.headerLength;
  const header = f.header;
  const payload = f.payload;
  let k = from;
  let i = at;
  const end = from + length;
  for (; k < end && k < hl; k++, i++) if (data[i] !== header[k]) return false;
  if (key) {
    for (; k < end; k++, i++) if (data[i] !== (payload[k - hl] ^ key[(k - hl) & 3])) return false;
  } else {
    for (; k < end; k++, i++) if (data[i] !== payload[k - hl]) return false;
  }
  return true;
}

function wireByte(f: FrameRecord, key: Uint8Array | null, k: number): number {
  const hl = f.headerLength;
  if (k < hl) return f.header[k];
  const b = f.payload[k - hl];
  return key ? b ^ key[(k - hl) & 3] : b;
}
