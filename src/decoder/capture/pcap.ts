// Classic libpcap files (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html).
//
//   file header (24):  magic, version major/minor (16 each), thiszone, sigfigs, snaplen,
//                      LinkType (low 16 bits; the upper bits carry FCS information)
//   record header (16): ts seconds, ts µs-or-ns, captured length, original length
//                      (24 bytes in the "modified" variant, magic 0xa1b2cd34)
//
// Damage: a record header that cannot be right (captured length beyond the sanity cap or the
// original length, sub-second field out of range) means the file is corrupt from there. We
// then scan forward byte by byte for a plausible header whose record is followed by another
// plausible header (or the end of the file), and carry on from it, reporting one
// capture.damaged finding per damaged stretch with the number of bytes skipped. A sane header
// whose time cannot be checked (the first record) or jumps by over a day must also be followed
// by a sane header (or the end of input) before it is believed; otherwise it is damage too.

import { type FormatReader, MAX_PLAUSIBLE_PACKET, RESYNC_TIME_WINDOW_SECONDS, type ReaderContext } from './context.js';
import { makeTimestamp } from './timestamps.js';
import type { CaptureRecord } from './types.js';

export const PCAP_FILE_HEADER_LENGTH = 24;

export interface PcapHeader {
  littleEndian: boolean;
  nanos: boolean;
  modified: boolean;
  versionMajor: number;
  versionMinor: number;
  snapLength: number;
  linkType: number;
}

/** Read the 24-byte file header at `bytes[at]` (magic already recognised). */
export function readPcapHeader(
  view: DataView,
  at: number,
  magic: { littleEndian: boolean; nanos: boolean; modified: boolean },
): PcapHeader {
  const le = magic.littleEndian;
  return {
    ...magic,
    versionMajor: view.getUint16(at + 4, le),
    versionMinor: view.getUint16(at + 6, le),
    snapLength: view.getUint32(at + 16, le),
    linkType: view.getUint32(at + 20, le) & 0xffff,
  };
}

interface RecordHeader {
  seconds: number;
  frac: number;
  capturedLength: number;
  originalLength: number;
}

interface Damage {
  fileOffset: number;
  index: number;
  why: string;
}

export class PcapReader implements FormatReader {
  finished = false;
  private readonly le: boolean;
  private readonly headerLength: number;
  private readonly fracPerSecond: number;
  private readonly nanosPerFrac: number;
  /** Largest captured length accepted without calling the file damaged. */
  private readonly capLimit: number;
  private damage: Damage | null = null;

  constructor(
    private readonly header: PcapHeader,
    maxRecordBytes: number,
  ) {
    this.le = header.littleEndian;
    this.headerLength = header.modified ? 24 : 16;
    this.fracPerSecond = header.nanos ? 1e9 : 1e6;
    this.nanosPerFrac = header.nanos ? 1 : 1000;
    this.capLimit = Math.min(maxRecordBytes, Math.max(header.snapLength, MAX_PLAUSIBLE_PACKET));
  }

  next(ctx: ReaderContext): CaptureRecord | null {
    const buf = ctx.buf;
    const hl = this.headerLength;
    for (;;) {
      if (this.finished) return null;
      if (this.damage) {
        if (!this.resync(ctx)) return null;
        continue;
      }
      const avail = buf.available;
      if (avail < hl) {
        if (ctx.ended) {
          if (avail > 0) {
            ctx.finding(
              'capture.damaged',
              `capture ends in the middle of record ${ctx.nextIndex}'s header (needs ${hl} bytes, ${avail} present)`,
              ctx.nextIndex,
            );
            buf.skip(avail);
          }
          this.finished = true;
        }
        return null;
      }
      const at = buf.start;
      const h = this.readHeader(buf.view, at);
      const why = this.impossible(h);
      if (why) {
        this.damage = { fileOffset: buf.offset, index: ctx.nextIndex, why };
        buf.skip(1);
        continue;
      }
      const size = hl + h.capturedLength;
      if (!this.believable(h, ctx)) {
        // A header with nothing to compare its time with (the first record) or a big time jump
        // must prove itself: the next header must be sane, or the input must end right after,
        // or at least no chain of plausible records may start inside this one.
        if (avail < size + hl && !ctx.ended) return null;
        const proven =
          avail === size ||
          (avail > size && avail < size + hl) ||
          (avail >= size + hl && this.impossible(this.readHeader(buf.view, at + size)) === null);
        if (!proven) {
          const inside = this.findChain(ctx, at + 1, Math.min(at + size, buf.end));
          if (inside === 'more') return null;
          if (inside >= 0) {
            this.damage = {
              fileOffset: buf.offset,
              index: ctx.nextIndex,
              why: `a plausible record starts ${inside - at} bytes into the ${size}-byte record it claims`,
            };
            buf.skip(1);
            continue;
          }
        }
      }
      if (avail < size) {
        if (ctx.ended) {
          // Cut off, or a damaged length claiming more than there is? Damage if a chain of
          // plausible records starts inside what this one claims.
          const inside = this.findChain(ctx, at + 1, buf.end);
          if (inside !== 'more' && inside >= 0) {
            this.damage = {
              fileOffset: buf.offset,
              index: ctx.nextIndex,
              why: `captured length ${h.capturedLength} runs past the end of the file, and a plausible record starts ${inside - at} bytes into it`,
            };
            buf.skip(1);
            continue;
          }
          ctx.finding(
            'capture.damaged',
            `capture ends in the middle of record ${ctx.nextIndex} (needs ${h.capturedLength} bytes, ${avail - hl} present)`,
            ctx.nextIndex,
          );
          buf.skip(avail);
          this.finished = true;
        }
        return null;
      }
      const ts = makeTimestamp(
        h.seconds + Math.floor(h.frac / this.fracPerSecond),
        (h.frac % this.fracPerSecond) * this.nanosPerFrac,
      );
      const record: CaptureRecord = {
        index: ctx.nextIndex++,
        time: ts.time,
        seconds: ts.seconds,
        nanos: ts.nanos,
        interfaceId: 0,
        linkType: this.header.linkType,
        capturedLength: h.capturedLength,
        originalLength: h.originalLength,
        fileOffset: buf.offset + hl,
        data: buf.copy(at + hl, h.capturedLength),
      };
      ctx.lastSeconds = ts.seconds;
      ctx.lastNanos = ts.nanos;
      ctx.haveTime = true;
      buf.skip(hl + h.capturedLength);
      return record;
    }
  }

