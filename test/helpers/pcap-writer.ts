// TEST-ONLY writer of pcap / pcapng files and of the packets inside them, from explicit field
// values. Tests use it to build captures whose expected contents are the literals they wrote,
// independent of the reader under test. (Other helpers build whole TCP conversations on it.)
//
// Packets
//   tcpPacket({ src: '10.0.0.1', sport: 40000, dst: '10.0.0.2', dport: 80, seq: 1, ack: 0,
//               flags: 'PA', payload: 'hello', link: 'ethernet' })            -> link frame bytes
//     IPv6 when the addresses contain ':'. flags: letters F S R P A U E C in any order.
//     link: 'ethernet' (default) | 'vlan' (one 802.1Q tag; `vlans` for a stack) | 'sll' | 'sll2'
//           | 'null' (little-endian family) | 'null-be' | 'loop' | 'raw' | 'ipv4' | 'ipv6'
//     Overrides for malformed packets: dataOffset, ipTotalLength, ipv6PayloadLength, ipFlags /
//     fragmentOffset, ipOptions, tcpOptions, ipv6Extensions, padTo (Ethernet padding).
//   tcpSegment, ipv4Packet, ipv6Packet, linkFrame: the layers one by one.
//   LINK_TYPE_OF[link]: the LINKTYPE_* number to put in the file for that link kind.
//
// Files (all return a fresh Uint8Array)
//   writePcap(records, { linkType = 1, nanos = false, bigEndian = false, snapLength = 262144 })
//     records: { data, seconds = 0, nanos = 0 (the sub-second part in ns), originalLength = data.length }
//   writePcapng(records, { linkType = 1, bigEndian = false, tsresol = 6 }): one SHB, one IDB, EPBs.
//   writePcapngBlocks(blocks): any sequence of SHB / IDB / EPB / SPB / PB / raw blocks; each block
//     is written in the byte order of the SHB before it (little-endian before any SHB).
//   pcapFileHeader / pcapRecordHeader: the pieces of writePcap, for byte surgery in damage tests.
//
// Conversations
//   new TcpConversation({ client: ['10.0.0.1', 50000], server: ['10.0.0.2', 80], link })
//     .handshake().send('client', 'GET …').send('server', bytes, { segmentSize: 1000 }).close('client')
//   then writePcap(conv.records, { linkType: LINK_TYPE_OF[conv.link] }). seq/ack are tracked;
//   conv.packet(from, fields) adds a hand-made segment (retransmission, RST …) without tracking.

export type LinkKind = 'ethernet' | 'vlan' | 'sll' | 'sll2' | 'null' | 'null-be' | 'loop' | 'raw' | 'ipv4' | 'ipv6';

export const LINK_TYPE_OF: Record<LinkKind, number> = {
  ethernet: 1,
  vlan: 1,
  sll: 113,
  sll2: 276,
  null: 0,
  'null-be': 0,
  loop: 108,
  raw: 101,
  ipv4: 228,
  ipv6: 229,
};

const encoder = new TextEncoder();

export function bytes(value: Uint8Array | string | number[] | undefined): Uint8Array {
  if (value === undefined) return new Uint8Array(0);
  if (typeof value === 'string') return encoder.encode(value);
  return value instanceof Uint8Array ? value : Uint8Array.from(value);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatList(parts);
}

