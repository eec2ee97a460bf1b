// Reused memory for the payloads a session hands out in one step, for a caller that opted into
// transient payloads (SessionOptions.transientPayloads): a frame's header and payload and a
// message's joined or inflated payload are views into it, written again after release().
//
// Why: with pooled blocks (block-pool.ts) nothing waits in a buffer of its own any more, but every
// large frame and every fragmented or inflated message still got a fresh array when handed out:
// 1.3 GB of them per GiB of a capture of large messages. Even dying young, they sat in memory
// until V8's next scavenge, which comes after 16 MiB of JS allocation, not of ArrayBuffers
// (~20 MB of them between two scavenges); with the arena the CLI's stats used 20-40% less CPU.
//
// Rules
// - alloc(n) bumps through chunks of CHUNK bytes, kept from step to step; release() (the session,
//   before it reads more input) makes them all free again, so a view is valid only until then.
//   Chunks beyond KEEP_BYTES are dropped at release (left to the GC).
// - Above BIG bytes an allocation is not in a chunk (chunks sized for the largest message, made
//   and dropped, moved glibc's mmap threshold up: it follows the size of freed mappings, after
//   which freed memory stayed in the process, +20 MiB peak RSS). It is a buffer of its own, whose
//   size is a power of two, kept at release for the next step's allocations of that size class,
//   up to KEEP_BIG_BYTES of them: a fresh array per large message (the joined uploads read back
//   from the file, ~800 MB per GiB of the mixed capture) waited for V8's GC, often promoted, and
//   was most of the ArrayBuffers' peak. (The CLI's `messages` on that capture peaked at 193-206
//   MiB keeping 16 MiB, 195-207 keeping 8, 215-220 keeping 4 in finer size classes.) keep(view)
//   takes one out of reuse for a holder that keeps it past the step (the app layer, sniffing).
// - noteInFile(view, pieces): a message joined from the capture file (payload-source.ts) says
//   where its bytes are, for this step; a holder reads them back from there instead of keeping
//   them (inFile).
// - grow(view, n) extends the latest allocation in place when its chunk has room, else moves it
//   (with room to grow again): inflated output grows piece by piece.
// - Not zeroed: only written bytes are ever shown.

import type { FilePiece } from '../payload-source.js';

const CHUNK = 1024 * 1024;
const BIG = CHUNK / 4;
const KEEP_BYTES = 2 * 1024 * 1024;
const KEEP_BIG_BYTES = 16 * 1024 * 1024;

export class StepArena {
  private chunks: Uint8Array[] = [];
  /** Index of the chunk being filled, and how much of it is used. */
  private current = 0;
  private used = 0;
  /** Buffers above BIG handed out since the last release, and those free for reuse. */
  private bigUsed: Uint8Array[] = [];
  private bigFree: Uint8Array[] = [];
  private bigFreeBytes = 0;
  /** This step's payloads whose bytes are the capture file's, and where. */
  private readonly fileOrigins = new Map<Uint8Array, readonly FilePiece[]>();

  /** `n` bytes valid until the next release(). */
  alloc(n: number): Uint8Array {
    if (n > BIG) return this.allocBig(n);
    let chunk = this.chunks[this.current];
    if (chunk === undefined || this.used + n > chunk.length) chunk = this.nextChunk(n);
    const at = this.used;
    // 8-byte aligned, like slab.ts: unmasking works a word at a time.
    this.used = (at + n + 7) & ~7;
    return chunk.subarray(at, at + n);
  }

  /** `view` (the latest alloc or grow) extended to `n` bytes, its bytes kept. */
  grow(view: Uint8Array, n: number): Uint8Array {
    if (view.length > BIG || n > BIG) {
      // An array of its own (see alloc), with room to grow again in place.
      const own = view.buffer;
      if (view.length > BIG && view.byteOffset + n <= own.byteLength) return new Uint8Array(own, view.byteOffset, n);
      const moved = new Uint8Array(2 * n).subarray(0, n);
      moved.set(view);
      return moved;
    }
    const chunk = this.chunks[this.current];
    if (chunk !== undefined && view.buffer === chunk.buffer) {
      const at = view.byteOffset - chunk.byteOffset;
      if (at + n <= chunk.length && ((at + view.length + 7) & ~7) === this.used) {
        this.used = (at + n + 7) & ~7;
        return chunk.subarray(at, at + n);
      }
    }
    // Moved to a chunk with room for as much again, so growing by pieces stays linear.
    const moved = this.nextChunk(Math.min(CHUNK, 2 * n)).subarray(0, n);
    this.used = (n + 7) & ~7;
    moved.set(view);
    return moved;
  }

