// The reads of a sweep's last windows (payload-sweep.ts), kept so that a later window's read that
// falls inside one takes its bytes from there instead of the file.
//
// Why: windows hold frames by id, and a read takes the bytes between pieces less than 64 KiB
// apart, so where connections interleave in the file a window's reads cover frames of the next
// windows. On the 1 GiB mixed capture a filter on frame payloads read 1409 MiB of the 1077 MiB
// file in 4342 reads, and 3919 of those reads (285 MiB) lay wholly inside one of the reads of the
// 16 MiB read just before them (bench/README.md).
//
// A read's bytes are unmasked in place for frames alone in their piece (file-payloads.ts), so
// each read keeps the file ranges changed in it, and a piece is taken from a read only where none
// of its bytes were.

/** A read of the file: bytes from file offset `start`, and the ranges unmasked in place in it. */
export interface CarriedRead {
  start: number;
  bytes: Uint8Array;
  /** File ranges [from, to) changed in place, in file order, none overlapping another. */
  touched: number[];
}

export class ReadCarry {
  private readonly reads: CarriedRead[] = [];
  private held = 0;

  /** Reads are kept up to this many bytes together, the oldest let go first. */
  constructor(private readonly limit: number) {}

  /** The kept reads by where they start in the file. */
  byStart(): CarriedRead[] {
    return [...this.reads].sort((x, y) => x.start - y.start);
  }

  add(read: CarriedRead): void {
    this.reads.push(read);
    this.held += read.bytes.length;
    while (this.held > this.limit && this.reads.length > 0)
      this.held -= (this.reads.shift() as CarriedRead).bytes.length;
  }
}

/** Does [from, to) share a byte with a range `read` changed in place? */
export function touches(read: CarriedRead, from: number, to: number): boolean {
  const t = read.touched;
  // the first range ending after `from` (ranges are disjoint and in order: their ends are too)
  let lo = 0;
  let hi = t.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[2 * mid + 1] <= from) lo = mid + 1;
    else hi = mid;
  }
  return lo < t.length / 2 && t[2 * lo] < to;
}

/** Notes [from, to) as changed in place in `read` (it shares no byte with a range noted before). */
export function touch(read: CarriedRead, from: number, to: number): void {
  const t = read.touched;
  if (t.length === 0 || t[t.length - 1] <= from) {
    t.push(from, to);
    return;
  }
  let at = t.length;
  while (at > 0 && t[at - 2] > from) at -= 2;
  t.splice(at, 0, from, to);
}
