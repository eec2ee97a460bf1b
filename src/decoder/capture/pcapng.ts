// pcapng files (draft-ietf-opsawg-pcapng). Every block is
//
//   block type (32) | block total length (32) | body … | block total length (32)
//
// in the byte order of its section, which the Section Header Block (type 0x0a0d0d0a, the same
// in both orders) announces with its byte-order magic 0x1a2b3c4d. Each SHB starts a new
// section and forgets the previous section's interfaces. Blocks we read:
//   IDB (1)  link type, snaplen, options if_name (2), if_tsresol (9), if_tsoffset (14)
//   EPB (6)  interface id, 64-bit timestamp, captured/original length, data
//   SPB (3)  original length, data (interface 0, no timestamp: the previous record's is used)
//   PB  (2)  obsolete: interface id (16), drops (16), then as EPB
// Known blocks without packets (NRB, ISB, DSB, custom …) are skipped silently; an unknown block
// type gets one capture.unknown-block note per type.
//
// Damage: a block whose length is impossible (under 12, not a multiple of 4, over the sanity
// cap) or whose trailing length differs starts a resync: scan forward byte by byte for a known
// block type whose two length fields agree, and carry on from there (one capture.damaged
// finding per damaged stretch). A block that is well framed but inconsistent inside (an EPB for
// an interface that does not exist) is skipped with a finding, without a resync.

import { linkTypeName } from '../packet/linktypes.js';
import type { CaptureFileInfo, CaptureInterface } from '../records.js';
import { type FormatReader, MAX_PLAUSIBLE_PACKET, type ReaderContext } from './context.js';
import { PCAPNG_BYTE_ORDER_MAGIC, PCAPNG_SHB_TYPE } from './magic.js';
import { MICROSECONDS, makeTimestamp, type Resolution, resolutionFromTsresol, unitsToTimestamp } from './timestamps.js';
import type { CaptureRecord } from './types.js';

export const BLOCK = {
  SHB: PCAPNG_SHB_TYPE,
  IDB: 1,
  PB: 2,
  SPB: 3,
  NRB: 4,
  ISB: 5,
  EPB: 6,
  IRIG_TIMESTAMP: 7,
  ARINC_429: 8,
  SYSTEMD_JOURNAL: 9,
  DSB: 10,
  CUSTOM: 0xbad,
  CUSTOM_NO_COPY: 0x40000bad,
} as const;

const KNOWN_BLOCKS: ReadonlySet<number> = new Set(Object.values(BLOCK));

/** Decryption Secrets Block secrets types (pcapng draft, Wireshark's secrets_types). */
const SECRETS_TLS_KEY_LOG = 0x544c534b; // "TLSK"
const SECRETS_NAMES: Record<number, string> = {
  1397966923: 'SSHK (SSH key log)',
  1464290124: 'WGKL (WireGuard key log)',
  1515083595: 'ZNWK (ZigBee network key)',
  1514229843: 'ZAPK (ZigBee APS key)',
  1330660171: 'OPCK (OPC UA key log)',
};

const OPTION = { END: 0, IF_NAME: 2, IF_TSRESOL: 9, IF_TSOFFSET: 14 } as const;

/** Smallest possible block: type, length, trailing length. */
const MIN_BLOCK = 12;
/** SHB: type, length, byte-order magic, version (2+2), section length (8), trailing length. */
const MIN_SHB = 28;
/** Resync accepts candidate blocks up to this size (a plausible packet plus room for options). */
const RESYNC_MAX_BLOCK = MAX_PLAUSIBLE_PACKET + 4096;

interface Iface {
  linkType: number;
  snapLength: number;
  res: Resolution;
  offsetSeconds: number;
}

interface Damage {
  fileOffset: number;
  why: string;
}

export class PcapngReader implements FormatReader {
  finished = false;
  private le = true;
  private interfaces: Iface[] = [];
  private info: CaptureFileInfo | null = null;
  private damage: Damage | null = null;
  private readonly unknownTypesSeen = new Set<number>();
  private readonly decoder = new TextDecoder('utf-8');

