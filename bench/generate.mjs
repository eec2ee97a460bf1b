// Generator of large, realistic WebSocket captures for the throughput benchmark.
//
//   node bench/generate.mjs [--size 200m|1g] [--kind mixed|small] [--seed N] [--conns N] [--out FILE]
//                           [--tls aes128gcm|aes256gcm|chacha20|null]
//
// --tls also writes FILE-wss-SUITE.pcap, the same connections and WebSocket traffic carried in
// TLS 1.3 records (bench/tls-wrap.mjs) on server port 443, and FILE-wss-SUITE.keys, its key log;
// FILE itself is byte for byte what it is without --tls.
//
// Writes classic pcap (little-endian, microsecond, Ethernet/IPv4/TCP) as a stream (memory stays
// flat for any size) and FILE.truth.json beside it: what was sent (connections, messages per
// type and direction, frames, bytes), so the bench can check that a decoder found all of it.
//
// Theory of operation
// - Hundreds of connections are open at once. Each one queues its packets (TCP handshake, HTTP/1.1
//   upgrade, WebSocket frames both ways with receiver ACKs, close handshake, FINs); a scheduler
//   takes a few packets at a time from a random connection, so segments of big messages from
//   different connections interleave as on a busy server. When a connection has sent its quota of
//   messages it closes and a new one opens, until the file reaches the requested size; then every
//   open connection closes cleanly, so every message in the file is complete.
// - Independent of the decoder on purpose: Sec-WebSocket-Accept comes from node:crypto's SHA-1,
//   permessage-deflate from node:zlib (deflateRaw, Z_SYNC_FLUSH, context takeover, the
//   00 00 ff ff tail stripped, RSV1 on the first frame only), framing is written here from
//   RFC 6455 §5.2. Nothing is imported from src/.
// - Realism: MSS 65483 on loopback connections (127.0.0.1, zero MACs, as `tcpdump -i lo` sees)
//   and 1448 on LAN connections (1500 MTU with TCP timestamps); TCP timestamp options on every
//   segment, SYN options as Linux sends them; server ports 80 and 8080, where tshark's HTTP
//   dissector (and so its WebSocket one) looks by default. TCP checksums are zero, as with
//   checksum offload; IPv4 header checksums are correct.
// - `mixed`: chat, market-feed, binary and file-transfer connections; payloads from 20 bytes to
//   2 MiB, all three length forms, fragmented uploads with pings interleaved between fragments.
//   Large payloads dominate the bytes. `small`: chat-like traffic, mostly 20-200 byte messages,
//   so the per-frame and per-packet costs dominate.
// - Deterministic: one seeded PRNG (sfc32) drives every choice, and zlib is deterministic, so
//   the same flags give the same file byte for byte.

import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { TlsSession } from './tls-wrap.mjs';

/** RFC 6455 §1.3: the GUID appended to Sec-WebSocket-Key. */
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** RFC 7692 §7.2.1: the empty stored block a sender strips from each compressed message. */
const DEFLATE_TAIL = [0x00, 0x00, 0xff, 0xff];

const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa };
const OP_TYPE = { 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' };

const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_PSH = 0x08;
const TCP_ACK = 0x10;

const MSS_LOOPBACK = 65483;
const MSS_LAN = 1448;

// ------------------------------------------------------------------ PRNG

/** sfc32: small, fast, good enough for traffic shapes; seeded so runs repeat exactly. */
class Rng {
  constructor(seed) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 24; i++) this.u32();
  }
  u32() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  float() {
    return this.u32() / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo, hi) {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  /** Integer in [lo, hi], log-uniform: small values common, big ones present. */
  logInt(lo, hi) {
    const v = Math.floor(Math.exp(Math.log(lo) + this.float() * (Math.log(hi + 1) - Math.log(lo))));
    return Math.min(hi, Math.max(lo, v));
  }
  chance(p) {
    return this.float() < p;
  }
  pick(list) {
    return list[Math.floor(this.float() * list.length)];
  }
  fill(bytes) {
    for (let i = 0; i < bytes.length; i++) bytes[i] = this.u32() & 0xff;
    return bytes;
  }
}

// ------------------------------------------------------------------ payload content

const WORDS = (
  'the a to and of in is it you that he was for on are with as I his they be at one have this from ' +
  'hello thanks ok sure meeting tomorrow deploy build failed passed ticket review merge lunch coffee ' +
  'server client latency cache query index socket frame message update price order trade ' +
  'café naïve Zürich 東京 こんにちは привет 🙂 🚀 ✓ €'
).split(' ');
const SYMBOLS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'TSLA', 'NVDA', 'META', 'BTC-USD', 'ETH-USD', 'EUR-USD'];