  /** Whether `view` is in this arena's chunks (else an array of its own, or see keep()). */
  holds(view: Uint8Array): boolean {
    for (const c of this.chunks) if (c.buffer === view.buffer) return true;
    return false;
  }

  /**
   * Whether `view` is in one of this step's buffers above BIG; if so that buffer is not reused
   * (it becomes the holder's), so the view stays valid past release().
   */
  keep(view: Uint8Array): boolean {
    const i = this.bigUsed.findIndex((b) => b.buffer === view.buffer);
    if (i < 0) return false;
    this.bigUsed.splice(i, 1);
    return true;
  }

  /** `view`, handed out this step, holds exactly the bytes of `pieces` in the capture file. */
  noteInFile(view: Uint8Array, pieces: readonly FilePiece[]): void {
    this.fileOrigins.set(view, pieces);
  }

  /** Where `view`'s bytes are in the capture file, if noteInFile said so this step. */
  inFile(view: Uint8Array): readonly FilePiece[] | undefined {
    return this.fileOrigins.get(view);
  }

  /** Everything handed out so far is no longer read. */
  release(): void {
    if (this.fileOrigins.size > 0) this.fileOrigins.clear();
    if (this.bigUsed.length > 0) this.releaseBig();
    if (this.current === 0 && this.used === 0) return;
    let kept = 0;
    let i = 0;
    for (; i < this.chunks.length && kept + (this.chunks[i] as Uint8Array).length <= KEEP_BYTES; i++)
      kept += (this.chunks[i] as Uint8Array).length;
    this.chunks.length = i;
    this.current = 0;
    this.used = 0;
  }

  /** A buffer of the power-of-two size class of `n`: a free one of that size, else a new one. */
  private allocBig(n: number): Uint8Array {
    const size = 2 ** Math.ceil(Math.log2(n));
    const free = this.bigFree;
    let buf: Uint8Array | undefined;
    for (let i = 0; i < free.length; i++) {
      if ((free[i] as Uint8Array).length === size) {
        buf = free[i] as Uint8Array;
        free[i] = free[free.length - 1] as Uint8Array;
        free.pop();
        this.bigFreeBytes -= size;
        break;
      }
    }
    buf ??= new Uint8Array(size);
    this.bigUsed.push(buf);
    return buf.subarray(0, n);
  }

  /** This step's big buffers become free; beyond KEEP_BIG_BYTES the largest go to the GC. */
  private releaseBig(): void {
    const free = this.bigFree;
    for (const b of this.bigUsed) {
      free.push(b);
      this.bigFreeBytes += b.length;
    }
    this.bigUsed.length = 0;
    while (this.bigFreeBytes > KEEP_BIG_BYTES) {
      let largest = 0;
      for (let i = 1; i < free.length; i++)
        if ((free[i] as Uint8Array).length > (free[largest] as Uint8Array).length) largest = i;
      this.bigFreeBytes -= (free[largest] as Uint8Array).length;
      free[largest] = free[free.length - 1] as Uint8Array;
      free.pop();
    }
  }

  /** Moves to the next chunk that holds `n` bytes (a kept one, or a new one), from its start. */
  private nextChunk(n: number): Uint8Array {
    for (let i = this.current + (this.chunks.length > 0 ? 1 : 0); i < this.chunks.length; i++) {
      const c = this.chunks[i] as Uint8Array;
      if (c.length >= n) {
        // Chunks passed over stay unused this step.
        this.current = i;
        this.used = 0;
        return c;
      }
    }
    const c = new Uint8Array(CHUNK);
    this.chunks.push(c);
    this.current = this.chunks.length - 1;
    this.used = 0;
    return c;
  }
}
