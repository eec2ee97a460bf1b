// Fixed-size blocks, reused, for bytes that wait across pushes: the payload of a frame still
// arriving and the fragments of a message still open (SessionOptions.pooledBuffers).
//
// Why: a buffer per large frame and the frames of a fragmented message lived as long as they
// were in flight (a 2 MiB upload over many packets interleaved with hundreds of other
// connections), long enough for V8 to promote them; once the message was out they were garbage
// that only a full GC frees, and V8 starts one only after external memory grew by 64 MiB.
// (Measured, the CLI's peak RSS moved less than that suggests: bench/README.md, "the CLI's peak
// RSS, second pass"; what is in flight is live either way.) Bytes in flight now sit
// in blocks that go back to the pool and are used again, and what a record gets is joined into a
// fresh array when it is handed out: that array is the record's own, as before, and dies young
// when the caller drops the record.
//
// Rules
// - Every block is BLOCK bytes; a BlockList takes them as bytes arrive, so it holds less than one
//   block more than its bytes. Blocks are not zeroed: only written bytes are ever read.
// - free() gives a list's blocks back; at most FREE_BLOCKS free blocks are kept (more are left to
//   the GC). A list dropped without free() is only garbage, never reused under its owner.
// - BLOCK is a multiple of 4, so a byte's index in its block has the phase of its stream offset
//   (what unmasking needs: unmask.ts).

import type { PayloadSource } from '../payload-source.js';
import type { StepArena } from './step-arena.js';

export const BLOCK = 16 * 1024;
const FREE_BLOCKS = 256;

/** A session's reused buffers, handed to each connection: SessionOptions.pooledBuffers and transientPayloads. */
export interface SessionBuffers {
  pool: BlockPool;
  /** Only with transientPayloads. */
  arena: StepArena | null;
  /** SessionOptions.payloadSource: fragments are read back from the file instead of kept. */
  source: PayloadSource | null;
  /** SessionOptions.binaryPayloadLengthsOnly. */
  lengthsOnly: boolean;
}

export class BlockPool {
  private readonly free: Uint8Array[] = [];

  take(): Uint8Array {
    return this.free.pop() ?? new Uint8Array(BLOCK);
  }

  give(block: Uint8Array): void {
    if (this.free.length < FREE_BLOCKS) this.free.push(block);
  }
}

/** Bytes appended in order, in pool blocks. */
export class BlockList {
  private readonly blocks: Uint8Array[] = [];
  /** Bytes held. */
  length = 0;

  constructor(private readonly pool: BlockPool) {}

  /** The block byte `length` goes in (taken when needed), at index `length % BLOCK`. */
  private nextBlock(): Uint8Array {
    const at = this.length % BLOCK;
    if (at === 0 && this.blocks.length * BLOCK === this.length) this.blocks.push(this.pool.take());
    return this.blocks[this.blocks.length - 1] as Uint8Array;
  }

  /**
   * Copies `bytes` to the end; `written(block, from, to)` is called for each piece as it lands
   * (the frame parser unmasks there: BLOCK is a multiple of 4, so an index in a block has its
   * payload offset's key phase).
   */
  append(bytes: Uint8Array, written?: (block: Uint8Array, from: number, to: number) => void): void {
    let from = 0;
    while (from < bytes.length) {
      const block = this.nextBlock();
      const at = this.length % BLOCK;
      const n = Math.min(BLOCK - at, bytes.length - from);
      block.set(n === bytes.length ? bytes : bytes.subarray(from, from + n), at);
      written?.(block, at, at + n);
      this.length += n;
      from += n;
    }
  }

  /** The first `end` bytes as views of the blocks, in order (for inflating without a join). */
  views(end = this.length): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let at = 0; at < end; at += BLOCK) {
      const block = this.blocks[at / BLOCK] as Uint8Array;
      out.push(block.subarray(0, Math.min(BLOCK, end - at)));
    }
    return out;
  }

  /** Copies the first `n` bytes to `dst` at `at`. */
  copyTo(dst: Uint8Array, at: number, n = this.length): void {
    for (let from = 0; from < n; from += BLOCK) {
      const block = this.blocks[from / BLOCK] as Uint8Array;
      const len = Math.min(BLOCK, n - from);
      dst.set(len === BLOCK ? block : block.subarray(0, len), at + from);
    }
  }

  /** Copies `n` bytes from byte `from` on to `dst` at `at`. */
  copyRange(from: number, n: number, dst: Uint8Array, at: number): void {
    let pos = from;
    const end = from + n;
    while (pos < end) {
      const block = this.blocks[Math.floor(pos / BLOCK)] as Uint8Array;
      const i = pos % BLOCK;
      const len = Math.min(BLOCK - i, end - pos);
      dst.set(block.subarray(i, i + len), at + (pos - from));
      pos += len;
    }
  }

  /** The blocks go back to the pool; the list is empty after. */
  free(): void {
    for (const b of this.blocks) this.pool.give(b);
    this.blocks.length = 0;
    this.length = 0;
  }
}
