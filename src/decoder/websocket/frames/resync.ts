// Finding frame boundaries again after they were lost (a TCP gap over a header, an untrusted
// length, or a capture that starts mid-connection).
//
// Theory of operation
// - Bytes after the loss are appended to a buffer owned by the hunter. Every candidate offset is
//   tried in order with walkChain (heuristic.ts): defined opcode, allowed RSV bits, MASK bit as the
//   direction requires (clients mask, servers don't), control frames short and final, minimal
//   lengths, RFC 6455 §5.4 fragmentation order, each frame ending exactly on the next header.
// - A candidate is accepted when RESYNC_FRAMES consecutive frames check out within RESYNC_WINDOW
//   bytes of it, and rejected as soon as a check fails. Otherwise the decision needs bytes that
//   have not arrived: the hunter waits there. Every decision depends only on the bytes, never on
//   how they were chunked, because a chain is cut off at the window, not at the buffer end.
// - Bytes before the first undecided candidate are dropped, so the buffer holds at most about
//   RESYNC_WINDOW bytes beyond it (plus the chunk being scanned).
// - finish() (a gap or the end of the stream) tries what is buffered once more with a relaxed rule:
//   at least 2 complete frames ending exactly at the end of the data. Then the buffer is dropped.

import { type ChainRules, walkChain } from './heuristic.js';

/** Consecutive well-formed frames needed to trust a resynchronisation point. */
const RESYNC_FRAMES = 4;
/** How far (bytes) a candidate's frames may reach; also bounds the hunting buffer. */
const RESYNC_WINDOW = 256 * 1024;
/** Complete frames that must end exactly at the data end for finish() to accept a candidate. */
const FINAL_FRAMES = 2;

export interface HuntRules {
  masked: boolean;
  rsvAllowed: ChainRules['rsvAllowed'];
  maxPayload: number;
}

export interface Anchor {
  /** Stream offset of the first frame found. */
  streamOffset: number;
  /** The buffered bytes from that frame on (owned by the caller now). */
  bytes: Uint8Array;
}

const EMPTY: Uint8Array = new Uint8Array(0);

export class BoundaryHunter {
  private buf: Uint8Array = EMPTY;
  private length = 0;
  /** Stream offset of buf[0]. */
  private offset = 0;
  /** Next candidate index in buf. */
  private candidate = 0;

  /** Start over: the next byte appended sits at `streamOffset`. */
  reset(streamOffset: number): void {
    this.buf = EMPTY;
    this.length = 0;
    this.offset = streamOffset;
    this.candidate = 0;
  }

  /** Bytes of buffer currently allocated (for memory checks). */
  get capacity(): number {
    return this.buf.length;
  }

  /** Add contiguous stream bytes; returns the anchor once one is found (the hunter is then empty). */
  append(bytes: Uint8Array, rules: HuntRules): Anchor | null {
    const needed = this.length + bytes.length;
    if (needed > this.buf.length) {
      const grown = new Uint8Array(Math.max(needed, this.buf.length * 2, 4096));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    this.buf.set(bytes, this.length);
    this.length = needed;
    return this.scan(rules, false);
  }

  /** A gap or the end: last try on what is buffered, then drop it. */
  finish(rules: HuntRules): Anchor | null {
    const anchor = this.length > 0 ? this.scan(rules, true) : null;
    if (anchor === null) this.reset(this.offset + this.length);
    return anchor;
  }

  private scan(hunt: HuntRules, final: boolean): Anchor | null {
    const rules: ChainRules = {
      masked: hunt.masked,
      rsvAllowed: hunt.rsvAllowed,
      maxPayload: hunt.maxPayload,
      maxFrames: RESYNC_FRAMES,
      limit: 0,
    };
    const buf = this.buf;
    const end = this.length;
    let p = this.candidate;
    while (p < end) {
      rules.limit = p + RESYNC_WINDOW;
      const r = walkChain(buf, p, end, rules);
      if (r.complete >= RESYNC_FRAMES || (final && r.complete >= FINAL_FRAMES && r.stop === 'exact')) {
        const anchor = { streamOffset: this.offset + p, bytes: buf.subarray(p, end) };
        this.reset(this.offset + end);
        return anchor;
      }
      if (r.stop !== 'bad' && !final) break; // undecided: wait for more bytes
      p++;
    }
    // Drop the bytes no candidate can start in any more.
    if (p > 0) {
      buf.copyWithin(0, p, end);
      this.length = end - p;
      this.offset += p;
    }
    this.candidate = 0;
    return null;
  }
}
