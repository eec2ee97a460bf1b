// RFC 6455 §5.2 base framing protocol: the bit layout of a frame header, as named constants.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-------+-+-------------+-------------------------------+
//   |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
//   |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
//   |N|V|V|V|       |S|             |   (if payload len==126/127)   |
//   | |1|2|3|       |K|             |                               |
//   +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
//   |     Extended payload length continued, if payload len == 127  |
//   + - - - - - - - - - - - - - - - +-------------------------------+
//   |                               |Masking-key, if MASK set to 1  |
//   +-------------------------------+-------------------------------+
//   | Masking-key (continued)       |          Payload Data         |
//   +-------------------------------- - - - - - - - - - - - - - - - +
//
// Bits are numbered MSB-first from the frame's first bit, exactly as in the diagram above. The
// field registry (../field-registry.ts) places each header field by these masks, so the header
// decoder and the bit-level view share one definition. Opcodes are in ../opcodes.ts.

/** Byte 0. */
export const FIN_BIT = 0b1000_0000;
export const RSV1_BIT = 0b0100_0000;
export const RSV2_BIT = 0b0010_0000;
export const RSV3_BIT = 0b0001_0000;
export const OPCODE_MASK = 0b0000_1111;

/** Byte 1. */
export const MASK_BIT = 0b1000_0000;
export const PAYLOAD_LEN_MASK = 0b0111_1111;

/** RFC 6455 §5.2: "If 126, the following 2 bytes interpreted as a 16-bit unsigned integer are the payload length." */
export const PAYLOAD_LEN_16 = 126;
/** RFC 6455 §5.2: "If 127, the following 8 bytes interpreted as a 64-bit unsigned integer (the most significant bit MUST be 0)". */
export const PAYLOAD_LEN_64 = 127;

/** Largest payload length the 7-bit form can carry. */
export const MAX_7BIT_LENGTH = 125;
/** Largest payload length the 16-bit form can carry. */
export const MAX_16BIT_LENGTH = 0xffff;

/** RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less". */
export const MAX_CONTROL_PAYLOAD = 125;

export const MASKING_KEY_LENGTH = 4;
/** 2 bytes of flags/opcode/length + 8 bytes of 64-bit length + 4 bytes of masking key. */
export const MAX_HEADER_LENGTH = 14;