  /** Read the first SHB; returns a fatal reason when the file cannot be pcapng, null on success or need-more. */
  readFirstSection(ctx: ReaderContext): { done: boolean; fatal: string | null } {
    const buf = ctx.buf;
    if (buf.available < 12) {
      return ctx.ended
        ? { done: true, fatal: `pcapng section header block is cut off (${buf.available} of ${MIN_SHB} bytes)` }
        : { done: false, fatal: null };
    }
    const view = buf.view;
    const at = buf.start;
    const bom = view.getUint32(at + 8, true);
    if (bom === PCAPNG_BYTE_ORDER_MAGIC) this.le = true;
    else if (view.getUint32(at + 8, false) === PCAPNG_BYTE_ORDER_MAGIC) this.le = false;
    else
      return {
        done: true,
        fatal: `not a pcapng file (section header byte-order magic is 0x${bom.toString(16).padStart(8, '0')}, expected 0x1a2b3c4d)`,
      };
    const length = view.getUint32(at + 4, this.le);
    if (length < MIN_SHB || length % 4 !== 0 || length > ctx.maxRecordBytes)
      return { done: true, fatal: `pcapng section header block has an impossible length ${length}` };
    if (buf.available < length) {
      return ctx.ended
        ? { done: true, fatal: `pcapng section header block is cut off (${buf.available} of ${length} bytes)` }
        : { done: false, fatal: null };
    }
    if (view.getUint32(at + length - 4, this.le) !== length)
      return { done: true, fatal: 'pcapng section header block is damaged (its two length fields differ)' };
    this.readShb(ctx, at);
    buf.skip(length);
    return { done: true, fatal: null };
  }

  next(ctx: ReaderContext): CaptureRecord | null {
    const buf = ctx.buf;
    for (;;) {
      if (this.finished) return null;
      if (this.damage) {
        if (!this.resync(ctx)) return null;
        continue;
      }
      const avail = buf.available;
      if (avail < 12) {
        if (ctx.ended) {
          if (avail > 0) {
            ctx.finding(
              'capture.damaged',
              `capture ends in the middle of a block header at file offset ${buf.offset} (needs 12 bytes, ${avail} present)`,
            );
            buf.skip(avail);
          }
          this.finished = true;
        }
        return null;
      }
      const view = buf.view;
      const at = buf.start;
      const type = view.getUint32(at, this.le);
      let le = this.le;
      if (type === BLOCK.SHB) {
        // A new section may change byte order.
        if (view.getUint32(at + 8, true) === PCAPNG_BYTE_ORDER_MAGIC) le = true;
        else if (view.getUint32(at + 8, false) === PCAPNG_BYTE_ORDER_MAGIC) le = false;
        else {
          this.startDamage(ctx, 'section header block with a bad byte-order magic');
          continue;
        }
      }
      const length = view.getUint32(at + 4, le);
      if (length < (type === BLOCK.SHB ? MIN_SHB : MIN_BLOCK) || length % 4 !== 0 || length > ctx.maxRecordBytes) {
        this.startDamage(ctx, `block of type ${type} has an impossible length ${length}`);
        continue;
      }
      if (avail < length) {
        if (ctx.ended) {
          // Cut off, or a damaged length claiming more than there is? Damage if a believable
          // block starts inside what this one claims.
          if (this.blockStartsWithin(ctx, at + 1)) {
            this.startDamage(ctx, `block of type ${type} claims ${length} bytes, more than the rest of the file`);
            continue;
          }
          const what = isPacketBlock(type) ? `record ${ctx.nextIndex}` : `a block of type ${type}`;
          ctx.finding(
            'capture.damaged',
            `capture ends in the middle of ${what} (its block needs ${length} bytes, ${avail} present)`,
            isPacketBlock(type) ? ctx.nextIndex : null,
          );
          buf.skip(avail);
          this.finished = true;
        }
        return null;
      }
      const trailing = view.getUint32(at + length - 4, le);
      if (trailing !== length) {
        this.startDamage(ctx, `block of type ${type} has length ${length} but trailing length ${trailing}`);
        continue;
      }
      const record = this.readBlock(ctx, type, at, length);
      buf.skip(length);
      if (record) return record;
    }
  }

