// Compact storage of decoded frames and messages for the worker: the shared byte arena and the
// growable columns here, the stores in frame-store.ts and message-store.ts.
//
// Why: a FrameRecord / MessageRecord as the decoder hands it out costs ~1.5 KB of small objects
// (typed arrays with their own buffers, span objects, arrays of ids); a capture with a million
// frames would need gigabytes. Here each record becomes one slot in typed-array columns plus its
// bytes in a shared arena (~80 bytes a frame plus its payload), and is rebuilt on demand, exactly
// as the decoder made it (tests compare every rebuilt record with analyzeCapture's).
//
// What is stored out of line (in `extras`, only when present): frames with several spans or
// findings; messages with several frames, findings, close info, or text that is not simply the
// UTF-8 decoding of the payload. Field records are not stored at all: the engine rebuilds them
// from the header bytes (decoder's buildFrameFields).

import { column, grown, type TypedColumn, trimmed } from '../model/typed-columns.js';

/** Arena block size; payloads larger than this get a block of their own. */
const BLOCK = 4 * 1024 * 1024;
/** A reference packs block index and offset into one double: block * 2^27 + offset. */
const REF_SCALE = 2 ** 27;

export class ByteArena {
  private readonly blocks: Uint8Array[] = [];
  /** The block small byte strings are packed into, and how much of it is used. */
  private current = -1;
  private used = BLOCK;
  /** Bytes of every block, used or not: what the arena holds (the worker's memory budget). */
  bytes = 0;

  /** Copies `bytes` in; returns a reference for get(). */
  add(bytes: Uint8Array): number {
    if (bytes.length === 0) return 0;
    if (bytes.length > BLOCK / 4) {
      // Big payloads: their own block, so blocks never waste more than a quarter.
      this.blocks.push(bytes.slice());
      this.bytes += bytes.length;
      return (this.blocks.length - 1) * REF_SCALE;
    }
    if (this.used + bytes.length > BLOCK) {
      this.blocks.push(new Uint8Array(BLOCK));
      this.bytes += BLOCK;
      this.current = this.blocks.length - 1;
      this.used = 0;
    }
    const ref = this.current * REF_SCALE + this.used;
    this.blocks[this.current].set(bytes, this.used);
    this.used += bytes.length;
    return ref;
  }

  /** A view (no copy) of `length` bytes at `ref`. */
  view(ref: number, length: number): Uint8Array {
    if (length === 0) return new Uint8Array(0);
    const block = Math.floor(ref / REF_SCALE);
    const offset = ref - block * REF_SCALE;
    return this.blocks[block].subarray(offset, offset + length);
  }

  /** The same bytes in place, written into `out` (the display filter searches them without a view). */
  span(ref: number, length: number, out: { buf: Uint8Array; start: number; end: number }): void {
    if (length === 0) {
      out.start = out.end = 0;
      return;
    }
    const block = Math.floor(ref / REF_SCALE);
    const offset = ref - block * REF_SCALE;
    out.buf = this.blocks[block];
    out.start = offset;
    out.end = offset + length;
  }

  /** A copy the caller owns (records handed out own their bytes, as the decoder's do). */
  get(ref: number, length: number): Uint8Array {
    return this.view(ref, length).slice();
  }
}

/**
 * Typed-array columns that grow in place as they fill (model/typed-columns.ts: a reservation each,
 * resized; no doubling into new arrays, which was garbage the size of the columns at every step).
 */
export class Columns<
  T extends Record<string, Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor>,
> {
  /** Slots every column holds now. */
  capacity = 0;
  readonly c: { [K in keyof T]: InstanceType<T[K]> };

  constructor(private readonly spec: T) {
    this.c = {} as { [K in keyof T]: InstanceType<T[K]> };
    for (const k of Object.keys(spec) as (keyof T)[]) this.c[k] = column(spec[k]) as InstanceType<T[keyof T]>;
  }

  /** Bytes the columns take (their capacity, not only the slots used). */
  get bytes(): number {
    let perSlot = 0;
    for (const k of Object.keys(this.spec) as (keyof T)[]) perSlot += this.c[k].BYTES_PER_ELEMENT;
    return perSlot * this.capacity;
  }

  /** Lets go of the slots past `size` (decoding ended: no more grow). */
  trim(size: number): void {
    if (size >= this.capacity) return;
    for (const k of Object.keys(this.spec) as (keyof T)[])
      this.c[k] = trimmed(this.c[k] as TypedColumn, size) as InstanceType<T[keyof T]>;
    this.capacity = size;
  }

  ensure(index: number): void {
    if (index < this.capacity) return;
    let capacity = Number.POSITIVE_INFINITY;
    for (const k of Object.keys(this.spec) as (keyof T)[]) {
      const grownColumn = grown(this.c[k] as TypedColumn, index + 1);
      this.c[k] = grownColumn as InstanceType<T[keyof T]>;
      capacity = Math.min(capacity, grownColumn.length);
    }
    this.capacity = capacity;
  }
}
