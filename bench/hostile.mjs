// Generators of hostile captures for the memory benchmark (bench/memory.mjs) and the fuzzer's
// seeds: what an attacker (or an unlucky capture) hands wsscope to exhaust its memory.
//
//   node bench/hostile.mjs half-open N OUT        N connections of one SYN each, never answered
//   node bench/hostile.mjs deflate N OUT          N permessage-deflate connections (context
//                                                 takeover), a compressed message each way, left open
//   node bench/hostile.mjs one-byte-frames BYTES OUT   one server message of BYTES bytes in
//                                                 one-byte frames (one continuation per byte)
//
// Classic pcap, LINKTYPE_RAW (IPv4 without a link header), written as a stream (flat memory for
// any size). Independent of the decoder: framing from RFC 6455 §5.2, the accept key from
// node:crypto, compression from node:zlib; nothing is imported from src/.

import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import zlib from 'node:zlib';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;

/** Buffered pcap writer: records go out in 1 MiB writes. */
export class PcapOut {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.buf = Buffer.alloc(1 << 20);
    this.at = 0;
    this.time = 1_700_000_000;
    this.micros = 0;
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(262144, 16);
    h.writeUInt32LE(101, 20); // LINKTYPE_RAW
    this.put(h);
  }
  put(bytes) {
    if (this.at + bytes.length > this.buf.length) this.flush();
    if (bytes.length > this.buf.length) {
      writeSync(this.fd, bytes);
      return;
    }
    bytes.copy ? bytes.copy(this.buf, this.at) : this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }
  flush() {
    if (this.at > 0) writeSync(this.fd, this.buf, 0, this.at);
    this.at = 0;
  }
  /** One IPv4/TCP packet. */
  packet(src, sport, dst, dport, seq, ack, flags, payload = Buffer.alloc(0)) {
    this.micros += 10;
    if (this.micros >= 1_000_000) {
      this.micros -= 1_000_000;
      this.time += 1;
    }
    const len = 40 + payload.length;
    const rec = Buffer.alloc(16 + 40);
    rec.writeUInt32LE(this.time, 0);
    rec.writeUInt32LE(this.micros, 4);
    rec.writeUInt32LE(len, 8);
    rec.writeUInt32LE(len, 12);
    const ip = 16;
    rec[ip] = 0x45;
    rec.writeUInt16BE(len, ip + 2);
    rec[ip + 8] = 64;
    rec[ip + 9] = 6;
    rec.writeUInt32BE(src >>> 0, ip + 12);
    rec.writeUInt32BE(dst >>> 0, ip + 16);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += rec.readUInt16BE(ip + i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    rec.writeUInt16BE(~sum & 0xffff, ip + 10);
    const tcp = ip + 20;
    rec.writeUInt16BE(sport, tcp);
    rec.writeUInt16BE(dport, tcp + 2);
    rec.writeUInt32BE(seq >>> 0, tcp + 4);
    rec.writeUInt32BE(ack >>> 0, tcp + 8);
    rec[tcp + 12] = 0x50;
    rec[tcp + 13] = flags;
    rec.writeUInt16BE(65535, tcp + 14);
    this.put(rec);
    if (payload.length > 0) this.put(payload);
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

/** Client address and port of connection i: 10.x.y.z, ports 1024-65023 (distinct 4-tuples). */
function client(i) {
  const port = 1024 + (i % 64000);
  const host = Math.floor(i / 64000);
  return { addr: (10 << 24) | (1 << 16) | (host + 1), port };
}
const SERVER = (10 << 24) | (9 << 16) | 1;

export function halfOpen(n, out) {
  const w = new PcapOut(out);
  for (let i = 0; i < n; i++) {
    const c = client(i);
    w.packet(c.addr, c.port, SERVER, 80, (i * 7919) >>> 0, 0, SYN);
  }
  w.close();
}

function frame(opcode, payload, { fin = true, rsv1 = false, mask = null } = {}) {
  const len = payload.length;
  const head = [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode];
  const m = mask ? 0x80 : 0;
  if (len < 126) head.push(m | len);
  else if (len < 65536) head.push(m | 126, len >> 8, len & 0xff);
  else {
    head.push(m | 127, 0, 0, 0, 0);
    head.push((len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  }
  let body = payload;
  if (mask) {
    head.push(...mask);
    body = Buffer.from(payload.map((b, k) => b ^ mask[k & 3]));
  }
  return Buffer.concat([Buffer.from(head), body]);
}

function compress(deflater, text) {
  const data = zlib.deflateRawSync(Buffer.from(text), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  void deflater;
  return data.subarray(0, data.length - 4);
}

/** One TCP connection's handshake and WebSocket upgrade; returns the next seq numbers. */
function upgrade(w, c, extensions) {
  let cs = 1000;
  let ss = 5000;
  w.packet(c.addr, c.port, SERVER, 80, cs, 0, SYN);
  w.packet(SERVER, 80, c.addr, c.port, ss, cs + 1, SYN | ACK);
  cs += 1;
  ss += 1;
  w.packet(c.addr, c.port, SERVER, 80, cs, ss, ACK);
  const key = Buffer.from(`key-${c.addr}-${c.port}`.padEnd(16, '.').slice(0, 16)).toString('base64');
  const accept = createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');
  const req = Buffer.from(
    `GET /chat HTTP/1.1\r\nHost: example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extensions ? 'Sec-WebSocket-Extensions: permessage-deflate\r\n' : ''}\r\n`,
  );
  w.packet(c.addr, c.port, SERVER, 80, cs, ss, PSH | ACK, req);
  cs += req.length;
  const res = Buffer.from(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${extensions ? 'Sec-WebSocket-Extensions: permessage-deflate\r\n' : ''}\r\n`,
  );
  w.packet(SERVER, 80, c.addr, c.port, ss, cs, PSH | ACK, res);
  ss += res.length;
  return { cs, ss };
}

export function deflateConnections(n, out) {
  const w = new PcapOut(out);
  for (let i = 0; i < n; i++) {
    const c = client(i);
    let { cs, ss } = upgrade(w, c, true);
    const msg = `{"type":"hello","connection":${i},"text":"${'compressible text '.repeat(8)}"}`;
    const toClient = frame(1, compress(null, msg), { rsv1: true });
    w.packet(SERVER, 80, c.addr, c.port, ss, cs, PSH | ACK, toClient);
    ss += toClient.length;
    const toServer = frame(1, compress(null, msg), { rsv1: true, mask: [1, 2, 3, 4] });
    w.packet(c.addr, c.port, SERVER, 80, cs, ss, PSH | ACK, toServer);
    cs += toServer.length;
  }
  w.close();
}

/** One message of `bytes` bytes from the server, one byte per frame, 16 KiB of frames per segment. */
export function oneByteFrames(bytes, out) {
  const w = new PcapOut(out);
  const c = client(0);
  let { cs, ss } = upgrade(w, c, false);
  const seg = Buffer.alloc(3 * 5461);
  let left = bytes;
  let first = true;
  while (left > 0) {
    let at = 0;
    while (at < seg.length && left > 0) {
      left -= 1;
      seg[at] = (left === 0 ? 0x80 : 0) | (first ? 2 : 0);
      seg[at + 1] = 1;
      seg[at + 2] = 0x41 + (left % 26);
      first = false;
      at += 3;
    }
    const payload = seg.subarray(0, at);
    w.packet(SERVER, 80, c.addr, c.port, ss, cs, ACK, payload);
    ss += at;
  }
  w.packet(c.addr, c.port, SERVER, 80, cs, ss, ACK);
  w.close();
}

function parseCount(text) {
  const m = /^(\d+(?:\.\d+)?)([kmg]?)$/i.exec(text ?? '');
  if (!m) throw new Error(`not a count: ${text}`);
  const scale = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase()];
  return Math.round(Number(m[1]) * scale);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [kind, count, out] = process.argv.slice(2);
  const n = parseCount(count);
  if (kind === 'half-open') halfOpen(n, out);
  else if (kind === 'deflate') deflateConnections(n, out);
  else if (kind === 'one-byte-frames') oneByteFrames(n, out);
  else {
    console.error('usage: node bench/hostile.mjs half-open|deflate|one-byte-frames COUNT OUT');
    process.exit(2);
  }
}