/** concat for long lists (no spread: millions of records would overflow the call stack). */
export function concatList(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Hex text ("45 00 00 3c", spaces optional) to bytes. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/[^0-9a-fA-F]/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

// ---------------------------------------------------------------- addresses

function ipv4Bytes(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

function ipv6Bytes(text: string): Uint8Array {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const left = parse(head);
  const right = tail === null ? [] : parse(tail);
  const groups = tail === null ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

// ---------------------------------------------------------------- checksums

function sum16(data: Uint8Array, initial = 0): number {
  let sum = initial;
  for (let i = 0; i + 1 < data.length; i += 2) sum += (data[i] << 8) | data[i + 1];
  if (data.length % 2) sum += data[data.length - 1] << 8;
  return sum;
}

function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

// ---------------------------------------------------------------- TCP

const FLAG_BITS: Record<string, number> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20, E: 0x40, C: 0x80 };

function tcpFlagsByte(flags: string): number {
  let b = 0;
  for (const ch of flags.toUpperCase()) {
    if (!(ch in FLAG_BITS)) throw new Error(`unknown tcp flag ${ch}`);
    b |= FLAG_BITS[ch];
  }
  return b;
}

export interface TcpSegmentSpec {
  sport: number;
  dport: number;
  seq?: number;
  ack?: number;
  flags?: string;
  window?: number;
  payload?: Uint8Array | string;
  /** Raw option bytes, padded here to a multiple of 4 with NOPs... (end-of-list zeros). */
  tcpOptions?: Uint8Array;
  /** Override the data offset field (words), e.g. 3 for a malformed header. */
  dataOffset?: number;
}

export function tcpSegment(spec: TcpSegmentSpec, checksum?: (segment: Uint8Array) => number): Uint8Array {
  const options = bytes(spec.tcpOptions);
  const optLen = (options.length + 3) & ~3;
  const payload = bytes(spec.payload);
  const out = new Uint8Array(20 + optLen + payload.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, spec.sport);
  v.setUint16(2, spec.dport);
  v.setUint32(4, (spec.seq ?? 0) >>> 0);
  v.setUint32(8, (spec.ack ?? 0) >>> 0);
  out[12] = (spec.dataOffset ?? (20 + optLen) / 4) << 4;
  out[13] = tcpFlagsByte(spec.flags ?? 'A');
  v.setUint16(14, spec.window ?? 65535);
  out.set(options, 20);
  out.set(payload, 20 + optLen);
  if (checksum) v.setUint16(16, checksum(out));
  return out;
}

// ---------------------------------------------------------------- IP

export interface Ipv4Spec {
  src: string;
  dst: string;
  protocol: number;
  payload: Uint8Array;
  id?: number;
  ttl?: number;
  /** The 3 flag bits (0b010 = DF, 0b001 = MF); default DF. */
  ipFlags?: number;
  /** Fragment offset in bytes (a multiple of 8). */
  fragmentOffset?: number;
  ipOptions?: Uint8Array;
  /** Override the total length field. */
  totalLength?: number;
}

export function ipv4Packet(spec: Ipv4Spec): Uint8Array {
  const options = bytes(spec.ipOptions);
  const optLen = (options.length + 3) & ~3;
  const headerLength = 20 + optLen;
  const out = new Uint8Array(headerLength + spec.payload.length);
  const v = new DataView(out.buffer);
  out[0] = 0x40 | (headerLength / 4);
  v.setUint16(2, spec.totalLength ?? out.length);
  v.setUint16(4, spec.id ?? 0x1234);
  v.setUint16(6, ((spec.ipFlags ?? 0b010) << 13) | ((spec.fragmentOffset ?? 0) / 8));
  out[8] = spec.ttl ?? 64;
  out[9] = spec.protocol;
  out.set(ipv4Bytes(spec.src), 12);
  out.set(ipv4Bytes(spec.dst), 16);
  out.set(options, 20);
  v.setUint16(10, fold(sum16(out.subarray(0, headerLength))));
  out.set(spec.payload, headerLength);
  return out;
}

export interface Ipv6Extension {
  /** Next-header value that announces this extension (0, 43, 44, 51, 60 …). */
  type: number;
  /** Body after the next-header byte (and, except for 44, the length byte), padded as needed. */
  body: Uint8Array;
}

export interface Ipv6Spec {
  src: string;
  dst: string;
  nextHeader: number;
  payload: Uint8Array;
  extensions?: Ipv6Extension[];
  hopLimit?: number;
  /** Override the payload length field. */
  payloadLength?: number;
}

/** Serialise one extension header: next header, length byte in its unit, body padded. */
function extensionBytes(ext: Ipv6Extension, next: number): Uint8Array {
  if (ext.type === 44) {
    // Fragment header: next(1) reserved(1) offset/flags(2) id(4); body = the last 6 bytes.
    const out = new Uint8Array(8);
    out[0] = next;
    out.set(ext.body.subarray(0, 6), 2);
    return out;
  }
  const unit = ext.type === 51 ? 4 : 8;
  const total = Math.max(8, Math.ceil((2 + ext.body.length) / 8) * 8);
  const out = new Uint8Array(total);
  out[0] = next;
  out[1] = ext.type === 51 ? total / unit - 2 : total / unit - 1;
  out.set(ext.body, 2);
  return out;
}

export function ipv6Packet(spec: Ipv6Spec): Uint8Array {
  const exts = spec.extensions ?? [];
  const parts: Uint8Array[] = [];
  for (let i = 0; i < exts.length; i++)
    parts.push(extensionBytes(exts[i], i + 1 < exts.length ? exts[i + 1].type : spec.nextHeader));
  const ext = concat(...parts);
  const header = new Uint8Array(40);
  const v = new DataView(header.buffer);
  v.setUint32(0, 0x60000000);
  v.setUint16(4, spec.payloadLength ?? ext.length + spec.payload.length);
  header[6] = exts.length ? exts[0].type : spec.nextHeader;
  header[7] = spec.hopLimit ?? 64;
  header.set(ipv6Bytes(spec.src), 8);
  header.set(ipv6Bytes(spec.dst), 24);
  return concat(header, ext, spec.payload);
}

// ---------------------------------------------------------------- link layers

export interface LinkOptions {
  /** VLAN ids for 'vlan' (outermost first); TPID 0x88a8 for outer tags of a stack, 0x8100 inner. */
  vlans?: number[];
  /** Pad an Ethernet frame with zeros to this many bytes (60 is the Ethernet minimum). */
  padTo?: number;
  /** For 'null' / 'loop': the BSD address family (default 2 or 30). */
  family?: number;
}

export function linkFrame(link: LinkKind, ip: Uint8Array, version: 4 | 6, opts: LinkOptions = {}): Uint8Array {
  const etherType = version === 4 ? 0x0800 : 0x86dd;
  const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
  switch (link) {
    case 'ethernet':
    case 'vlan': {
      const macs = hex('02 00 00 00 00 02 02 00 00 00 00 01'); // dst, src
      const vlans = opts.vlans ?? (link === 'vlan' ? [100] : []);
      const tags = vlans.map((id, i) => concat(u16(i < vlans.length - 1 ? 0x88a8 : 0x8100), u16(id & 0x0fff)));
      const frame = concat(macs, ...tags, u16(etherType), ip);
      if (opts.padTo && frame.length < opts.padTo) return concat(frame, new Uint8Array(opts.padTo - frame.length));
      return frame;
    }
    case 'sll':
      // packet type 0 (to us), ARPHRD_ETHER 1, address length 6, address (8), protocol.
      return concat(hex('00 00 00 01 00 06 02 00 00 00 00 01 00 00'), u16(etherType), ip);
    case 'sll2':
      // protocol, reserved, ifindex 1, ARPHRD_ETHER 1, packet type 0, address length 6, address (8).
      return concat(u16(etherType), hex('00 00 00 00 00 01 00 01 00 06 02 00 00 00 00 01 00 00'), ip);
    case 'null':
    case 'null-be':
    case 'loop': {
      const family = opts.family ?? (version === 4 ? 2 : 30);
      const head = new Uint8Array(4);
      new DataView(head.buffer).setUint32(0, family, link === 'null');
      return concat(head, ip);
    }
    case 'raw':
    case 'ipv4':
    case 'ipv6':
      return ip;
  }
}

// ---------------------------------------------------------------- whole packets

export interface TcpPacketSpec extends TcpSegmentSpec, LinkOptions {
  src: string;
  dst: string;
  link?: LinkKind;
  ttl?: number;
  ipId?: number;
  ipFlags?: number;
  fragmentOffset?: number;
  ipOptions?: Uint8Array;
  ipTotalLength?: number;
  ipv6Extensions?: Ipv6Extension[];
  ipv6PayloadLength?: number;
}

export function tcpPacket(spec: TcpPacketSpec): Uint8Array {
  const v6 = spec.src.includes(':');
  const srcB = v6 ? ipv6Bytes(spec.src) : ipv4Bytes(spec.src);
  const dstB = v6 ? ipv6Bytes(spec.dst) : ipv4Bytes(spec.dst);
  const segment = tcpSegment(spec, (seg) => {
    // Pseudo-header (RFC 9293 §3.1 / RFC 8200 §8.1): src, dst, protocol 6, TCP length.
    return fold(sum16(seg, sum16(srcB) + sum16(dstB) + 6 + seg.length));
  });
  const ip = v6
    ? ipv6Packet({
        src: spec.src,
        dst: spec.dst,
        nextHeader: 6,
        payload: segment,
        extensions: spec.ipv6Extensions,
        hopLimit: spec.ttl,
        payloadLength: spec.ipv6PayloadLength,
      })
    : ipv4Packet({
        src: spec.src,
        dst: spec.dst,
        protocol: 6,
        payload: segment,
        id: spec.ipId,
        ttl: spec.ttl,
        ipFlags: spec.ipFlags,
        fragmentOffset: spec.fragmentOffset,
        ipOptions: spec.ipOptions,
        totalLength: spec.ipTotalLength,
      });
  return linkFrame(spec.link ?? 'ethernet', ip, v6 ? 6 : 4, spec);
}

// ---------------------------------------------------------------- classic pcap

export interface PcapRecordSpec {
  data: Uint8Array;
  seconds?: number;
  /** Sub-second part in nanoseconds (written as µs, truncated, in a microsecond file). */
  nanos?: number;
  originalLength?: number;
  /** pcapng only: interface id for EPB (default 0). */
  interfaceId?: number;
}

export interface PcapOptions {
  linkType?: number;
  nanos?: boolean;
  bigEndian?: boolean;
  snapLength?: number;
}

export function pcapFileHeader(opts: PcapOptions = {}): Uint8Array {
  const out = new Uint8Array(24);
  const v = new DataView(out.buffer);
  const le = !opts.bigEndian;
  v.setUint32(0, opts.nanos ? 0xa1b23c4d : 0xa1b2c3d4, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, opts.snapLength ?? 262144, le);
  v.setUint32(20, opts.linkType ?? 1, le);
  return out;
}

export function pcapRecordHeader(rec: PcapRecordSpec, opts: PcapOptions = {}): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  const le = !opts.bigEndian;
  const nanos = rec.nanos ?? 0;
  v.setUint32(0, rec.seconds ?? 0, le);
  v.setUint32(4, opts.nanos ? nanos : Math.floor(nanos / 1000), le);
  v.setUint32(8, rec.data.length, le);
  v.setUint32(12, rec.originalLength ?? rec.data.length, le);
  return out;
}

export function writePcap(records: PcapRecordSpec[], opts: PcapOptions = {}): Uint8Array {
  return concatList([pcapFileHeader(opts), ...records.flatMap((r) => [pcapRecordHeader(r, opts), r.data])]);
}

// ---------------------------------------------------------------- pcapng

export type PcapngBlockSpec =
  | { block: 'shb'; bigEndian?: boolean; versionMajor?: number; versionMinor?: number }
  | {
      block: 'idb';
      linkType: number;
      snapLength?: number;
      /** Raw if_tsresol byte: n = 10^-n s, 0x80 | n = 2^-n s. Omitted = no option (µs). */
      tsresol?: number;
      /** if_tsoffset in seconds. */
      tsoffset?: number;
      name?: string;
    }
  | { block: 'epb'; interfaceId?: number; timestamp: bigint; data: Uint8Array; originalLength?: number }
  | { block: 'pb'; interfaceId?: number; timestamp: bigint; data: Uint8Array; originalLength?: number }
  | { block: 'spb'; data: Uint8Array; originalLength?: number }
  /** Any block: type and body (padded to 4 here); lengths are added. */
  | { block: 'raw'; type: number; body: Uint8Array };

function pad4(data: Uint8Array): Uint8Array {
  const n = (data.length + 3) & ~3;
  return n === data.length ? data : concat(data, new Uint8Array(n - data.length));
}

function option(code: number, value: Uint8Array, le: boolean): Uint8Array {
  const head = new Uint8Array(4);
  const v = new DataView(head.buffer);
  v.setUint16(0, code, le);
  v.setUint16(2, value.length, le);
  return concat(head, pad4(value));
}

function block(type: number, body: Uint8Array, le: boolean): Uint8Array {
  const padded = pad4(body);
  const total = 12 + padded.length;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, le);
  v.setUint32(4, total, le);
  out.set(padded, 8);
  v.setUint32(total - 4, total, le);
  return out;
}

