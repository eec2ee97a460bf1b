// The file `wsscope capture --write` saves the raw capture to, and what happens when writing fails.
//
// Theory: the capture tool's bytes are appended as they come. A write can fail (a full disk, a
// quota, /dev/full): then the capture must stop with an error, never report a saved file, and
// what is on disk must stay a readable capture. So the writer follows the capture format's own
// framing (pcap: the 24-byte file header, then 16-byte record headers with their captured length;
// pcapng: blocks carrying their total length) to know where the last whole record ends, and after
// a failure cuts the file back to the last record that was written whole.

import { createWriteStream, type WriteStream } from 'node:fs';
import { truncate } from 'node:fs/promises';

export class CaptureWriteError extends Error {
  constructor(
    message: string,
    /** Bytes of whole records kept in the file. */
    readonly keptBytes: number,
  ) {
    super(message);
    this.name = 'CaptureWriteError';
  }
}

/** Where whole records end in a pcap or pcapng byte stream fed in arbitrary pieces. */
export class RecordBoundaries {
  /** Offset just past the last whole record (or file header) seen. */
  lastEnd = 0;
  /** Every record end not yet taken by `takeEndsUpTo`. */
  private ends: number[] = [];
  private offset = 0;
  private kind: 'pcap' | 'pcapng' | null = null;
  private little = true;
  /** Start and needed length of the unit being read; header bytes kept until it is known. */
  private unitStart = 0;
  private head: number[] = [];

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.kind === null || this.unitLength() === null) {
        this.head.push(chunk[i] as number);
        i++;
        this.offset++;
        if (this.kind === null && this.head.length === 4) this.detect();
        continue;
      }
      const need = (this.unitLength() as number) - (this.offset - this.unitStart);
      const take = Math.min(need, chunk.length - i);
      i += take;
      this.offset += take;
      if (this.offset - this.unitStart === this.unitLength()) {
        this.lastEnd = this.offset;
        this.ends.push(this.offset);
        this.unitStart = this.offset;
        this.head = [];
      }
    }
  }

  /** The last record end at or before `offset` (0 if none), forgetting the ends before it. */
  takeEndsUpTo(offset: number, previous: number): number {
    let last = previous;
    let i = 0;
    while (i < this.ends.length && (this.ends[i] as number) <= offset) last = this.ends[i++] as number;
    if (i > 0) this.ends = this.ends.slice(i);
    return last;
  }

  private detect(): void {
    const [a, b, c, d] = this.head as [number, number, number, number];
    const magic = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    if (magic === 0x0a0d0d0a) this.kind = 'pcapng';
    else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) this.kind = 'pcap';
    else if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) {
      this.kind = 'pcap';
      this.little = false;
    }
  }

  /** Length of the current unit once its header bytes are in, else null. */
  private unitLength(): number | null {
    const h = this.head;
    if (this.kind === 'pcap') {
      if (this.unitStart === 0) return 24;
      if (h.length < 16) return null;
      return 16 + this.u32(12);
    }
    if (this.kind === 'pcapng') {
      if (h.length < 12) return null;
      // A section header block says its byte order in its byte-order magic (offset 8).
      if (this.u32be(0) === 0x0a0d0d0a) this.little = this.u32be(8) === 0x4d3c2b1a;
      const length = this.u32(4);
      return length >= 12 ? length : 12;
    }
    return null;
  }

  private u32(at: number): number {
    const h = this.head;
    return this.little
      ? ((h[at] as number) |
          ((h[at + 1] as number) << 8) |
          ((h[at + 2] as number) << 16) |
          ((h[at + 3] as number) << 24)) >>>
          0
      : this.u32be(at);
  }

  private u32be(at: number): number {
    const h = this.head;
    return (
      (((h[at] as number) << 24) |
        ((h[at + 1] as number) << 16) |
        ((h[at + 2] as number) << 8) |
        (h[at + 3] as number)) >>>
      0
    );
  }
}

/** Appends capture bytes to a file; on the first failed write calls `onFailure` once. */
export class CaptureFileWriter {
  private readonly boundaries = new RecordBoundaries();
  private failure: CaptureWriteError | null = null;
  private written = 0;
  /** The end of the last record whose every byte reached the file. */
  private safeEnd = 0;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
    private readonly onFailure: (error: CaptureWriteError) => void,
  ) {
    stream.on('error', (error: NodeJS.ErrnoException) => void this.fail(error));
  }

  static open(path: string, onFailure: (error: CaptureWriteError) => void): Promise<CaptureFileWriter> {
    return new Promise((resolve, reject) => {
      const stream = createWriteStream(path, { flags: 'w' });
      stream.once('open', () => {
        stream.removeAllListeners('error');
        resolve(new CaptureFileWriter(path, stream, onFailure));
      });
      stream.once('error', (error: NodeJS.ErrnoException) => reject(new Error(`cannot write ${path}: ${why(error)}`)));
    });
  }

  get failed(): CaptureWriteError | null {
    return this.failure;
  }

  write(chunk: Uint8Array): void {
    if (this.failure !== null) return;
    this.boundaries.push(chunk);
    this.stream.write(chunk, (error) => {
      if (error) return;
      this.written += chunk.length;
      this.safeEnd = this.boundaries.takeEndsUpTo(this.written, this.safeEnd);
    });
  }

  /** Flushes and closes; resolves once the file is complete (or cut back after a failure). */
  async close(): Promise<void> {
    if (this.failure !== null) return;
    await new Promise<void>((resolve) => this.stream.end(resolve));
  }

  private async fail(error: NodeJS.ErrnoException): Promise<void> {
    if (this.failure !== null) return;
    // Cut back to the last record written whole (every byte before it reached the file).
    const kept = this.safeEnd;
    this.failure = new CaptureWriteError(`cannot write ${this.path}: ${why(error)}`, kept);
    this.stream.destroy();
    try {
      await truncate(this.path, kept);
    } catch {
      // /dev/full and other devices cannot be truncated: nothing more to do.
    }
    this.onFailure(this.failure);
  }
}

function why(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EACCES':
      return 'permission denied';
    case 'ENOENT':
      return 'no such directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return error.message;
  }
}
