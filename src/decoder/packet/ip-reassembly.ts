// IP datagram reassembly (RFC 791 §3.2, RFC 8200 §4.5), with RFC 815's hole list.
//
// decodePacket is stateless and hands every fragment of a TCP datagram back as an IpFragment;
// the session pushes those here. Fragments of one datagram share a key: RFC 791 keys on
// (src, dst, protocol, identification), RFC 8200 on (src, dst, identification).
//
// Each datagram keeps a buffer and a sorted list of holes (RFC 815): at first one hole from 0
// to "infinity"; each fragment's bytes are copied only into the holes it covers, so the first
// copy of any byte wins (duplicates and overlaps never rewrite data already placed, as
// Wireshark and RFC 815 do; RFC 8200's "discard on overlap" would lose the data an analyzer
// is there to show). The last fragment (more-fragments clear) fixes the datagram's length. When
// the length is known and no hole is left, the payload is decoded as TCP, located at the record
// that completed it.
//
// Limits, each reported once per datagram as a capture.ip-fragment finding:
// - a datagram payload is at most 65535 bytes (the 16-bit length fields of both versions);
// - all incomplete datagrams together hold at most maxBufferedBytes (the oldest go first);
// - a datagram not completed within timeoutSeconds of capture time after its first fragment is
//   dropped (checked when the next fragment arrives, and at end()).
// Only fragments cost anything: unfragmented packets never reach this file.

import type { CaptureRecord } from '../capture/types.js';
import { type Finding, makeFinding } from '../findings.js';
import { IP_PROTOCOL, type IpFragment, protocolName } from './ip.js';
import { decodeTcp } from './tcp.js';
import type { PacketDecodeResult } from './types.js';

export interface ReassemblyLimits {
  /** Bytes buffered for all incomplete datagrams together. */
  maxBufferedBytes: number;
  /** Capture seconds a datagram may wait for its missing fragments after its first one. */
  timeoutSeconds: number;
}

export const DEFAULT_REASSEMBLY_LIMITS: Readonly<ReassemblyLimits> = {
  maxBufferedBytes: 4 * 1024 * 1024,
  // Linux's ipfrag_time and Wireshark's default.
  timeoutSeconds: 30,
};

/** RFC 791 total length and RFC 8200 payload length are 16 bits: no datagram payload is longer. */
export const MAX_DATAGRAM_PAYLOAD = 65535;
/** Records listed in a finding's message before "and N more". */
const LISTED_RECORDS = 8;

/** A run of missing bytes, first..last inclusive (RFC 815 §3); last is Infinity before the length is known. */
interface Hole {
  first: number;
  last: number;
}

interface Datagram {
  readonly key: string;
  /** The fragment that names the datagram: the offset-0 one once seen (RFC 8200 §4.5 takes its Next Header). */
  fragment: IpFragment;
  buffer: Uint8Array;
  holes: Hole[];
  /** Payload length, from the last fragment; -1 until it arrives. */
  total: number;
  /** Bytes placed so far (some may lie past a length learnt later: captured() counts from the holes then). */
  received: number;
  /** Records that carried a fragment of it, in arrival order, without repeats. */
  records: number[];
  readonly firstRecord: number;
  readonly firstTime: number;
}

export class IpReassembler {
  private readonly limits: ReassemblyLimits;
  /** Incomplete datagrams by key, in order of their first fragment (oldest first). */
  private readonly datagrams = new Map<string, Datagram>();
  private buffered = 0;
  private findings: Finding[] = [];

  constructor(limits: Partial<ReassemblyLimits> = {}) {
    this.limits = { ...DEFAULT_REASSEMBLY_LIMITS, ...limits };
  }

  /** Bytes held for incomplete datagrams. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Incomplete datagrams held. */
  get pending(): number {
    return this.datagrams.size;
  }

  /**
   * Adds one fragment carried by `record`. Returns the decoded datagram (a TCP segment, 'other'
   * or a finding) when this fragment completed it, else null. Dropped datagrams become findings:
   * drainFindings().
   */
  push(fragment: IpFragment, record: CaptureRecord): PacketDecodeResult | null {
    this.expire(record.time);
    const key = datagramKey(fragment);
    let d = this.datagrams.get(key);
    if (d === undefined) {
      d = {
        key,
        fragment,
        buffer: new Uint8Array(0),
        holes: [{ first: 0, last: Number.POSITIVE_INFINITY }],
        total: -1,
        received: 0,
        records: [],
        firstRecord: record.index,
        firstTime: record.time,
      };
      this.datagrams.set(key, d);
    }
    if (d.records[d.records.length - 1] !== record.index) d.records.push(record.index);
    if (fragment.offset === 0) d.fragment = fragment;

    const declaredEnd = fragment.offset + fragment.length;
    if (declaredEnd > MAX_DATAGRAM_PAYLOAD) {
      this.drop(
        d,
        `is longer than ${MAX_DATAGRAM_PAYLOAD} bytes (fragment at offset ${fragment.offset} with ${fragment.length} bytes in record ${record.index}); dropped`,
        record,
      );
      return null;
    }
    // The last fragment fixes the length; a second, different "last" loses to the first.
    if (!fragment.more && d.total < 0) this.setTotal(d, declaredEnd);
    let end = fragment.offset + fragment.payload.length;
    if (d.total >= 0 && end > d.total) end = d.total;
    if (end > fragment.offset) {
      if (!this.reserve(d, end, record)) return null;
      fill(d, fragment.payload, fragment.offset, end);
    }
    if (d.total < 0 || d.holes.length > 0) return null;

    this.datagrams.delete(key);
    this.buffered -= d.buffer.length;
    return decodeDatagram(d, record);
  }

