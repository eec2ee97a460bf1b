// Reassembly of one direction ("side") of a TCP connection into in-order stream bytes.
//
// Rules
// - Stream offset 0 is the first data byte: ISN + 1 when the SYN was seen (the SYN consumes one
//   sequence number), else the first sequence number seen from this side (mid-stream capture).
// - A sequence number becomes an offset through a wrap-safe difference from the next expected
//   byte, so streams may cross 2^32 in sequence space and grow past 4 GiB in offset space.
// - Only in-order bytes leave as 'data'. Bytes ahead of a hole are copied into `pending`
//   (sorted, non-overlapping) until the hole fills, or until we decide it never will: the peer
//   ACKs past it (for a hole before a FIN: the ACK of the FIN, see finAt), the buffer exceeds
//   its limit, RST, or end of capture. Then the hole leaves as a 'gap' with a tcp.gap finding.
// - Bytes seen twice: the first copy wins. A later copy that differs is a tcp.overlap-conflict.
//   Delivered bytes are dropped at once; only the last LAST_KEPT bytes delivered are remembered
//   (see remember()) so a retransmission of recent data can still be compared.
// - The bytes of a truncated segment that are not in the file become a missing run, which
//   leaves as a gap when it reaches the front.
//
// Fast path: an in-order segment with nothing buffered costs one event (and a copy when small).

import type { FindingCode } from '../findings.js';
import { makeFinding } from '../findings.js';
import type { Direction } from '../records.js';
import type { SegmentSpan, Side, TcpEvent } from './events.js';
import { SEQ_MODULUS, seqDiff } from './sequence.js';

/** Who this stream is, for events and finding messages. */
export interface StreamLabel {
  connectionId: number;
  side: Side;
  /** 'client'/'server' when the handshake showed the roles, else null. */
  direction: Direction | null;
  /** "10.0.0.1:5000 → 10.0.0.2:80" */
  text: string;
}

/** The packet being handled: events and findings point at it. */
export interface Arrival {
  record: number;
  time: number;
  /** For a segment: its payload's file offset, when known (TcpSegment.fileOffset). */
  fileOffset?: number;
}

/** A buffered run of stream bytes; `bytes` null means the bytes were never captured. */
interface Chunk {
  offset: number;
  length: number;
  bytes: Uint8Array | null;
  record: number;
  time: number;
  /** SegmentSpan.fileBase of the segment the bytes came from. */
  fileBase: number | undefined;
}

/** How many of the last delivered bytes are kept to compare retransmissions with. */
const LAST_KEPT = 16 * 1024;

export class HalfStream {
  /** Sequence number of stream offset 0, or -1 before this side's first packet. */
  base = -1;
  /** The SYN's sequence number, or -1 when no SYN was seen from this side. */
  isn = -1;
  /** Stream offset of the next byte to deliver (everything before it is delivered or a gap). */
  next = 0;
  /** Stream offset the FIN occupies, or -1. */
  fin = -1;
  /** The 'fin' control event went out (it waits until every byte before the FIN has left). */
  finReported = false;
  rstSeen = false;

  private pending: Chunk[] = [];
  private pendingBytes = 0;
  private last: Uint8Array | null = null;
  private lastOffset = 0;
  /** Made on first use: a SYN-only side must cost a few bytes, not an ArrayBuffer (issue 15). */
  private lastCopy: Uint8Array | null = null;

  constructor(
    readonly label: StreamLabel,
    private readonly limit: number,
  ) {}

  get known(): boolean {
    return this.base >= 0;
  }

  /** Stream offset of a sequence number (only when `known`). */
  offsetOf(seq: number): number {
    return this.next + seqDiff(seq, (this.base + this.next) % SEQ_MODULUS);
  }

  /** True when every byte before the FIN has left (as data or gap). */
  get finished(): boolean {
    return this.fin >= 0 && this.next >= this.fin;
  }