function chatText(rng, targetLength, seq) {
  let text = '';
  while (text.length < targetLength - 60) text += (text ? ' ' : '') + rng.pick(WORDS);
  return `{"type":"chat","seq":${seq},"room":"r${rng.int(1, 40)}","user":"u${rng.int(1, 5000)}","text":"${text}"}`;
}

function feedText(rng, targetLength, seq) {
  const items = [];
  let length = 40;
  while (length < targetLength) {
    const item = `{"s":"${rng.pick(SYMBOLS)}","p":${rng.int(1, 99999) / 100},"q":${rng.int(1, 5000)},"t":${1700000000000 + rng.int(0, 1e9)}}`;
    items.push(item);
    length += item.length + 1;
  }
  return `{"type":"ticks","seq":${seq},"items":[${items.join(',')}]}`;
}

// ------------------------------------------------------------------ framing (RFC 6455 §5.2)

function frameHeader(fin, rsv1, opcode, length, maskKey) {
  const lenBytes = length < 126 ? 0 : length <= 0xffff ? 2 : 8;
  const header = Buffer.allocUnsafe(2 + lenBytes + (maskKey ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode;
  const maskBit = maskKey ? 0x80 : 0;
  let at = 2;
  if (lenBytes === 0) header[1] = maskBit | length;
  else if (lenBytes === 2) {
    header[1] = maskBit | 126;
    header.writeUInt16BE(length, 2);
    at = 4;
  } else {
    header[1] = maskBit | 127;
    header.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    header.writeUInt32BE(length >>> 0, 6);
    at = 10;
  }
  if (maskKey) maskKey.copy(header, at);
  return header;
}

/** A masked copy of `payload` (RFC 6455 §5.3). */
function masked(payload, key) {
  const out = Buffer.allocUnsafe(payload.length);
  const k0 = key[0];
  const k1 = key[1];
  const k2 = key[2];
  const k3 = key[3];
  const n = payload.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    out[i] = payload[i] ^ k0;
    out[i + 1] = payload[i + 1] ^ k1;
    out[i + 2] = payload[i + 2] ^ k2;
    out[i + 3] = payload[i + 3] ^ k3;
  }
  for (; i < n; i++) out[i] = payload[i] ^ key[i & 3];
  return out;
}

/** Compress one message on a context-takeover stream: zlib sync flush, tail stripped (RFC 7692 §7.2.1). */
function deflateMessage(deflater, data) {
  return new Promise((resolvePromise, reject) => {
    const chunks = [];
    const onData = (chunk) => chunks.push(chunk);
    deflater.on('data', onData);
    deflater.once('error', reject);
    deflater.write(data);
    deflater.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      deflater.off('data', onData);
      deflater.off('error', reject);
      let out = Buffer.concat(chunks);
      const n = out.length;
      if (n >= 4 && DEFLATE_TAIL.every((byte, i) => out[n - 4 + i] === byte)) {
        out = out.subarray(0, n - 4);
      }
      resolvePromise(out);
    });
  });
}

// ------------------------------------------------------------------ pcap writer

const BUFFER_BYTES = 8 * 1024 * 1024;

class PcapWriter {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.buf = Buffer.allocUnsafe(BUFFER_BYTES);
    this.pos = 0;
    this.bytes = 0;
    this.packets = 0;
    // Global header: magic a1b2c3d4 (microseconds) written little-endian, v2.4, snaplen, LINKTYPE_ETHERNET.
    const h = this.buf;
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8);
    h.writeUInt32LE(0, 12);
    h.writeUInt32LE(262144, 16);
    h.writeUInt32LE(1, 20);
    this.pos = 24;
    this.bytes = 24;
  }

  /** One Ethernet/IPv4/TCP packet. `src`/`dst` are endpoints {ip, port, mac}. */
  tcp(timeUs, src, dst, ipId, seq, ack, flags, options, payload) {
    const tcpLength = 20 + options.length;
    const ipLength = 20 + tcpLength + payload.length;
    const frameLength = 14 + ipLength;
    if (this.pos + 16 + frameLength > this.buf.length) this.flush();
    const b = this.buf;
    let p = this.pos;
    b.writeUInt32LE(Math.floor(timeUs / 1e6), p);
    b.writeUInt32LE(timeUs % 1e6, p + 4);
    b.writeUInt32LE(frameLength, p + 8);
    b.writeUInt32LE(frameLength, p + 12);
    p += 16;
    dst.mac.copy(b, p);
    src.mac.copy(b, p + 6);
    b[p + 12] = 0x08;
    b[p + 13] = 0x00;
    p += 14;
    const ip = p;
    b[p] = 0x45;
    b[p + 1] = 0;
    b.writeUInt16BE(ipLength, p + 2);
    b.writeUInt16BE(ipId & 0xffff, p + 4);
    b.writeUInt16BE(0x4000, p + 6); // DF
    b[p + 8] = 64;
    b[p + 9] = 6;
    b[p + 10] = 0;
    b[p + 11] = 0;
    b.writeUInt32BE(src.ip, p + 12);
    b.writeUInt32BE(dst.ip, p + 16);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += (b[ip + i] << 8) | b[ip + i + 1];
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    b.writeUInt16BE(~sum & 0xffff, p + 10);
    p += 20;
    b.writeUInt16BE(src.port, p);
    b.writeUInt16BE(dst.port, p + 2);
    b.writeUInt32BE(seq >>> 0, p + 4);
    b.writeUInt32BE(ack >>> 0, p + 8);
    b[p + 12] = (tcpLength / 4) << 4;
    b[p + 13] = flags;
    b.writeUInt16BE(flags & TCP_SYN ? 65495 : 512, p + 14);
    b.writeUInt32BE(0, p + 16); // checksum (offloaded) and urgent pointer
    p += 20;
    options.copy(b, p);
    p += options.length;
    if (payload.length > 0) payload.copy(b, p);
    p += payload.length;
    this.bytes += p - this.pos;
    this.pos = p;
    this.packets++;
  }

  flush() {
    let at = 0;
    while (at < this.pos) at += writeSync(this.fd, this.buf, at, this.pos - at);
    this.pos = 0;
  }

  close() {
    this.flush();
    closeSync(this.fd);
  }
}

