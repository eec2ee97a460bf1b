// "Save as pcapng" for live captures: classic pcap bytes rewritten as a pcapng file.
//
// Theory of operation: the capture tool may write classic pcap (tcpdump -w -) or pcapng (dumpcap).
// pcapng input is saved unchanged. Classic pcap (either byte order; microsecond, nanosecond or
// "modified" magic, as the decoder's capture/magic.ts tells them apart) becomes one Section Header Block, one Interface Description Block carrying the link type,
// snap length and if_tsresol, and one Enhanced Packet Block per record, all little-endian.
// A record cut short at the end (the capture stopped mid-write) is left out.
//
// Layout references: draft-ietf-opsawg-pcapng (SHB §4.1, IDB §4.2, EPB §4.3, if_tsresol §4.2),
// draft-ietf-opsawg-pcap (file header §4, packet record §5).

import { detectCaptureFormat, PCAPNG_BYTE_ORDER_MAGIC, PCAPNG_SHB_TYPE } from '../decoder/index.js';

const PCAP_FILE_HEADER_LENGTH = 24;
const PCAP_RECORD_HEADER_LENGTH = 16;
/** The "modified" pcap (Kuznetsov's libpcap) adds ifindex, protocol and packet type to each record. */
const MODIFIED_PCAP_RECORD_HEADER_LENGTH = 24;

// pcapng block types and options this writer emits.
const IDB_TYPE = 0x00000001;
const EPB_TYPE = 0x00000006;
const OPT_ENDOFOPT = 0;
const OPT_IF_TSRESOL = 9;

/** The capture as pcapng bytes; throws if the input is neither pcap nor pcapng. */
export function toPcapng(bytes: Uint8Array): Uint8Array {
  // The decoder's reader recognises captures by these same magic numbers (one list, capture/magic.ts).
  const format = bytes.length >= 4 ? detectCaptureFormat(bytes) : null;
  if (format?.kind === 'pcapng') return bytes;
  if (format?.kind !== 'pcap' || bytes.length < PCAP_FILE_HEADER_LENGTH) {
    throw new Error(`cannot save as pcapng: not a pcap or pcapng capture (${bytes.length} bytes)`);
  }
  const input = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = format.littleEndian;
  const nano = format.nanos;
  const recordHeaderLength = format.modified ? MODIFIED_PCAP_RECORD_HEADER_LENGTH : PCAP_RECORD_HEADER_LENGTH;
  const snaplen = input.getUint32(16, little);
  // The link type is the low 16 bits; the upper bits may hold an FCS length (pcap §4 LinkType).
  const linkType = input.getUint32(20, little) & 0xffff;

  const blocks: Uint8Array[] = [sectionHeaderBlock(), interfaceDescriptionBlock(linkType, snaplen, nano ? 9 : 6)];
  let offset = PCAP_FILE_HEADER_LENGTH;
  while (offset + recordHeaderLength <= bytes.length) {
    const seconds = input.getUint32(offset, little);
    const fraction = input.getUint32(offset + 4, little);
    const capturedLength = input.getUint32(offset + 8, little);
    const originalLength = input.getUint32(offset + 12, little);
    const dataStart = offset + recordHeaderLength;
    if (dataStart + capturedLength > bytes.length) break;
    const timestamp = BigInt(seconds) * (nano ? 1_000_000_000n : 1_000_000n) + BigInt(fraction);
    blocks.push(enhancedPacketBlock(timestamp, bytes.subarray(dataStart, dataStart + capturedLength), originalLength));
    offset = dataStart + capturedLength;
  }
  return concat(blocks);
}

/** SHB (pcapng §4.1): byte-order magic, version 1.0, section length unknown (-1), no options. */
function sectionHeaderBlock(): Uint8Array {
  const block = new Uint8Array(28);
  const view = new DataView(block.buffer);
  view.setUint32(0, PCAPNG_SHB_TYPE, true);
  view.setUint32(4, block.length, true);
  view.setUint32(8, PCAPNG_BYTE_ORDER_MAGIC, true);
  view.setUint16(12, 1, true);
  view.setUint16(14, 0, true);
  view.setBigInt64(16, -1n, true);
  view.setUint32(24, block.length, true);
  return block;
}

