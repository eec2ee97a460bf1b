// CaptureReader: incremental, sans-I/O reader of classic pcap and pcapng files.
//
//   const r = new CaptureReader();
//   r.push(chunk); … r.end();
//   for (let rec = r.next(); rec; rec = r.next()) …   // null = needs more input, or done
//
// The format is recognised by its magic number, never by the file name. Input chunks may be any
// size; what is not consumed yet is copied into one growable buffer (byte-buffer.ts), and every
// record's `data` is a copy it owns. Bad input never throws: a damaged file yields every record
// that can be read plus capture.damaged findings (see pcap.ts / pcapng.ts for the resync
// rules); a file that is not a capture at all sets `fatal` and yields nothing.
//
// Latency: a record is returned as soon as it is complete, except that a classic pcap record
// whose time cannot be checked against an earlier one (the first record, or a jump of over a
// day) is held until the next record header (or end()) arrives, to tell it from damage.

import { type Finding, type FindingCode, makeFinding } from '../findings.js';
import { linkTypeName } from '../packet/linktypes.js';
import type { CaptureFileInfo } from '../records.js';
import { ByteBuffer } from './byte-buffer.js';
import type { FormatReader, ReaderContext } from './context.js';
import { detectCaptureFormat } from './magic.js';
import { PCAP_FILE_HEADER_LENGTH, PcapReader, readPcapHeader } from './pcap.js';
import { PcapngReader } from './pcapng.js';
import type { CaptureRecord } from './types.js';

export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024 * 1024;

export interface CaptureReaderOptions {
  /** Largest record or block accepted before the file is called damaged (default 256 MiB). */
  maxRecordBytes?: number;
  /**
   * Opt-in speed-up for many small packets (about 2x): copy record data into shared slabs of
   * this many bytes (e.g. 1 MiB) instead of one ArrayBuffer per record. Each record's `data` is
   * then a view whose `.buffer` is shared with other records: never transfer it, and note that
   * keeping one record keeps its whole slab alive. Default 0 (off): every `data` has its own buffer.
   */
  recordSlabBytes?: number;
}

const NO_SECRETS: Uint8Array[] = [];
/** Bytes notACaptureReason (magic.ts) inspects at most. */
const SNIFF_BYTES = 64;

export class CaptureReader {
  private readonly ctx: ReaderContext;
  private readonly buf = new ByteBuffer();
  private format: FormatReader | null = null;
  private pcapng: PcapngReader | null = null;
  private fatalReason: string | null = null;
  private currentInfo: CaptureFileInfo | null = null;
  private findings: Finding[] = [];
  private secretsRead: Uint8Array[] = [];
  private ended = false;

  constructor(options: CaptureReaderOptions = {}) {
    const self = this;
    this.buf.slabBytes = Math.max(0, Math.floor(options.recordSlabBytes ?? 0));
    const buf = this.buf;
    this.ctx = {
      buf,
      get ended() {
        return self.ended;
      },
      maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
      nextIndex: 1,
      lastSeconds: 0,
      lastNanos: 0,
      haveTime: false,
      finding: (code: FindingCode, message: string, packet?: number | null) => {
        const time = self.ctx.haveTime ? self.ctx.lastSeconds + self.ctx.lastNanos / 1e9 : null;
        self.findings.push(makeFinding(code, message, { packet: packet ?? null, time }));
      },
      setInfo: (info: CaptureFileInfo) => {
        self.currentInfo = info;
      },
      secrets: (keyLog: Uint8Array) => {
        self.secretsRead.push(keyLog);
      },
    };
  }

  /** Add input. Ignored after `end()` or once the input was found not to be a capture. */
  push(chunk: Uint8Array): void {
    if (this.ended || this.fatalReason !== null || chunk.length === 0) return;
    this.buf.push(chunk);
  }

  /** No more input will come. */
  end(): void {
    this.ended = true;
  }

