// The registry of a frame header's fields (Wireshark's hf_register_info for "websocket.*"):
// each field is declared once here, with where its bits lie, its group, a one-line meaning and
// its RFC section. A field instance (records.ts FrameField) holds only its key, its position and
// its value; names and meanings are looked up here by the CLI and the UI, and the UI's colours
// come from `group` (never from the spelling of the key).
//
// Where a field lies (`at`), as RFC 6455 §5.2 draws it, bits numbered MSB-first from the frame's
// first bit:
// - { byte, mask }: bits of a fixed header byte (0 or 1). The bit offset and width come from the
//   mask, so no bit position is written by hand: FIN is byte 0 mask 0x80 → bit 0, width 1.
// - { after, bytes }: whole bytes that start where an earlier part of the header ends:
//   'len7'   after the two fixed bytes (the extended length, offset 2),
//   'length' after the extended length, if any (the masking key: offset 2, 4 or 10),
//   'header' after the whole header (the payload). bytes 'payload' = the payload length.
// The masks are the named constants of frames/constants.ts, which the header decoder uses too:
// one source for both.

import {
  FIN_BIT,
  MASK_BIT,
  MASKING_KEY_LENGTH,
  OPCODE_MASK,
  PAYLOAD_LEN_MASK,
  RSV1_BIT,
  RSV2_BIT,
  RSV3_BIT,
} from './frames/constants.js';

export type WsFieldGroup = 'flag' | 'rsv' | 'opcode' | 'mask' | 'length' | 'key' | 'payload';

export type FieldPlace =
  | { byte: number; mask: number }
  | { after: 'len7' | 'length' | 'header'; bytes: number | 'payload' };

/** One registered field. `G` is the protocol's set of groups (colours, legend). */
export interface FieldDef<G extends string = string> {
  /** Display name, e.g. "FIN". */
  name: string;
  group: G;
  at: FieldPlace;
  /** One line for a learner: what the field says. */
  blurb: string;
  /** Where the RFC defines it, e.g. "RFC 6455 §5.2". */
  rfc: string;
}

const RFC_FRAMING = 'RFC 6455 §5.2';

export const WS_FIELDS = Object.freeze({
  'websocket.fin': {
    name: 'FIN',
    group: 'flag',
    at: { byte: 0, mask: FIN_BIT },
    blurb: '1 = this is the final fragment in a message',
    rfc: RFC_FRAMING,
  },
  'websocket.rsv1': {
    name: 'RSV1',
    group: 'rsv',
    at: { byte: 0, mask: RSV1_BIT },
    blurb: 'must be 0 unless an extension defines it (permessage-deflate: message is compressed)',
    rfc: RFC_FRAMING,
  },
  'websocket.rsv2': {
    name: 'RSV2',
    group: 'rsv',
    at: { byte: 0, mask: RSV2_BIT },
    blurb: 'must be 0 unless an extension defines it',
    rfc: RFC_FRAMING,
  },
  'websocket.rsv3': {
    name: 'RSV3',
    group: 'rsv',
    at: { byte: 0, mask: RSV3_BIT },
    blurb: 'must be 0 unless an extension defines it',
    rfc: RFC_FRAMING,
  },
  'websocket.opcode': {
    name: 'Opcode',
    group: 'opcode',
    at: { byte: 0, mask: OPCODE_MASK },
    blurb:
      'defines how to interpret the payload: 0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong; 3-7 and 11-15 are reserved',
    rfc: RFC_FRAMING,
  },
  'websocket.mask': {
    name: 'MASK',
    group: 'mask',
    at: { byte: 1, mask: MASK_BIT },
    blurb: '1 = a masking key follows and the payload is masked; clients must mask, servers must not',
    rfc: RFC_FRAMING,
  },
  'websocket.payload_length': {
    name: 'Payload length',
    group: 'length',
    at: { byte: 1, mask: PAYLOAD_LEN_MASK },
    blurb: 'payload length 0-125; 126 = 16-bit length follows, 127 = 64-bit length follows',
    rfc: RFC_FRAMING,
  },
  'websocket.payload_length_ext16': {
    name: 'Extended payload length (16 bits)',
    group: 'length',
    at: { after: 'len7', bytes: 2 },
    blurb: '16-bit unsigned payload length in network byte order (used for 126..65535)',
    rfc: RFC_FRAMING,
  },
  'websocket.payload_length_ext64': {
    name: 'Extended payload length (64 bits)',
    group: 'length',
    at: { after: 'len7', bytes: 8 },
    blurb: '64-bit unsigned payload length in network byte order (used from 65536; most significant bit must be 0)',
    rfc: RFC_FRAMING,
  },
  'websocket.masking_key': {
    name: 'Masking key',
    group: 'key',
    at: { after: 'length', bytes: MASKING_KEY_LENGTH },
    blurb: 'payload byte i is XORed with masking key byte i mod 4',
    rfc: 'RFC 6455 §5.3',
  },
  'websocket.payload': {
    name: 'Payload data',
    group: 'payload',
    at: { after: 'header', bytes: 'payload' },
    blurb: 'extension data followed by application data; unmasked before use when MASK is 1',
    rfc: RFC_FRAMING,
  },
} as const satisfies Record<string, FieldDef<WsFieldGroup>>);

/** The key of a WebSocket header field, e.g. "websocket.opcode" (stable: filters and tests use it). */
export type FieldKey = keyof typeof WS_FIELDS;

/** The keys in header order. */
export const FIELD_KEYS = Object.keys(WS_FIELDS) as FieldKey[];

/** The registry entry of a key, typed as the common shape. */
export function fieldDef(key: FieldKey): FieldDef<WsFieldGroup> {
  return WS_FIELDS[key];
}

/** Offset of the first set bit of an 8-bit mask within its byte (0 = MSB), and its width. */
export function maskBits(mask: number): { shift: number; width: number } {
  const shift = Math.clz32(mask) - 24;
  let width = 0;
  for (let m = mask; m !== 0; m &= m - 1) width++;
  return { shift, width };
}
