// Heuristics for byte streams whose frame boundaries are not known: a capture that starts
// mid-connection (no handshake) or a stream that lost its boundaries in a TCP gap.
//
// Theory of operation
// - A "chain" is a run of frames parsed back to back from a start offset: each header must be
//   well formed (below) and its length must land exactly on the next header.
// - Well formed: a defined opcode (0-2, 8-10); RSV2 = RSV3 = 0 and RSV1 only on text/binary
//   (permessage-deflate), unless the caller knows which RSV bits are allowed; control frames have
//   FIN and at most 125 bytes; the length uses its shortest form and fits 2^53; the MASK bit is the
//   same on every frame (and matches the direction when the caller knows it); data frames follow
//   RFC 6455 §5.4 order (no continuation after a final fragment, no new message inside one).
// - Random bytes pass one header check with a probability of roughly 1/40 (MASK bit included)
//   and a chain of four with about 1/10^7, while real traffic passes every time; HTTP text fails on the first byte
//   ('G' = reserved opcode 7 with RSV1, 'H' = a close frame without FIN).
// - Only headers are read, so walking a chain costs a few comparisons per frame, whatever the
//   payload sizes.

import { isControlOpcode, isReservedOpcode, OPCODE } from '../opcodes.js';
import { MAX_7BIT_LENGTH, MAX_16BIT_LENGTH, MAX_CONTROL_PAYLOAD } from './constants.js';
import { decodeHeader } from './header.js';

export interface ChainRules {
  /** Required MASK bit, or null to require only that every frame agrees with the first. */
  masked: boolean | null;
  /** Allowed RSV bits, or 'unknown' for "RSV1 on text/binary only". */
  rsvAllowed: { rsv1: boolean; rsv2: boolean; rsv3: boolean } | 'unknown';
  /** Payloads above this are not believed. */
  maxPayload: number;
  /** Stop after this many complete frames. */
  maxFrames: number;
  /** Frames must end at or before this offset (exclusive) to count; beyond it the chain is 'bad'. */
  limit: number;
}

export interface ChainResult {
  /** Complete, well-formed frames that ended exactly on the next header (or on the data end). */
  complete: number;
  /**
   * Why the walk stopped: 'exact' = the last frame ended exactly at the data end; 'partial' = the
   * next header or payload runs past the data end (and nothing bad was seen); 'bad' = a header
   * that is not well formed (or a frame past `limit`); 'max' = maxFrames reached.
   */
  stop: 'exact' | 'partial' | 'bad' | 'max';
  /** The MASK bit of the frames, or null when no header was read. */
  masked: boolean | null;
  /** Opcode of the first frame, or -1. */
  firstOpcode: number;
  /** Offset where the walk stopped (start of the header it could not take). */
  offset: number;
  /** True when the walk stopped on a well-formed header whose payload runs past the data end. */
  partialFrame: boolean;
}

/** Walk frames from `start` while they are well formed, reading bytes up to `end` (exclusive). */
export function walkChain(bytes: Uint8Array, start: number, end: number, rules: ChainRules): ChainResult {
  let offset = start;
  let complete = 0;
  let masked = rules.masked;
  let firstOpcode = -1;
  // RFC 6455 §5.4 fragmentation order: unknown before the first data frame, then whether a
  // fragmented message is open (a continuation needs one, a new text/binary frame must not find one).
  let fragmented: boolean | null = null;
  const result = (stop: ChainResult['stop'], partialFrame = false): ChainResult => ({
    complete,
    stop,
    masked,
    firstOpcode,
    offset,
    partialFrame,
  });
  for (;;) {
    if (complete >= rules.maxFrames) return result('max');
    if (offset === end) return result(complete > 0 ? 'exact' : 'partial');
    // Byte 0 alone rejects most junk, even before the rest of the header is there.
    if (!byte0Plausible(bytes[offset], rules)) return result('bad');
    const h = decodeHeader(bytes, offset, end);
    if (h === null) return result('partial');
    if (masked !== null && h.masked !== masked) return result('bad');
    if (!h.lengthTrusted || h.payloadLength > rules.maxPayload) return result('bad');
    // RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length".
    if (h.lengthForm === 16 && h.payloadLength <= MAX_7BIT_LENGTH) return result('bad');
    if (h.lengthForm === 64 && h.payloadLength <= MAX_16BIT_LENGTH) return result('bad');
    if (isControlOpcode(h.opcode) && h.payloadLength > MAX_CONTROL_PAYLOAD) return result('bad');
    if (!isControlOpcode(h.opcode)) {
      const continuation = h.opcode === OPCODE.continuation;
      if (fragmented !== null && fragmented !== continuation) return result('bad');
      fragmented = !h.fin;
    }
    const next = offset + h.headerLength + h.payloadLength;
    if (next > rules.limit) return result('bad');
    masked = h.masked;
    if (firstOpcode < 0) firstOpcode = h.opcode;
    if (next > end) return result('partial', true);
    complete++;
    offset = next;
  }
}

