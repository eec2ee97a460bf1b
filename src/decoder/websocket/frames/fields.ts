// Field instances for the bit-level view of one frame header (records.ts FrameField): which
// registered field (../field-registry.ts), where its bytes and bits are, its value. Offsets are
// relative to the frame's first byte; bits are numbered MSB-first as RFC 6455 §5.2 draws them.
// Every position comes from the registry's `at` (mask or "after" rule), none is written here.
//
// Rules
// - Built from the raw header bytes only; a header cut short yields the fields whose bytes are all
//   present (and no payload field).
// - The fields of byte 0 (FIN..opcode) and byte 1 (MASK, 7-bit length) depend on that byte only:
//   they are built once per byte value and shared, frozen, between frames (small-message traffic
//   would otherwise build ~7 objects per frame). Only the extended length and masking key fields
//   are built per frame, and the payload field unless the 7-bit length (byte 1 again) gives it.
//   Callers never mutate fields.

import { hexOfRange } from '../../format.js';
import type { FrameField } from '../../records.js';
import { type FieldKey, fieldDef, maskBits } from '../field-registry.js';
import { opcodeLabel } from '../opcodes.js';
import { MASK_BIT, PAYLOAD_LEN_16, PAYLOAD_LEN_64, PAYLOAD_LEN_MASK } from './constants.js';
import { headerLengthFor } from './header.js';

/** A field of a fixed header byte: position and width from its registered mask. */
function bitField(key: FieldKey, value: boolean | number, display: string): FrameField {
  const at = fieldDef(key).at;
  if (!('mask' in at)) throw new Error(`${key} is not a bit field`);
  const { shift, width } = maskBits(at.mask);
  return Object.freeze({
    key,
    byteOffset: at.byte,
    byteLength: 1,
    bitOffset: at.byte * 8 + shift,
    bitLength: width,
    value,
    display,
  });
}

/** A field of whole bytes at `byteOffset` (placed by its registered "after" rule). */
function byteField(
  key: FieldKey,
  byteOffset: number,
  byteLength: number,
  value: number | string,
  display: string,
): FrameField {
  return { key, byteOffset, byteLength, bitOffset: byteOffset * 8, bitLength: byteLength * 8, value, display };
}

/** The value of a bit field in its header byte. */
function bits(key: FieldKey, b: number): number {
  const at = fieldDef(key).at as { mask: number };
  const { shift, width } = maskBits(at.mask);
  // shift counts from the byte's most significant bit; the value ends 8 - shift - width bits up.
  return (b & at.mask) >>> (8 - shift - width);
}

const flagText = (set: boolean): string => (set ? 'true' : 'false');

function flag(key: FieldKey, b: number): FrameField {
  const set = bits(key, b) !== 0;
  return bitField(key, set, flagText(set));
}

const BYTE0_FIELDS: (readonly FrameField[] | undefined)[] = new Array(256);
const BYTE1_FIELDS: (readonly FrameField[] | undefined)[] = new Array(256);

/** FIN, RSV1-3 and opcode for header byte 0 (shared and frozen). */
function byte0Fields(b0: number): readonly FrameField[] {
  const cached = BYTE0_FIELDS[b0];
  if (cached !== undefined) return cached;
  const opcode = bits('websocket.opcode', b0);
  const built = Object.freeze([
    flag('websocket.fin', b0),
    flag('websocket.rsv1', b0),
    flag('websocket.rsv2', b0),
    flag('websocket.rsv3', b0),
    bitField('websocket.opcode', opcode, opcodeLabel(opcode)),
  ]);
  BYTE0_FIELDS[b0] = built;
  return built;
}

function length7Text(length7: number): string {
  if (length7 === PAYLOAD_LEN_16) return '126 = 16-bit length follows';
  if (length7 === PAYLOAD_LEN_64) return '127 = 64-bit length follows';
  return String(length7);
}

/** MASK and the 7-bit payload length for header byte 1 (shared and frozen). */
function byte1Fields(b1: number): readonly FrameField[] {
  const cached = BYTE1_FIELDS[b1];
  if (cached !== undefined) return cached;
  const length7 = bits('websocket.payload_length', b1);
  const built = Object.freeze([
    flag('websocket.mask', b1),
    bitField('websocket.payload_length', length7, length7Text(length7)),
  ]);
  BYTE1_FIELDS[b1] = built;
  return built;
}

