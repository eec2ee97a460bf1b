// Decides what a TCP connection carries before any parser owns it: HTTP (and so maybe a
// WebSocket upgrade), another protocol recognised from its first bytes (TLS, SSH, SOCKS, FTP…:
// recognize.ts), WebSocket frames whose handshake was not captured, or an unknown stream.
//
// Works on the first bytes of each direction only (bounded by PREFIX_LIMIT), and never guesses
// early: it answers 'undecided' until the bytes settle it, or until the stream ends.
//
// Order: a recognised protocol first (HTTP before the others: an HTTP connection may upgrade);
// then, only on a connection that began before the capture, the WebSocket guess (ws-guess.ts),
// which must earn its verdict with evidence and says how confident it is. A WebSocket connection
// opens with its HTTP upgrade (RFC 6455 §4), so when the SYN and the first bytes of both
// directions are in the capture and they are not HTTP, the connection is not WebSocket, however
// much its bytes look like frames (TLS records and file transfers often do).

import type { SegmentSpan, Side } from '../tcp/events.js';
import { classifyTls, type TlsVerdict } from '../tls/detect.js';
import { recognize, type StreamProtocol } from './recognize.js';
import { guessWebSocket, segmentBoundaries, type WebSocketGuess } from './ws-guess.js';

export { looksLikeTlsRecord, type StreamProtocol } from './recognize.js';
export type { Confidence, WebSocketGuess } from './ws-guess.js';

export const PREFIX_LIMIT = 64 * 1024;

/** Bytes a side must show (unless it ended) before an unrecognised stream is judged. */
const SETTLE_BYTES = 4096;

export type StreamClass =
  | { verdict: 'undecided' }
  | { verdict: 'http'; clientSide: Side }
  /**
   * WebSocket frames without a handshake; `clientSide` from masking, or null when unknown.
   * `offsets[side]` is where framing starts, or null when no frame boundary was found near the
   * start (the stream began inside a long frame): that side's parser must hunt for one.
   */
  | { verdict: 'websocket'; clientSide: Side | null; offsets: Record<Side, number | null>; guess: WebSocketGuess }
  /** Something else: a recognised protocol (`tls`, `ssh`, …) or 'unknown' (with the guess that failed, if any). */
  | { verdict: 'other'; protocol: StreamProtocol; clientSide: Side | null; guess: WebSocketGuess | null }
  /** TLS records (tls/detect.ts), for the TLS layer to decrypt; `offsets` as for 'websocket'. */
  | TlsVerdict;

export interface SidePrefix {
  bytes: Uint8Array;
  /** True once the side's stream ended (FIN/RST/end of capture) or hit a gap. */
  final: boolean;
  /** Offsets in `bytes` where a captured segment starts (the first few), for the guess. */
  boundaries?: readonly number[];
}

export interface ClassifyOptions {
  /** The connection's start is in the capture: frames without a handshake are not WebSocket. */
  startSeen: boolean;
  /**
   * Try the WebSocket guess before both sides settle (default true). The Classifier asks only
   * each time the prefix doubled, so a stream in tiny segments is not re-judged per segment.
   */
  tryEarly?: boolean;
}

const SIDES = [
  ['a', 'b'],
  ['b', 'a'],
] as const;

export function classifyStream(a: SidePrefix, b: SidePrefix, options: ClassifyOptions): StreamClass {
  const prefix = { a, b };
  let pending = false;
  let other: Extract<StreamClass, { verdict: 'other' }> | null = null;
  for (const [side, peer] of SIDES) {
    const p = prefix[side];
    if (p.bytes.length === 0) continue;
    const r = recognize(p.bytes, p.final);
    if (r === 'need-more') pending = true;
    else if (r?.protocol === 'http') return { verdict: 'http', clientSide: r.role === 'server' ? peer : side };
    else if (r !== null && other === null) {
      const clientSide = r.role === 'client' ? side : r.role === 'server' ? peer : null;
      other = { verdict: 'other', protocol: r.protocol, clientSide, guess: null };
    }
  }
  // TLS goes to the TLS layer (which reads the records and, given keys, what they carry). It is
  // also looked for where no start was captured: a stream may begin inside a record.
  if (other?.protocol === 'tls' || (other === null && !pending)) {
    const tls = classifyTls(a, b, options.startSeen);
    if (tls) return tls;
    // A record header is 5 bytes, the hello type the 6th: wait for it before saying "not TLS".
    const short = (p: SidePrefix) => !p.final && p.bytes.length < 6;
    if (other?.protocol === 'tls' && (short(a) || short(b))) return { verdict: 'undecided' };
  }
  if (other) return other;
  if (pending) return { verdict: 'undecided' };

  const settled = (p: SidePrefix) => p.final || p.bytes.length >= SETTLE_BYTES;
  if (options.startSeen) {
    return settled(a) && settled(b)
      ? { verdict: 'other', protocol: 'unknown', clientSide: null, guess: null }
      : { verdict: 'undecided' };
  }
  // Began before the capture: judge the frames once each side has ended or shown enough bytes,
  // or earlier when both sides already show strong evidence (a live capture shows it at once).
  const side = (p: SidePrefix) => ({ bytes: p.bytes, boundaries: p.boundaries ?? [] });
  const both = settled(a) && settled(b);
  if (!both && (options.tryEarly === false || a.bytes.length === 0 || b.bytes.length === 0))
    return { verdict: 'undecided' };
  const g = guessWebSocket(side(a), side(b));
  if (!both && g.guess.confidence !== 'high') return { verdict: 'undecided' };
  if (g.guess.confidence === 'low') return { verdict: 'other', protocol: 'unknown', clientSide: null, guess: g.guess };
  return { verdict: 'websocket', clientSide: g.clientSide, offsets: g.offsets, guess: g.guess };
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
  /** What the stream is: 'http', 'websocket', a recognised protocol, or 'unknown'. */
  protocol: StreamProtocol;
  clientSide: Side | null;
  /** The WebSocket guess on a connection that began before the capture, when one was made. */
  guess: WebSocketGuess | null;
  /** The first bytes of both sides are in the capture (else a side may begin inside a message). */
  startSeen: boolean;
  /** websocket: the side's framing start is unknown (the stream began inside a long frame). */
  hunt: Record<Side, boolean>;
  /** websocket: bytes dropped at a side's start (a frame begun before the capture), and where. */
  skipped: { side: Side; bytes: number; record: number | null }[];
  /**
   * The bytes kept so far, for the parser that now owns each side ('other': the recognised
   * protocol's bytes, e.g. the TLS records for a TLS layer; nothing reads them otherwise).
   */
  chunks: Record<Side, PrefixChunk>;
}

