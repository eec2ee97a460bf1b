// Where the capture's recent records are in the file, and their bytes while they are at hand: how
// the worker finds a frame's bytes again (frame-locator.ts) so that it can keep file offsets
// instead of payloads when the capture can be read again by range (a File: file-payloads.ts).
//
// Why its own walk: the decoder numbers records (FrameRecord.spans) but hands out no file offsets,
// and its capture reader copies every record. Walking the record headers alone over the chunks the
// engine is given costs little (no copy). It follows the decoder's numbering for well-formed
// pcap and pcapng files; where it might not (a damaged file), the locator compares the bytes it
// finds with the frame's own and keeps the payload when they differ, so a wrong guess costs
// memory, never a wrong payload.
//
// Only the last WINDOW bytes of input are held (the chunks themselves, not copies), with the
// offsets of the records in them: a frame whose records are older than that keeps its payload.

import { detectCaptureFormat, PCAPNG_BYTE_ORDER_MAGIC, PCAPNG_SHB_TYPE } from '../../decoder/index.js';

/** Input bytes held for the locator: a frame spread over more than this keeps its payload. */
const WINDOW = 16 * 1024 * 1024;
const PCAPNG_EPB = 6;
const PCAPNG_PB = 2;
const PCAPNG_SPB = 3;
const PCAPNG_IDB = 1;

export class RecordIndex {
  private readonly chunks: { start: number; bytes: Uint8Array }[] = [];
  private heldFrom = 0;
  private end = 0;
  /** File offset of the next record or block header. */
  private pos = 0;
  private format: 'unknown' | 'pcap' | 'pcapng' | 'none' = 'unknown';
  private le = true;
  private pcapHeader = 16;
  private snapLength = 0;
  /** Records first..first+count-1: data offset and captured length; those before `head` are let go. */
  private first = 1;
  private count = 0;
  private head = 0;
  private offsets = new Float64Array(4096);
  private lengths = new Int32Array(4096);

  /** False when the input is no pcap or pcapng file (a HAR file): nothing can be located. */
  get usable(): boolean {
    return this.format !== 'none';
  }

  push(chunk: Uint8Array): void {
    if (this.format === 'none' || chunk.length === 0) return;
    this.chunks.push({ start: this.end, bytes: chunk });
    this.end += chunk.length;
    this.walk();
    this.letGo();
  }

  /** The captured bytes of record `n` (a view, or a copy when it straddles two chunks), or null if not held. */
  dataOf(n: number): { offset: number; bytes: Uint8Array } | null {
    const i = n - this.first;
    if (i < this.head || i >= this.count) return null;
    const offset = this.offsets[i];
    const bytes = this.bytesAt(offset, this.lengths[i]);
    return bytes ? { offset, bytes } : null;
  }

  private walk(): void {
    if (this.format === 'unknown') {
      const head = this.bytesAt(0, 4);
      if (!head) return;
      const format = detectCaptureFormat(head);
      if (format.kind === 'pcapng') this.format = 'pcapng';
      else if (format.kind === 'pcap') this.startPcap(format.littleEndian, format.modified);
      else {
        this.format = 'none';
        this.chunks.length = 0;
        return;
      }
    }
    if (this.format === 'pcap') this.walkPcap();
    else this.walkPcapng();
  }

  private startPcap(le: boolean, modified: boolean): void {
    this.format = 'pcap';
    this.le = le;
    this.pcapHeader = modified ? 24 : 16;
    this.pos = 24;
  }

  private walkPcap(): void {
    for (;;) {
      const h = this.bytesAt(this.pos, 16);
      if (!h) return;
      const captured = u32(h, 8, this.le);
      const data = this.pos + this.pcapHeader;
      if (data + captured > this.end) return;
      this.add(data, captured);
      this.pos = data + captured;
    }
  }

  private walkPcapng(): void {
    for (;;) {
      const h = this.bytesAt(this.pos, 28);
      if (!h) {
        // a block shorter than 28 bytes at the very end: nothing more to index
        return;
      }
      let type = u32(h, 0, this.le);
      if (u32(h, 0, false) === PCAPNG_SHB_TYPE) {
        type = PCAPNG_SHB_TYPE;
        this.le = u32(h, 8, true) === PCAPNG_BYTE_ORDER_MAGIC;
      }
      const length = u32(h, 4, this.le);
      if (length < 12 || length % 4 !== 0) {
        // damaged: stop indexing (what is not found keeps its payload)
        this.format = 'none';
        this.chunks.length = 0;
        return;
      }
      if (this.pos + length > this.end) return;
      if (type === PCAPNG_EPB || type === PCAPNG_PB) this.add(this.pos + 28, u32(h, 20, this.le));
      else if (type === PCAPNG_SPB) {
        let captured = Math.min(u32(h, 8, this.le), length - 16);
        if (this.snapLength > 0) captured = Math.min(captured, this.snapLength);
        this.add(this.pos + 12, captured);
      } else if (type === PCAPNG_IDB && this.snapLength === 0) this.snapLength = u32(h, 12, this.le);
      this.pos += length;
    }
  }

  private add(offset: number, length: number): void {
    if (this.count === this.offsets.length) {
      const offsets = new Float64Array(this.count * 2);
      const lengths = new Int32Array(this.count * 2);
      offsets.set(this.offsets);
      lengths.set(this.lengths);
      this.offsets = offsets;
      this.lengths = lengths;
    }
    this.offsets[this.count] = offset;
    this.lengths[this.count] = length;
    this.count++;
  }

  /** Drops chunks (and the records in them) older than the window. */
  private letGo(): void {
    while (this.chunks.length > 1 && this.end - (this.chunks[0].start + this.chunks[0].bytes.length) >= WINDOW)
      this.chunks.shift();
    this.heldFrom = this.chunks[0]?.start ?? this.end;
    while (this.head < this.count && this.offsets[this.head] < this.heldFrom) this.head++;
    const drop = this.head;
    if (drop > 0 && drop * 2 >= this.count) {
      this.offsets.copyWithin(0, drop, this.count);
      this.lengths.copyWithin(0, drop, this.count);
      this.count -= drop;
      this.first += drop;
      this.head = 0;
    }
  }

  /** `length` bytes at file offset `at` from the chunks held, or null when not all are. */
  private bytesAt(at: number, length: number): Uint8Array | null {
    if (at < this.heldFrom || at + length > this.end) return null;
    let i = this.chunks.length - 1;
    while (i > 0 && this.chunks[i].start > at) i--;
    const c = this.chunks[i];
    const from = at - c.start;
    if (from + length <= c.bytes.length) return c.bytes.subarray(from, from + length);
    const out = new Uint8Array(length);
    let done = 0;
    for (let j = i; done < length; j++) {
      const part = this.chunks[j].bytes.subarray(j === i ? from : 0, (j === i ? from : 0) + length - done);
      out.set(part, done);
      done += part.length;
    }
    return out;
  }
}

function u32(b: Uint8Array, at: number, le: boolean): number {
  return le
    ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0
    : ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}
