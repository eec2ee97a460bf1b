// permessage-deflate (RFC 7692) inflation for one direction of one connection.
//
// Theory of operation
// - RFC 7692 §7.2.2: the receiver appends 0x00 0x00 0xff 0xff to the message's payload (the
//   sender stripped this empty stored block from its sync flush) and inflates it as raw DEFLATE.
// - The LZ77 window is the SENDER's (client_max_window_bits for client->server data,
//   server_max_window_bits for server->client). With context takeover the window carries over
//   from one message to the next; with *_no_context_takeover it is emptied before each message.
// - We drive pako's zlib port directly (zlibInflate with Z_SYNC_FLUSH into our own fixed-size
//   output buffer) instead of the `Inflate` wrapper: the wrapper ends the stream on Z_FINISH and
//   keeps every output chunk, while we need (a) the window kept across messages and (b) a hard cap
//   on output so a deflate bomb is cut at the limit without allocating the whole expansion.
// - Window bits: zlib's own deflater silently turns a raw window of 8 into 9 (zlib >= 1.2.9), so a
//   zlib-based sender that negotiated 8 may refer back 512 bytes. We inflate with max(bits, 9). A
//   larger inflate window never changes correct output; it only accepts more.
// - After a failure, a cut (limit) or a gap the window no longer matches the sender's, so we
//   reset it and set `windowLost`. Later messages are still attempted: zlib's "sane" check makes
//   any back-reference into data we never inflated fail with "invalid distance too far back", so
//   a later message that inflates without error is correct; one that fails says why.
//
// - Memory (issue 15: 5k open compressed connections took 520 MiB, 100k aborted): a zlib stream
//   costs ~40 KiB (its 2^bits window and decoding tables), so a direction holds one only while it
//   inflates or recently did: at most LIVE_STREAMS streams stay attached across all connections
//   (least recently used first out, into a pool for reuse); a detached direction keeps only,
//   with context takeover, the window's filled part (what zlib's
//   inflateGetDictionary returns: at most 2^bits bytes, often far less) and gets a pooled stream
//   with that dictionary on its next message, which inflates exactly as the old stream would
//   (both start at a block boundary with the same window). `release()` on close drops it all.
//
// Measured (this machine, 2 shared cores, "throughput" tests in deflate.test.ts; runs vary):
// with a shared 32 KiB window pako inflates ~180k-230k near-identical JSON messages per second
// (~170 B plain, ~18 B on the wire thanks to context takeover), ~85k-135k varied ones (~270 B
// plain, ~100 B compressed), and ~150 MB/s for one 1 MiB message once warm. Reusing one output
// buffer matters: a fresh 64 KiB buffer per call gave only ~30k/s. fflate is not installed, so it
// was not compared.

import {
  Z_BUF_ERROR,
  Z_OK,
  Z_STREAM_END,
  Z_SYNC_FLUSH,
  ZStream,
  zlibInflate,
  zlibInflateInit2,
  zlibInflateReset2,
  zlibInflateResetKeep,
  zlibInflateSetDictionary,
} from 'pako';
import { allocBytes } from '../../bytes/slab.js';
import { DecoderBug } from '../../findings.js';
import type { StepArena } from '../step-arena.js';

/** RFC 7692 §7.2.2: the empty stored block a sender strips from each message's tail. */
export const DEFLATE_TAIL: Readonly<Uint8Array> = new Uint8Array([0x00, 0x00, 0xff, 0xff]);

/** `run` result: the DEFLATE stream ended with a BFINAL=1 block. */
const STREAM_ENDED = Symbol('stream-ended');

/** Output is produced in pieces of this size, so memory use tracks the limit, not the input. */
const OUTPUT_CHUNK = 64 * 1024;

/**
 * zlib writes into this one buffer for every inflater, and each piece is copied out before the
 * call returns (inflation is synchronous), so it can be shared: one per inflater was 64 KiB for
 * each direction of each compressed connection.
 */
const OUTPUT = new Uint8Array(OUTPUT_CHUNK);

/** Context-takeover streams kept attached at once, across every connection (see the header). */
const LIVE_STREAMS = 256;
/** Detached streams kept for reuse (a new one costs its tables and, later, its window). */
const POOL_SIZE = 16;
/**
 * Module-wide, like OUTPUT: which inflaters hold a stream, least recently used first. Attaching
 * and detaching never changes what a message inflates to, so sharing this across sessions cannot
 * change any session's output.
 */
const LIVE = new Map<PerMessageInflater, true>();
const POOL: ZStream[] = [];