  /** The next complete record, or null when more input is needed (or everything was read). */
  next(): CaptureRecord | null {
    if (this.fatalReason !== null) return null;
    if (!this.format && !this.readFileHeader()) return null;
    return this.format!.next(this.ctx);
  }

  /**
   * File format, byte order and interfaces: set once the file header (pcap) or first section
   * header (pcapng) is read. A new object whenever it changes (a pcapng IDB or SHB arrives), so
   * callers can compare by identity. For pcapng, `interfaces` lists the interfaces of every
   * section in file order; each `id` is its number within its own section.
   */
  get info(): CaptureFileInfo | null {
    return this.currentInfo;
  }

  /**
   * TLS key logs from pcapng Decryption Secrets Blocks read so far (and not drained): drained
   * before each record is processed, they apply to the records after them in the file.
   */
  drainSecrets(): Uint8Array[] {
    if (this.secretsRead.length === 0) return NO_SECRETS;
    const out = this.secretsRead;
    this.secretsRead = [];
    return out;
  }

  /** True when drainFindings() has something (a check without allocating). */
  get hasFindings(): boolean {
    return this.findings.length > 0;
  }

  drainFindings(): Finding[] {
    const out = this.findings;
    this.findings = [];
    return out;
  }

  /** Why the input is not a capture file at all, or null. */
  get fatal(): string | null {
    if (this.fatalReason === null && this.ended && !this.format) this.readFileHeader();
    return this.fatalReason;
  }

  /** Bytes of input read and done with. */
  get bytesConsumed(): number {
    return this.buf.offset;
  }

  /** True after `end()` once every record was returned (or the input was refused). */
  get done(): boolean {
    if (!this.ended) return false;
    if (this.fatal !== null) return true;
    return this.format?.finished === true;
  }

  /** Recognise the format and read its header. True once a format reader is in place. */
  private readFileHeader(): boolean {
    const buf = this.buf;
    if (buf.available < 4) {
      if (this.ended) {
        this.fatalReason =
          buf.available === 0 ? 'empty file' : `not a pcap or pcapng file (only ${buf.available} bytes long)`;
      }
      return false;
    }
    const sniffed = detectCaptureFormat(buf.bytes.subarray(buf.start, buf.end));
    // The reason looks at up to SNIFF_BYTES (is it text? another format?): wait for them, so the
    // message does not depend on how the input was chunked (issue 15).
    if (sniffed.kind === 'other') {
      if (buf.available < SNIFF_BYTES && !this.ended) return false;
      return this.refuse(sniffed.reason);
    }
    if (sniffed.kind === 'pcapng') {
      this.pcapng ??= new PcapngReader();
      const first = this.pcapng.readFirstSection(this.ctx);
      if (first.fatal) return this.refuse(first.fatal);
      if (!first.done) return false;
      this.format = this.pcapng;
      return true;
    }
    if (buf.available < PCAP_FILE_HEADER_LENGTH) {
      if (this.ended) this.refuse(`pcap file header is cut off (${buf.available} of ${PCAP_FILE_HEADER_LENGTH} bytes)`);
      return false;
    }
    const header = readPcapHeader(buf.view, buf.start, sniffed);
    buf.skip(PCAP_FILE_HEADER_LENGTH);
    this.currentInfo = {
      format: sniffed.nanos ? 'pcap-ns' : 'pcap',
      byteOrder: sniffed.littleEndian ? 'little' : 'big',
      versionMajor: header.versionMajor,
      versionMinor: header.versionMinor,
      interfaces: [
        {
          id: 0,
          linkType: header.linkType,
          linkTypeName: linkTypeName(header.linkType),
          snapLength: header.snapLength,
          tsUnitsPerSecond: sniffed.nanos ? 1e9 : 1e6,
          name: null,
        },
      ],
      sections: 1,
    };
    this.format = new PcapReader(header, this.ctx.maxRecordBytes);
    return true;
  }

  private refuse(reason: string): false {
    this.fatalReason = reason;
    // Nothing more will be read: give the memory back.
    this.buf.skip(this.buf.available);
    return false;
  }
}
