// Which bits and bytes of a frame its findings point at, to mark them in red in the bit diagram
// and the hex view. Findings carry codes, not offsets (findings.ts): the offending place follows
// from the code and the frame's decoded fields (a client frame without MASK: the MASK bit; a
// reserved opcode: the opcode bits; a close code that must not be sent: the code's two bytes;
// invalid UTF-8: the first invalid sequence, found here again in the unmasked payload).
//
// Offsets are wire offsets from the frame's first byte (header then payload), as the hex view
// numbers them; bits are numbered MSB-first from the frame's first bit, as FrameField does.

import type { FindingCode, FrameField, FrameRecord } from '../../../decoder/index.js';

export interface FindingMarks {
  /** Header bits that break a rule. */
  bits: ReadonlySet<number>;
  /** Wire byte offsets that break a rule (payload bytes, and header bytes holding a bad bit). */
  bytes: ReadonlySet<number>;
  /** Field keys that hold a marked bit, with the codes that mark them. */
  fields: ReadonlyMap<string, FindingCode[]>;
}

export const NO_MARKS: FindingMarks = { bits: new Set(), bytes: new Set(), fields: new Map() };

/**
 * The first invalid UTF-8 sequence of `bytes` as [start, end), or null when valid (a sequence
 * cut by the end of `bytes` counts as invalid only when `final`). Follows the Unicode "maximal
 * subpart" rule: the bad sequence stops at the first byte that cannot continue it.
 */
export function firstInvalidUtf8(bytes: Uint8Array, final = true, from = 0): [number, number] | null {
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f; // no UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f; // nothing beyond U+10FFFF
    } else return [i, i + 1];
    let j = 1;
    for (; j <= need; j++) {
      if (i + j >= bytes.length) return final ? [i, i + j] : null;
      const c = bytes[i + j];
      const [min, max] = j === 1 ? [lo, hi] : [0x80, 0xbf];
      if (c < min || c > max) return [i, i + j];
    }
    i += need + 1;
  }
  return null;
}

/** Every invalid UTF-8 sequence of `bytes` (at most `max`), as [start, end) pairs. */
export function invalidUtf8Ranges(bytes: Uint8Array, max = 4096): [number, number][] {
  const out: [number, number][] = [];
  for (let bad = firstInvalidUtf8(bytes); bad && out.length < max; bad = firstInvalidUtf8(bytes, true, bad[1])) {
    out.push(bad);
  }
  return out;
}

/** Where the fields of `frame` with one of `keys` lie. */
function fieldsWith(frame: FrameRecord, keys: readonly string[]): FrameField[] {
  return frame.fields.filter((f) => keys.includes(f.key));
}

const LENGTH_KEYS = ['websocket.payload_length', 'websocket.payload_length_ext16', 'websocket.payload_length_ext64'];

/**
 * The marks of `codes` on `frame`. `utf8` is where the frame's part of an invalid text message
 * breaks, in payload offsets of this frame (the caller knows the message; empty: not here).
 */
export function findingMarks(
  frame: FrameRecord,
  codes: readonly FindingCode[],
  utf8: readonly [number, number][] = [],
): FindingMarks {
  if (codes.length === 0) return NO_MARKS;
  const bits = new Set<number>();
  const bytes = new Set<number>();
  const fields = new Map<string, FindingCode[]>();
  const markField = (f: FrameField, code: FindingCode, onlyBit?: number) => {
    const from = onlyBit ?? f.bitOffset;
    const to = onlyBit != null ? onlyBit + 1 : f.bitOffset + f.bitLength;
    for (let b = from; b < to; b++) {
      bits.add(b);
      bytes.add(b >> 3);
    }
    fields.set(f.key, [...(fields.get(f.key) ?? []), code]);
  };
  const markPayload = (start: number, end: number) => {
    for (let i = start; i < end && i < frame.payloadLength; i++) bytes.add(frame.headerLength + i);
  };
  for (const code of new Set(codes)) {
    switch (code) {
      case 'frame.client-unmasked':
      case 'frame.server-masked':
        for (const f of fieldsWith(frame, ['websocket.mask'])) markField(f, code);
        break;
      case 'frame.rsv-without-extension':
      case 'extension.not-negotiated':
        for (const f of fieldsWith(frame, ['websocket.rsv1', 'websocket.rsv2', 'websocket.rsv3']))
          if (f.value === true) markField(f, code);
        break;
      case 'frame.reserved-opcode':
        for (const f of fieldsWith(frame, ['websocket.opcode'])) markField(f, code);
        break;
      case 'frame.control-fragmented':
        for (const f of fieldsWith(frame, ['websocket.fin'])) markField(f, code);
        break;
      case 'frame.control-too-long':
      case 'frame.non-minimal-length':
        for (const f of fieldsWith(frame, LENGTH_KEYS)) markField(f, code);
        break;
      case 'frame.length-top-bit':
        for (const f of fieldsWith(frame, ['websocket.payload_length_ext64'])) markField(f, code, f.bitOffset);
        break;
      case 'close.invalid-code':
        markPayload(0, 2);
        break;
      case 'close.invalid-payload': {
        if (frame.payload.length === 1) markPayload(0, 1);
        else for (const [a, b] of invalidUtf8Ranges(frame.payload.subarray(2))) markPayload(a + 2, b + 2);
        break;
      }
      case 'message.invalid-utf8':
        for (const [a, b] of utf8) markPayload(a, b);
        break;
      default:
        break;
    }
  }
  return { bits, bytes, fields };
}

/**
 * Where an invalid text message breaks inside one of its frames, in that frame's payload offsets:
 * `message` is the whole (uncompressed) payload, the frame's part starts at `start` and is
 * `length` bytes long. Empty when every invalid sequence is in other frames.
 */
export function utf8BreakInFrame(message: Uint8Array, start: number, length: number): [number, number][] {
  const end = start + length;
  const out: [number, number][] = [];
  for (const [a, b] of invalidUtf8Ranges(message)) {
    if (b <= start || a >= end) continue;
    out.push([Math.max(a, start) - start, Math.min(b, end) - start]);
  }
  return out;
}
