// A classic pcap cut down to chosen records, written as pcapng (a slice is always pcapng): one
// Section Header Block, one Interface Description Block with the file's link type, snap length
// and timestamp resolution (if_tsresol 6 or 9), and one Enhanced Packet Block per kept record
// with its exact timestamp and lengths. Layout: draft-ietf-opsawg-pcapng §4.1-4.3 and
// draft-ietf-opsawg-pcap §4-5. Little-endian output.

import { detectCaptureFormat } from '../capture/magic.js';
import { slicePcapng } from './pcapng-slice.js';
import type { RecordSelection } from './select.js';

const FILE_HEADER = 24;

function block(type: number, body: Uint8Array): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const out = new Uint8Array(12 + padded);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, out.length, true);
  out.set(body, 8);
  v.setUint32(out.length - 4, out.length, true);
  return out;
}

function shb(): Uint8Array {
  const body = new Uint8Array(16);
  const v = new DataView(body.buffer);
  v.setUint32(0, 0x1a2b3c4d, true);
  v.setUint16(4, 1, true);
  v.setUint16(6, 0, true);
  v.setBigInt64(8, -1n, true); // section length unknown
  return block(0x0a0d0d0a, body);
}

function idb(linkType: number, snapLength: number, tsresol: number): Uint8Array {
  // link type, reserved, snaplen, then options: if_tsresol (9), 1 byte, padded; opt_endofopt.
  const body = new Uint8Array(8 + 8 + 4);
  const v = new DataView(body.buffer);
  v.setUint16(0, linkType, true);
  v.setUint32(4, snapLength, true);
  v.setUint16(8, 9, true);
  v.setUint16(10, 1, true);
  body[12] = tsresol;
  return block(1, body);
}

/** The kept records of classic pcap `bytes` as pcapng; null when `bytes` is not classic pcap. */
export function slicePcap(bytes: Uint8Array, keep: (index: number) => boolean): Uint8Array | null {
  const f = bytes.length >= FILE_HEADER ? detectCaptureFormat(bytes) : null;
  if (f?.kind !== 'pcap') return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = f.littleEndian;
  const recordHeader = f.modified ? 24 : 16;
  const parts: Uint8Array[] = [shb(), idb(v.getUint32(20, le) & 0xffff, v.getUint32(16, le), f.nanos ? 9 : 6)];
  const units = f.nanos ? 1_000_000_000n : 1_000_000n;
  let at = FILE_HEADER;
  let index = 0;
  while (at + recordHeader <= bytes.length) {
    const captured = v.getUint32(at + 8, le);
    const data = at + recordHeader;
    if (data + captured > bytes.length) break;
    index++;
    if (keep(index)) {
      const ts = BigInt(v.getUint32(at, le)) * units + BigInt(v.getUint32(at + 4, le));
      const body = new Uint8Array(20 + captured);
      const b = new DataView(body.buffer);
      b.setUint32(0, 0, true);
      b.setUint32(4, Number(ts >> 32n), true);
      b.setUint32(8, Number(ts & 0xffffffffn), true);
      b.setUint32(12, captured, true);
      b.setUint32(16, v.getUint32(at + 12, le), true);
      body.set(bytes.subarray(data, data + captured), 20);
      parts.push(block(6, body));
    }
    at = data + captured;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The selected records of a pcap or pcapng capture, as pcapng. */
export function sliceCapture(bytes: Uint8Array, selection: RecordSelection): Uint8Array {
  const fromPcap = slicePcap(bytes, (index) => selection.records.has(index));
  return fromPcap ?? slicePcapng(bytes, (offset) => selection.offsets.has(offset));
}