/**
 * Both sides' first bytes (each bounded by PREFIX_LIMIT), kept while the connection is
 * undecided, then handed to the parsers that own the sides.
 */
export class Classifier {
  /** The SYN was captured, so stream offset 0 of each side is the connection's first byte. */
  private readonly synSeen: boolean;
  /** Each side's bytes in one buffer grown by doubling (a join per decide() was quadratic). */
  private readonly buf: Record<Side, Uint8Array> = { a: new Uint8Array(0), b: new Uint8Array(0) };
  private readonly length: Record<Side, number> = { a: 0, b: 0 };
  private readonly start: Record<Side, number> = { a: 0, b: 0 };
  private readonly spans: Record<Side, SegmentSpan[]> = { a: [], b: [] };
  /** The side ended, hit a gap or sent more than PREFIX_LIMIT: classify with what is here. */
  private readonly final: Record<Side, boolean> = { a: false, b: false };
  /** Something changed since the last undecided answer. */
  private changed = true;
  /** Prefix length (both sides) at which the next early WebSocket guess is tried. */
  private nextEarlyGuess = 0;

  constructor(synSeen: boolean) {
    this.synSeen = synSeen;
  }

  add(side: Side, offset: number, bytes: Uint8Array, spans: readonly SegmentSpan[]): void {
    const length = this.length[side];
    if (length === 0) this.start[side] = offset;
    let buf = this.buf[side];
    if (length + bytes.length > buf.length) {
      const grown = new Uint8Array(Math.max(256, 2 * buf.length, length + bytes.length));
      grown.set(buf.subarray(0, length));
      this.buf[side] = buf = grown;
    }
    buf.set(bytes, length);
    this.length[side] = length + bytes.length;
    for (const span of spans) this.spans[side].push(span);
    if (this.length[side] > PREFIX_LIMIT) this.final[side] = true;
    this.changed = true;
  }

  /** No more bytes will come from `side` before the decision (end, reset or gap). */
  end(side: Side): void {
    if (!this.final[side]) this.changed = true;
    this.final[side] = true;
  }

  /** The decision, or null while the bytes do not settle it yet. */
  decide(): Decision | null {
    if (!this.changed) return null;
    this.changed = false;
    const bytes = { a: this.buf.a.subarray(0, this.length.a), b: this.buf.b.subarray(0, this.length.b) };
    // The start is seen when no side's first kept byte is past offset 0 (a gap at the start hides it).
    const startSeen = this.synSeen && this.start.a === 0 && this.start.b === 0;
    const prefix = (side: Side): SidePrefix => ({
      bytes: bytes[side],
      final: this.final[side],
      boundaries: startSeen ? [] : segmentBoundaries(this.spans[side], this.start[side], this.length[side]),
    });
    const total = this.length.a + this.length.b;
    const tryEarly = total >= this.nextEarlyGuess;
    if (tryEarly) this.nextEarlyGuess = 2 * total;
    const v = classifyStream(prefix('a'), prefix('b'), { startSeen, tryEarly });
    if (v.verdict === 'undecided') return null;
    const empty = new Uint8Array(0);
    const decision: Decision = {
      verdict: v.verdict,
      protocol: v.verdict === 'other' ? v.protocol : v.verdict,
      clientSide: v.clientSide,
      guess: v.verdict === 'http' || v.verdict === 'tls' ? null : v.guess,
      startSeen,
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
      decision.chunks[side] = {
        offset: this.start[side] + skip,
        bytes: bytes[side].subarray(skip),
        spans: this.spans[side],
      };
      this.buf[side] = empty;
      this.spans[side] = [];
      this.length[side] = 0;
    }
    return decision;
  }
}