  private readBlock(ctx: ReaderContext, type: number, at: number, length: number): CaptureRecord | null {
    switch (type) {
      case BLOCK.SHB:
        this.readShb(ctx, at);
        return null;
      case BLOCK.IDB:
        this.readIdb(ctx, at, length);
        return null;
      case BLOCK.EPB:
        return this.readPacket(ctx, at, length, 'enhanced');
      case BLOCK.PB:
        return this.readPacket(ctx, at, length, 'obsolete');
      case BLOCK.SPB:
        return this.readSimplePacket(ctx, at, length);
      case BLOCK.DSB:
        this.readSecrets(ctx, at, length);
        return null;
      default:
        if (!KNOWN_BLOCKS.has(type) && !this.unknownTypesSeen.has(type)) {
          this.unknownTypesSeen.add(type);
          ctx.finding(
            'capture.unknown-block',
            `unknown pcapng block type 0x${type.toString(16).padStart(8, '0')} (${length} bytes) skipped`,
          );
        }
        return null;
    }
  }

  /**
   * Decryption Secrets Block (pcapng draft §4.7): secrets type, secrets length, the secrets.
   * TLS key logs (TLSK, as `editcap --inject-secrets tls,keys.log` writes) go to the session;
   * other types (SSH, WireGuard, ZigBee, OPC UA) are skipped with a note.
   */
  private readSecrets(ctx: ReaderContext, at: number, length: number): void {
    const view = ctx.buf.view;
    if (length < 20) {
      ctx.finding('capture.damaged', `decryption secrets block of ${length} bytes is too short to hold its header`);
      return;
    }
    const type = view.getUint32(at + 8, this.le);
    const size = view.getUint32(at + 12, this.le);
    if (16 + size > length - 4) {
      ctx.finding(
        'capture.damaged',
        `decryption secrets block claims ${size} bytes of secrets in a ${length}-byte block`,
      );
      return;
    }
    if (type === SECRETS_TLS_KEY_LOG) {
      ctx.secrets(ctx.buf.bytes.slice(at + 16, at + 16 + size));
      return;
    }
    const name = SECRETS_NAMES[type] ?? `0x${type.toString(16).padStart(8, '0')}`;
    ctx.finding(
      'capture.secrets-skipped',
      `decryption secrets block of type ${name} (${size} bytes) skipped: wsscope reads TLS key logs only`,
    );
  }

  private readShb(ctx: ReaderContext, at: number): void {
    const view = ctx.buf.view;
    this.le = view.getUint32(at + 8, true) === PCAPNG_BYTE_ORDER_MAGIC;
    this.interfaces = [];
    const prev = this.info;
    this.info = {
      format: 'pcapng',
      byteOrder: this.le ? 'little' : 'big',
      versionMajor: view.getUint16(at + 12, this.le),
      versionMinor: view.getUint16(at + 14, this.le),
      interfaces: prev ? prev.interfaces : [],
      sections: (prev?.sections ?? 0) + 1,
    };
    ctx.setInfo(this.info);
  }