/** zlib's inflateGetDictionary: the window's filled part, oldest byte first (a copy). */
function windowOf(strm: ZStream): Uint8Array | null {
  const state = strm.state as { window: Uint8Array | null; whave: number; wnext: number } | null;
  if (state === null || state.window === null || state.whave === 0) return null;
  const { whave, wnext } = state;
  const win = state.window;
  const out = new Uint8Array(whave);
  out.set(win.subarray(wnext, whave), 0);
  out.set(win.subarray(0, wnext), whave - wnext);
  return out;
}

export interface InflaterParams {
  /** The sender's negotiated max window bits, 8..15. */
  windowBits: number;
  /** The sender's *_no_context_takeover: empty the window before every message. */
  noContextTakeover: boolean;
  /**
   * Transient payloads (SessionOptions.transientPayloads): output goes into this step arena, so
   * `data` is valid only until its release (step-arena.ts).
   */
  arena?: StepArena | null;
}

export type InflateStatus =
  /** The whole message inflated. */
  | 'ok'
  /** Output reached `maxOutput`: `data` is the first `maxOutput` bytes. */
  | 'too-large'
  /** zlib rejected the data: `data` is what came out before the error. */
  | 'error'
  /** The input was known to be cut (`final: false`): `data` is what the prefix gave. */
  | 'partial';

export interface InflateResult {
  status: InflateStatus;
  data: Uint8Array;
  /** zlib's message for 'error' (e.g. "invalid block type"), else null. */
  error: string | null;
  /** True when the window had been lost before this message (earlier failure, cut or gap). */
  windowWasLost: boolean;
}

export class PerMessageInflater {
  readonly windowBits: number;
  readonly noContextTakeover: boolean;
  /** True when the window no longer mirrors the sender's (see the file comment). */
  windowLost = false;
  private strm: ZStream | null = null;
  /** A detached stream's window (context takeover): restored as a dictionary. */
  private history: Uint8Array | null = null;
  /** False until the first message: a fresh window is not a lost one. */
  private used = false;
  private readonly arena: StepArena | null;

  constructor(params: InflaterParams) {
    this.arena = params.arena ?? null;
    const bits = Math.trunc(params.windowBits);
    this.windowBits = Math.min(15, Math.max(9, Number.isFinite(bits) ? bits : 15));
    this.noContextTakeover = params.noContextTakeover;
  }

  /**
   * Inflate one message. `parts` are the frames' payloads in order; `final` is false when the
   * payload is known to be cut (bytes missing), in which case the 00 00 ff ff tail is not added
   * and the window is given up afterwards. Never throws for bad input (see run()).
   */
  inflate(parts: readonly Uint8Array[], options: { maxOutput: number; final: boolean }): InflateResult {
    const windowWasLost = this.windowLost && !this.noContextTakeover;
    if (this.noContextTakeover && this.used) this.reset();
    const strm = this.stream();
    this.used = true;
    const out = new OutputCollector(Math.max(0, options.maxOutput), this.arena);
    const inputs = options.final ? [...parts, DEFLATE_TAIL] : parts;
    let failure: string | null = null;
    for (const input of inputs) {
      if (input.length === 0) continue;
      const outcome = this.run(strm, input, out);
      if (outcome === STREAM_ENDED) break;
      failure = outcome;
      if (failure !== null || out.full) break;
    }
    let status: InflateStatus = 'ok';
    if (failure !== null) status = 'error';
    else if (out.full) status = 'too-large';
    else if (!options.final) status = 'partial';
    if (status !== 'ok') this.loseWindow();
    return { status, data: out.result(), error: failure, windowWasLost };
  }

  /** Empty the window (no_context_takeover, or after the window was lost). */
  reset(): void {
    this.history = null;
    if (this.strm !== null) zlibInflateReset2(this.strm, -this.windowBits);
  }

  /** The direction is over: its stream goes back to the pool and its window is dropped. */
  release(): void {
    this.detach(false);
    this.history = null;
  }

  /** Bytes this inflater holds while detached (its window's filled part). */
  get heldBytes(): number {
    return this.history?.length ?? 0;
  }

  /** Gives the stream back to the pool; with `keepWindow`, its window is kept as `history`. */
  detach(keepWindow: boolean): void {
    const strm = this.strm;
    if (strm === null) return;
    // Without context takeover no window carries over: nothing to keep.
    this.history = keepWindow && !this.noContextTakeover && !this.windowLost ? windowOf(strm) : null;
    this.strm = null;
    LIVE.delete(this);
    if (POOL.length < POOL_SIZE) POOL.push(strm);
  }

  /** A message of this direction was not inflated: the window no longer follows the sender. */
  giveUpWindow(): void {
    this.used = true;
    this.loseWindow();
  }

