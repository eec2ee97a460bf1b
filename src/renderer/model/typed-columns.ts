// The UI's row columns (frame-columns.ts, message-columns.ts) as typed arrays: how they grow while
// a capture loads, and how a batch's rows are copied in.
//
// Why resizable buffers: columns used to double, each doubling a new array twice the size and a
// copy of the old one. Allocating (and zeroing) those arrays was the cost, not the copy: on a
// 1 GiB capture the doublings were main-thread tasks of 40-157 ms, and growing them earlier did not
// help (bench/README.md). A column is now a length-tracking typed array over an ArrayBuffer that
// reserves room up front (address space, not memory) and grows in place by `resize`, which
// commits just the pages added. Nothing is copied until a column outgrows its reservation, which
// reserves eight times the need, so a 4 M-row capture copies each column at most twice. Letting go
// of the room grown ahead is a shrinking `resize`, not a copy either.
//
// Engines without resizable buffers (or that refuse a reservation) get plain arrays that double.

export type TypedColumn = Int32Array | Float64Array | Uint8Array;

type ColumnType<T extends TypedColumn> = {
  new (length: number): T;
  new (buffer: ArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
};

/** Committed room grows in steps of this many bytes (so a batch of rows is one resize a column). */
const STEP_BYTES = 64 * 1024;
/** A new reservation is this many times the bytes needed, and at least RESERVE_MIN_BYTES. */
const RESERVE_FACTOR = 8;
const RESERVE_MIN_BYTES = 8 * 1024 * 1024;
/** Engines cap one buffer's reservation (Chromium's sandbox: tens of GiB); stay well below. */
const RESERVE_MAX_BYTES = 2 ** 32;

const canResize = typeof (ArrayBuffer.prototype as { resize?: unknown }).resize === 'function';

/** An empty column of `type` that grows in place (or a plain empty one where it cannot). */
export function column<T extends TypedColumn>(type: ColumnType<T>): T;
export function column(type: ColumnType<Int32Array> | ColumnType<Float64Array> | ColumnType<Uint8Array>): TypedColumn;
export function column(type: ColumnType<TypedColumn>): TypedColumn {
  return reserved(type, 0) ?? new type(0);
}

/**
 * `a` with at least `need` slots: the same array when its reservation holds them, else a new
 * one holding a's values (a copy), reserved again if `a` was (a plain array doubles: the small
 * per-connection id lists stay plain, a reservation each would be thousands of mappings).
 * Grown slots are zero.
 */
export function grown<T extends TypedColumn>(a: T, need: number): T {
  if (need <= a.length) return a;
  const type = a.constructor as ColumnType<T>;
  const buffer = a.buffer as ArrayBuffer;
  let b: T | null = null;
  if (buffer.resizable) {
    const bytes = roundUp(need * type.BYTES_PER_ELEMENT);
    if (bytes <= buffer.maxByteLength) {
      buffer.resize(bytes);
      return a;
    }
    b = reserved(type, need);
  }
  b ??= new type(doubled(a.length, need));
  b.set(a);
  return b;
}

/** `a` cut to its first `n` slots, giving the room beyond back (in place, or else by a copy). */
export function trimmed<T extends TypedColumn>(a: T, n: number): T {
  if (a.length <= n) return a;
  const buffer = a.buffer as ArrayBuffer;
  if (buffer.resizable) {
    buffer.resize(n * a.BYTES_PER_ELEMENT);
    return a;
  }
  return a.slice(0, n) as T;
}

/** Makes every column `names` of `cols` hold `need` slots. */
export function growColumns(cols: Record<string, TypedColumn>, names: readonly string[], need: number): void {
  for (const name of names) cols[name] = grown(cols[name], need);
}

/** to[ids[i]] = from[i] for the first `count` rows: a batch's column into a store's. */
export function scatter(to: TypedColumn, from: TypedColumn, ids: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) to[ids[i]] = from[i];
}

/** A length-tracking array of `type` with `need` slots committed and room reserved beyond. */
function reserved<T extends TypedColumn>(type: ColumnType<T>, need: number): T | null {
  if (!canResize) return null;
  const bytes = roundUp(need * type.BYTES_PER_ELEMENT);
  const max = Math.min(Math.max(bytes * RESERVE_FACTOR, RESERVE_MIN_BYTES), Math.max(RESERVE_MAX_BYTES, bytes));
  try {
    return new type(new ArrayBuffer(bytes, { maxByteLength: max }));
  } catch {
    return null; // the engine would not reserve that much: plain arrays
  }
}

function roundUp(bytes: number): number {
  return Math.ceil(bytes / STEP_BYTES) * STEP_BYTES;
}

function doubled(length: number, need: number): number {
  let n = Math.max(16, length);
  while (n < need) n *= 2;
  return n;
}