function byte0Plausible(b0: number, rules: ChainRules): boolean {
  const opcode = b0 & 0x0f;
  if (isReservedOpcode(opcode)) return false;
  const control = isControlOpcode(opcode);
  // RFC 6455 §5.5: "Control frames MUST NOT be fragmented."
  if (control && (b0 & 0x80) === 0) return false;
  const rsv1 = (b0 & 0x40) !== 0;
  const rsv2 = (b0 & 0x20) !== 0;
  const rsv3 = (b0 & 0x10) !== 0;
  if (rules.rsvAllowed === 'unknown') {
    if (rsv2 || rsv3) return false;
    // permessage-deflate sets RSV1 on the first frame of a data message only.
    if (rsv1 && opcode !== OPCODE.text && opcode !== OPCODE.binary) return false;
    return true;
  }
  return (!rsv1 || rules.rsvAllowed.rsv1) && (!rsv2 || rules.rsvAllowed.rsv2) && (!rsv3 || rules.rsvAllowed.rsv3);
}

/** Frames walked at most by scoreWebSocketStream (keeps it cheap on big buffers). */
const SCORE_MAX_FRAMES = 256;

/**
 * Does `bytes`, taken from an unknown point of a TCP stream, look like RFC 6455 framing from its
 * first byte? Only offset 0 is tried: a capture that starts mid-connection starts on a TCP segment
 * boundary, which for WebSocket traffic is almost always a frame boundary; the streaming parser's
 * resynchronisation covers the other case.
 *
 * frames = well-formed frames in the chain (the last one may be partial);
 * masked = their MASK bit ('mixed' when it changes, which also ends the chain);
 * plausible = the chain never hits a malformed header (the walk stops after 256 frames) and holds
 * at least 2 complete frames, or 1 complete text/binary/close frame covering the buffer exactly.
 */
export function scoreWebSocketStream(bytes: Uint8Array): {
  frames: number;
  masked: boolean | 'mixed';
  plausible: boolean;
} {
  const rules: ChainRules = {
    masked: null,
    rsvAllowed: 'unknown',
    maxPayload: Number.MAX_SAFE_INTEGER,
    maxFrames: SCORE_MAX_FRAMES,
    limit: Number.MAX_SAFE_INTEGER,
  };
  const chain = walkChain(bytes, 0, bytes.length, rules);
  let masked: boolean | 'mixed' = chain.masked ?? false;
  if (chain.stop === 'bad' && chain.masked !== null) {
    // Was the chain broken only by a MASK bit that flipped?
    const flipped = walkChain(bytes, chain.offset, bytes.length, { ...rules, masked: !chain.masked, maxFrames: 1 });
    if (flipped.stop !== 'bad') masked = 'mixed';
  }
  const frames = chain.complete + (chain.partialFrame ? 1 : 0);
  let plausible = false;
  if (chain.stop !== 'bad' && masked !== 'mixed') {
    if (chain.complete >= 2) plausible = true;
    else if (chain.complete === 1 && chain.stop === 'exact') {
      plausible =
        chain.firstOpcode === OPCODE.text || chain.firstOpcode === OPCODE.binary || chain.firstOpcode === OPCODE.close;
    }
  }
  return { frames, masked, plausible };
}
