// How much a byte stream of unknown framing looks like RFC 6455 frames, beyond well-formed
// headers: the evidence the connection layer weighs before calling a connection WebSocket when
// its handshake was not captured.
//
// Theory of operation
// - The chain walk (heuristic.ts) proves headers are well formed, in §5.4 order, with one MASK bit,
//   and land exactly on each other. Random bytes pass a header with a probability near 1/40, but
//   structured bytes (runs of zeros, repeated patterns) pass forever: 0x00 0x00 is an empty
//   continuation frame. So frames count as evidence only when they carry a payload.
// - Payloads that can be checked are checked after unmasking: a single-frame uncompressed text
//   message must be valid UTF-8 (§8.1); a close body must be empty or a code allowed on the wire
//   (§7.4) followed by a UTF-8 reason (§5.5.1). Such a frame is "validated", or "contradicted"
//   when the check fails; binary, ping and pong payloads say nothing either way.
// - Cost: headers are read in place; only text payloads up to 4 KiB and close bodies are copied
//   (to unmask them), for at most 256 frames.

import { isValidCloseCode } from '../close-codes.js';
import { OPCODE } from '../opcodes.js';
import { decodeHeader } from './header.js';
import { type ChainResult, walkChain } from './heuristic.js';

export interface FrameEvidence {
  /** The chain never met a malformed header (it ended exactly, on a partial frame, or at the cap). */
  ok: boolean;
  stop: ChainResult['stop'];
  /** Complete frames, and those with a non-empty payload. */
  frames: number;
  carrying: number;
  /** Frames whose payload passed (validated) or failed (contradicted) a check. */
  validated: number;
  contradicted: number;
  /** The MASK bit of the frames, or null when no header was read. */
  masked: boolean | null;
}

const MAX_FRAMES = 256;
const MAX_CHECKED_TEXT = 4096;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function validUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A copy of a frame's payload, unmasked. */
function payloadOf(bytes: Uint8Array, at: number, maskOffset: number, start: number, length: number): Uint8Array {
  const out = bytes.slice(start, start + length);
  if (maskOffset >= 0) for (let i = 0; i < out.length; i++) out[i] ^= bytes[at + maskOffset + (i & 3)] as number;
  return out;
}

/** The evidence for framing that starts at `start` of `bytes`. */
export function frameEvidence(bytes: Uint8Array, start: number): FrameEvidence {
  const chain = walkChain(bytes, start, bytes.length, {
    masked: null,
    rsvAllowed: 'unknown',
    maxPayload: Number.MAX_SAFE_INTEGER,
    maxFrames: MAX_FRAMES,
    limit: Number.MAX_SAFE_INTEGER,
  });
  const out: FrameEvidence = {
    ok: chain.stop !== 'bad',
    stop: chain.stop,
    frames: chain.complete,
    carrying: 0,
    validated: 0,
    contradicted: 0,
    masked: chain.masked,
  };
  let at = start;
  for (let n = 0; n < chain.complete; n++) {
    const h = decodeHeader(bytes, at, bytes.length);
    if (h === null) break;
    const payloadAt = at + h.headerLength;
    const length = h.payloadLength;
    if (length > 0) out.carrying++;
    if (h.opcode === OPCODE.text && h.fin && !h.rsv1 && length > 0 && length <= MAX_CHECKED_TEXT) {
      // A continuation before it would make this frame the end of a message, not a whole one;
      // the chain's §5.4 order check already rejects a text frame inside an open message.
      if (validUtf8(payloadOf(bytes, at, h.maskOffset, payloadAt, length))) out.validated++;
      else out.contradicted++;
    } else if (h.opcode === OPCODE.close && length > 0) {
      const body = payloadOf(bytes, at, h.maskOffset, payloadAt, length);
      const code = body.length >= 2 ? ((body[0] as number) << 8) | (body[1] as number) : -1;
      if (code >= 0 && isValidCloseCode(code) && validUtf8(body.subarray(2))) out.validated++;
      else out.contradicted++;
    }
    at = payloadAt + length;
  }
  return out;
}
