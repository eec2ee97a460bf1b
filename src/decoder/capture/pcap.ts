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
// capture.damaged finding per damaged stretch with the number of bytes skipped.

import type { CaptureRecord } from '../model.js';
import { linkTypeName } from '../packet/linktypes.js';
import { type FormatReader, MAX_PLAUSIBLE_PACKET, RESYNC_TIME_WINDOW_SECONDS, type ReaderContext } from './context.js';
import { makeTimestamp } from './timestamps.js';

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

  get linkTypeName(): string {
    return linkTypeName(this.header.linkType);
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
      if (avail < hl + h.capturedLength) {
        if (ctx.ended) {
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

  /** Stricter: could a resync candidate really be a record header? */
  private plausible(h: RecordHeader, ctx: ReaderContext): boolean {
    if (this.impossible(h)) return false;
    if (h.capturedLength === 0 || h.originalLength > MAX_PLAUSIBLE_PACKET) return false;
    return !ctx.haveTime || Math.abs(h.seconds - ctx.lastSeconds) <= RESYNC_TIME_WINDOW_SECONDS;
  }

  /**
   * Scan from the buffer head for a plausible record header. Returns true when reading can go
   * on (found one, or gave up at the end of input), false when more input is needed.
   */
  private resync(ctx: ReaderContext): boolean {
    const buf = ctx.buf;
    const hl = this.headerLength;
    const view = buf.view;
    const end = buf.end;
    let p = buf.start;
    for (; p + hl <= end; p++) {
      const h = this.readHeader(view, p);
      if (!this.plausible(h, ctx)) continue;
      // Check the header after this record too: one plausible header by chance is easy.
      const after = p + hl + h.capturedLength;
      if (after + hl > end) {
        if (after === end && ctx.ended) return this.resumeAt(ctx, p);
        if (ctx.ended) continue;
        buf.skip(p - buf.start);
        return false;
      }
      if (this.plausible(this.readHeader(view, after), ctx)) return this.resumeAt(ctx, p);
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