/** TCP options: MSS, SACK permitted, timestamps, NOP, window scale 7 (a Linux SYN). */
function synOptions(mss, tsval, tsecr) {
  const o = Buffer.alloc(20);
  o[0] = 2;
  o[1] = 4;
  o.writeUInt16BE(mss, 2);
  o[4] = 4;
  o[5] = 2;
  o[6] = 8;
  o[7] = 10;
  o.writeUInt32BE(tsval >>> 0, 8);
  o.writeUInt32BE(tsecr >>> 0, 12);
  o[16] = 1;
  o[17] = 3;
  o[18] = 3;
  o[19] = 7;
  return o;
}

const tsOptions = Buffer.alloc(12);
tsOptions[0] = 1;
tsOptions[1] = 1;
tsOptions[2] = 8;
tsOptions[3] = 10;
/** NOP NOP TS (12 bytes): every non-SYN Linux segment carries these. */
function timestampOptions(tsval, tsecr) {
  tsOptions.writeUInt32BE(tsval >>> 0, 4);
  tsOptions.writeUInt32BE(tsecr >>> 0, 8);
  return tsOptions;
}

const EMPTY = Buffer.alloc(0);

// ------------------------------------------------------------------ ground truth

function newDirectionTruth() {
  return {
    messages: { text: 0, binary: 0, close: 0, ping: 0, pong: 0 },
    payloadBytes: { text: 0, binary: 0, close: 0, ping: 0, pong: 0 },
    frames: 0,
    compressedMessages: 0,
    fragmentedMessages: 0,
    wirePayloadBytes: 0,
  };
}

// ------------------------------------------------------------------ connections

const CLIENT = 0;
const SERVER = 1;

class Connection {
  constructor(gen, id) {
    const rng = gen.rng;
    this.gen = gen;
    this.rng = rng;
    this.id = id;
    this.queue = [];
    this.queueAt = 0;
    this.done = false;
    this.closing = false;
    this.seq = 0;
    this.pendingAcks = [0, 0];
    const loopback = rng.chance(0.5);
    this.mss = loopback ? MSS_LOOPBACK : MSS_LAN;
    const serverPort = rng.chance(0.5) ? 80 : 8080;
    const clientPort = 32768 + (gen.nextPort++ % 28000);
    if (loopback) {
      const zero = Buffer.alloc(6);
      this.ends = [
        { ip: 0x7f000001, port: clientPort, mac: zero },
        { ip: 0x7f000001, port: serverPort, mac: zero },
      ];
    } else {
      const server = gen.servers[rng.int(0, gen.servers.length - 1)];
      this.ends = [
        { ip: 0x0a000000 + rng.int(0x0101, 0xfefe), port: clientPort, mac: rng.fill(Buffer.alloc(6)) },
        { ip: server.ip, port: serverPort, mac: server.mac },
      ];
      this.ends[CLIENT].mac[0] &= 0xfe;
    }
    this.next = [rng.u32(), rng.u32()]; // ISNs, then next sequence number per side
    this.lastTs = [0, 0];
    this.ipId = [rng.int(0, 0xffff), rng.int(0, 0xffff)];
    this.profile = gen.pickProfile();
    const deflateChance = { chat: 0.5, feed: 0.6, binary: 0.2, transfer: 0, small: 0.3 }[this.profile];
    this.deflate = rng.chance(deflateChance);
    this.serverWindowBits = this.deflate ? rng.pick([15, 15, 15, 12, 10]) : 15;
    this.quota = {
      chat: () => rng.int(40, 400),
      feed: () => rng.int(30, 300),
      binary: () => rng.int(10, 80),
      transfer: () => rng.int(2, 6),
      small: () => rng.int(200, 3000),
    }[this.profile]();
    this.truth = [newDirectionTruth(), newDirectionTruth()];
    this.deflaters = null;
    // --tls: the same traffic, sealed in TLS 1.3 records, into a second capture (tls-wrap.mjs).
    if (gen.tls) this.tls = this.tlsState(gen.tls);
    this.open();
  }