  private readIdb(ctx: ReaderContext, at: number, length: number): void {
    const view = ctx.buf.view;
    const le = this.le;
    if (length < 20) {
      ctx.finding(
        'capture.damaged',
        `interface description block at file offset ${ctx.buf.offset} is too short (${length} bytes)`,
      );
      return;
    }
    const iface: Iface = {
      linkType: view.getUint16(at + 8, le),
      snapLength: view.getUint32(at + 12, le),
      res: MICROSECONDS,
      offsetSeconds: 0,
    };
    let name: string | null = null;
    const end = at + length - 4;
    let p = at + 16;
    while (p + 4 <= end) {
      const code = view.getUint16(p, le);
      const len = view.getUint16(p + 2, le);
      const value = p + 4;
      if (code === OPTION.END || value + len > end) break;
      if (code === OPTION.IF_TSRESOL && len >= 1) iface.res = resolutionFromTsresol(view.getUint8(value));
      else if (code === OPTION.IF_TSOFFSET && len >= 8) iface.offsetSeconds = Number(view.getBigInt64(value, le));
      else if (code === OPTION.IF_NAME) name = this.decoder.decode(ctx.buf.bytes.subarray(value, value + len));
      p = value + ((len + 3) & ~3);
    }
    this.interfaces.push(iface);
    const described: CaptureInterface = {
      id: this.interfaces.length - 1,
      linkType: iface.linkType,
      linkTypeName: linkTypeName(iface.linkType),
      snapLength: iface.snapLength,
      tsUnitsPerSecond: iface.res.unitsPerSecond,
      name,
    };
    const info = this.info!;
    this.info = { ...info, interfaces: [...info.interfaces, described] };
    ctx.setInfo(this.info);
  }

  private readPacket(
    ctx: ReaderContext,
    at: number,
    length: number,
    kind: 'enhanced' | 'obsolete',
  ): CaptureRecord | null {
    const view = ctx.buf.view;
    const le = this.le;
    if (length < 32) {
      ctx.finding(
        'capture.damaged',
        `${kind} packet block ${ctx.nextIndex} is too short (${length} bytes)`,
        ctx.nextIndex,
      );
      return null;
    }
    const interfaceId = kind === 'enhanced' ? view.getUint32(at + 8, le) : view.getUint16(at + 8, le);
    const capturedLength = view.getUint32(at + 20, le);
    const originalLength = view.getUint32(at + 24, le);
    const iface = this.interfaces[interfaceId];
    if (!iface) {
      ctx.finding(
        'capture.damaged',
        `record ${ctx.nextIndex} names interface ${interfaceId} but the section describes ${this.interfaces.length}; skipped`,
        ctx.nextIndex,
      );
      return null;
    }
    if (capturedLength > length - 32) {
      ctx.finding(
        'capture.damaged',
        `record ${ctx.nextIndex} claims ${capturedLength} captured bytes in a ${length}-byte block; skipped`,
        ctx.nextIndex,
      );
      return null;
    }
    const ts = unitsToTimestamp(
      view.getUint32(at + 12, le),
      view.getUint32(at + 16, le),
      iface.res,
      iface.offsetSeconds,
    );
    ctx.lastSeconds = ts.seconds;
    ctx.lastNanos = ts.nanos;
    ctx.haveTime = true;
    return {
      index: ctx.nextIndex++,
      time: ts.time,
      seconds: ts.seconds,
      nanos: ts.nanos,
      interfaceId,
      linkType: iface.linkType,
      capturedLength,
      originalLength,
      fileOffset: ctx.buf.offset + 28,
      data: ctx.buf.copy(at + 28, capturedLength),
    };
  }

  private readSimplePacket(ctx: ReaderContext, at: number, length: number): CaptureRecord | null {
    const iface = this.interfaces[0];
    if (!iface) {
      ctx.finding(
        'capture.damaged',
        `simple packet block ${ctx.nextIndex} before any interface; skipped`,
        ctx.nextIndex,
      );
      return null;
    }
    if (length < 16) return null;
    const originalLength = ctx.buf.view.getUint32(at + 8, this.le);
    // The captured length is not stored: it is the original length cut to the snaplen and to the block.
    let capturedLength = Math.min(originalLength, length - 16);
    if (iface.snapLength > 0) capturedLength = Math.min(capturedLength, iface.snapLength);
    const ts = makeTimestamp(ctx.lastSeconds, ctx.lastNanos);
    return {
      index: ctx.nextIndex++,
      time: ts.time,
      seconds: ts.seconds,
      nanos: ts.nanos,
      interfaceId: 0,
      linkType: iface.linkType,
      capturedLength,
      originalLength,
      fileOffset: ctx.buf.offset + 12,
      data: ctx.buf.copy(at + 12, capturedLength),
    };
  }

