// The WebSocket guess for a connection whose handshake was not captured (it began before the
// capture): how strong the evidence is that its bytes are RFC 6455 frames.
//
// Rules (issue 14: a guess must earn its verdict)
// - Framing is tried where a frame can be expected to start: the first captured byte of a side,
//   else the start of one of its first MAX_BOUNDARIES captured segments (a sender's write starts
//   a segment; a frame that began before the capture ends somewhere, and the next write starts a
//   new one). No byte-by-byte search: 512 offsets in each direction found "frames" in TLS and in
//   file transfers.
// - A side is framed when a chain from there (the one with the most evidence) never meets a malformed header (its bytes are fully
//   consumed, up to a partial frame at the end of what was captured).
// - Evidence (evidence.ts): frames that carry bytes, and payloads that pass a check (UTF-8 text,
//   close codes) or fail one. Masking must follow the direction: one side masked, the other not.
// - Confidence:
//     high   every side with bytes is framed, masking is consistent, nothing contradicted, and
//            3 payloads check out, or 1 does among 4 carrying frames, or 16 carrying frames both ways;
//     medium the same with 2 payloads checked, or 1 among 2 carrying frames, or 8 carrying frames
//            both ways; or the high evidence on one side while the other side began inside a frame;
//     low    anything else: the connection is shown as an unknown TCP stream, not as WebSocket.

import type { SegmentSpan, Side } from '../tcp/events.js';
import { type FrameEvidence, frameEvidence } from '../websocket/frames/index.js';

export type Confidence = 'high' | 'medium' | 'low';

/** What the guess found, reported on the connection record. */
export interface WebSocketGuess {
  confidence: Confidence;
  /** Complete frames found (both directions), and payloads that passed a check. */
  frames: number;
  validated: number;
  /** One line saying why, for the user. */
  reason: string;
}

/** Segment starts tried for framing per side, after the first byte. */
export const MAX_BOUNDARIES = 8;

export interface GuessSide {
  bytes: Uint8Array;
  /** Offsets in `bytes` where a captured segment starts (ascending, at most MAX_BOUNDARIES). */
  boundaries: readonly number[];
}

export interface GuessResult {
  guess: WebSocketGuess;
  clientSide: Side | null;
  /** Where framing starts per side, or null when it was not found (the side hunts). */
  offsets: Record<Side, number | null>;
}

/** The segment start (0 first) whose chain is well formed and carries the most frames. */
function framing(side: GuessSide): { offset: number; e: FrameEvidence } | null {
  let best: { offset: number; e: FrameEvidence } | null = null;
  for (const offset of [0, ...side.boundaries]) {
    if (offset >= side.bytes.length) break;
    const e = frameEvidence(side.bytes, offset);
    if (e.ok && (best === null || e.carrying + e.validated > best.e.carrying + best.e.validated)) best = { offset, e };
  }
  return best;
}

export function guessWebSocket(a: GuessSide, b: GuessSide): GuessResult {
  const found = { a: a.bytes.length > 0 ? framing(a) : null, b: b.bytes.length > 0 ? framing(b) : null };
  const withData = [a, b].filter((s) => s.bytes.length > 0).length;
  const framed = [found.a, found.b].filter((f) => f !== null);
  const unframed = withData - framed.length;
  let frames = 0;
  let carrying = 0;
  let validated = 0;
  let contradicted = 0;
  for (const f of framed) {
    frames += f.e.frames;
    carrying += f.e.carrying;
    validated += f.e.validated;
    contradicted += f.e.contradicted;
  }
  const masks = framed.map((f) => f.e.masked).filter((m) => m !== null);
  const consistent = masks.length < 2 || masks[0] !== masks[1];
  const both = framed.length === 2;
  const strong = validated >= 3 || (validated >= 1 && carrying >= 4) || (both && carrying >= 16);
  const fair = validated >= 2 || (validated >= 1 && carrying >= 2) || (both && carrying >= 8);
  let confidence: Confidence = 'low';
  let reason: string;
  if (framed.length === 0) reason = 'no run of well-formed frames from a segment start';
  else if (contradicted > 0) reason = `${contradicted} payload(s) fail a check (text not UTF-8, or a bad close code)`;
  else if (!consistent) reason = 'both directions masked alike (a client masks, a server does not)';
  else {
    if (unframed === 0 && strong) confidence = 'high';
    else if ((unframed === 0 && fair) || (unframed === 1 && strong)) confidence = 'medium';
    const checked = `${frames} frame(s), ${carrying} with a payload, ${validated} payload(s) checked`;
    const rest = unframed > 0 ? '; one direction began inside a frame' : '';
    reason = confidence === 'low' ? `too little evidence: ${checked}${rest}` : `${checked}${rest}`;
  }
  let clientSide: Side | null = null;
  if (found.a?.e.masked === true || found.b?.e.masked === false) clientSide = 'a';
  else if (found.b?.e.masked === true || found.a?.e.masked === false) clientSide = 'b';
  return {
    guess: { confidence, frames, validated, reason },
    clientSide,
    offsets: { a: found.a?.offset ?? null, b: found.b?.offset ?? null },
  };
}

/** Segment starts after the first byte of a side's kept bytes, from its spans. */
export function segmentBoundaries(spans: readonly SegmentSpan[], start: number, length: number): number[] {
  const out: number[] = [];
  let record = spans[0]?.record;
  for (const s of spans) {
    if (out.length >= MAX_BOUNDARIES) break;
    const at = s.streamOffset - start;
    if (s.record !== record && at > 0 && at < length && at !== out[out.length - 1]) out.push(at);
    record = s.record;
  }
  return out;
}