  /**
   * The TLS twin of this connection: its own queue, sequence numbers and IP ids, server port 443.
   * Only gen.tls.rng is drawn from, so the plaintext capture is byte for byte what it is without
   * --tls, and the twin carries exactly its WebSocket traffic.
   */
  tlsState(tls) {
    const ends = this.ends.map((e, side) => ({ ...e, port: side === SERVER ? 443 : e.port }));
    const session = new TlsSession(tls.suite, tls.rng);
    tls.keyLog.push(session.keyLogLines());
    return {
      session,
      ends,
      queue: [],
      at: 0,
      next: [tls.rng.u32(), tls.rng.u32()],
      lastTs: [0, 0],
      ipId: [1, 1],
      pendingAcks: [0, 0],
    };
  }

  /**
   * Queue TLS wire bytes from `side` on the twin as MSS-sized segments, ACKed as send() ACKs the
   * plaintext (every second segment, and after a write's last one 60% of the time, drawn from
   * the twin's own PRNG): the two captures then differ by their records, not by extra ACK
   * packets, and `run.mjs --wss` compares the same TCP work.
   */
  tlsSend(side, wire) {
    const t = this.tls;
    const other = 1 - side;
    for (let at = 0; at < wire.length; at += this.mss) {
      const end = Math.min(wire.length, at + this.mss);
      const last = end === wire.length;
      t.queue.push({ side, flags: TCP_ACK | (last ? TCP_PSH : 0), payload: wire.subarray(at, end) });
      t.pendingAcks[other]++;
      if (t.pendingAcks[other] >= 2 || (last && this.gen.tls.rng.chance(0.6))) {
        t.queue.push({ side: other, flags: TCP_ACK, payload: EMPTY });
        t.pendingAcks[other] = 0;
      }
    }
  }

  /** Write the twin's packets queued up to `upTo`, at the plaintext packet's time. */
  tlsEmit(upTo) {
    const t = this.tls;
    const writer = this.gen.tls.writer;
    while (t.at < upTo) {
      const p = t.queue[t.at++];
      const side = p.side;
      const other = 1 - side;
      const tsval = Math.floor(this.gen.time / 1000) + side * 7777;
      const options =
        p.flags & TCP_SYN ? synOptions(this.mss, tsval, t.lastTs[other]) : timestampOptions(tsval, t.lastTs[other]);
      t.lastTs[side] = tsval;
      const ackNo = p.flags & TCP_ACK ? t.next[other] : 0;
      writer.tcp(
        this.gen.time,
        t.ends[side],
        t.ends[other],
        t.ipId[side]++,
        t.next[side],
        ackNo,
        p.flags,
        options,
        p.payload,
      );
      t.next[side] = (t.next[side] + p.payload.length + (p.flags & (TCP_SYN | TCP_FIN) ? 1 : 0)) >>> 0;
    }
  }

  // ---- packet queue

  /** Queue one packet from `side`; sequence numbers are assigned when it is written. */
  packet(side, flags, payload = EMPTY, twin = true) {
    // The TLS twin gets the same TCP control packets; its data packets come from send().
    if (this.tls && twin) this.tls.queue.push({ side, flags, payload });
    this.queue.push({ side, flags, payload, upTo: this.tls?.queue.length });
  }

  /** Queue `bytes` from `side` as MSS-sized segments, the receiver ACKing every second one. */
  send(side, bytes) {
    const rng = this.rng;
    const other = 1 - side;
    if (this.tls) this.tlsSend(side, this.tls.session.seal(side, bytes));
    for (let at = 0; at < bytes.length; at += this.mss) {
      const end = Math.min(bytes.length, at + this.mss);
      const last = end === bytes.length;
      this.packet(side, TCP_ACK | (last ? TCP_PSH : 0), bytes.subarray(at, end), false);
      this.pendingAcks[other]++;
      if (this.pendingAcks[other] >= 2 || (last && rng.chance(0.6))) {
        this.packet(other, TCP_ACK, EMPTY, false);
        this.pendingAcks[other] = 0;
      }
    }
  }