/** Bytes of a registered "after" field. */
function sizeOf(key: FieldKey): number {
  return (fieldDef(key).at as { bytes: number }).bytes;
}

const EXT16_BYTES = sizeOf('websocket.payload_length_ext16');
const EXT64_BYTES = sizeOf('websocket.payload_length_ext64');
const KEY_BYTES = sizeOf('websocket.masking_key');

/**
 * The field records of a frame whose header bytes are `header` (2..14 bytes; fewer when cut)
 * and whose payload is `payloadLength` bytes long.
 */
export function buildFrameFields(header: Uint8Array, payloadLength: number): FrameField[] {
  const fields: FrameField[] = [];
  if (header.length < 1) return fields;
  const byte0 = byte0Fields(header[0]);
  for (let i = 0; i < byte0.length; i++) fields.push(byte0[i] as FrameField);
  if (header.length < 2) return fields;
  const b1 = header[1];
  // The registry places MASK and Payload len by these same masks (per frame: no lookups here).
  const masked = (b1 & MASK_BIT) !== 0;
  const length7 = b1 & PAYLOAD_LEN_MASK;
  const byte1 = byte1Fields(b1);
  fields.push(byte1[0] as FrameField, byte1[1] as FrameField);
  // 'len7': the extended length starts right after the two fixed bytes.
  let offset = 2;
  let lengthText: string | null = null;
  if (length7 === PAYLOAD_LEN_16) {
    const n = EXT16_BYTES;
    if (header.length < offset + n) return fields;
    const value = (header[offset] << 8) | header[offset + 1];
    fields.push(byteField('websocket.payload_length_ext16', offset, n, value, String(value)));
    offset += n;
  } else if (length7 === PAYLOAD_LEN_64) {
    const n = EXT64_BYTES;
    // (its exact text also names the payload's size below: a number beyond 2^53 - 1 is not exact)
    if (header.length < offset + n) return fields;
    let exact = 0n;
    for (let i = offset; i < offset + n; i++) exact = (exact << 8n) | BigInt(header[i]);
    const text = exact.toString();
    const value = exact <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : text;
    fields.push(byteField('websocket.payload_length_ext64', offset, n, value, text));
    if (typeof value === 'string') lengthText = text;
    offset += n;
  }
  // 'length': the masking key follows the extended length.
  if (masked) {
    const n = KEY_BYTES;
    if (header.length < offset + n) return fields;
    const value =
      ((header[offset] << 24) | (header[offset + 1] << 16) | (header[offset + 2] << 8) | header[offset + 3]) >>> 0;
    fields.push(byteField('websocket.masking_key', offset, n, value, `0x${hexOfRange(header, offset, offset + n)}`));
    offset += n;
  }
  if (header.length < headerLengthFor(b1)) return fields;
  // 'header': the payload follows the whole header. A 7-bit length: byte 1 fixes the payload
  // field too (offset and length), so share it.
  if (length7 < PAYLOAD_LEN_16 && payloadLength === length7) {
    let shared = PAYLOAD_FIELDS[b1];
    if (shared === undefined) {
      shared = Object.freeze(payloadField(offset, payloadLength, masked));
      PAYLOAD_FIELDS[b1] = shared;
    }
    fields.push(shared);
  } else {
    fields.push(payloadField(offset, payloadLength, masked, lengthText));
  }
  return fields;
}

const PAYLOAD_FIELDS: (FrameField | undefined)[] = new Array(256);

/** `lengthText`: the exact length when it is beyond 2^53 - 1 (the number is then rounded). */
function payloadField(
  offset: number,
  payloadLength: number,
  masked: boolean,
  lengthText: string | null = null,
): FrameField {
  const size = lengthText ?? String(payloadLength);
  const display = `${size} byte${payloadLength === 1 ? '' : 's'}${masked ? ' (masked on the wire)' : ''}`;
  return byteField('websocket.payload', offset, payloadLength, payloadLength, display);
}
