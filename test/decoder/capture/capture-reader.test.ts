// CaptureReader on synthetic captures built from explicit field values (test/helpers/pcap-writer).
import { describe, expect, it } from 'vitest';
import { whole } from '../../helpers/chunking.js';
import { concatList, hex, writePcap, writePcapng, writePcapngBlocks } from '../../helpers/pcap-writer.js';
import { readAll, readAllWays } from './read-all.js';

const A = hex('00 01 02 03 04 05 06 07 08 09'); // 10 arbitrary bytes
const B = hex('ff fe fd'); // 3 bytes
const C = new Uint8Array(1500).map((_, i) => i & 0xff);

describe('classic pcap (draft-ietf-opsawg-pcap §4, §5)', () => {
  for (const bigEndian of [false, true]) {
    const order = bigEndian ? 'big' : 'little';
    it(`reads a microsecond file in ${order}-endian order`, () => {
      const file = writePcap(
        [
          { data: A, seconds: 1700000000, nanos: 123456000 },
          { data: B, seconds: 1700000001, nanos: 999999000, originalLength: 60 },
        ],
        { bigEndian, linkType: 1, snapLength: 65535 },
      );
      const r = readAll(file);
      expect(r.fatal).toBeNull();
      expect(r.done).toBe(true);
      expect(r.findings).toEqual([]);
      expect(r.info).toEqual({
        format: 'pcap',
        byteOrder: order,
        versionMajor: 2,
        versionMinor: 4,
        interfaces: [
          { id: 0, linkType: 1, linkTypeName: 'ethernet', snapLength: 65535, tsUnitsPerSecond: 1e6, name: null },
        ],
        sections: 1,
      });
      expect(
        r.records.map((x) => [x.index, x.seconds, x.nanos, x.capturedLength, x.originalLength, x.fileOffset]),
      ).toEqual([
        [1, 1700000000, 123456000, 10, 10, 40],
        [2, 1700000001, 999999000, 3, 60, 66],
      ]);
      expect(r.records[0].time).toBeCloseTo(1700000000.123456, 6);
      expect(r.records[0].data).toEqual(A);
      expect(r.records[1].data).toEqual(B);
      expect(r.bytesConsumed).toBe(file.length);
    });

    it(`reads a nanosecond file (magic a1b23c4d) in ${order}-endian order`, () => {
      const file = writePcap([{ data: A, seconds: 1700000000, nanos: 123456789 }], {
        bigEndian,
        nanos: true,
        linkType: 101,
      });
      const r = readAll(file);
      expect(r.info?.format).toBe('pcap-ns');
      expect(r.info?.interfaces[0].tsUnitsPerSecond).toBe(1e9);
      expect(r.records[0]).toMatchObject({ seconds: 1700000000, nanos: 123456789, linkType: 101 });
    });
  }

  it('reads a file with a header and no records', () => {
    const r = readAll(writePcap([]));
    expect(r.records).toEqual([]);
    expect(r.fatal).toBeNull();
    expect(r.done).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('takes the link type from the low 16 bits (the upper bits carry FCS information)', () => {
    const file = writePcap([{ data: A }], { linkType: 0x10000000 | 1 });
    expect(readAll(file).records[0].linkType).toBe(1);
  });

  it('is not done before end() and done after it', async () => {
    const { CaptureReader } = await import('../../../src/decoder/capture/index.js');
    const reader = new CaptureReader();
    const file = writePcap([
      { data: A, seconds: 1700000000 },
      { data: B, seconds: 1700000000 },
    ]);
    // The first record has no earlier time to be checked against, so the reader also wants the
    // next record header (or the end of input) before it believes it.
    reader.push(file.subarray(0, 24 + 16 + 10));
    expect(reader.next()).toBeNull();
    reader.push(file.subarray(24 + 16 + 10));
    expect(reader.next()?.index).toBe(1);
    expect(reader.next()?.index).toBe(2);
    expect(reader.next()).toBeNull();
    expect(reader.done).toBe(false);
    reader.end();
    expect(reader.next()).toBeNull();
    expect(reader.done).toBe(true);
  });
});

describe('pcapng (draft-ietf-opsawg-pcapng §4)', () => {
  for (const bigEndian of [false, true]) {
    it(`reads SHB + IDB + EPBs in ${bigEndian ? 'big' : 'little'}-endian order`, () => {
      const file = writePcapng(
        [
          { data: A, seconds: 1700000000, nanos: 5000 },
          { data: C, seconds: 1700000002, nanos: 999999000, originalLength: 1600 },
        ],
        { bigEndian, linkType: 113 },
      );
      const r = readAll(file);
      expect(r.fatal).toBeNull();
      expect(r.findings).toEqual([]);
      expect(r.info).toEqual({
        format: 'pcapng',
        byteOrder: bigEndian ? 'big' : 'little',
        versionMajor: 1,
        versionMinor: 0,
        interfaces: [
          { id: 0, linkType: 113, linkTypeName: 'linux_sll', snapLength: 262144, tsUnitsPerSecond: 1e6, name: null },
        ],
        sections: 1,
      });
      expect(
        r.records.map((x) => [x.index, x.seconds, x.nanos, x.capturedLength, x.originalLength, x.linkType]),
      ).toEqual([
        [1, 1700000000, 5000, 10, 10, 113],
        [2, 1700000002, 999999000, 1500, 1600, 113],
      ]);
      expect(r.records[1].data).toEqual(C);
      // SHB 28 + IDB 20 = 48; EPB header 28 -> first packet data at 76.
      expect(r.records[0].fileOffset).toBe(76);
    });
  }

  it('applies if_tsresol in its power-of-10 and power-of-2 forms, and if_tsoffset', () => {
    const file = writePcapngBlocks([
      { block: 'shb' },
      { block: 'idb', linkType: 1, name: 'eth0' }, // default µs
      { block: 'idb', linkType: 101, tsresol: 9, name: 'lo' }, // ns
      { block: 'idb', linkType: 1, tsresol: 0x80 | 10 }, // 2^-10 s
      { block: 'idb', linkType: 1, tsresol: 3, tsoffset: 1000 }, // ms, +1000 s
      { block: 'epb', interfaceId: 0, timestamp: 1700000000_250000n, data: A },
      { block: 'epb', interfaceId: 1, timestamp: 1700000000_123456789n, data: B },
      { block: 'epb', interfaceId: 2, timestamp: 1700000000n * 1024n + 512n, data: A },
      { block: 'epb', interfaceId: 3, timestamp: 5_250n, data: A },
    ]);
    const r = readAll(file);
    expect(r.findings).toEqual([]);
    expect(r.info?.interfaces.map((i) => [i.id, i.linkType, i.tsUnitsPerSecond, i.name])).toEqual([
      [0, 1, 1e6, 'eth0'],
      [1, 101, 1e9, 'lo'],
      [2, 1, 1024, null],
      [3, 1, 1000, null],
    ]);
    expect(r.records.map((x) => [x.interfaceId, x.linkType, x.seconds, x.nanos])).toEqual([
      [0, 1, 1700000000, 250000000],
      [1, 101, 1700000000, 123456789],
      [2, 1, 1700000000, 500000000],
      [3, 1, 1005, 250000000],
    ]);
  });

  it('starts a new set of interfaces at every section, in either byte order', () => {
    const file = writePcapngBlocks([
      { block: 'shb' },
      { block: 'idb', linkType: 1 },
      { block: 'idb', linkType: 113 },
      { block: 'epb', interfaceId: 1, timestamp: 1n, data: A },
      { block: 'shb', bigEndian: true },
      { block: 'idb', linkType: 101, tsresol: 9 },
      { block: 'epb', interfaceId: 0, timestamp: 2_000_000_001n, data: B },
      { block: 'epb', interfaceId: 1, timestamp: 3n, data: B }, // interface 1 is gone
    ]);
    const r = readAll(file);
    expect(r.info?.sections).toBe(2);
    expect(r.info?.byteOrder).toBe('big');
    expect(r.info?.interfaces.map((i) => [i.id, i.linkType])).toEqual([
      [0, 1],
      [1, 113],
      [0, 101],
    ]);
    expect(r.records.map((x) => [x.index, x.interfaceId, x.linkType, x.seconds, x.nanos])).toEqual([
      [1, 1, 113, 0, 1000],
      [2, 0, 101, 2, 1],
    ]);
    expect(r.findings.map((f) => [f.code, f.message])).toEqual([
      ['capture.damaged', 'record 3 names interface 1 but the section describes 1; skipped'],
    ]);
  });

  it('reads Simple Packet Blocks (interface 0, the previous timestamp) and obsolete Packet Blocks', () => {
    const file = writePcapngBlocks([
      { block: 'shb' },
      { block: 'idb', linkType: 1, snapLength: 8 },
      { block: 'spb', data: A.subarray(0, 8), originalLength: 10 }, // before any timestamp: 0
      { block: 'pb', interfaceId: 0, timestamp: 1700000000_000001n, data: B },
      { block: 'spb', data: B },
    ]);
    const r = readAll(file);
    expect(r.findings).toEqual([]);
    expect(r.records.map((x) => [x.index, x.seconds, x.nanos, x.capturedLength, x.originalLength])).toEqual([
      [1, 0, 0, 8, 10],
      [2, 1700000000, 1000, 3, 3],
      [3, 1700000000, 1000, 3, 3],
    ]);
    expect(r.records[0].data).toEqual(A.subarray(0, 8));
    expect(r.records[2].data).toEqual(B);
  });

  it('skips unknown blocks with one note per type, and known non-packet blocks silently', () => {
    const file = writePcapngBlocks([
      { block: 'shb' },
      { block: 'raw', type: 0x12345678, body: hex('01 02 03 04') },
      { block: 'idb', linkType: 1 },
      { block: 'raw', type: 5, body: new Uint8Array(12) }, // interface statistics
      { block: 'raw', type: 4, body: new Uint8Array(4) }, // name resolution
      { block: 'epb', timestamp: 7n, data: A },
      { block: 'raw', type: 0x12345678, body: new Uint8Array(8) },
      { block: 'raw', type: 0x99, body: new Uint8Array(0) },
    ]);
    const r = readAll(file);
    expect(r.records).toHaveLength(1);
    expect(r.findings.map((f) => [f.code, f.message])).toEqual([
      ['capture.unknown-block', 'unknown pcapng block type 0x12345678 (16 bytes) skipped'],
      ['capture.unknown-block', 'unknown pcapng block type 0x00000099 (12 bytes) skipped'],
    ]);
  });

  it('keeps nanosecond timestamps exact beyond 2^53 units', () => {
    const file = writePcapng([{ data: A, seconds: 4102444800, nanos: 999999999 }], { tsresol: 9 });
    expect(readAll(file).records[0]).toMatchObject({ seconds: 4102444800, nanos: 999999999 });
  });
});

describe('chunking: identical records however the input is split', () => {
  const records = Array.from({ length: 40 }, (_, i) => ({
    data: C.subarray(0, (i * 37) % 1500),
    seconds: 1700000000 + i,
    nanos: i * 1000,
  }));
  const files = {
    'pcap little-endian': writePcap(records),
    'pcap big-endian ns': writePcap(records, { bigEndian: true, nanos: true }),
    pcapng: writePcapngBlocks([
      { block: 'shb' },
      { block: 'idb', linkType: 1, tsresol: 9 },
      { block: 'raw', type: 0x77, body: new Uint8Array(20) },
      ...records.slice(0, 20).map((r, i) => ({
        block: 'epb' as const,
        timestamp: BigInt(r.seconds) * 1_000_000_000n + BigInt(i),
        data: r.data,
      })),
      { block: 'shb', bigEndian: true },
      { block: 'idb', linkType: 113 },
      ...records.slice(20).map((r) => ({ block: 'spb' as const, data: r.data })),
    ]),
  };
  for (const [name, file] of Object.entries(files)) {
    it(`${name}: whole, one byte at a time and random splits agree`, () => {
      const r = readAllWays(file);
      expect(r.records).toHaveLength(40);
      expect(r.done).toBe(true);
    });
  }
});

describe('options', () => {
  const records = Array.from({ length: 30 }, (_, i) => ({
    data: new Uint8Array(50 + i).fill(i),
    seconds: 1700000000 + i,
  }));

  it('recordSlabBytes gives the same records, each with its own bytes', async () => {
    const { CaptureReader } = await import('../../../src/decoder/capture/index.js');
    const reader = new CaptureReader({ recordSlabBytes: 1024 });
    reader.push(writePcap(records));
    reader.end();
    const got = [];
    for (let r = reader.next(); r; r = reader.next()) got.push(r);
    expect(got.map((r) => [r.index, r.data.length, r.data[0], r.data[r.data.length - 1]])).toEqual(
      records.map((r, i) => [i + 1, r.data.length, i, i]),
    );
  });

  it('maxRecordBytes caps what a record may claim', () => {
    const file = writePcap([records[0], { data: new Uint8Array(1500), seconds: 1700000001 }, records[2], records[3]]);
    const r = readAll(file, whole, 1000);
    expect(r.records.map((x) => x.data.length)).toEqual([50, 52, 53]);
    expect(r.findings.map((f) => f.message)).toEqual([
      'record 2 at file offset 90 has an impossible header (captured length 1500 is over 1000); skipped 1516 bytes to the next plausible record at offset 1606',
    ]);
  });

  it('reads the modified pcap format (magic a1b2cd34, 24-byte record headers)', () => {
    const file = writePcap([records[0], records[1]]);
    // Rebuild with 8 extra bytes (ifindex, protocol, pkt_type, pad) after each 16-byte header.
    const view = new DataView(file.buffer);
    view.setUint32(0, 0xa1b2cd34, true);
    const out = [file.subarray(0, 24)];
    let at = 24;
    for (const r of [records[0], records[1]]) {
      out.push(file.subarray(at, at + 16), new Uint8Array(8), file.subarray(at + 16, at + 16 + r.data.length));
      at += 16 + r.data.length;
    }
    const modified = concatList(out);
    const read = readAll(modified);
    expect(read.info?.format).toBe('pcap');
    expect(read.records.map((x) => [x.seconds, x.data.length, x.data[0]])).toEqual([
      [1700000000, 50, 0],
      [1700000001, 51, 1],
    ]);
  });
});

describe('memory', () => {
  it('keeps no consumed input: the buffer stays near one chunk plus one record', async () => {
    const { CaptureReader } = await import('../../../src/decoder/capture/index.js');
    const file = writePcap(
      Array.from({ length: 20000 }, (_, i) => ({ data: C.subarray(0, 100 + (i % 1400)), seconds: 1700000000 + i })),
    );
    expect(file.length).toBeGreaterThan(10_000_000);
    const reader = new CaptureReader();
    let count = 0;
    let largest = 0;
    for (let at = 0; at < file.length; at += 65536) {
      reader.push(file.subarray(at, at + 65536));
      for (let r = reader.next(); r; r = reader.next()) count++;
      // White-box: the internal buffer's capacity.
      largest = Math.max(largest, (reader as unknown as { buf: { bytes: Uint8Array } }).buf.bytes.length);
    }
    reader.end();
    for (let r = reader.next(); r; r = reader.next()) count++;
    expect(count).toBe(20000);
    expect(largest).toBeLessThanOrEqual(4 * 65536);
  });
});
