// Maps bytes of one direction's TLS stream (TCP stream offsets) to the capture records that
// carried them, and re-expresses them at plaintext offsets: decrypted bytes keep pointing at the
// packets they came from. AES-GCM, ChaCha20 and CBC all keep plaintext byte i at ciphertext
// byte i of the record's encrypted part, so a content range maps to one ciphertext range exactly.
//
// Spans arrive in stream order and records are decrypted in stream order, so this is a queue;
// a span wholly behind the last range taken is dropped at once, so each is visited O(1) times.
//
// Garbage collection: the spans are kept as numbers in one typed array, not as the TCP
// tracker's span objects. This map lives long (old generation); an object stored in it waits for
// the side's next record, which on a busy capture comes after a scavenge or two, and so was
// copied and promoted: one promotion per record, the largest cost of the TLS layer per record.

import type { SegmentSpan } from '../tcp/events.js';

/** Numbers per span: record, stream offset, length, time. */
const STRIDE = 4;

export class TlsSpanMap {
  private q = new Float64Array(16 * STRIDE);
  /** Index (in numbers) of the first live span, and one past the last. */
  private head = 0;
  private tail = 0;
  /** Record and time of the packet that completed the range of the last take() (0 when none). */
  lastRecord = 0;
  lastTime = 0;

  add(spans: readonly SegmentSpan[]): void {
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i] as SegmentSpan;
      if (s.length <= 0) continue;
      const t = this.tail;
      // One packet often arrives as several spans (released after a hole filled): merge.
      if (t > this.head && this.q[t - STRIDE] === s.record && this.q[t - 3] + this.q[t - 2] === s.streamOffset) {
        this.q[t - 2] += s.length;
        continue;
      }
      if (t + STRIDE > this.q.length) this.makeRoom();
      const q = this.q;
      const at = this.tail;
      q[at] = s.record;
      q[at + 1] = s.streamOffset;
      q[at + 2] = s.length;
      q[at + 3] = s.time;
      this.tail = at + STRIDE;
    }
  }

  /**
   * Spans of TCP bytes [start, start + length) re-based at plaintext offset `plain`, appended to
   * `out`; lastRecord/lastTime say which packet completed the range. Ranges are taken in stream
   * order: what ends at or before the range's end is not needed again.
   */
  take(start: number, length: number, plain: number, out: SegmentSpan[]): void {
    const end = start + length;
    const q = this.q;
    let lastRecord = 0;
    let lastTime = 0;
    let i = this.head;
    // Behind the range: bytes of headers, tags and records that were not decrypted.
    while (i < this.tail && (q[i + 1] as number) + (q[i + 2] as number) <= start) i += STRIDE;
    this.head = i;
    for (; i < this.tail; i += STRIDE) {
      const offset = q[i + 1] as number;
      if (offset >= end) break;
      const spanEnd = offset + (q[i + 2] as number);
      const from = offset > start ? offset : start;
      const to = spanEnd < end ? spanEnd : end;
      lastRecord = q[i] as number;
      lastTime = q[i + 3] as number;
      if (to > from)
        out.push({ record: lastRecord, streamOffset: plain + (from - start), length: to - from, time: lastTime });
      if (spanEnd <= end) this.head = i + STRIDE;
    }
    this.lastRecord = lastRecord;
    this.lastTime = lastTime;
    if (this.head === this.tail) this.head = this.tail = 0;
  }

  /** Space for one more span at the tail: move the live spans to the front, or grow. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    if (live + STRIDE <= this.q.length / 2) this.q.copyWithin(0, this.head, this.tail);
    else {
      const grown = new Float64Array(this.q.length * 2);
      grown.set(this.q.subarray(this.head, this.tail));
      this.q = grown;
    }
    this.head = 0;
    this.tail = live;
  }
}