  /** Write up to `count` queued packets; returns how many were written. */
  emit(count) {
    const gen = this.gen;
    let written = 0;
    while (written < count && this.queueAt < this.queue.length) {
      const p = this.queue[this.queueAt++];
      const side = p.side;
      const other = 1 - side;
      gen.time += this.rng.int(1, 40);
      if (this.tls) this.tlsEmit(p.upTo);
      const tsval = Math.floor(gen.time / 1000) + side * 7777;
      const options =
        p.flags & TCP_SYN
          ? synOptions(this.mss, tsval, this.lastTs[other])
          : timestampOptions(tsval, this.lastTs[other]);
      this.lastTs[side] = tsval;
      const ackNo = p.flags & TCP_ACK ? this.next[other] : 0;
      gen.writer.tcp(
        gen.time,
        this.ends[side],
        this.ends[other],
        this.ipId[side]++,
        this.next[side],
        ackNo,
        p.flags,
        options,
        p.payload,
      );
      this.next[side] = (this.next[side] + p.payload.length + (p.flags & (TCP_SYN | TCP_FIN) ? 1 : 0)) >>> 0;
      written++;
    }
    if (this.queueAt === this.queue.length) {
      this.queue = [];
      this.queueAt = 0;
      if (this.tls) {
        this.tls.queue = [];
        this.tls.at = 0;
      }
    }
    return written;
  }

  get idle() {
    return this.queueAt === this.queue.length;
  }

  // ---- lifecycle

