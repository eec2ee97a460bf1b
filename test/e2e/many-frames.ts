// A synthetic capture with one WebSocket connection carrying N small server→client text frames,
// for the "a million frames" checks. Ground truth is what we write here: frame i carries the
// text `m${i}`, padded to 7 bytes ("m0000001"… would be 8; we keep 2 + 7 = 9 wire bytes a frame).
// Built with the test-only pcap writer (test/helpers), the accept with node:crypto, never src/.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  concatList,
  type PcapRecordSpec,
  pcapFileHeader,
  pcapRecordHeader,
  tcpPacket,
} from '../helpers/pcap-writer.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const CLIENT = { ip: '10.1.0.1', port: 40001 };
const SERVER = { ip: '10.1.0.2', port: 8080 };
/** Frames per TCP segment: 1000 × 9 bytes ≈ a 9 KB segment (as on loopback with big MSS). */
const FRAMES_PER_SEGMENT = 1000;

export function frameText(i: number): string {
  return `m${String(i).padStart(6, '0')}`;
}

export function writeManyFramesCapture(path: string, frames: number): void {
  const records: PcapRecordSpec[] = [];
  const t = 1_800_000_000;
  let usec = 0;
  const push = (data: Uint8Array) => {
    usec += 10;
    records.push({ data, seconds: t + Math.floor(usec / 1e6), nanos: (usec % 1e6) * 1000 });
  };
  let cseq = 1000;
  let sseq = 5000;
  const c2s = (flags: string, payload: Uint8Array | string = '') => {
    push(
      tcpPacket({
        src: CLIENT.ip,
        dst: SERVER.ip,
        sport: CLIENT.port,
        dport: SERVER.port,
        seq: cseq,
        ack: sseq,
        flags,
        payload,
      }),
    );
    cseq +=
      (typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length) +
      (flags.includes('S') || flags.includes('F') ? 1 : 0);
  };
  const s2c = (flags: string, payload: Uint8Array | string = '') => {
    push(
      tcpPacket({
        src: SERVER.ip,
        dst: CLIENT.ip,
        sport: SERVER.port,
        dport: CLIENT.port,
        seq: sseq,
        ack: cseq,
        flags,
        payload,
      }),
    );
    sseq +=
      (typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length) +
      (flags.includes('S') || flags.includes('F') ? 1 : 0);
  };
  c2s('S');
  s2c('SA');
  c2s('A');
  const key = 'dGhlIHNhbXBsZSBub25jZQ==';
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64');
  c2s(
    'PA',
    `GET /many HTTP/1.1\r\nHost: ${SERVER.ip}:${SERVER.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  s2c(
    'PA',
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  for (let i = 0; i < frames; i += FRAMES_PER_SEGMENT) {
    const n = Math.min(FRAMES_PER_SEGMENT, frames - i);
    const seg = new Uint8Array(n * 9);
    for (let k = 0; k < n; k++) {
      // RFC 6455 §5.2: 0x81 = FIN + text, 0x07 = unmasked, 7 bytes
      seg[k * 9] = 0x81;
      seg[k * 9 + 1] = 0x07;
      seg.set(Buffer.from(frameText(i + k)), k * 9 + 2);
    }
    s2c('PA', seg);
    if ((i / FRAMES_PER_SEGMENT) % 16 === 15) c2s('A');
  }
  // close 1000 both ways: server unmasked, client masked with key 00 00 00 00
  s2c('PA', new Uint8Array([0x88, 0x02, 0x03, 0xe8]));
  c2s('PA', new Uint8Array([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8]));
  s2c('FA');
  c2s('FA');
  const parts: Uint8Array[] = [pcapFileHeader()];
  for (const r of records) parts.push(pcapRecordHeader(r), r.data);
  writeFileSync(path, concatList(parts));
}