function fields(le: boolean, spec: [size: 1 | 2 | 4 | 8, value: number | bigint][]): Uint8Array {
  const out = new Uint8Array(spec.reduce((n, [s]) => n + s, 0));
  const v = new DataView(out.buffer);
  let at = 0;
  for (const [size, value] of spec) {
    if (size === 1) v.setUint8(at, Number(value));
    else if (size === 2) v.setUint16(at, Number(value), le);
    else if (size === 4) v.setUint32(at, Number(value), le);
    else v.setBigInt64(at, BigInt(value), le);
    at += size;
  }
  return out;
}

export function writePcapngBlocks(blocks: PcapngBlockSpec[]): Uint8Array {
  let le = true;
  const parts: Uint8Array[] = [];
  for (const b of blocks) {
    switch (b.block) {
      case 'shb': {
        le = !b.bigEndian;
        const body = fields(le, [
          [4, 0x1a2b3c4d],
          [2, b.versionMajor ?? 1],
          [2, b.versionMinor ?? 0],
          [8, -1n],
        ]);
        parts.push(block(0x0a0d0d0a, body, le));
        break;
      }
      case 'idb': {
        const opts: Uint8Array[] = [];
        if (b.name !== undefined) opts.push(option(2, bytes(b.name), le));
        if (b.tsresol !== undefined) opts.push(option(9, Uint8Array.of(b.tsresol), le));
        if (b.tsoffset !== undefined) opts.push(option(14, fields(le, [[8, BigInt(b.tsoffset)]]), le));
        if (opts.length) opts.push(new Uint8Array(4)); // opt_endofopt
        const head = fields(le, [
          [2, b.linkType],
          [2, 0],
          [4, b.snapLength ?? 262144],
        ]);
        parts.push(block(1, concat(head, ...opts), le));
        break;
      }
      case 'epb':
      case 'pb': {
        const ts = b.timestamp;
        const id: [1 | 2 | 4 | 8, number][] =
          b.block === 'epb'
            ? [[4, b.interfaceId ?? 0]]
            : [
                [2, b.interfaceId ?? 0],
                [2, 0],
              ];
        const head = fields(le, [
          ...id,
          [4, Number(ts >> 32n)],
          [4, Number(ts & 0xffffffffn)],
          [4, b.data.length],
          [4, b.originalLength ?? b.data.length],
        ]);
        parts.push(block(b.block === 'epb' ? 6 : 2, concat(head, b.data), le));
        break;
      }
      case 'spb':
        parts.push(block(3, concat(fields(le, [[4, b.originalLength ?? b.data.length]]), b.data), le));
        break;
      case 'raw':
        parts.push(block(b.type, b.body, le));
        break;
    }
  }
  return concatList(parts);
}

