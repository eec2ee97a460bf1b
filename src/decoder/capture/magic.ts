// Recognising a capture file by its first bytes (never by its name), and saying in one line
// what a non-capture file looks like instead, so the user learns why it was refused.

import { hexSpaced } from '../format.js';

export const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
export const PCAP_MAGIC_NANOS = 0xa1b23c4d;
/** Alexey Kuznetsov's patched libpcap: 24-byte record headers (ifindex, protocol, type). */
export const PCAP_MAGIC_MODIFIED = 0xa1b2cd34;
export const PCAPNG_SHB_TYPE = 0x0a0d0d0a;
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export type DetectedFormat =
  | { kind: 'pcap'; littleEndian: boolean; nanos: boolean; modified: boolean }
  | { kind: 'pcapng' }
  | { kind: 'other'; reason: string };

/** Classify a file by its first four bytes (`head.length >= 4`). */
export function detectCaptureFormat(head: Uint8Array): DetectedFormat {
  const view = new DataView(head.buffer, head.byteOffset, 4);
  const be = view.getUint32(0, false);
  const le = view.getUint32(0, true);
  for (const [value, littleEndian] of [
    [be, false],
    [le, true],
  ] as const) {
    if (value === PCAP_MAGIC_MICROS) return { kind: 'pcap', littleEndian, nanos: false, modified: false };
    if (value === PCAP_MAGIC_NANOS) return { kind: 'pcap', littleEndian, nanos: true, modified: false };
    if (value === PCAP_MAGIC_MODIFIED) return { kind: 'pcap', littleEndian, nanos: false, modified: true };
  }
  if (be === PCAPNG_SHB_TYPE) return { kind: 'pcapng' };
  return { kind: 'other', reason: notACaptureReason(head) };
}

const KNOWN_FORMATS: { magic: number[]; what: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive' },
  { magic: [0x1f, 0x8b], what: 'a gzip file (decompress it first)' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd file (decompress it first)' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a], what: 'an xz file (decompress it first)' },
  { magic: [0x42, 0x5a, 0x68], what: 'a bzip2 file (decompress it first)' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable' },
  { magic: [0x73, 0x6e, 0x6f, 0x6f, 0x70], what: 'a snoop capture, which is not supported' },
  { magic: [0x47, 0x4d, 0x42, 0x55], what: 'a Microsoft Network Monitor capture, which is not supported' },
  { magic: [0x58, 0x43, 0x50, 0x00], what: 'a NetXray/Sniffer capture, which is not supported' },
];

function notACaptureReason(head: Uint8Array): string {
  const start = `not a pcap or pcapng file (starts with ${hexSpaced(head.subarray(0, 4))}`;
  for (const { magic, what } of KNOWN_FORMATS) {
    if (magic.length <= head.length && magic.every((b, i) => head[i] === b))
      return `${start}, which looks like ${what})`;
  }
  if (looksLikeText(head)) return `${start}, which looks like text)`;
  return `${start})`;
}

function looksLikeText(head: Uint8Array): boolean {
  const n = Math.min(head.length, 64);
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return false;
  }
  return true;
}
