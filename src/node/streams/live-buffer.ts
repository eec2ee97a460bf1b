// The bytes of a live capture: appended by the capture process, pulled by any number of readers.
//
// Theory of operation:
// - The capture child writes whenever packets arrive; `push()` keeps a copy of every chunk, because
//   the whole capture is needed again for "Save as pcapng" and the server's download route.
// - Readers pull (`LiveReader.next()`): each has its own cursor, gets everything buffered since its
//   last pull (at most LIVE_READ_MAX bytes at a time), and waits when it has caught up. That is the
//   back-pressure towards the renderer: nothing crosses IPC or HTTP unasked, so a slow decoder only
//   lets bytes wait here.
// - Towards the capture process there is no pause (a pipe that is not drained would make tcpdump
//   drop packets anyway), so memory is bounded by LIVE_BYTES_LIMIT instead: `push()` returns false
//   once the limit is passed and the owner stops the capture with a message.
// - `end(error?)` marks the last byte; readers drain what is left, then get null (or the error).
//
// Node-free and Electron-free: shared by the Electron main process and the browser-mode server.

/** Most bytes one `next()` hands out: one IPC message or HTTP write. */
export const LIVE_READ_MAX = 1024 * 1024;

/** A live capture stops itself past this many bytes, so memory stays bounded. */
export const LIVE_BYTES_LIMIT = 512 * 1024 * 1024;

export class LiveBuffer {
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  private ended = false;
  private failure: Error | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly limit = LIVE_BYTES_LIMIT) {}

  /** Appends a copy of `bytes`. Returns false once the byte limit is passed (the owner should stop). */
  push(bytes: Uint8Array): boolean {
    if (this.ended) return false;
    if (bytes.length > 0) {
      this.chunks.push(bytes.slice());
      this.total += bytes.length;
      this.wake();
    }
    return this.total <= this.limit;
  }

  /** No more bytes will come; with an error, readers get it after the buffered bytes. */
  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error ?? null;
    this.wake();
  }

  get byteLength(): number {
    return this.total;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get error(): Error | null {
    return this.failure;
  }

  /** Resolves once `end()` was called (with or without an error). */
  async whenEnded(): Promise<void> {
    while (!this.ended) await this.waitForChange();
  }

  /** Everything captured so far, as one array. */
  bytes(): Uint8Array {
    const all = new Uint8Array(this.total);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all;
  }

  /** A reader starting at the first captured byte. */
  reader(maxRead = LIVE_READ_MAX): LiveReader {
    return new LiveReader(this, maxRead);
  }

  /** @internal for LiveReader: chunk `index`, or undefined past the last one. */
  chunkAt(index: number): Uint8Array | undefined {
    return this.chunks[index];
  }

  /** @internal for LiveReader: resolves on the next push or end. */
  waitForChange(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.add(resolve);
    });
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const resolve of waiters) resolve();
  }
}

export class LiveReader {
  private chunkIndex = 0;
  private offsetInChunk = 0;
  private cancelled = false;
  private cancelWait: (() => void) | null = null;

  constructor(
    private readonly buffer: LiveBuffer,
    private readonly maxRead: number,
  ) {}

  /** The bytes captured since the last call (waiting for some if there are none), or null at the end. */
  async next(): Promise<Uint8Array | null> {
    for (;;) {
      if (this.cancelled) return null;
      const bytes = this.take();
      if (bytes !== null) return bytes;
      if (this.buffer.isEnded) {
        if (this.buffer.error !== null) throw this.buffer.error;
        return null;
      }
      await new Promise<void>((resolve) => {
        this.cancelWait = resolve;
        this.buffer.waitForChange().then(resolve);
      });
      this.cancelWait = null;
    }
  }

  /** Ends this reader: a pending and every later `next()` returns null. */
  cancel(): void {
    this.cancelled = true;
    this.cancelWait?.();
  }

  /** Up to maxRead buffered bytes past the cursor, or null if there are none yet. */
  private take(): Uint8Array | null {
    const parts: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      const chunk = this.buffer.chunkAt(this.chunkIndex);
      if (chunk === undefined || length === this.maxRead) break;
      const part = chunk.subarray(this.offsetInChunk, this.offsetInChunk + (this.maxRead - length));
      parts.push(part);
      length += part.length;
      this.offsetInChunk += part.length;
      if (this.offsetInChunk === chunk.length) {
        this.chunkIndex += 1;
        this.offsetInChunk = 0;
      }
    }
    if (length === 0) return null;
    if (parts.length === 1) return parts[0].slice();
    const out = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}
