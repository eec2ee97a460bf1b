// Save as pcapng: classic pcap rewritten as pcapng must read back, in Wireshark's tools, as the
// same packets with the same timestamps, lengths and bytes. tshark is the oracle (skipped where
// Wireshark is not installed); a few byte-level checks run everywhere.

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/node/live-capture.js';
import { toPcapng } from '../../src/node/pcapng-writer.js';

const SHARED = join(import.meta.dirname, '../../fixtures/shared');
const hasTshark = findExecutable('tshark') !== null;

/** What tshark sees: per packet, time, lengths, encapsulation and the bytes in hex. */
function tsharkView(path: string): string {
  const fields = [
    'frame.number',
    'frame.time_epoch',
    'frame.len',
    'frame.cap_len',
    'frame.encap_type',
    'frame.protocols',
  ];
  const summary = execFileSync('tshark', ['-r', path, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const hex = execFileSync('tshark', ['-r', path, '-x'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return `${summary}\n${hex}`;
}

describe('toPcapng', () => {
  it('returns pcapng input unchanged', async () => {
    const bytes = new Uint8Array(await readFile(join(SHARED, '09a_format_pcapng.pcapng')));
    expect(toPcapng(bytes)).toBe(bytes);
  });

  it('refuses bytes that are not a capture', () => {
    expect(() => toPcapng(new TextEncoder().encode('GET / HTTP/1.1\r\n'))).toThrow(
      'cannot save as pcapng: not a pcap or pcapng capture (16 bytes)',
    );
    expect(() => toPcapng(new Uint8Array(0))).toThrow('(0 bytes)');
    expect(() => toPcapng(Uint8Array.from([0xd4, 0xc3]))).toThrow('(2 bytes)');
    // A pcap magic number without the rest of the 24-byte file header.
    expect(() => toPcapng(Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]))).toThrow('(8 bytes)');
  });

  it('reads big-endian nanosecond pcap and the 24-byte records of "modified" pcap', () => {
    // Big-endian nanosecond magic a1b23c4d, snaplen 100, link type 1, one record at 2 s + 5 ns of 1 byte.
    const bigNano = Uint8Array.from([
      0xa1, 0xb2, 0x3c, 0x4d, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 5, 0,
      0, 0, 1, 0, 0, 0, 1, 0x42,
    ]);
    let out = toPcapng(bigNano);
    let view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    expect(view.getUint32(40, true)).toBe(100); // IDB snaplen
    expect(view.getUint8(48)).toBe(9); // if_tsresol: nanoseconds
    expect(view.getUint32(76, true)).toBe(2_000_000_005); // EPB timestamp, low word
    expect(out[88]).toBe(0x42);
    expect(out.length).toBe(96);

    // "Modified" pcap, little-endian (magic a1b2cd34): 8 extra record bytes (ifindex, protocol, type, pad).
    const modified = Uint8Array.from([
      0x34, 0xcd, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0,
      2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 8, 0, 0, 0xaa, 0xbb,
    ]);
    out = toPcapng(modified);
    view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    expect(view.getUint8(48)).toBe(6); // microseconds
    expect(view.getUint32(76, true)).toBe(1_000_007);
    expect([view.getUint32(80, true), view.getUint32(84, true)]).toEqual([2, 2]);
    expect(Array.from(out.subarray(88, 92))).toEqual([0xaa, 0xbb, 0, 0]);
    expect(out.length).toBe(96);
  });

  it('writes a section header, an interface block and one padded enhanced packet block per record', () => {
    // pcap header (LE, µs, snaplen 65535, LINKTYPE_ETHERNET=1) + one record at 1.000002 s, 3 bytes.
    const pcap = Uint8Array.from([
      0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0,
      3, 0, 0, 0, 3, 0, 0, 0, 0xaa, 0xbb, 0xcc,
    ]);
    const out = toPcapng(pcap);
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    // SHB: 28 bytes, byte-order magic 1a2b3c4d, version 1.0.
    expect(view.getUint32(0, true)).toBe(0x0a0d0d0a);
    expect(view.getUint32(4, true)).toBe(28);
    expect(view.getUint32(8, true)).toBe(0x1a2b3c4d);
    // IDB at 28: type 1, 32 bytes, link type 1, snaplen 65535, if_tsresol (9) = 6.
    expect(view.getUint32(28, true)).toBe(1);
    expect(view.getUint32(32, true)).toBe(32);
    expect(view.getUint16(36, true)).toBe(1);
    expect(view.getUint32(40, true)).toBe(65535);
    expect([view.getUint16(44, true), view.getUint16(46, true), view.getUint8(48)]).toEqual([9, 1, 6]);
    // EPB at 60: type 6, 32 + 4 (3 bytes padded) = 36 bytes, timestamp 1_000_002 µs, lengths 3/3.
    expect(view.getUint32(60, true)).toBe(6);
    expect(view.getUint32(64, true)).toBe(36);
    expect(view.getUint32(72, true)).toBe(0);
    expect(view.getUint32(76, true)).toBe(1_000_002);
    expect([view.getUint32(80, true), view.getUint32(84, true)]).toEqual([3, 3]);
    expect(Array.from(out.subarray(88, 92))).toEqual([0xaa, 0xbb, 0xcc, 0]);
    expect(view.getUint32(92, true)).toBe(36);
    expect(out.length).toBe(96);
  });

  it('leaves out a record cut short at the end (capture stopped mid-write)', () => {
    const pcap = Uint8Array.from([
      0xd4,
      0xc3,
      0xb2,
      0xa1,
      2,
      0,
      4,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0xff,
      0xff,
      0,
      0,
      1,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      8,
      0,
      0,
      0,
      8,
      0,
      0,
      0,
      0xaa,
      0xbb, // says 8 bytes, has 2
    ]);
    expect(toPcapng(pcap).length).toBe(28 + 32);
  });
});

describe.runIf(hasTshark)('toPcapng read back by tshark', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wsscope-pcapng-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    '01_pyws_text_echo.pcap', // little-endian, Ethernet
    '09e_format_bigendian.pcap', // big-endian
    '09c_format_linux_sll.pcap', // LINKTYPE_LINUX_SLL
    '05_pyws_large_binary.pcap',
  ])('%s keeps every packet, timestamp, length and byte', async (name) => {
    const source = join(SHARED, name);
    const target = join(dir, `${name}.pcapng`);
    await writeFile(target, toPcapng(new Uint8Array(await readFile(source))));
    expect(execFileSync('capinfos', ['-t', target], { encoding: 'utf8' })).toMatch(/File type:\s+.*pcapng/);
    expect(tsharkView(target)).toBe(tsharkView(source));
  });

  it.runIf(findExecutable('editcap') !== null)('keeps nanosecond timestamps of a nanosecond pcap', async () => {
    const nano = join(dir, 'nano.pcap');
    execFileSync('editcap', ['-F', 'nsecpcap', join(SHARED, '01_pyws_text_echo.pcap'), nano]);
    // editcap really wrote the nanosecond magic (a1b23c4d, little-endian here).
    expect(Array.from((await readFile(nano)).subarray(0, 4))).toEqual([0x4d, 0x3c, 0xb2, 0xa1]);
    const target = join(dir, 'nano.pcapng');
    await writeFile(target, toPcapng(new Uint8Array(await readFile(nano))));
    expect(tsharkView(target)).toBe(tsharkView(nano));
  });
});
