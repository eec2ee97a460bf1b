// Decides what a TCP connection carries before any parser owns it: HTTP (and so maybe a
// WebSocket upgrade), WebSocket frames whose handshake was not captured, or something else.
//
// Works on the first bytes of each direction only (bounded by PREFIX_LIMIT), and never guesses
// early: it answers 'undecided' until the bytes settle it, or until the stream ends.

import { looksLikeHttpRequest, looksLikeHttpResponse } from '../http/index.js';
import type { Side } from '../tcp/events.js';
import { scoreWebSocketStream } from '../websocket/frames/index.js';

export const PREFIX_LIMIT = 64 * 1024;

export type StreamClass =
  | { verdict: 'undecided' }
  | { verdict: 'http'; clientSide: Side }
  /**
   * WebSocket frames without a handshake; `clientSide` from masking, or null when unknown.
   * `offsets[side]` is where framing starts, or null when no frame boundary was found near the
   * start (the stream began inside a long frame): that side's parser must hunt for one.
   */
  | { verdict: 'websocket'; clientSide: Side | null; offsets: Record<Side, number | null> }
  | { verdict: 'other' };

export interface SidePrefix {
  bytes: Uint8Array;
  /** True once the side's stream ended (FIN/RST/end of capture) or hit a gap. */
  final: boolean;
}

/** Where framing plausibly starts in a prefix that may begin mid-frame (capture started mid-stream). */
function findFraming(bytes: Uint8Array): { offset: number; masked: boolean | 'mixed' } | null {
  const tries = Math.min(bytes.length, 512);
  for (let offset = 0; offset < tries; offset++) {
    const score = scoreWebSocketStream(offset === 0 ? bytes : bytes.subarray(offset));
    if (score.plausible) return { offset, masked: score.masked };
  }
  return null;
}

export function classifyStream(a: SidePrefix, b: SidePrefix): StreamClass {
  for (const [side, other] of [
    ['a', 'b'],
    ['b', 'a'],
  ] as const) {
    const p = side === 'a' ? a : b;
    if (p.bytes.length === 0) continue;
    if (looksLikeHttpRequest(p.bytes) === 'yes') return { verdict: 'http', clientSide: side };
    if (looksLikeHttpResponse(p.bytes) === 'yes') return { verdict: 'http', clientSide: other };
  }
  const httpPending = [a, b].some(
    (p) =>
      p.bytes.length > 0 &&
      !p.final &&
      (looksLikeHttpRequest(p.bytes) === 'need-more' || looksLikeHttpResponse(p.bytes) === 'need-more'),
  );
  if (httpPending) return { verdict: 'undecided' };

  const fa = a.bytes.length > 0 ? findFraming(a.bytes) : null;
  const fb = b.bytes.length > 0 ? findFraming(b.bytes) : null;
  if (fa || fb) {
    let clientSide: Side | null = null;
    if (fa?.masked === true || fb?.masked === false) clientSide = 'a';
    else if (fb?.masked === true || fa?.masked === false) clientSide = 'b';
    return { verdict: 'websocket', clientSide, offsets: { a: fa ? fa.offset : null, b: fb ? fb.offset : null } };
  }
  // Neither HTTP nor framing: once each side has ended or shown enough bytes, it is something else.
  const settled = (p: SidePrefix) => p.final || p.bytes.length >= 4096;
  if (settled(a) && settled(b)) return { verdict: 'other' };
  return { verdict: 'undecided' };
}
