// Test-only: pull the WebSocket frames out of a simple real capture (classic little-endian pcap,
// Ethernet, IPv4, one TCP connection, no loss), so the message layer can be checked against the
// capture's ground truth without depending on the other decoder layers being written in parallel.
// Deliberately naive: segments are ordered by sequence number and duplicates dropped; the HTTP
// heads are skipped up to CRLFCRLF.

import { readFileSync } from 'node:fs';
import type { AssemblerFrame } from '../../../../src/decoder/websocket/messages/assembler.js';

export interface CapturedFrames {
  client: AssemblerFrame[];
  server: AssemblerFrame[];
}

/** Frames of the connection between `server` port and `client` port (both as in intent.json). */
export function framesFromPcap(path: string, serverPort: number, clientPort: number): CapturedFrames {
  const file = readFileSync(path);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (view.getUint32(0, true) !== 0xa1b2c3d4) throw new Error('expected a little-endian µs pcap');
  if (view.getUint32(20, true) !== 1) throw new Error('expected Ethernet');
  const segments: Record<'client' | 'server', Map<number, { data: Uint8Array; time: number }>> = {
    client: new Map(),
    server: new Map(),
  };
  for (let at = 24; at + 16 <= file.length; ) {
    const time = view.getUint32(at, true) + view.getUint32(at + 4, true) / 1e6;
    const caplen = view.getUint32(at + 8, true);
    const pkt = file.subarray(at + 16, at + 16 + caplen);
    at += 16 + caplen;
    if (pkt.length < 34 || pkt[12] !== 0x08 || pkt[13] !== 0x00) continue; // IPv4 only
    const ip = pkt.subarray(14);
    if (ip[9] !== 6) continue; // TCP
    const ihl = ((ip[0] as number) & 0x0f) * 4;
    const totalLength = ((ip[2] as number) << 8) | (ip[3] as number);
    const tcp = ip.subarray(ihl, totalLength);
    const srcPort = ((tcp[0] as number) << 8) | (tcp[1] as number);
    const dstPort = ((tcp[2] as number) << 8) | (tcp[3] as number);
    const ports = [srcPort, dstPort].sort().join();
    if (ports !== [serverPort, clientPort].sort().join()) continue;
    const seq = new DataView(tcp.buffer, tcp.byteOffset).getUint32(4);
    const dataOffset = ((tcp[12] as number) >> 4) * 4;
    const payload = tcp.subarray(dataOffset);
    if (payload.length === 0) continue;
    const side = srcPort === serverPort ? 'server' : 'client';
    if (!segments[side].has(seq)) segments[side].set(seq, { data: payload, time });
  }
  return {
    client: parseFrames(segments.client, true),
    server: parseFrames(segments.server, false),
  };
}

let nextId = 1;

function parseFrames(segs: Map<number, { data: Uint8Array; time: number }>, masked: boolean): AssemblerFrame[] {
  const ordered = [...segs.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  const total = ordered.reduce((n, s) => n + s.data.length, 0);
  const stream = new Uint8Array(total);
  let pos = 0;
  for (const s of ordered) {
    stream.set(s.data, pos);
    pos += s.data.length;
  }
  const endOfHead = findCrlfCrlf(stream);
  let at = endOfHead + 4;
  const frames: AssemblerFrame[] = [];
  while (at + 2 <= stream.length) {
    const b0 = stream[at] as number;
    const b1 = stream[at + 1] as number;
    let len = b1 & 0x7f;
    let h = 2;
    if (len === 126) {
      len = ((stream[at + 2] as number) << 8) | (stream[at + 3] as number);
      h = 4;
    } else if (len === 127) {
      len = Number(new DataView(stream.buffer, stream.byteOffset + at + 2).getBigUint64(0));
      h = 10;
    }
    if (b1 & 0x80) h += 4;
    const payload = stream.slice(at + h, at + h + len);
    if (masked) {
      const key = stream.subarray(at + h - 4, at + h);
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (key[i & 3] as number);
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

function findCrlfCrlf(b: Uint8Array): number {
  for (let i = 0; i + 3 < b.length; i++) {
    if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  }
  throw new Error('no HTTP head');
}