  private readHeader(view: DataView, at: number): RecordHeader {
    const le = this.le;
    return {
      seconds: view.getUint32(at, le),
      frac: view.getUint32(at + 4, le),
      capturedLength: view.getUint32(at + 8, le),
      originalLength: view.getUint32(at + 12, le),
    };
  }

  /** Why a record header cannot be right, or null when it can. */
  private impossible(h: RecordHeader): string | null {
    if (h.capturedLength > this.capLimit) return `captured length ${h.capturedLength} is over ${this.capLimit}`;
    if (h.capturedLength > h.originalLength)
      return `captured length ${h.capturedLength} is more than the original length ${h.originalLength}`;
    if (h.frac >= this.fracPerSecond)
      return `sub-second field ${h.frac} is not below ${this.fracPerSecond === 1e9 ? '1e9 ns' : '1e6 µs'}`;
    return null;
  }

  /** A sane header whose time follows the previous record's closely enough to trust without proof. */
  private believable(h: RecordHeader, ctx: ReaderContext): boolean {
    return ctx.haveTime && Math.abs(h.seconds - ctx.lastSeconds) <= RESYNC_TIME_WINDOW_SECONDS;
  }

  /** Stricter: could a resync candidate really be a record header? */
  private plausible(h: RecordHeader, ctx: ReaderContext): boolean {
    if (this.impossible(h)) return false;
    if (h.capturedLength === 0 || h.originalLength > MAX_PLAUSIBLE_PACKET) return false;
    return !ctx.haveTime || Math.abs(h.seconds - ctx.lastSeconds) <= RESYNC_TIME_WINDOW_SECONDS;
  }

  /**
   * Does a plausible record start at buffer index `p`, followed by another plausible header
   * (or exactly the end of input)? One plausible header by chance is easy; two in a row is not.
   */
  private chainAt(ctx: ReaderContext, p: number): 'yes' | 'no' | 'more' {
    const hl = this.headerLength;
    const end = ctx.buf.end;
    const h = this.readHeader(ctx.buf.view, p);
    if (!this.plausible(h, ctx)) return 'no';
    const after = p + hl + h.capturedLength;
    if (after + hl > end) {
      if (ctx.ended) return after === end ? 'yes' : 'no';
      return 'more';
    }
    return this.plausible(this.readHeader(ctx.buf.view, after), ctx) ? 'yes' : 'no';
  }

  /** The first buffer index in [from, to) where a chain starts, -1 for none, 'more' to wait. */
  private findChain(ctx: ReaderContext, from: number, to: number): number | 'more' {
    const last = Math.min(to, ctx.buf.end - this.headerLength + 1);
    for (let p = from; p < last; p++) {
      const verdict = this.chainAt(ctx, p);
      if (verdict === 'yes') return p;
      if (verdict === 'more') return 'more';
    }
    return -1;
  }

  /**
   * Scan from the buffer head for a plausible record header. Returns true when reading can go
   * on (found one, or gave up at the end of input), false when more input is needed.
   */
  private resync(ctx: ReaderContext): boolean {
    const buf = ctx.buf;
    const hl = this.headerLength;
    const end = buf.end;
    let p = buf.start;
    for (; p + hl <= end; p++) {
      const verdict = this.chainAt(ctx, p);
      if (verdict === 'yes') return this.resumeAt(ctx, p);
      if (verdict === 'more') {
        buf.skip(p - buf.start);
        return false;
      }
    }
    // Nothing here: keep the last few bytes (a header may start in them) unless input ended.
    if (ctx.ended) {
      const damage = this.damage!;
      const skipped = buf.offset + buf.available - damage.fileOffset;
      ctx.finding(
        'capture.damaged',
        `record ${damage.index} at file offset ${damage.fileOffset} has an impossible header (${damage.why}) and no plausible record follows; the last ${skipped} bytes were skipped`,
        damage.index,
      );
      buf.skip(buf.available);
      this.damage = null;
      this.finished = true;
      return true;
    }
    buf.skip(Math.max(0, p - buf.start));
    return false;
  }

  private resumeAt(ctx: ReaderContext, p: number): boolean {
    const buf = ctx.buf;
    buf.skip(p - buf.start);
    const damage = this.damage!;
    ctx.finding(
      'capture.damaged',
      `record ${damage.index} at file offset ${damage.fileOffset} has an impossible header (${damage.why}); skipped ${buf.offset - damage.fileOffset} bytes to the next plausible record at offset ${buf.offset}`,
      damage.index,
    );
    this.damage = null;
    return true;
  }
}