export interface PcapngOptions {
  linkType?: number;
  bigEndian?: boolean;
  /** if_tsresol as a power of ten (6 = µs, the default, written without the option; 9 = ns). */
  tsresol?: number;
  snapLength?: number;
}

export function writePcapng(records: PcapRecordSpec[], opts: PcapngOptions = {}): Uint8Array {
  const exp = opts.tsresol ?? 6;
  const perSecond = 10n ** BigInt(exp);
  return writePcapngBlocks([
    { block: 'shb', bigEndian: opts.bigEndian },
    {
      block: 'idb',
      linkType: opts.linkType ?? 1,
      snapLength: opts.snapLength,
      tsresol: exp === 6 ? undefined : exp,
    },
    ...records.map(
      (r): PcapngBlockSpec => ({
        block: 'epb',
        interfaceId: r.interfaceId ?? 0,
        timestamp: BigInt(r.seconds ?? 0) * perSecond + (BigInt(r.nanos ?? 0) * perSecond) / 1_000_000_000n,
        data: r.data,
        originalLength: r.originalLength,
      }),
    ),
  ]);
}

// ---------------------------------------------------------------- whole TCP conversations

export interface ConversationOptions {
  client: [address: string, port: number];
  server: [address: string, port: number];
  link?: LinkKind;
  /** Initial sequence numbers (default 1000 and 5000). */
  clientIsn?: number;
  serverIsn?: number;
  /** Time of the first packet, seconds since the epoch (default 1700000000) and step between packets in ns (default 1 ms). */
  startSeconds?: number;
  stepNanos?: number;
}

