// Maps stream offsets of one direction back to the capture records that carried them
// (gopacket's ScatterGather.CaptureInfo), so a frame can list its packets and the UI can
// highlight a header split across two TCP segments.
//
// Spans arrive in stream order (the tracker only releases in-order bytes); frames complete in
// stream order too, so the index is a queue: look up from the front, drop what is behind.

import type { SegmentSpan } from '../tcp/events.js';

export interface FrameSpans {
  packets: number[];
  spans: { record: number; offset: number; length: number }[];
  /** Record and time of the packet that supplied the frame's last captured byte. */
  lastRecord: number;
  lastTime: number;
}

export class SpanIndex {
  private spans: SegmentSpan[] = [];
  private head = 0;

  /**
   * True when the last span is a copy made here (so it may be grown in place); false when it is
   * the caller's object, which is never mutated. Spans never leave the index: take() builds new ones.
   */
  private lastOwned = false;

  add(spans: readonly SegmentSpan[]): void {
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i] as SegmentSpan;
      if (s.length <= 0) continue;
      const n = this.spans.length;
      const last = n > this.head ? (this.spans[n - 1] as SegmentSpan) : undefined;
      // One packet often arrives as several spans (e.g. released after a hole filled): merge.
      if (last && last.record === s.record && last.streamOffset + last.length === s.streamOffset) {
        if (this.lastOwned) {
          last.length += s.length;
        } else {
          this.spans[n - 1] = { ...last, length: last.length + s.length };
          this.lastOwned = true;
        }
      } else {
        this.spans.push(s);
        this.lastOwned = false;
      }
    }
  }

  /** Records covering [start, end) of the stream; spans ending at or before `start` are dropped. */
  take(start: number, end: number, fallback: { record: number; time: number }): FrameSpans {
    this.dropBefore(start);
    const out: FrameSpans = { packets: [], spans: [], lastRecord: fallback.record, lastTime: fallback.time };
    for (let i = this.head; i < this.spans.length; i++) {
      const s = this.spans[i];
      if (s.streamOffset >= end) break;
      const from = Math.max(start, s.streamOffset);
      const to = Math.min(end, s.streamOffset + s.length);
      if (to <= from) continue;
      out.spans.push({ record: s.record, offset: from - start, length: to - from });
      if (out.packets[out.packets.length - 1] !== s.record && !out.packets.includes(s.record)) {
        out.packets.push(s.record);
      }
      out.lastRecord = s.record;
      out.lastTime = s.time;
    }
    // Usually one packet, or several already in order: sort only when needed.
    const packets = out.packets;
    for (let i = 1; i < packets.length; i++) {
      if ((packets[i] as number) < (packets[i - 1] as number)) {
        packets.sort((x, y) => x - y);
        break;
      }
    }
    return out;
  }

  /**
   * Where [start, end) of the stream is in the capture file, as (file offset, length) pairs in
   * stream order, or null when a byte of it is not the file's (SegmentSpan.fileBase) or not here.
   * Call before take() moves past `start`.
   */
  fileRanges(start: number, end: number): number[] | null {
    const out: number[] = [];
    let pos = start;
    for (let i = this.head; i < this.spans.length && pos < end; i++) {
      const s = this.spans[i] as SegmentSpan;
      const sEnd = s.streamOffset + s.length;
      if (sEnd <= pos) continue;
      if (s.streamOffset > pos || s.fileBase === undefined) return null;
      const to = Math.min(end, sEnd);
      const at = s.fileBase + pos;
      const n = out.length;
      if (n > 0 && (out[n - 2] as number) + (out[n - 1] as number) === at)
        out[n - 1] = (out[n - 1] as number) + to - pos;
      else out.push(at, to - pos);
      pos = to;
    }
    return pos >= end ? out : null;
  }

  dropBefore(offset: number): void {
    while (this.head < this.spans.length) {
      const s = this.spans[this.head];
      if (s.streamOffset + s.length > offset) break;
      // Let go of the consumed span at once: held by this long-lived array until the next
      // compaction, young spans survived scavenges and were promoted to the old generation.
      (this.spans as (SegmentSpan | undefined)[])[this.head] = undefined;
      this.head++;
    }
    // Compact once the dropped spans are half the array: consumed spans held until 1,024 of them
    // piled up were ~80 KB per connection of live heap on captures with hundreds of connections.
    if (this.head > 16 && this.head * 2 > this.spans.length) {
      this.spans = this.spans.slice(this.head);
      this.head = 0;
    }
  }
}