/** IDB (pcapng §4.2) with if_tsresol = 10^-resolution seconds, then opt_endofopt. */
function interfaceDescriptionBlock(linkType: number, snaplen: number, resolution: number): Uint8Array {
  const block = new Uint8Array(32);
  const view = new DataView(block.buffer);
  view.setUint32(0, IDB_TYPE, true);
  view.setUint32(4, block.length, true);
  view.setUint16(8, linkType, true);
  view.setUint16(10, 0, true);
  view.setUint32(12, snaplen, true);
  view.setUint16(16, OPT_IF_TSRESOL, true);
  view.setUint16(18, 1, true);
  view.setUint8(20, resolution);
  view.setUint16(24, OPT_ENDOFOPT, true);
  view.setUint16(26, 0, true);
  view.setUint32(28, block.length, true);
  return block;
}

/** EPB (pcapng §4.3): interface 0, 64-bit timestamp in if_tsresol units, data padded to 32 bits. */
function enhancedPacketBlock(timestamp: bigint, data: Uint8Array, originalLength: number): Uint8Array {
  const padded = (data.length + 3) & ~3;
  const block = new Uint8Array(32 + padded);
  const view = new DataView(block.buffer);
  view.setUint32(0, EPB_TYPE, true);
  view.setUint32(4, block.length, true);
  view.setUint32(8, 0, true);
  view.setUint32(12, Number(timestamp >> 32n), true);
  view.setUint32(16, Number(timestamp & 0xffff_ffffn), true);
  view.setUint32(20, data.length, true);
  view.setUint32(24, originalLength, true);
  block.set(data, 28);
  view.setUint32(28 + padded, block.length, true);
  return block;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// ---------------------------------------------------------------- streaming, with TLS keys

const DSB_TYPE = 0x0000000a;
/** Decryption Secrets Block secrets type for an NSS key log (pcapng §4.7: "TLSK"). */
export const SECRETS_TYPE_TLS_KEY_LOG = 0x544c534b;

/**
 * Decryption Secrets Block (pcapng §4.7): secrets type, secrets length, the key log text padded
 * to 32 bits, no options. `littleEndian` must be the section's byte order.
 */
export function decryptionSecretsBlock(keyLog: string, littleEndian = true): Uint8Array {
  const secrets = new TextEncoder().encode(keyLog);
  const padded = (secrets.length + 3) & ~3;
  const block = new Uint8Array(20 + padded);
  const view = new DataView(block.buffer);
  view.setUint32(0, DSB_TYPE, littleEndian);
  view.setUint32(4, block.length, littleEndian);
  view.setUint32(8, SECRETS_TYPE_TLS_KEY_LOG, littleEndian);
  view.setUint32(12, secrets.length, littleEndian);
  block.set(secrets, 16);
  view.setUint32(16 + padded, block.length, littleEndian);
  return block;
}

/**
 * A live capture tool's output (classic pcap from tcpdump or pcapng from dumpcap, in chunks cut
 * anywhere) rewritten as one pcapng stream into which key log lines are inserted as Decryption
 * Secrets Blocks, each before the packets that follow it in time: `push(chunk, keys)` puts the
 * keys first, so a caller that reads the key log just before handing over a chunk places every
 * secret ahead of the records it decrypts, and the saved file stands alone (Wireshark reads the
 * DSBs without -o tls.keylog_file, and so does wsscope).
 *
 * A stack may log a secret just after packets that need it crossed the wire: a TLS 1.2 server
 * logs the master secret once the client's ClientKeyExchange, ChangeCipherSpec and Finished
 * (one flight) have arrived, and tshark derives a session's keys at its ChangeCipherSpec, so a
 * DSB after that packet is no use to it. With `holdMs`, packets are held that long (wall time)
 * before they are written, and keys that arrive meanwhile go ahead of them; end() writes the rest.
 */
export class PcapngStream {
  /** Packet blocks not written yet, oldest first, with the time they were pushed (ms). */
  private held: { block: Uint8Array; at: number }[] = [];

  constructor(private readonly holdMs = 0) {}

  private pending: Uint8Array = new Uint8Array(0);
  private queuedKeys = '';
  /** null until the input's first bytes say what it is. */
  private input:
    | { kind: 'pcap'; littleEndian: boolean; nanos: boolean; recordHeader: number }
    | { kind: 'pcapng' }
    | null = null;
  /** The byte order of the current output section, once its SHB has been written. */
  private sectionLittleEndian: boolean | null = null;

  /** The pcapng bytes for `keys` (whole key log lines, may be '') followed by `chunk`. */
  push(chunk: Uint8Array, keys = '', now = Date.now()): Uint8Array {
    this.queuedKeys += keys;
    this.pending = this.pending.length === 0 ? chunk.slice() : concat([this.pending, chunk]);
    const out: Uint8Array[] = [];
    if (this.input === null) this.readHeader(out);
    this.flushKeys(out);
    if (this.input?.kind === 'pcap') this.pcapRecords(now);
    else if (this.input?.kind === 'pcapng') this.pcapngBlocks(out, now);
    this.release(out, now - this.holdMs);
    return concat(out);
  }

  /** The last keys (if any) and every packet still held: the end of the file. */
  end(keys = ''): Uint8Array {
    this.queuedKeys += keys;
    const out: Uint8Array[] = [];
    this.flushKeys(out);
    this.release(out, Number.POSITIVE_INFINITY);
    return concat(out);
  }

  private release(out: Uint8Array[], upTo: number): void {
    let n = 0;
    while (n < this.held.length && this.held[n].at <= upTo) out.push(this.held[n++].block);
    if (n > 0) this.held.splice(0, n);
  }

  private flushKeys(out: Uint8Array[]): void {
    if (this.queuedKeys.length === 0 || this.sectionLittleEndian === null) return;
    out.push(decryptionSecretsBlock(this.queuedKeys, this.sectionLittleEndian));
    this.queuedKeys = '';
  }

  private readHeader(out: Uint8Array[]): void {
    if (this.pending.length < 4) return;
    const format = detectCaptureFormat(this.pending);
    if (format.kind === 'pcapng') {
      this.input = { kind: 'pcapng' };
      return; // its SHB passes through pcapngBlocks, which notes the byte order
    }
    if (format.kind !== 'pcap')
      throw new Error('cannot save as pcapng: the capture tool wrote neither pcap nor pcapng');
    if (this.pending.length < PCAP_FILE_HEADER_LENGTH) return;
    const view = new DataView(this.pending.buffer, this.pending.byteOffset, PCAP_FILE_HEADER_LENGTH);
    const snaplen = view.getUint32(16, format.littleEndian);
    const linkType = view.getUint32(20, format.littleEndian) & 0xffff;
    out.push(sectionHeaderBlock(), interfaceDescriptionBlock(linkType, snaplen, format.nanos ? 9 : 6));
    this.sectionLittleEndian = true;
    this.input = {
      kind: 'pcap',
      littleEndian: format.littleEndian,
      nanos: format.nanos,
      recordHeader: format.modified ? MODIFIED_PCAP_RECORD_HEADER_LENGTH : PCAP_RECORD_HEADER_LENGTH,
    };
    this.pending = this.pending.subarray(PCAP_FILE_HEADER_LENGTH);
  }

  private pcapRecords(now: number): void {
    if (this.input?.kind !== 'pcap') return;
    const { littleEndian, nanos, recordHeader } = this.input;
    let offset = 0;
    const view = new DataView(this.pending.buffer, this.pending.byteOffset, this.pending.byteLength);
    while (offset + recordHeader <= this.pending.length) {
      const capturedLength = view.getUint32(offset + 8, littleEndian);
      const dataStart = offset + recordHeader;
      if (dataStart + capturedLength > this.pending.length) break;
      const seconds = view.getUint32(offset, littleEndian);
      const fraction = view.getUint32(offset + 4, littleEndian);
      const timestamp = BigInt(seconds) * (nanos ? 1_000_000_000n : 1_000_000n) + BigInt(fraction);
      const data = this.pending.subarray(dataStart, dataStart + capturedLength);
      this.held.push({
        block: enhancedPacketBlock(timestamp, data, view.getUint32(offset + 12, littleEndian)),
        at: now,
      });
      offset = dataStart + capturedLength;
    }
    this.pending = this.pending.subarray(offset);
  }

  /** pcapng input: whole blocks pass unchanged; keys go right after an SHB or between blocks. */
  private pcapngBlocks(out: Uint8Array[], now: number): void {
    let offset = 0;
    while (this.pending.length - offset >= 12) {
      const view = new DataView(this.pending.buffer, this.pending.byteOffset + offset, this.pending.length - offset);
      const isShb = view.getUint32(0, false) === PCAPNG_SHB_TYPE;
      // An SHB carries the section's byte order in its magic; every later block uses it.
      const little = isShb ? view.getUint32(8, true) === PCAPNG_BYTE_ORDER_MAGIC : (this.sectionLittleEndian ?? true);
      const length = view.getUint32(4, little);
      if (length < 12 || length % 4 !== 0) throw new Error(`cannot save as pcapng: bad block length ${length}`);
      if (this.pending.length - offset < length) break;
      const block = this.pending.slice(offset, offset + length);
      offset += length;
      if (isShb) {
        // A new section: what is held belongs to the previous one.
        this.release(out, Number.POSITIVE_INFINITY);
        out.push(block);
        this.sectionLittleEndian = little;
        this.flushKeys(out);
      } else this.held.push({ block, at: now });
    }
    this.pending = this.pending.subarray(offset);
  }
}
