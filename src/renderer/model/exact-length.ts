// Payload lengths as exact integers. A frame's 64-bit length can exceed 2^53 - 1, where a
// JavaScript number is no longer exact (9223372036854775824 becomes 9223372036854776000): the
// header's own bytes give the exact digits (the decoder's payloadLengthText). Everything in the
// UI that prints a frame's length reads it through these, so the same integer shows everywhere.

import { type FrameRecord, payloadLengthText } from '../../decoder/index.js';

/** The 64-bit extended length of `header` as exact decimal text, or null when it has none. */
export function exactLength64(header: Uint8Array): string | null {
  if (header.length < 10 || (header[1] & 0x7f) !== 127) return null;
  return payloadLengthText({ header, payloadLength: Number.POSITIVE_INFINITY });
}

/** The frame's payload length as exact decimal text. */
export function exactPayloadLength(frame: Pick<FrameRecord, 'header' | 'payloadLength'>): string {
  return payloadLengthText(frame);
}