  /**
   * One segment's payload: `captured` are the bytes in the file, `total` the length the IP
   * header gives (larger when the packet was truncated). `dataSeq` is the first byte's sequence.
   */
  segment(dataSeq: number, captured: Uint8Array, total: number, at: Arrival, out: TcpEvent[]): void {
    const start = this.offsetOf(dataSeq);
    let end = start + total;
    let capEnd = start + captured.length;
    // Bytes past the FIN are not part of the stream.
    if (this.fin >= 0 && end > this.fin) end = this.fin;
    if (capEnd > end) capEnd = end;
    if (end <= start) return;
    if (start === this.next && capEnd === end && this.pending.length === 0) {
      const length = end - start;
      // Record data is owned by the record and never rewritten (records.ts): pass a view on.
      this.deliver(
        captured.subarray(0, length),
        [
          {
            record: at.record,
            streamOffset: start,
            length,
            time: at.time,
            fileBase: at.fileOffset === undefined ? undefined : at.fileOffset - start,
          },
        ],
        at,
        out,
      );
      return;
    }
    this.slowSegment(start, end, capEnd, captured, at, out);
  }

  /** The peer acknowledged up to `ack`: bytes before it reached the receiver, so holes there are gaps. */
  acked(ack: number, at: Arrival, out: TcpEvent[]): void {
    let target = this.offsetOf(ack);
    if (target <= this.next) return;
    // The FIN takes one sequence number: an ACK of the FIN does not ACK a data byte.
    if (this.fin >= 0 && target > this.fin) target = this.fin;
    this.flushTo(target, at, out);
  }

  /**
   * Records the FIN (first one only). Holes before it stay open
   * until the peer ACKs the FIN (which follows at once), a RST, or the end of the capture: a
   * data segment reordered behind its FIN is common and must not become a false gap.
   */
  finAt(offset: number): void {
    if (this.fin >= 0) return;
    this.fin = Math.max(offset, this.next);
    this.dropFrom(this.fin);
  }

  /** RST or end of capture: every hole becomes a gap and every buffered byte leaves. */
  flushAll(at: Arrival, out: TcpEvent[]): void {
    const last = this.pending[this.pending.length - 1];
    let target = last ? last.offset + last.length : this.next;
    if (this.fin > target) target = this.fin;
    this.flushTo(target, at, out);
  }

  /** Forget buffered bytes (the connection is over). */
  discard(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.last = null;
    this.lastCopy = null;
  }

  // ---------------------------------------------------------------- slow path

  private slowSegment(
    start: number,
    end: number,
    capEnd: number,
    captured: Uint8Array,
    at: Arrival,
    out: TcpEvent[],
  ): void {
    const conflict = { lo: Number.POSITIVE_INFINITY, hi: -1 };
    let seenBefore = 0;
    let from = start;
    if (start < this.next) {
      // Already delivered (or declared missing): a retransmission.
      from = Math.min(end, this.next);
      seenBefore += from - start;
      // RFC 1122 §4.2.3.6: a keep-alive probe may carry one garbage byte at SND.NXT - 1; a
      // repeated zero-window probe (RFC 9293 §3.8.6.1) is one byte at the same place. Wireshark
      // calls them TCP Keep-Alive / ZeroWindowProbe, not retransmissions: nothing to report.
      if (end - start === 1 && start === this.next - 1) return;
      if (this.last !== null) {
        compareRun(captured, start, Math.min(from, capEnd), this.last, this.lastOffset, conflict);
      }
    }
    let opensHole = false;
    if (from < end) {
      const r = this.insert(from, end, capEnd, start, captured, at, conflict);
      seenBefore += r.seenBefore;
      opensHole = r.opensHole;
    }
    const len = end - start;
    if (seenBefore > 0) {
      this.finding(
        'tcp.retransmission',
        `retransmitted ${seenBefore} of ${len} bytes at stream offset ${start} on ${this.label.text}`,
        at,
        out,
      );
    }
    if (conflict.hi >= 0) {
      this.finding(
        'tcp.overlap-conflict',
        `retransmitted bytes at stream offsets ${conflict.lo}-${conflict.hi} on ${this.label.text} differ from the first copy (kept the first copy)`,
        at,
        out,
      );
    }
    if (opensHole) {
      this.finding(
        'tcp.out-of-order',
        `${len} bytes at stream offset ${start} arrived before the bytes from offset ${this.next} on ${this.label.text}`,
        at,
        out,
      );
    }
    this.release(at, out);
    this.enforceLimit(at, out);
  }

