// Field records for the bit-level view of one frame header (Wireshark's field_info, records.ts
// FrameField). This is the contract with the UI: offsets are relative to the frame's first byte,
// bits are numbered MSB-first as RFC 6455 §5.2 draws them (FIN = bit 0, opcode = bits 4-7,
// MASK = bit 8, Payload len = bits 9-15, extended length from bit 16, then the masking key).
//
// Rules
// - Built from the raw header bytes only; a header cut short yields the fields whose bytes are all
//   present (and no payload field).
// - `bits` is the field's raw bit string; the payload field has bits '' (it can be megabytes).
// - Bit strings come from a 256-entry table so a tiny frame costs a few slices, not per-bit work.
// - The fields of byte 0 (FIN..opcode) and byte 1 (MASK, 7-bit length) depend on that byte only:
//   they are built once per byte value and shared, frozen, between frames (every frame built
//   them afresh before: ~7 objects per frame on small-message traffic). Only the extended
//   length and masking key fields are built per frame, and the payload field unless the 7-bit
//   length (byte 1 again) gives it. Callers never mutate fields.

import type { FrameField } from '../../records.js';
import { OPCODE_NAMES } from '../../records.js';
import {
  FIN_BIT,
  MASK_BIT,
  OPCODE_MASK,
  PAYLOAD_LEN_16,
  PAYLOAD_LEN_64,
  PAYLOAD_LEN_MASK,
  RSV1_BIT,
  RSV2_BIT,
  RSV3_BIT,
} from './constants.js';
import { headerLengthFor } from './header.js';

const BITS8: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(2).padStart(8, '0'));
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function bitsOf(header: Uint8Array, start: number, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += BITS8[header[start + i]];
  return s;
}

function hexOf(header: Uint8Array, start: number, count: number): string {
  let s = '0x';
  for (let i = 0; i < count; i++) s += HEX2[header[start + i]];
  return s;
}

/** "1 (text)", "3 (reserved)". */
export function opcodeDisplay(opcode: number): string {
  return `${opcode} (${OPCODE_NAMES[opcode] ?? 'reserved'})`;
}

const OPCODE_DESCRIPTION =
  'RFC 6455 §5.2: defines how to interpret the payload: 0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong; 3-7 and 11-15 are reserved';

function flag(key: string, name: string, bitOffset: number, set: boolean, description: string): FrameField {
  return {
    key,
    name,
    byteOffset: 0,
    byteLength: 1,
    bitOffset,
    bitLength: 1,
    bits: set ? '1' : '0',
    display: set ? 'true' : 'false',
    description,
  };
}

const BYTE0_FIELDS: (readonly FrameField[] | undefined)[] = new Array(256);
const BYTE1_FIELDS: (readonly FrameField[] | undefined)[] = new Array(256);

/** FIN, RSV1-3 and opcode for header byte 0 (shared and frozen). */
function byte0Fields(b0: number): readonly FrameField[] {
  const cached = BYTE0_FIELDS[b0];
  if (cached !== undefined) return cached;
  const bits0 = BITS8[b0] as string;
  const opcode = b0 & OPCODE_MASK;
  const built = Object.freeze(
    [
      flag(
        'websocket.fin',
        'FIN',
        0,
        (b0 & FIN_BIT) !== 0,
        'RFC 6455 §5.2: 1 = this is the final fragment in a message',
      ),
      flag(
        'websocket.rsv1',
        'RSV1',
        1,
        (b0 & RSV1_BIT) !== 0,
        'RFC 6455 §5.2: must be 0 unless an extension defines it (permessage-deflate: message is compressed)',
      ),
      flag(
        'websocket.rsv2',
        'RSV2',
        2,
        (b0 & RSV2_BIT) !== 0,
        'RFC 6455 §5.2: must be 0 unless an extension defines it',
      ),
      flag(
        'websocket.rsv3',
        'RSV3',
        3,
        (b0 & RSV3_BIT) !== 0,
        'RFC 6455 §5.2: must be 0 unless an extension defines it',
      ),
      {
        key: 'websocket.opcode',
        name: 'Opcode',
        byteOffset: 0,
        byteLength: 1,
        bitOffset: 4,
        bitLength: 4,
        bits: bits0.slice(4),
        display: opcodeDisplay(opcode),
        description: OPCODE_DESCRIPTION,
      },
    ].map((f) => Object.freeze(f)),
  );
  BYTE0_FIELDS[b0] = built;
  return built;
}