  private startDamage(ctx: ReaderContext, why: string): void {
    this.damage = { fileOffset: ctx.buf.offset, why };
    ctx.buf.skip(1);
  }

  /** Is there a believable block at `p`? 'yes', 'no', or 'more' (needs bytes beyond the buffer). */
  private candidate(ctx: ReaderContext, p: number): 'yes' | 'no' | 'more' {
    const buf = ctx.buf;
    const view = buf.view;
    const end = buf.end;
    let le = this.le;
    const type = view.getUint32(p, le);
    if (type === BLOCK.SHB) {
      if (p + 12 > end) return ctx.ended ? 'no' : 'more';
      if (view.getUint32(p + 8, true) === PCAPNG_BYTE_ORDER_MAGIC) le = true;
      else if (view.getUint32(p + 8, false) === PCAPNG_BYTE_ORDER_MAGIC) le = false;
      else return 'no';
    } else if (!KNOWN_BLOCKS.has(type)) return 'no';
    const length = view.getUint32(p + 4, le);
    if (length < MIN_BLOCK || length % 4 !== 0 || length > Math.min(RESYNC_MAX_BLOCK, ctx.maxRecordBytes)) return 'no';
    if (p + length > end) return ctx.ended ? 'no' : 'more';
    if (view.getUint32(p + length - 4, le) !== length) return 'no';
    if (type === BLOCK.EPB || type === BLOCK.PB) {
      if (length < 32) return 'no';
      const id = type === BLOCK.EPB ? view.getUint32(p + 8, le) : view.getUint16(p + 8, le);
      if (id >= this.interfaces.length || view.getUint32(p + 20, le) > length - 32) return 'no';
    }
    if (type === BLOCK.SPB && this.interfaces.length === 0) return 'no';
    return 'yes';
  }

  private blockStartsWithin(ctx: ReaderContext, from: number): boolean {
    for (let p = from; p + 8 <= ctx.buf.end; p++) if (this.candidate(ctx, p) === 'yes') return true;
    return false;
  }

  /** Scan for the next believable block. True when reading can go on, false when more input is needed. */
  private resync(ctx: ReaderContext): boolean {
    const buf = ctx.buf;
    let p = buf.start;
    for (; p + 8 <= buf.end; p++) {
      const verdict = this.candidate(ctx, p);
      if (verdict === 'no') continue;
      buf.skip(p - buf.start);
      if (verdict === 'more') return false;
      const damage = this.damage!;
      ctx.finding(
        'capture.damaged',
        `damaged pcapng data at file offset ${damage.fileOffset} (${damage.why}); skipped ${buf.offset - damage.fileOffset} bytes to the next plausible block at offset ${buf.offset}`,
        ctx.nextIndex,
      );
      this.damage = null;
      return true;
    }
    if (ctx.ended) {
      const damage = this.damage!;
      const skipped = buf.offset + buf.available - damage.fileOffset;
      ctx.finding(
        'capture.damaged',
        `damaged pcapng data at file offset ${damage.fileOffset} (${damage.why}) and no plausible block follows; the last ${skipped} bytes were skipped`,
        ctx.nextIndex,
      );
      buf.skip(buf.available);
      this.damage = null;
      this.finished = true;
      return true;
    }
    buf.skip(Math.max(0, p - buf.start));
    return false;
  }
}

function isPacketBlock(type: number): boolean {
  return type === BLOCK.EPB || type === BLOCK.PB || type === BLOCK.SPB;
}
