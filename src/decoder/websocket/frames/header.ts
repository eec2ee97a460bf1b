// Decoding one RFC 6455 §5.2 frame header out of a byte buffer, shared by the streaming parser
// (which keeps the header in a 14-byte scratch buffer) and the heuristics (which read headers in
// place in a whole buffer).
//
// Rules
// - Pure function of the bytes; never throws, never allocates except the returned record.
// - The 64-bit length is read as two uint32 halves. A value above Number.MAX_SAFE_INTEGER cannot
//   be represented exactly, so `lengthTrusted` is false and the caller must not skip by it.

import {
  FIN_BIT,
  MASK_BIT,
  MASKING_KEY_LENGTH,
  OPCODE_MASK,
  PAYLOAD_LEN_16,
  PAYLOAD_LEN_64,
  PAYLOAD_LEN_MASK,
  RSV1_BIT,
  RSV2_BIT,
  RSV3_BIT,
} from './constants.js';

export interface FrameHeader {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  /** The 7-bit "Payload len" field as sent (0..127). */
  length7: number;
  lengthForm: 7 | 16 | 64;
  /** Payload length (approximate when !lengthTrusted). */
  payloadLength: number;
  /** False when the 64-bit length exceeds 2^53 - 1 (includes a set top bit). */
  lengthTrusted: boolean;
  /** The most significant bit of the 64-bit length (RFC 6455 §5.2: MUST be 0). */
  lengthTopBit: boolean;
  /** Exact decimal text of a 64-bit length beyond 2^53 - 1, else '' (see lengthTextOf). */
  lengthText: string;
  headerLength: number;
  /** Offset of the masking key within the header, or -1. */
  maskOffset: number;
}

/** Exact decimal text of the payload length, for messages (built only when a message needs it). */
export function lengthTextOf(h: FrameHeader): string {
  return h.lengthText !== '' ? h.lengthText : String(h.payloadLength);
}

/** Which length form a 7-bit "Payload len" value selects. */
export function lengthFormFor(length7: number): 7 | 16 | 64 {
  return length7 === PAYLOAD_LEN_16 ? 16 : length7 === PAYLOAD_LEN_64 ? 64 : 7;
}

/** Header length implied by byte 1 (MASK bit and 7-bit length). */
export function headerLengthFor(byte1: number): number {
  const len7 = byte1 & PAYLOAD_LEN_MASK;
  const ext = len7 === PAYLOAD_LEN_16 ? 2 : len7 === PAYLOAD_LEN_64 ? 8 : 0;
  return 2 + ext + ((byte1 & MASK_BIT) !== 0 ? MASKING_KEY_LENGTH : 0);
}

/**
 * Decode the header starting at `buf[offset]`, reading no further than `end` (exclusive).
 * Returns null when the header is not complete within the available bytes.
 */
export function decodeHeader(buf: Uint8Array, offset: number, end: number): FrameHeader | null {
  if (end - offset < 2) return null;
  const b0 = buf[offset];
  const b1 = buf[offset + 1];
  const headerLength = headerLengthFor(b1);
  if (end - offset < headerLength) return null;
  const masked = (b1 & MASK_BIT) !== 0;
  const length7 = b1 & PAYLOAD_LEN_MASK;
  const lengthForm = lengthFormFor(length7);
  let payloadLength = length7;
  let lengthTrusted = true;
  let lengthTopBit = false;
  let lengthText = '';
  if (lengthForm === 16) {
    payloadLength = (buf[offset + 2] << 8) | buf[offset + 3];
  } else if (lengthForm === 64) {
    const p = offset + 2;
    const high = ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
    const low = ((buf[p + 4] << 24) | (buf[p + 5] << 16) | (buf[p + 6] << 8) | buf[p + 7]) >>> 0;
    lengthTopBit = (high & 0x8000_0000) !== 0;
    // 2^53 - 1 has 21 bits in the high word.
    lengthTrusted = high <= 0x1f_ffff;
    payloadLength = high * 0x1_0000_0000 + low;
    if (!lengthTrusted) lengthText = ((BigInt(high) << 32n) | BigInt(low)).toString();
  }
  return {
    fin: (b0 & FIN_BIT) !== 0,
    rsv1: (b0 & RSV1_BIT) !== 0,
    rsv2: (b0 & RSV2_BIT) !== 0,
    rsv3: (b0 & RSV3_BIT) !== 0,
    opcode: b0 & OPCODE_MASK,
    masked,
    length7,
    lengthForm,
    payloadLength,
    lengthTrusted,
    lengthTopBit,
    lengthText,
    headerLength,
    maskOffset: masked ? headerLength - MASKING_KEY_LENGTH : -1,
  };
}
