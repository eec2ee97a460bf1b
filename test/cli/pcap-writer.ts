// A tiny, test-only pcap writer: classic little-endian pcap, Ethernet, IPv4, TCP, so the CLI
// tests can make captures the shared fixtures do not have (a large one for streaming and `| head`,
// one without WebSocket traffic) without depending on the decoder under test.

const GUID_KEY = 'dGhlIHNhbXBsZSBub25jZQ=='; // RFC 6455 §1.3's sample key
const GUID_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='; // and its accept value

const FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

interface Side {
  ip: [number, number, number, number];
  port: number;
  seq: number;
}

function checksum(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (bytes.length % 2) sum += bytes[bytes.length - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export class PcapWriter {
  private readonly parts: Uint8Array[] = [];
  private time = 1_700_000_000;
  private micros = 0;
  private ipId = 1;
  size = 0;

  constructor() {
    // pcap global header: magic a1b2c3d4 (LE), v2.4, snaplen 262144, linktype 1 (Ethernet)
    const h = new DataView(new ArrayBuffer(24));
    h.setUint32(0, 0xa1b2c3d4, true);
    h.setUint16(4, 2, true);
    h.setUint16(6, 4, true);
    h.setUint32(16, 262144, true);
    h.setUint32(20, 1, true);
    this.push(new Uint8Array(h.buffer));
  }

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.byteLength;
  }

  /** One TCP segment from `from` to `to`; advances from.seq by the payload (and SYN/FIN). */
  segment(from: Side, to: Side, flags: number, payload: Uint8Array = new Uint8Array(0), ack = to.seq): void {
    const tcpLen = 20 + payload.byteLength;
    const ipLen = 20 + tcpLen;
    const frame = new Uint8Array(14 + ipLen);
    const v = new DataView(frame.buffer);
    frame.set([0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1], 0); // dst/src MAC
    v.setUint16(12, 0x0800); // EtherType IPv4
    const ip = 14;
    frame[ip] = 0x45;
    v.setUint16(ip + 2, ipLen);
    v.setUint16(ip + 4, this.ipId++ & 0xffff);
    v.setUint16(ip + 6, 0x4000); // DF
    frame[ip + 8] = 64;
    frame[ip + 9] = 6; // TCP
    frame.set(from.ip, ip + 12);
    frame.set(to.ip, ip + 16);
    v.setUint16(ip + 10, checksum(frame.subarray(ip, ip + 20)));
    const t = ip + 20;
    v.setUint16(t, from.port);
    v.setUint16(t + 2, to.port);
    v.setUint32(t + 4, from.seq >>> 0);
    v.setUint32(t + 8, flags & FLAG.ACK ? ack >>> 0 : 0);
    frame[t + 12] = 5 << 4;
    frame[t + 13] = flags;
    v.setUint16(t + 14, 65535);
    frame.set(payload, t + 20);
    const pseudo = new Uint8Array(12);
    pseudo.set(from.ip, 0);
    pseudo.set(to.ip, 4);
    pseudo[9] = 6;
    new DataView(pseudo.buffer).setUint16(10, tcpLen);
    const partial = ~checksum(pseudo) & 0xffff;
    v.setUint16(t + 16, checksum(frame.subarray(t), partial));
    from.seq += payload.byteLength + (flags & FLAG.SYN ? 1 : 0) + (flags & FLAG.FIN ? 1 : 0);

    const rec = new DataView(new ArrayBuffer(16));
    this.micros += 100;
    rec.setUint32(0, this.time + Math.floor(this.micros / 1e6), true);
    rec.setUint32(4, this.micros % 1e6, true);
    rec.setUint32(8, frame.byteLength, true);
    rec.setUint32(12, frame.byteLength, true);
    this.push(new Uint8Array(rec.buffer));
    this.push(frame);
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.byteLength;
    }
    return out;
  }
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

function handshakeTcp(w: PcapWriter, c: Side, s: Side): void {
  w.segment(c, s, FLAG.SYN);
  w.segment(s, c, FLAG.SYN | FLAG.ACK);
  w.segment(c, s, FLAG.ACK);
}

function closeTcp(w: PcapWriter, c: Side, s: Side): void {
  w.segment(c, s, FLAG.FIN | FLAG.ACK);
  w.segment(s, c, FLAG.FIN | FLAG.ACK);
  w.segment(c, s, FLAG.ACK);
}

/** An unmasked server text frame (RFC 6455 §5.2), 7- or 16-bit length. */
export function serverTextFrame(text: string): Uint8Array {
  const payload = ascii(text);
  const n = payload.byteLength;
  const head = n < 126 ? [0x81, n] : [0x81, 126, n >> 8, n & 0xff];
  const f = new Uint8Array(head.length + n);
  f.set(head, 0);
  f.set(payload, head.length);
  return f;
}

/** One WebSocket connection: handshake, then `count` server text messages "message <i> …". */
export function webSocketCapture(count: number, padding = 0): PcapWriter {
  const w = new PcapWriter();
  const c: Side = { ip: [10, 0, 0, 1], port: 40000, seq: 1000 };
  const s: Side = { ip: [10, 0, 0, 2], port: 8080, seq: 5000 };
  handshakeTcp(w, c, s);
  w.segment(
    c,
    s,
    FLAG.PSH | FLAG.ACK,
    ascii(
      `GET /chat HTTP/1.1\r\nHost: 10.0.0.2:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${GUID_KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    ),
  );
  w.segment(
    s,
    c,
    FLAG.PSH | FLAG.ACK,
    ascii(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${GUID_ACCEPT}\r\n\r\n`,
    ),
  );
  const pad = 'x'.repeat(padding);
  for (let i = 0; i < count; i++) w.segment(s, c, FLAG.PSH | FLAG.ACK, serverTextFrame(`message ${i} ${pad}`));
  closeTcp(w, c, s);
  return w;
}

/** Two plain HTTP/1.1 exchanges and no WebSocket at all. */
export function plainHttpCapture(): PcapWriter {
  const w = new PcapWriter();
  for (const port of [40001, 40002]) {
    const c: Side = { ip: [10, 0, 0, 1], port, seq: 1000 };
    const s: Side = { ip: [10, 0, 0, 2], port: 80, seq: 5000 };
    handshakeTcp(w, c, s);
    w.segment(c, s, FLAG.PSH | FLAG.ACK, ascii('GET / HTTP/1.1\r\nHost: example\r\n\r\n'));
    w.segment(s, c, FLAG.PSH | FLAG.ACK, ascii('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    closeTcp(w, c, s);
  }
  return w;
}