  open() {
    const rng = this.rng;
    this.packet(CLIENT, TCP_SYN);
    this.packet(SERVER, TCP_SYN | TCP_ACK);
    this.packet(CLIENT, TCP_ACK);
    if (this.tls) {
      const [clientHello, serverFlight, clientFinished] = this.tls.session.hello();
      this.tlsSend(CLIENT, clientHello);
      this.tlsSend(SERVER, serverFlight);
      this.tlsSend(CLIENT, clientFinished);
    }
    const key = rng.fill(Buffer.alloc(16)).toString('base64');
    const accept = createHash('sha1')
      .update(key + WS_GUID)
      .digest('base64');
    const host = this.ends[SERVER].ip === 0x7f000001 ? 'localhost' : 'app.example.internal';
    const path = { chat: '/chat', feed: '/v1/stream', binary: '/rpc', transfer: '/upload', small: '/ws' }[this.profile];
    const offers = this.deflate ? 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n' : '';
    const request =
      `GET ${path}?session=${rng.int(1, 1e9)} HTTP/1.1\r\nHost: ${host}:${this.ends[SERVER].port}\r\n` +
      'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${offers}` +
      `Origin: http://${host}\r\nUser-Agent: bench/1.0\r\n\r\n`;
    let agreed = '';
    if (this.deflate) {
      agreed =
        this.serverWindowBits === 15
          ? 'Sec-WebSocket-Extensions: permessage-deflate\r\n'
          : `Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=${this.serverWindowBits}\r\n`;
      this.deflaters = [
        zlib.createDeflateRaw({ windowBits: 15, memLevel: 8 }),
        zlib.createDeflateRaw({ windowBits: this.serverWindowBits, memLevel: 8 }),
      ];
    }
    const response =
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n${agreed}\r\n`;
    this.send(CLIENT, Buffer.from(request, 'latin1'));
    this.send(SERVER, Buffer.from(response, 'latin1'));
  }

  /** Queue the close handshake (RFC 6455 §5.5.1, §7) and the TCP teardown, server first. */
  close() {
    const rng = this.rng;
    const closer = rng.chance(0.6) ? CLIENT : SERVER;
    const code = rng.chance(0.8) ? 1000 : 1001;
    const reason = rng.pick(['', 'bye', 'going away', 'session ended', 'au revoir ✓']);
    const body = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason)]);
    this.send(closer, this.frames(closer, OP.close, body, { control: true }));
    // The other side echoes the status code (RFC 6455 §5.5.1).
    this.send(1 - closer, this.frames(1 - closer, OP.close, body.subarray(0, 2), { control: true }));
    this.packet(SERVER, TCP_FIN | TCP_ACK);
    this.packet(CLIENT, TCP_ACK);
    this.packet(CLIENT, TCP_FIN | TCP_ACK);
    this.packet(SERVER, TCP_ACK);
    this.closing = true;
    if (this.deflaters) for (const d of this.deflaters) d.close();
  }

  /**
   * The wire bytes of one message from `side`: optionally compressed (RSV1 on the first frame
   * only), split into `fragments` frames, with `interleave[i]` (wire bytes of control frames)
   * inserted after fragment i. Counts the message into the ground truth.
   */
  frames(side, opcode, payload, opts = {}) {
    const { compressed = null, fragments = 1, interleave = null, control = false } = opts;
    const truth = this.truth[side];
    const type = OP_TYPE[opcode];
    truth.messages[type]++;
    truth.payloadBytes[type] += payload.length;
    const wire = compressed ?? payload;
    truth.wirePayloadBytes += wire.length;
    if (compressed) truth.compressedMessages++;
    const count = control ? 1 : Math.max(1, Math.min(fragments, wire.length));
    if (count > 1) truth.fragmentedMessages++;
    truth.frames += count;
    const pieces = [];
    // marks[i]: wire offset just after fragment i (where interleave[i] goes).
    this.marks = [];
    let wireAt = 0;
    let at = 0;
    for (let i = 0; i < count; i++) {
      const end = i === count - 1 ? wire.length : at + Math.floor((wire.length - at) / (count - i));
      const part = wire.subarray(at, end);
      at = end;
      const key = side === CLIENT ? this.rng.fill(Buffer.allocUnsafe(4)) : null;
      const header = frameHeader(
        i === count - 1,
        compressed !== null && i === 0,
        i === 0 ? opcode : OP.continuation,
        part.length,
        key,
      );
      pieces.push(header, key ? masked(part, key) : part);
      wireAt += header.length + part.length;
      this.marks.push(wireAt);
      if (interleave?.[i]) {
        pieces.push(interleave[i]);
        wireAt += interleave[i].length;
      }
    }
    return Buffer.concat(pieces);
  }

  /** A small control frame (ping/pong) from `side`, as wire bytes. */
  control(side, opcode, body) {
    return this.frames(side, opcode, body, { control: true });
  }

  async dataMessage(side, opcode, payload, opts = {}) {
    let compressed = null;
    if (this.deflaters && opts.compress !== false && (opcode === OP.text || payload.length <= 32 * 1024)) {
      compressed = await deflateMessage(this.deflaters[side], payload);
    }
    return this.frames(side, opcode, payload, { ...opts, compressed });
  }

  // ---- traffic

  /** Queue the next action; false when the connection has nothing more to send. */
  async step() {
    if (this.closing) {
      this.done = true;
      return false;
    }
    if (this.quota <= 0 || this.gen.stopping) {
      this.close();
      return true;
    }
    await this[this.profile]();
    return true;
  }

  pingBody() {
    const b = Buffer.allocUnsafe(8);
    b.writeUInt32BE(this.gen.seq++, 0);
    b.writeUInt32BE(this.rng.u32(), 4);
    return b;
  }

  /** One side pings, the other answers with the same body (RFC 6455 §5.5.3). */
  pingPong(side) {
    const body = this.pingBody();
    this.send(side, this.control(side, OP.ping, body));
    this.send(1 - side, this.control(1 - side, OP.pong, body));
  }

  /** Several messages from one side in one write (coalesced into shared segments). */
  async burst(side, count, make) {
    const parts = [];
    for (let i = 0; i < count; i++) {
      const [opcode, payload, opts] = make();
      parts.push(await this.dataMessage(side, opcode, payload, opts));
      this.quota--;
    }
    this.send(side, parts.length === 1 ? parts[0] : Buffer.concat(parts));
  }

  async chat() {
    const rng = this.rng;
    const side = rng.chance(0.5) ? CLIENT : SERVER;
    if (rng.chance(0.05)) return this.pingPong(rng.chance(0.7) ? SERVER : CLIENT);
    const n = rng.chance(0.1) ? rng.int(2, 4) : 1;
    await this.burst(side, n, () => [OP.text, Buffer.from(chatText(rng, rng.logInt(20, 400), this.gen.seq++))]);
  }

  async feed() {
    const rng = this.rng;
    if (rng.chance(0.04)) return this.pingPong(SERVER);
    if (rng.chance(0.15)) {
      const sub = `{"op":"subscribe","symbols":["${rng.pick(SYMBOLS)}","${rng.pick(SYMBOLS)}"],"id":${this.gen.seq++}}`;
      return this.burst(CLIENT, 1, () => [OP.text, Buffer.from(sub)]);
    }
    const size = rng.logInt(200, 16 * 1024);
    const fragments = size > 4096 && rng.chance(0.3) ? rng.int(2, 4) : 1;
    await this.burst(SERVER, 1, () => [OP.text, Buffer.from(feedText(rng, size, this.gen.seq++)), { fragments }]);
  }

  async binary() {
    const rng = this.rng;
    if (rng.chance(0.03)) return this.pingPong(rng.chance(0.5) ? SERVER : CLIENT);
    if (rng.chance(0.3)) {
      return this.burst(CLIENT, 1, () => [OP.binary, this.gen.randomBytes(rng.logInt(16, 8 * 1024))]);
    }
    await this.burst(SERVER, 1, () => [OP.binary, this.gen.randomBytes(rng.logInt(1024, 256 * 1024))]);
  }

  /** A fragmented upload: pings from both sides interleaved between fragments. */
  async transfer() {
    const rng = this.rng;
    const size = rng.logInt(128 * 1024, 2 * 1024 * 1024);
    const payload = this.gen.randomBytes(size);
    const fragments = Math.max(2, Math.ceil(size / rng.int(16 * 1024, 64 * 1024)));
    // The server pings mid-upload; the client answers between two of its fragments.
    const serverPingAt = rng.int(0, fragments - 2);
    const serverPing = this.pingBody();
    const interleave = new Array(fragments).fill(null);
    interleave[serverPingAt] = this.control(CLIENT, OP.pong, serverPing);
    if (rng.chance(0.5)) {
      const at = rng.int(0, fragments - 2);
      const clientPing = this.pingBody();
      const ping = this.control(CLIENT, OP.ping, clientPing);
      interleave[at] = interleave[at] ? Buffer.concat([interleave[at], ping]) : ping;
      this.pendingPong = clientPing;
    }
    const wire = this.frames(CLIENT, OP.binary, payload, { fragments, interleave });
    this.quota--;
    // The server's ping reaches the wire just before the fragment after which the client answers.
    const cut = serverPingAt === 0 ? 0 : this.marks[serverPingAt - 1];
    this.send(CLIENT, wire.subarray(0, cut));
    this.send(SERVER, this.control(SERVER, OP.ping, serverPing));
    this.send(CLIENT, wire.subarray(cut));
    const reply = [];
    if (this.pendingPong) {
      reply.push(this.control(SERVER, OP.pong, this.pendingPong));
      this.pendingPong = null;
    }
    reply.push(this.frames(SERVER, OP.text, Buffer.from(`{"ok":true,"bytes":${size},"id":${this.gen.seq++}}`)));
    this.send(SERVER, Buffer.concat(reply));
  }

  async small() {
    const rng = this.rng;
    const r = rng.float();
    if (r < 0.03) return this.pingPong(rng.chance(0.5) ? SERVER : CLIENT);
    const side = rng.chance(0.5) ? CLIENT : SERVER;
    if (r < 0.05) {
      // A small fragmented message with a ping between its fragments.
      const body = this.pingBody();
      const text = Buffer.from(chatText(rng, rng.int(60, 200), this.gen.seq++));
      const interleave = [this.control(side, OP.ping, body)];
      this.send(side, this.frames(side, OP.text, text, { fragments: rng.int(2, 3), interleave }));
      this.send(1 - side, this.control(1 - side, OP.pong, body));
      this.quota--;
      return;
    }
    const n = rng.chance(0.2) ? rng.int(2, 6) : 1;
    await this.burst(side, n, () =>
      rng.chance(0.78)
        ? [OP.text, Buffer.from(chatText(rng, rng.logInt(20, 200), this.gen.seq++))]
        : [OP.binary, this.gen.randomBytes(rng.int(20, 200))],
    );
  }
}

// ------------------------------------------------------------------ generator

const KINDS = {
  mixed: {
    profiles: [
      ['chat', 0.35],
      ['feed', 0.3],
      ['binary', 0.2],
      ['transfer', 0.15],
    ],
    conns: 300,
  },
  small: { profiles: [['small', 1]], conns: 400 },
};

class Generator {
  constructor({ kind, seed, conns, writer, tls }) {
    this.rng = new Rng(seed);
    this.tls = tls;
    this.kind = KINDS[kind];
    this.concurrency = conns ?? this.kind.conns;
    this.writer = writer;
    this.time = 1_763_800_000 * 1e6;
    this.seq = 1;
    this.nextPort = this.rng.int(0, 27999);
    this.stopping = false;
    this.servers = Array.from({ length: 8 }, (_, i) => ({
      ip: 0xc0a80a00 + 10 + i,
      mac: Buffer.from([0x02, 0, 0, 0, 0xa, i]),
    }));
    this.pool = this.rng.fill(new Uint8Array(4 * 1024 * 1024));
    this.connId = 0;
  }

  pickProfile() {
    let r = this.rng.float();
    for (const [name, p] of this.kind.profiles) {
      r -= p;
      if (r < 0) return name;
    }
    return this.kind.profiles[0][0];
  }

  /** Incompressible bytes: a slice of a random pool at a random offset. */
  randomBytes(n) {
    if (n <= this.pool.length) {
      const at = this.rng.int(0, this.pool.length - n);
      return Buffer.from(this.pool.buffer, this.pool.byteOffset + at, n);
    }
    return this.rng.fill(Buffer.allocUnsafe(n));
  }

  async run(targetBytes) {
    const active = [];
    const finished = [];
    for (let i = 0; i < this.concurrency; i++) active.push(new Connection(this, ++this.connId));
    while (active.length > 0) {
      if (!this.stopping && this.writer.bytes >= targetBytes) this.stopping = true;
      const i = this.rng.int(0, active.length - 1);
      const conn = active[i];
      if (conn.idle && !(await conn.step())) {
        finished.push(conn.truth);
        active[i] = active[active.length - 1];
        active.pop();
        if (!this.stopping) active.push(new Connection(this, ++this.connId));
        continue;
      }
      conn.emit(this.rng.int(1, 6));
    }
    return finished;
  }
}

/** Sum per-connection truths into the sidecar's shape. */
function summarize(truths, meta) {
  const dir = [newDirectionTruth(), newDirectionTruth()];
  for (const t of truths) {
    for (const side of [CLIENT, SERVER]) {
      const a = dir[side];
      const b = t[side];
      for (const k of Object.keys(a.messages)) {
        a.messages[k] += b.messages[k];
        a.payloadBytes[k] += b.payloadBytes[k];
      }
      a.frames += b.frames;
      a.compressedMessages += b.compressedMessages;
      a.fragmentedMessages += b.fragmentedMessages;
      a.wirePayloadBytes += b.wirePayloadBytes;
    }
  }
  const total = newDirectionTruth();
  for (const a of dir) {
    for (const k of Object.keys(total.messages)) {
      total.messages[k] += a.messages[k];
      total.payloadBytes[k] += a.payloadBytes[k];
    }
    total.frames += a.frames;
    total.compressedMessages += a.compressedMessages;
    total.fragmentedMessages += a.fragmentedMessages;
    total.wirePayloadBytes += a.wirePayloadBytes;
  }
  const messages = Object.values(total.messages).reduce((x, y) => x + y, 0);
  return { ...meta, connections: truths.length, messages, total, client: dir[CLIENT], server: dir[SERVER] };
}

/** Parse "200m", "1g", "100MB", "1.5GiB", "5000000" to bytes. */
export function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(String(text).trim());
  if (!m) throw new Error(`bad size ${text} (try 200m or 1g)`);
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()];
  return Math.round(Number(m[1]) * scale);
}

/**
 * Write a capture of about `size` bytes to `out` and its ground truth to `out + '.truth.json'`.
 * Returns the truth object.
 */
export async function generateCapture({ out, size, kind = 'mixed', seed = 1, conns, tls, tlsOut }) {
  if (!KINDS[kind]) throw new Error(`unknown kind ${kind} (mixed or small)`);
  mkdirSync(dirname(out), { recursive: true });
  const writer = new PcapWriter(out);
  // --tls SUITE: a second capture, tlsOut, with the same traffic in TLS 1.3, and its key log.
  const twin = tls ? { suite: tls, writer: new PcapWriter(tlsOut), rng: new Rng(seed ^ 0x7e5), keyLog: [] } : undefined;
  const gen = new Generator({ kind, seed, conns, writer, tls: twin });
  const started = performance.now();
  const truths = await gen.run(size);
  writer.close();
  if (twin) {
    twin.writer.close();
    writeFileSync(keyLogPath(tlsOut), twin.keyLog.join(''));
    const meta = {
      generator: 'bench/generate.mjs --tls',
      kind,
      seed,
      tls,
      fileBytes: twin.writer.bytes,
      packets: twin.writer.packets,
    };
    writeFileSync(`${tlsOut}.truth.json`, `${JSON.stringify(summarize(truths, meta), null, 2)}\n`);
  }
  const truth = summarize(truths, {
    generator: 'bench/generate.mjs',
    kind,
    seed,
    requestedBytes: size,
    fileBytes: writer.bytes,
    packets: writer.packets,
    concurrency: gen.concurrency,
  });
  writeFileSync(`${out}.truth.json`, `${JSON.stringify(truth, null, 2)}\n`);
  truth.generateSeconds = (performance.now() - started) / 1000;
  return truth;
}

/** The key log beside a --tls capture: X.pcap -> X.keys. */
export function keyLogPath(pcap) {
  return pcap.replace(/\.pcap$/, '') + '.keys';
}

function argValue(argv, name, fallback) {
  const at = argv.indexOf(name);
  return at !== -1 && argv[at + 1] !== undefined ? argv[at + 1] : fallback;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const kind = argValue(argv, '--kind', 'mixed');
  const sizeText = argValue(argv, '--size', '200m');
  const size = parseSize(sizeText);
  const seed = Number(argValue(argv, '--seed', '1'));
  const conns = argv.includes('--conns') ? Number(argValue(argv, '--conns')) : undefined;
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const out = resolve(argValue(argv, '--out', `${root}/bench/data/${kind}-${sizeText.toLowerCase()}-s${seed}.pcap`));
  const tls = argValue(argv, '--tls', undefined);
  const tlsOut = tls ? out.replace(/\.pcap$/, `-wss-${tls}.pcap`) : undefined;
  const truth = await generateCapture({ out, size, kind, seed, conns, tls, tlsOut });
  if (tls) console.log(`wrote ${tlsOut} and ${keyLogPath(tlsOut)}: the same traffic in TLS 1.3 (${tls})`);
  console.log(
    `wrote ${out}: ${(truth.fileBytes / 2 ** 20).toFixed(1)} MiB, ${truth.packets} packets, ${truth.connections} connections, ` +
      `${truth.messages} messages in ${truth.generateSeconds.toFixed(1)} s`,
  );
}