  /**
   * Adds [from, end) to `pending` around what is already there (first copy wins).
   * Returns how many bytes were already buffered, and whether the segment opened a new hole
   * (its first new byte follows neither delivered nor buffered bytes): one out-of-order note per
   * hole, not one for every segment queued behind it.
   */
  private insert(
    from: number,
    end: number,
    capEnd: number,
    segStart: number,
    captured: Uint8Array,
    at: Arrival,
    conflict: { lo: number; hi: number },
  ): { seenBefore: number; opensHole: boolean } {
    const list = this.pending;
    let seenBefore = 0;
    let opensHole = false;
    // First chunk that ends after `from` (binary search: the list is sorted and disjoint).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].offset + list[mid].length <= from) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    let pos = from;
    const afterBuffered = lo > 0 && list[lo - 1].offset + list[lo - 1].length === from;
    const fresh: Chunk[] = [];
    const fileBase = at.fileOffset === undefined ? undefined : at.fileOffset - segStart;
    const addRun = (x: number, y: number): void => {
      // Captured part, then the part the file does not hold.
      if (x < capEnd) {
        const cy = Math.min(y, capEnd);
        const bytes = captured.slice(x - segStart, cy - segStart);
        fresh.push({ offset: x, length: cy - x, bytes, record: at.record, time: at.time, fileBase });
        this.pendingBytes += cy - x;
      }
      const mx = Math.max(x, capEnd);
      if (mx < y)
        fresh.push({ offset: mx, length: y - mx, bytes: null, record: at.record, time: at.time, fileBase: undefined });
      if (x === from && from > this.next && !afterBuffered) opensHole = true;
    };
    while (i < list.length && list[i].offset < end) {
      const c = list[i];
      if (c.offset > pos) {
        addRun(pos, c.offset);
        list.splice(i, 0, ...fresh);
        i += fresh.length;
        fresh.length = 0;
      }
      const oStart = Math.max(pos, c.offset);
      const oEnd = Math.min(end, c.offset + c.length);
      seenBefore += oEnd - oStart;
      if (c.bytes !== null) compareRun(captured, segStart, Math.min(oEnd, capEnd), c.bytes, c.offset, conflict, oStart);
      pos = c.offset + c.length;
      i++;
    }
    if (pos < end) {
      addRun(pos, end);
      list.splice(i, 0, ...fresh);
    }
    return { seenBefore, opensHole };
  }

  /** Delivers the runs at the front that are contiguous with `next`. */
  private release(at: Arrival, out: TcpEvent[]): void {
    const list = this.pending;
    let k = 0;
    let run: Chunk[] = [];
    while (k < list.length && list[k].offset <= this.next) {
      const c = list[k++];
      const skip = this.next - c.offset;
      if (skip >= c.length) {
        if (c.bytes !== null) this.pendingBytes -= c.length;
        continue;
      }
      if (c.bytes === null) {
        this.emitRun(run, at, out);
        run = [];
        this.emitGap(c.length - skip, at, out);
        continue;
      }
      this.pendingBytes -= c.length;
      run.push(skip === 0 ? c : { ...c, offset: this.next, length: c.length - skip, bytes: c.bytes.subarray(skip) });
      this.next += c.length - skip;
    }
    this.emitRun(run, at, out);
    if (k > 0) list.splice(0, k);
  }

  /** Skip ahead over holes, oldest first, until `target` or the buffer is empty. */
  private flushTo(target: number, at: Arrival, out: TcpEvent[]): void {
    while (this.next < target) {
      const first = this.pending[0];
      const holeEnd = first ? Math.min(first.offset, target) : target;
      if (holeEnd > this.next) this.emitGap(holeEnd - this.next, at, out);
      this.release(at, out);
      if (this.pending.length === 0 && this.next >= target) break;
    }
  }

  private enforceLimit(at: Arrival, out: TcpEvent[]): void {
    if (this.pendingBytes <= this.limit) return;
    this.finding(
      'tcp.buffer-limit',
      `${this.pendingBytes} out-of-order bytes buffered on ${this.label.text} exceed the limit of ${this.limit}; skipping ahead from offset ${this.next}`,
      at,
      out,
    );
    while (this.pendingBytes > this.limit && this.pending.length > 0) {
      this.emitGap(this.pending[0].offset - this.next, at, out);
      this.release(at, out);
    }
  }

  /** Drops buffered bytes at or after `offset` (data past the FIN). */
  private dropFrom(offset: number): void {
    const list = this.pending;
    while (list.length > 0) {
      const c = list[list.length - 1];
      if (c.offset + c.length <= offset) break;
      if (c.offset >= offset) {
        list.pop();
        if (c.bytes !== null) this.pendingBytes -= c.length;
        continue;
      }
      const keep = offset - c.offset;
      if (c.bytes !== null) this.pendingBytes -= c.length - keep;
      list[list.length - 1] = { ...c, length: keep, bytes: c.bytes === null ? null : c.bytes.subarray(0, keep) };
      break;
    }
  }

