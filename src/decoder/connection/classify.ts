// Decides what a TCP connection carries before any parser owns it: HTTP (and so maybe a
// WebSocket upgrade), WebSocket frames whose handshake was not captured, or something else.
//
// Works on the first bytes of each direction only (bounded by PREFIX_LIMIT), and never guesses
// early: it answers 'undecided' until the bytes settle it, or until the stream ends.
//
// WebSocket frames are guessed only on a connection that began before the capture. A WebSocket
// connection opens with its HTTP upgrade (RFC 6455 §4), so when the SYN and the first bytes of both
// directions are in the capture and they are not HTTP, the connection is not WebSocket, however
// much its bytes look like frames (TLS records and file transfers often do).

import { concatBytes } from '../bytes/bytes.js';
import { looksLikeHttpRequest, looksLikeHttpResponse } from '../http/index.js';
import type { SegmentSpan, Side } from '../tcp/events.js';
import { classifyTls, type TlsVerdict } from '../tls/detect.js';
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
  | { verdict: 'other' }
  /** TLS records (tls/detect.ts); `offsets` as for 'websocket'. */
  | TlsVerdict;

export interface SidePrefix {
  bytes: Uint8Array;
  /** True once the side's stream ended (FIN/RST/end of capture) or hit a gap. */
  final: boolean;
}

export interface ClassifyOptions {
  /** The connection's start is in the capture: frames without a handshake are not WebSocket. */
  startSeen: boolean;
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

export function classifyStream(a: SidePrefix, b: SidePrefix, options: ClassifyOptions): StreamClass {
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
  const tls = classifyTls(a, b, options.startSeen);
  if (tls) return tls;

  const guess = !options.startSeen;
  const fa = guess && a.bytes.length > 0 ? findFraming(a.bytes) : null;
  const fb = guess && b.bytes.length > 0 ? findFraming(b.bytes) : null;
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

/** One side's bytes at their stream offset, with the capture records that carried them. */
export interface PrefixChunk {
  offset: number;
  bytes: Uint8Array;
  spans: SegmentSpan[];
}

/** What the connection carries, once the first bytes settle it. */
export interface Decision {
  verdict: 'http' | 'websocket' | 'other' | 'tls';
  clientSide: Side | null;
  /** websocket: the side's framing start is unknown (the stream began inside a long frame). */
  hunt: Record<Side, boolean>;
  /** websocket: bytes dropped at a side's start (a frame begun before the capture), and where. */
  skipped: { side: Side; bytes: number; record: number | null }[];
  /** The bytes kept so far, for the parser that now owns each side (empty for 'other'). */
  chunks: Record<Side, PrefixChunk>;
}

/**
 * Both sides' first bytes (each bounded by PREFIX_LIMIT), kept while the connection is
 * undecided, then handed to the parsers that own the sides.
 */
export class Classifier {
  /** The SYN was captured, so stream offset 0 of each side is the connection's first byte. */
  private readonly synSeen: boolean;
  private readonly chunks: Record<Side, Uint8Array[]> = { a: [], b: [] };
  private readonly length: Record<Side, number> = { a: 0, b: 0 };
  private readonly start: Record<Side, number> = { a: 0, b: 0 };
  private readonly spans: Record<Side, SegmentSpan[]> = { a: [], b: [] };
  /** The side ended, hit a gap or sent more than PREFIX_LIMIT: classify with what is here. */
  private readonly final: Record<Side, boolean> = { a: false, b: false };

  constructor(synSeen: boolean) {
    this.synSeen = synSeen;
  }

  add(side: Side, offset: number, bytes: Uint8Array, spans: readonly SegmentSpan[]): void {
    if (this.length[side] === 0) this.start[side] = offset;
    this.chunks[side].push(bytes);
    this.length[side] += bytes.length;
    this.spans[side].push(...spans);
    if (this.length[side] > PREFIX_LIMIT) this.final[side] = true;
  }

  /** No more bytes will come from `side` before the decision (end, reset or gap). */
  end(side: Side): void {
    this.final[side] = true;
  }

  /** The decision, or null while the bytes do not settle it yet. */
  decide(): Decision | null {
    const bytes = { a: concatBytes(this.chunks.a), b: concatBytes(this.chunks.b) };
    // The start is seen when no side's first kept byte is past offset 0 (a gap at the start hides it).
    const startSeen = this.synSeen && this.start.a === 0 && this.start.b === 0;
    const v = classifyStream(
      { bytes: bytes.a, final: this.final.a },
      { bytes: bytes.b, final: this.final.b },
      { startSeen },
    );
    if (v.verdict === 'undecided') return null;
    const empty = new Uint8Array(0);
    const decision: Decision = {
      verdict: v.verdict,
      clientSide: v.verdict === 'other' ? null : v.clientSide,
      hunt: { a: false, b: false },
      skipped: [],
      chunks: { a: { offset: 0, bytes: empty, spans: [] }, b: { offset: 0, bytes: empty, spans: [] } },
    };
    for (const side of ['a', 'b'] as const) {
      let skip = 0;
      if (v.verdict === 'websocket' || v.verdict === 'tls') {
        skip = v.offsets[side] ?? 0;
        decision.hunt[side] = v.offsets[side] === null && bytes[side].length > 0;
        if (skip > 0) decision.skipped.push({ side, bytes: skip, record: this.spans[side][0]?.record ?? null });
      }
      if (v.verdict !== 'other') {
        decision.chunks[side] = {
          offset: this.start[side] + skip,
          bytes: bytes[side].subarray(skip),
          spans: this.spans[side],
        };
      }
      this.chunks[side] = [];
      this.spans[side] = [];
      this.length[side] = 0;
    }
    return decision;
  }
}
