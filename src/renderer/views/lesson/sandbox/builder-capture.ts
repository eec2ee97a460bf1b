// Runs the real decoder on a frame the student built: the frame is put in a tiny capture of its
// own (raw IPv4 link type, 127.0.0.1:50000 → 127.0.0.1:8080) after a TCP handshake and a valid
// WebSocket upgrade (the RFC 6455 §1.3 example key), sent by the client or the server, and the
// whole decoder (capture → TCP → HTTP → frames → messages) reads it. Its findings are the
// verdict a real capture with that frame would get.

import { analyzeCapture, type Finding, type FrameRecord } from '../../../../decoder/index.js';

const CLIENT = [127, 0, 0, 1];
const SERVER = [127, 0, 0, 1];
const CPORT = 50000;
const SPORT = 8080;
const LINKTYPE_RAW = 101;

const REQUEST =
  'GET /chat HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
const RESPONSE =
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function packet(fromClient: boolean, seq: number, ack: number, flags: number, payload: Uint8Array): Uint8Array {
  const p = new Uint8Array(40 + payload.length);
  const v = new DataView(p.buffer);
  p[0] = 0x45;
  v.setUint16(2, p.length);
  p[8] = 64;
  p[9] = 6; // TCP
  p.set(fromClient ? CLIENT : SERVER, 12);
  p.set(fromClient ? SERVER : CLIENT, 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += v.getUint16(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  v.setUint16(10, ~sum & 0xffff);
  v.setUint16(20, fromClient ? CPORT : SPORT);
  v.setUint16(22, fromClient ? SPORT : CPORT);
  v.setUint32(24, seq >>> 0);
  v.setUint32(28, ack >>> 0);
  p[32] = 5 << 4;
  p[33] = flags;
  v.setUint16(34, 65535);
  p.set(payload, 40);
  return p;
}

function pcap(packets: Uint8Array[]): Uint8Array {
  const size = 24 + packets.reduce((n, p) => n + 16 + p.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true);
  v.setUint32(20, LINKTYPE_RAW, true);
  let at = 24;
  packets.forEach((p, i) => {
    v.setUint32(at, 1_700_000_000, true);
    v.setUint32(at + 4, i * 1000, true);
    v.setUint32(at + 8, p.length, true);
    v.setUint32(at + 12, p.length, true);
    out.set(p, at + 16);
    at += 16 + p.length;
  });
  return out;
}

const SYN = 0x02;
const ACK = 0x10;
const PSH_ACK = 0x18;

/** The capture: handshake, upgrade, then the frame from `from`. */
export function captureWithFrame(frame: Uint8Array, from: 'client' | 'server'): Uint8Array {
  const req = ascii(REQUEST);
  const res = ascii(RESPONSE);
  let c = 1000;
  let s = 5000;
  const out = [packet(true, c, 0, SYN, new Uint8Array()), packet(false, s, c + 1, SYN | ACK, new Uint8Array())];
  c += 1;
  s += 1;
  out.push(packet(true, c, s, ACK, new Uint8Array()));
  out.push(packet(true, c, s, PSH_ACK, req));
  c += req.length;
  out.push(packet(false, s, c, PSH_ACK, res));
  s += res.length;
  if (from === 'client') out.push(packet(true, c, s, PSH_ACK, frame));
  else out.push(packet(false, s, c, PSH_ACK, frame));
  return pcap(out);
}

export interface Verdict {
  frame: FrameRecord | null;
  /** Findings about the built frame and its message (the handshake's own are valid by design). */
  findings: Finding[];
}

/** The decoder's verdict on a built frame. */
export function judgeFrame(frame: Uint8Array, from: 'client' | 'server'): Verdict {
  const analysis = analyzeCapture(captureWithFrame(frame, from));
  const built = analysis.frames[0] ?? null;
  // the capture ends right after the frame: "no close handshake" is about the toy capture
  const findings = analysis.findings.filter((f) => f.code !== 'close.missing' && !f.code.startsWith('tcp.'));
  return { frame: built, findings };
}