/**
 * Builds the packets of one TCP connection with seq/ack tracked, as PcapRecordSpecs:
 *
 *   const c = new TcpConversation({ client: ['10.0.0.1', 50000], server: ['10.0.0.2', 80] });
 *   c.handshake(); c.send('client', 'GET / HTTP/1.1\r\n\r\n'); c.send('server', bytes, { segmentSize: 1000 });
 *   c.close('client');
 *   writePcap(c.records, { linkType: LINK_TYPE_OF[c.link] });
 *
 * `packet()` adds any hand-made segment (e.g. a retransmission) with explicit fields.
 */
export class TcpConversation {
  readonly records: PcapRecordSpec[] = [];
  readonly link: LinkKind;
  /** Next sequence number each side will send. */
  readonly next: { client: number; server: number };
  private nanosTotal: bigint;
  private readonly step: bigint;

  constructor(private readonly opts: ConversationOptions) {
    this.link = opts.link ?? 'ethernet';
    this.next = { client: opts.clientIsn ?? 1000, server: opts.serverIsn ?? 5000 };
    this.nanosTotal = BigInt(opts.startSeconds ?? 1700000000) * 1_000_000_000n;
    this.step = BigInt(opts.stepNanos ?? 1_000_000);
  }

  /** Add one segment from `from` with explicit fields (seq/ack default to the tracked values; nothing is advanced). */
  packet(from: 'client' | 'server', fields: Partial<TcpPacketSpec> = {}): PcapRecordSpec {
    const [src, sport] = from === 'client' ? this.opts.client : this.opts.server;
    const [dst, dport] = from === 'client' ? this.opts.server : this.opts.client;
    const other = from === 'client' ? 'server' : 'client';
    const data = tcpPacket({
      src,
      sport,
      dst,
      dport,
      seq: this.next[from],
      ack: this.next[other],
      flags: 'A',
      link: this.link,
      ...fields,
    });
    const record: PcapRecordSpec = {
      data,
      seconds: Number(this.nanosTotal / 1_000_000_000n),
      nanos: Number(this.nanosTotal % 1_000_000_000n),
    };
    this.nanosTotal += this.step;
    this.records.push(record);
    return record;
  }