  private loseWindow(): void {
    this.reset();
    this.windowLost = true;
  }

  private stream(): ZStream {
    let strm = this.strm;
    if (strm !== null) {
      // Most recently used goes last (a Map keeps insertion order).
      LIVE.delete(this);
      LIVE.set(this, true);
      return strm;
    }
    strm = POOL.pop() ?? null;
    if (strm === null) {
      strm = new ZStream();
      // Negative window bits select raw DEFLATE (no zlib header, no Adler-32), as RFC 7692 sends.
      zlibInflateInit2(strm, -this.windowBits);
    } else {
      zlibInflateReset2(strm, -this.windowBits);
    }
    const history = this.history;
    if (history !== null && history.length > 0) zlibInflateSetDictionary(strm, history);
    this.history = null;
    this.strm = strm;
    LIVE.set(this, true);
    if (LIVE.size > LIVE_STREAMS) {
      // The least recently used other direction keeps only its window (if it needs one).
      for (const other of LIVE.keys()) {
        if (other !== this) {
          other.detach(true);
          break;
        }
      }
    }
    return strm;
  }

  /**
   * Feed one input buffer; returns zlib's error message, STREAM_ENDED after a BFINAL block, or
   * null. Stops early when `out` fills.
   */
  private run(strm: ZStream, input: Uint8Array, out: OutputCollector): string | typeof STREAM_ENDED | null {
    strm.input = input;
    strm.next_in = 0;
    strm.avail_in = input.length;
    for (;;) {
      // One reused output buffer: allocating 64 KiB per call dominated the cost of small
      // messages (30k/s -> see the file comment). When the limit is reached, a 1-byte probe
      // tells whether more output would follow.
      const room = out.room();
      strm.output = OUTPUT;
      strm.next_out = 0;
      strm.avail_out = Math.min(OUTPUT.length, Math.max(1, room));
      let status: number;
      try {
        status = zlibInflate(strm, Z_SYNC_FLUSH);
      } catch (e) {
        // zlib reports bad data as a status (Z_DATA_ERROR and strm.msg), never by throwing: an
        // exception is a bug (ours or pako's), not a message.inflate-failed. The session turns
        // it into decoder.internal-error.
        throw new DecoderBug(`inflater crashed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      out.add(strm.output.subarray(0, strm.next_out));
      if (status === Z_STREAM_END) {
        // RFC 7692 §7.2.3.3: a sender may end a message with a BFINAL=1 block. The message is
        // over (anything after it, including our tail, is ignored) and the next message starts a
        // new DEFLATE stream, but with context takeover it may still refer into the window:
        // inflateResetKeep resets the stream state and keeps the sliding window intact.
        zlibInflateResetKeep(strm);
        return STREAM_ENDED;
      }
      if (status !== Z_OK && status !== Z_BUF_ERROR) return strm.msg || `zlib error ${status}`;
      if (out.full) return null;
      // Z_BUF_ERROR with input left means no progress was possible; with no input left it is
      // zlib's normal "need more input".
      if (strm.avail_in === 0 && strm.avail_out > 0) return null;
      if (status === Z_BUF_ERROR && strm.avail_out > 0) return null;
    }
  }
}

/** Collects output pieces up to a byte limit. */
class OutputCollector {
  private pieces: Uint8Array[] = [];
  private size = 0;
  full = false;
  /** With an arena: the output so far, grown in place (pieces stays empty). */
  private joined: Uint8Array | null = null;
  constructor(
    private readonly limit: number,
    private readonly arena: StepArena | null,
  ) {}
  room(): number {
    return this.limit - this.size;
  }
  add(piece: Uint8Array): void {
    if (piece.length === 0) return;
    const take = Math.min(piece.length, this.room());
    if (this.arena !== null) {
      const at = this.size;
      this.joined = this.joined === null ? this.arena.alloc(take) : this.arena.grow(this.joined, at + take);
      this.joined.set(take === piece.length ? piece : piece.subarray(0, take), at);
      this.size += take;
      if (take < piece.length) this.full = true;
      return;
    }
    // Copy: the piece is a view into a buffer we hand to zlib again. Small ones into a shared
    // slab (an ArrayBuffer per small message was a visible cost on chat-like traffic).
    const copy = allocBytes(take);
    copy.set(take === piece.length ? piece : piece.subarray(0, take));
    this.pieces.push(copy);
    this.size += take;
    if (take < piece.length) this.full = true;
  }
  result(): Uint8Array {
    if (this.joined !== null) return this.joined;
    if (this.pieces.length === 1) return this.pieces[0] as Uint8Array;
    const all = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.pieces) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  }
}