/** MASK and the 7-bit payload length for header byte 1 (shared and frozen). */
function byte1Fields(b1: number): readonly FrameField[] {
  const cached = BYTE1_FIELDS[b1];
  if (cached !== undefined) return cached;
  const bits1 = BITS8[b1] as string;
  const masked = (b1 & MASK_BIT) !== 0;
  const length7 = b1 & PAYLOAD_LEN_MASK;
  const built = Object.freeze(
    [
      {
        key: 'websocket.mask',
        name: 'MASK',
        byteOffset: 1,
        byteLength: 1,
        bitOffset: 8,
        bitLength: 1,
        bits: bits1.slice(0, 1),
        display: masked ? 'true' : 'false',
        description:
          'RFC 6455 §5.2: 1 = a masking key follows and the payload is masked; clients must mask, servers must not',
      },
      {
        key: 'websocket.payload_length',
        name: 'Payload length',
        byteOffset: 1,
        byteLength: 1,
        bitOffset: 9,
        bitLength: 7,
        bits: bits1.slice(1),
        display:
          length7 === PAYLOAD_LEN_16
            ? '126 = 16-bit length follows'
            : length7 === PAYLOAD_LEN_64
              ? '127 = 64-bit length follows'
              : String(length7),
        description: 'RFC 6455 §5.2: payload length 0-125; 126 = 16-bit length follows, 127 = 64-bit length follows',
      },
    ].map((f) => Object.freeze(f)),
  );
  BYTE1_FIELDS[b1] = built;
  return built;
}

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
  const masked = (b1 & MASK_BIT) !== 0;
  const length7 = b1 & PAYLOAD_LEN_MASK;
  const byte1 = byte1Fields(b1);
  fields.push(byte1[0] as FrameField, byte1[1] as FrameField);
  let offset = 2;
  if (length7 === PAYLOAD_LEN_16) {
    if (header.length < 4) return fields;
    fields.push({
      key: 'websocket.payload_length_ext16',
      name: 'Extended payload length (16 bits)',
      byteOffset: 2,
      byteLength: 2,
      bitOffset: 16,
      bitLength: 16,
      bits: bitsOf(header, 2, 2),
      display: String((header[2] << 8) | header[3]),
      description: 'RFC 6455 §5.2: 16-bit unsigned payload length in network byte order (used for 126..65535)',
    });
    offset = 4;
  } else if (length7 === PAYLOAD_LEN_64) {
    if (header.length < 10) return fields;
    let value = 0n;
    for (let i = 2; i < 10; i++) value = (value << 8n) | BigInt(header[i]);
    fields.push({
      key: 'websocket.payload_length_ext64',
      name: 'Extended payload length (64 bits)',
      byteOffset: 2,
      byteLength: 8,
      bitOffset: 16,
      bitLength: 64,
      bits: bitsOf(header, 2, 8),
      display: value.toString(),
      description:
        'RFC 6455 §5.2: 64-bit unsigned payload length in network byte order (used from 65536; most significant bit must be 0)',
    });
    offset = 10;
  }
  if (masked) {
    if (header.length < offset + 4) return fields;
    fields.push({
      key: 'websocket.masking_key',
      name: 'Masking key',
      byteOffset: offset,
      byteLength: 4,
      bitOffset: offset * 8,
      bitLength: 32,
      bits: bitsOf(header, offset, 4),
      display: hexOf(header, offset, 4),
      description: 'RFC 6455 §5.3: payload byte i is XORed with masking key byte i mod 4',
    });
    offset += 4;
  }
  if (header.length < headerLengthFor(b1)) return fields;
  // A 7-bit length: byte 1 fixes the payload field too (offset and length), so share it.
  if (length7 < PAYLOAD_LEN_16 && payloadLength === length7) {
    let shared = PAYLOAD_FIELDS[b1];
    if (shared === undefined) {
      shared = Object.freeze(payloadField(offset, payloadLength, masked));
      PAYLOAD_FIELDS[b1] = shared;
    }
    fields.push(shared);
  } else {
    fields.push(payloadField(offset, payloadLength, masked));
  }
  return fields;
}

const PAYLOAD_FIELDS: (FrameField | undefined)[] = new Array(256);

function payloadField(offset: number, payloadLength: number, masked: boolean): FrameField {
  return {
    key: 'websocket.payload',
    name: 'Payload data',
    byteOffset: offset,
    byteLength: payloadLength,
    bitOffset: offset * 8,
    bitLength: payloadLength * 8,
    bits: '',
    display: `${payloadLength} byte${payloadLength === 1 ? '' : 's'}${masked ? ' (masked on the wire)' : ''}`,
    description: 'RFC 6455 §5.2: extension data followed by application data; unmasked before use when MASK is 1',
  };
}