  /** SYN, SYN-ACK, ACK (each SYN takes one sequence number). */
  handshake(): this {
    this.packet('client', { flags: 'S', ack: 0 });
    this.next.client = (this.next.client + 1) >>> 0;
    this.packet('server', { flags: 'SA' });
    this.next.server = (this.next.server + 1) >>> 0;
    this.packet('client', { flags: 'A' });
    return this;
  }

  /** Data from one side in segments of at most `segmentSize` bytes (default 1460), each PSH-ACK. */
  send(from: 'client' | 'server', payload: Uint8Array | string, opts: { segmentSize?: number } = {}): this {
    const data = bytes(payload);
    const size = opts.segmentSize ?? 1460;
    for (let at = 0; at < data.length; at += size) {
      const piece = data.subarray(at, at + size);
      this.packet(from, { flags: 'PA', payload: piece });
      this.next[from] = (this.next[from] + piece.length) >>> 0;
    }
    return this;
  }

  /** FIN from `from`, FIN-ACK back, final ACK. */
  close(from: 'client' | 'server'): this {
    const other = from === 'client' ? 'server' : 'client';
    this.packet(from, { flags: 'FA' });
    this.next[from] = (this.next[from] + 1) >>> 0;
    this.packet(other, { flags: 'FA' });
    this.next[other] = (this.next[other] + 1) >>> 0;
    this.packet(from, { flags: 'A' });
    return this;
  }
}