  /** Findings about dropped datagrams since the last call. */
  drainFindings(): Finding[] {
    const out = this.findings;
    this.findings = [];
    return out;
  }

  /** End of capture: every datagram still incomplete is reported (with any undrained findings) and forgotten. */
  end(): Finding[] {
    for (const d of [...this.datagrams.values()]) this.drop(d, `was never completed: ${captured(d)}`, null);
    return this.drainFindings();
  }

  /** Drops datagrams whose first fragment is more than timeoutSeconds older than `now`. */
  private expire(now: number): void {
    // Oldest first; a capture's clock rarely runs backwards, so stop at the first one still in time.
    for (const d of this.datagrams.values()) {
      if (now - d.firstTime <= this.limits.timeoutSeconds) break;
      this.drop(d, `was not completed within ${this.limits.timeoutSeconds} s: ${captured(d)}`, null);
    }
  }

  private setTotal(d: Datagram, total: number): void {
    d.total = total;
    // Holes past the end are not holes: clip them (RFC 815 §3, step 6 for the last fragment).
    const kept: Hole[] = [];
    for (const h of d.holes) {
      if (h.first >= total) continue;
      kept.push(h.last >= total ? { first: h.first, last: total - 1 } : h);
    }
    d.holes = kept;
  }

  /** Grows d's buffer to hold `end` bytes within the limits; false (and d dropped) when it cannot. */
  private reserve(d: Datagram, end: number, record: CaptureRecord): boolean {
    if (end <= d.buffer.length) return true;
    const size = d.total >= 0 ? d.total : Math.min(MAX_DATAGRAM_PAYLOAD, Math.max(end, d.buffer.length * 2));
    const grow = size - d.buffer.length;
    // Make room by dropping the oldest other datagrams.
    for (const other of this.datagrams.values()) {
      if (this.buffered + grow <= this.limits.maxBufferedBytes) break;
      if (other !== d) this.drop(other, `was dropped: ${captured(other)}; ${this.fullText()}`, null);
    }
    if (this.buffered + grow > this.limits.maxBufferedBytes) {
      this.drop(d, `was dropped at record ${record.index}: ${captured(d)}; ${this.fullText()}`, record);
      return false;
    }
    const buffer = new Uint8Array(size);
    buffer.set(d.buffer);
    d.buffer = buffer;
    this.buffered += grow;
    return true;
  }

  private fullText(): string {
    return `ip fragment buffers are full (${this.limits.maxBufferedBytes} bytes)`;
  }

  private drop(d: Datagram, what: string, at: CaptureRecord | null): void {
    this.datagrams.delete(d.key);
    this.buffered -= d.buffer.length;
    const f = d.fragment;
    this.findings.push(
      makeFinding('capture.ip-fragment', `ipv${f.version} datagram ${f.src} -> ${f.dst} id ${idText(f)} ${what}`, {
        packet: at?.index ?? d.firstRecord,
        time: at?.time ?? d.firstTime,
      }),
    );
  }
}

function datagramKey(f: IpFragment): string {
  return f.version === 4 ? `4 ${f.src} ${f.dst} ${f.protocol} ${f.id}` : `6 ${f.src} ${f.dst} ${f.id}`;
}

function idText(f: IpFragment): string {
  return `0x${f.id.toString(16).padStart(f.version === 4 ? 4 : 8, '0')}`;
}

/** "1480 of 2960 bytes captured (fragments in records 12, 13)". */
function captured(d: Datagram): string {
  const bytes =
    d.total >= 0
      ? `${d.total - d.holes.reduce((n, h) => n + h.last + 1 - h.first, 0)} of ${d.total} bytes captured`
      : `${d.received} bytes captured, the last fragment missing`;
  const listed = d.records.slice(0, LISTED_RECORDS).join(', ');
  const more = d.records.length > LISTED_RECORDS ? ` and ${d.records.length - LISTED_RECORDS} more` : '';
  return `${bytes} (fragments in records ${listed}${more})`;
}

/** Copies payload[offset..end) into the holes it covers (RFC 815 §3): bytes already placed stay. */
function fill(d: Datagram, payload: Uint8Array, offset: number, end: number): void {
  const last = end - 1;
  const holes: Hole[] = [];
  for (const h of d.holes) {
    if (offset > h.last || last < h.first) {
      holes.push(h);
      continue;
    }
    const from = Math.max(offset, h.first);
    const to = Math.min(last, h.last);
    d.buffer.set(payload.subarray(from - offset, to + 1 - offset), from);
    d.received += to + 1 - from;
    if (h.first < from) holes.push({ first: h.first, last: from - 1 });
    if (to < h.last) holes.push({ first: to + 1, last: h.last });
  }
  d.holes = holes;
}

/** The whole datagram's payload, decoded as the record that completed it. */
function decodeDatagram(d: Datagram, record: CaptureRecord): PacketDecodeResult {
  const f = d.fragment;
  if (f.protocol !== IP_PROTOCOL.TCP) return { kind: 'other', what: protocolName(f.protocol) };
  const data = d.buffer.subarray(0, d.total);
  const whole: CaptureRecord = { ...record, data, capturedLength: data.length, originalLength: data.length };
  return decodeTcp(whole, {
    kind: 'ip',
    version: f.version,
    src: f.src,
    dst: f.dst,
    protocol: f.protocol,
    offset: 0,
    end: data.length,
    length: data.length,
  });
}