  // ---------------------------------------------------------------- output

  /** One 'data' event for contiguous buffered runs (copied into one array when several). */
  private emitRun(run: Chunk[], at: Arrival, out: TcpEvent[]): void {
    if (run.length === 0) return;
    const spans: SegmentSpan[] = [];
    let total = 0;
    for (const c of run) {
      const prev = spans[spans.length - 1];
      if (prev !== undefined && prev.record === c.record && prev.streamOffset + prev.length === c.offset) {
        prev.length += c.length;
      } else {
        spans.push({ record: c.record, streamOffset: c.offset, length: c.length, time: c.time, fileBase: c.fileBase });
      }
      total += c.length;
    }
    let bytes: Uint8Array;
    if (run.length === 1) {
      bytes = run[0].bytes as Uint8Array;
    } else {
      bytes = new Uint8Array(total);
      let p = 0;
      for (const c of run) {
        bytes.set(c.bytes as Uint8Array, p);
        p += c.length;
      }
    }
    this.deliverAt(run[0].offset, bytes, spans, at, out);
  }

  private deliver(bytes: Uint8Array, spans: SegmentSpan[], at: Arrival, out: TcpEvent[]): void {
    const streamOffset = this.next;
    this.next += bytes.length;
    this.deliverAt(streamOffset, bytes, spans, at, out);
  }

  private deliverAt(streamOffset: number, bytes: Uint8Array, spans: SegmentSpan[], at: Arrival, out: TcpEvent[]): void {
    this.remember(bytes, streamOffset);
    const { connectionId, side } = this.label;
    out.push({ type: 'data', connectionId, side, streamOffset, bytes, spans, record: at.record, time: at.time });
  }

  /**
   * Keep the last LAST_KEPT bytes delivered, for comparing retransmissions with, copied into this
   * stream's one reused buffer. Never a view: an idle stream would pin a shared slab of records,
   * and a view of a large segment (64 KiB on loopback) kept that record alive until the stream's
   * next delivery, long enough for nearly every large record to outlive V8's young generation and
   * wait as garbage for a full GC (most of the CLI's peak RSS on captures of large messages).
   */
  private remember(bytes: Uint8Array, streamOffset: number): void {
    const n = bytes.length;
    const keep = n < LAST_KEPT ? n : LAST_KEPT;
    this.lastOffset = streamOffset + n - keep;
    let copy = this.lastCopy;
    if (copy === null || copy.length < keep) {
      copy = new Uint8Array(Math.min(LAST_KEPT, Math.max(keep, 2 * (copy?.length ?? 0))));
      this.lastCopy = copy;
    }
    copy.set(keep === n ? bytes : bytes.subarray(n - keep));
    this.last = copy.subarray(0, keep);
  }

  private emitGap(length: number, at: Arrival, out: TcpEvent[]): void {
    if (length <= 0) return;
    const streamOffset = this.next;
    this.next += length;
    const { connectionId, side } = this.label;
    out.push({ type: 'gap', connectionId, side, streamOffset, length, record: at.record, time: at.time });
    this.finding(
      'tcp.gap',
      `${length} bytes missing from the ${this.label.text} stream at offset ${streamOffset} (never captured)`,
      at,
      out,
    );
  }

  private finding(code: FindingCode, message: string, at: Arrival, out: TcpEvent[]): void {
    out.push({
      type: 'finding',
      finding: makeFinding(code, message, {
        connectionId: this.label.connectionId,
        direction: this.label.direction,
        packet: at.record,
        time: at.time,
      }),
    });
  }
}

/**
 * Compares the captured segment bytes over [x, y) (segment starts at `segStart`) against a
 * stored run `bytes` starting at `runOffset`; widens `conflict` to cover differing offsets.
 */
function compareRun(
  captured: Uint8Array,
  segStart: number,
  y: number,
  bytes: Uint8Array,
  runOffset: number,
  conflict: { lo: number; hi: number },
  x: number = segStart,
): void {
  // A transferred (detached) array has length 0: nothing to compare.
  const lo = Math.max(x, runOffset);
  const hi = Math.min(y, runOffset + bytes.length);
  for (let o = lo; o < hi; o++) {
    if (captured[o - segStart] !== bytes[o - runOffset]) {
      if (o < conflict.lo) conflict.lo = o;
      if (o > conflict.hi) conflict.hi = o;
    }
  }
}
