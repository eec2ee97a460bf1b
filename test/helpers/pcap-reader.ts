// TEST-ONLY reader of small real captures (the counterpart of pcap-writer.ts), so layer tests can
// run on real bytes without the capture and TCP layers of wsscope, which have their own tests.
//
// Deliberately naive, enough for fixtures/shared: classic pcap (either byte order, µs or ns),
// Ethernet, IPv4, TCP. Per direction (source port > destination port) the payload segments are
// put in sequence order; bytes already seen (retransmissions, overlaps) are dropped and holes are
// reported, never filled.
//
//   readTcpStreams(path).get(src, dst)    the whole payload one way (throws on a hole)
//   readTcpStreams(path).steps(src, dst)  the same as runs of bytes and the holes between them
//   httpHeadEnd(bytes) / afterHttpHead(bytes)   skip the HTTP head up to the first CRLFCRLF
//   framesFromPcap(path, serverPort, clientPort)   the WebSocket frames after the handshake,
//     split and unmasked by hand, as the message assembler takes them

import { readFileSync } from 'node:fs';
import type { AssemblerFrame } from '../../src/decoder/websocket/messages/assembler.js';
import { concatList } from './pcap-writer.js';

/** Classic pcap magic numbers as read in the file's own byte order: µs and ns timestamps. */
const PCAP_MAGIC = [0xa1b2c3d4, 0xa1b23c4d];
const LINKTYPE_ETHERNET = 1;
const ETHERTYPE_IPV4 = 0x0800;
const IPPROTO_TCP = 6;

export type StreamStep = { bytes: Uint8Array } | { gap: number };

export interface TcpStreams {
  /** The concatenated payload from srcPort to dstPort in sequence order (throws on a hole). */
  get(srcPort: number, dstPort: number): Uint8Array;
  /** The same as runs of bytes and the sizes of the holes between them. */
  steps(srcPort: number, dstPort: number): StreamStep[];
}

interface Segment {
  seq: number;
  data: Uint8Array;
}

/** The TCP payload segments of the file, by "srcPort>dstPort", in file order. */
function readSegments(path: string): Map<string, Segment[]> {
  const file = new Uint8Array(readFileSync(path));
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const le = PCAP_MAGIC.includes(dv.getUint32(0, true));
  if (!le && !PCAP_MAGIC.includes(dv.getUint32(0, false))) throw new Error(`${path}: not a classic pcap`);
  if (dv.getUint32(20, le) !== LINKTYPE_ETHERNET) throw new Error(`${path}: not Ethernet`);
  const segments = new Map<string, Segment[]>();
  for (let off = 24; off + 16 <= file.length; ) {
    const caplen = dv.getUint32(off + 8, le);
    const pkt = file.subarray(off + 16, off + 16 + caplen);
    off += 16 + caplen;
    // Ethernet header (14) + the smallest IPv4 header (20).
    if (pkt.length < 34 || ((pkt[12]! << 8) | pkt[13]!) !== ETHERTYPE_IPV4) continue;
    const ip = pkt.subarray(14);
    if (ip[9] !== IPPROTO_TCP) continue;
    const ihl = (ip[0]! & 0x0f) * 4;
    const totalLength = (ip[2]! << 8) | ip[3]!;
    const tcp = ip.subarray(ihl, totalLength); // without Ethernet padding
    const srcPort = (tcp[0]! << 8) | tcp[1]!;
    const dstPort = (tcp[2]! << 8) | tcp[3]!;
    const seq = ((tcp[4]! << 24) | (tcp[5]! << 16) | (tcp[6]! << 8) | tcp[7]!) >>> 0;
    const data = tcp.subarray((tcp[12]! >> 4) * 4);
    if (data.length === 0) continue;
    const key = `${srcPort}>${dstPort}`;
    const list = segments.get(key);
    if (list) list.push({ seq, data });
    else segments.set(key, [{ seq, data }]);
  }
  return segments;
}

export function readTcpStreams(path: string): TcpStreams {
  const segments = readSegments(path);
  const steps = (srcPort: number, dstPort: number): StreamStep[] => {
    const list = segments.get(`${srcPort}>${dstPort}`) ?? [];
    const out: StreamStep[] = [];
    if (list.length === 0) return out;
    // Offsets from the first segment seen, modulo 2^32, so a wrapping sequence number still sorts.
    const base = list[0]!.seq;
    const rel = list.map((s) => ({ at: (s.seq - base) >>> 0, data: s.data })).sort((a, b) => a.at - b.at);
    let next = 0;
    for (const s of rel) {
      if (s.at + s.data.length <= next) continue; // all seen already
      if (s.at > next) out.push({ gap: s.at - next });
      const fresh = s.at < next ? s.data.subarray(next - s.at) : s.data;
      out.push({ bytes: fresh });
      next = Math.max(next, s.at) + fresh.length;
    }
    return out;
  };
  return {
    steps,
    get(srcPort, dstPort) {
      const parts = steps(srcPort, dstPort).map((step) => {
        if ('gap' in step) throw new Error(`hole in stream ${srcPort}>${dstPort}`);
        return step.bytes;
      });
      return concatList(parts);
    },
  };
}

/** Index just past the first CRLFCRLF, or -1 when there is none. */
export function httpHeadEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i + 4;
  }
  return -1;
}

/** The bytes after the HTTP head (the first CRLFCRLF); throws when there is no head. */
export function afterHttpHead(stream: Uint8Array): Uint8Array {
  const end = httpHeadEnd(stream);
  if (end < 0) throw new Error('no HTTP head');
  return stream.subarray(end);
}

// ---------------------------------------------------------------- WebSocket frames, by hand

export interface CapturedFrames {
  client: AssemblerFrame[];
  server: AssemblerFrame[];
}

/**
 * The WebSocket frames of the connection between the `server` port and the `client` port (both as
 * in intent.json), for a capture without loss.
 */
export function framesFromPcap(path: string, serverPort: number, clientPort: number): CapturedFrames {
  const streams = readTcpStreams(path);
  return {
    client: splitFrames(afterHttpHead(streams.get(clientPort, serverPort)), true),
    server: splitFrames(afterHttpHead(streams.get(serverPort, clientPort)), false),
  };
}

let nextId = 1;

/** RFC 6455 §5.2 framing, read by hand; client payloads unmasked (§5.3). */
function splitFrames(stream: Uint8Array, masked: boolean): AssemblerFrame[] {
  const frames: AssemblerFrame[] = [];
  let at = 0;
  while (at + 2 <= stream.length) {
    const b0 = stream[at]!;
    const b1 = stream[at + 1]!;
    let len = b1 & 0x7f;
    let h = 2;
    if (len === 126) {
      len = (stream[at + 2]! << 8) | stream[at + 3]!;
      h = 4;
    } else if (len === 127) {
      len = Number(new DataView(stream.buffer, stream.byteOffset + at + 2).getBigUint64(0));
      h = 10;
    }
    if (b1 & 0x80) h += 4;
    const payload = stream.slice(at + h, at + h + len);
    if (masked) {
      const key = stream.subarray(at + h - 4, at + h);
      for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ key[i & 3]!;
    }
    frames.push({
      id: nextId++,
      fin: (b0 & 0x80) !== 0,
      rsv1: (b0 & 0x40) !== 0,
      opcode: b0 & 0x0f,
      payload,
      payloadLength: len,
      complete: payload.length === len,
      time: 0,
    });
    at += h + len;
  }
  return frames;
}
