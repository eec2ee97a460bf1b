// Maps bytes of one direction's TLS stream (TCP stream offsets) to the capture records that
// carried them, and re-expresses them at plaintext offsets: decrypted bytes keep pointing at the
// packets they came from. AES-GCM, ChaCha20 and CBC all keep plaintext byte i at ciphertext
// byte i of the record's encrypted part, so a content range maps to one ciphertext range exactly.
//
// Spans arrive in stream order and records are decrypted in stream order, so this is a queue.

import type { SegmentSpan } from '../tcp/events.js';

/**
 * What a consumed slot points at. This map lives long and its array is in the old generation:
 * a span object left in it stays alive through scavenges and is promoted, a cost paid per
 * record on small-record traffic.
 */
const DROPPED: SegmentSpan = { record: 0, streamOffset: 0, length: 0, time: 0 };

export class TlsSpanMap {
  private spans: SegmentSpan[] = [];
  private head = 0;
  /** Record and time of the packet that completed the range of the last take() (0 when none). */
  lastRecord = 0;
  lastTime = 0;

  add(spans: readonly SegmentSpan[]): void {
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i] as SegmentSpan;
      if (s.length > 0) this.spans.push(s);
    }
  }

  /**
   * Spans of TCP bytes [start, start + length) re-based at plaintext offset `plain`, appended to
   * `out`; lastRecord/lastTime say which packet completed the range.
   */
  take(start: number, length: number, plain: number, out: SegmentSpan[]): void {
    const end = start + length;
    this.lastRecord = 0;
    this.lastTime = 0;
    while (this.head < this.spans.length) {
      const s = this.spans[this.head] as SegmentSpan;
      if (s.streamOffset + s.length > start) break;
      // Let go of it now, not at the next compaction: see the note above the class.
      this.spans[this.head] = DROPPED;
      this.head++;
    }
    for (let i = this.head; i < this.spans.length; i++) {
      const s = this.spans[i] as SegmentSpan;
      if (s.streamOffset >= end) break;
      const from = Math.max(start, s.streamOffset);
      const to = Math.min(end, s.streamOffset + s.length);
      if (to <= from) continue;
      out.push({ record: s.record, streamOffset: plain + (from - start), length: to - from, time: s.time });
      this.lastRecord = s.record;
      this.lastTime = s.time;
    }
    if (this.head > 64 && this.head * 2 > this.spans.length) {
      this.spans = this.spans.slice(this.head);
      this.head = 0;
    }
  }

  /** Record and time of the packet that carried stream byte `offset` (or the nearest before). */
  at(offset: number): { record: number; time: number } | null {
    for (let i = this.head; i < this.spans.length; i++) {
      const s = this.spans[i] as SegmentSpan;
      if (s.streamOffset + s.length > offset) return { record: s.record, time: s.time };
    }
    const s = this.spans[this.spans.length - 1];
    return s ? { record: s.record, time: s.time } : null;
  }
}
