// Damaged and non-capture input: every readable record comes out, the damage is reported once,
// and nothing throws.
import { describe, expect, it } from 'vitest';
import { byteByByte, randomSplit } from '../../helpers/chunking.js';
import { concat, hex, writePcap, writePcapng, writePcapngBlocks } from '../../helpers/pcap-writer.js';
import { mulberry32 } from '../../helpers/rng.js';
import { readAll, readAllWays, summary } from './read-all.js';

const packet = (n: number, length: number) => new Uint8Array(length).fill(n);
const records = Array.from({ length: 10 }, (_, i) => ({
  data: packet(i + 1, 60 + i),
  seconds: 1700000000 + i,
  nanos: 0,
}));

describe('cut-off files', () => {
  it('returns every complete record, then reports the record cut off in its data', () => {
    const file = writePcap([
      { data: packet(1, 100), seconds: 1 },
      { data: packet(2, 1514), seconds: 2 },
    ]);
    const cut = file.subarray(0, 24 + 16 + 100 + 16 + 200);
    const r = readAllWays(cut);
    expect(r.records.map((x) => x.index)).toEqual([1]);
    expect(r.findings.map((f) => [f.code, f.message, f.packet])).toEqual([
      ['capture.damaged', 'capture ends in the middle of record 2 (needs 1514 bytes, 200 present)', 2],
    ]);
    expect(r.done).toBe(true);
  });

  it('reports a file cut off inside a record header', () => {
    const file = writePcap([{ data: packet(1, 100) }, { data: packet(2, 100) }]);
    const r = readAll(file.subarray(0, 24 + 116 + 5));
    expect(r.records).toHaveLength(1);
    expect(r.findings.map((f) => f.message)).toEqual([
      "capture ends in the middle of record 2's header (needs 16 bytes, 5 present)",
    ]);
  });

  it('reports a pcapng file cut off inside a packet block', () => {
    const file = writePcapng([{ data: packet(1, 100) }, { data: packet(2, 100) }]);
    const r = readAll(file.subarray(0, file.length - 50));
    expect(r.records).toHaveLength(1);
    expect(r.findings.map((f) => f.message)).toEqual([
      'capture ends in the middle of record 2 (its block needs 132 bytes, 82 present)',
    ]);
  });

  it('refuses a pcap file header that is cut off', () => {
    expect(readAll(writePcap([]).subarray(0, 10)).fatal).toBe('pcap file header is cut off (10 of 24 bytes)');
  });
});

describe('garbage in the middle: resync', () => {
  // 23 bytes of junk: read as a record header its captured length (bytes 8-11, 13 37 ca fe
  // little-endian = 4274665235) is impossible; the odd length breaks 4-byte alignment.
  const junk = hex('de ad be ef ff ff ff ff 13 37 ca fe ba be 00 11 22 33 44 55 66 77 88');

  it('classic pcap: skips the junk and decodes every record after it', () => {
    const clean = writePcap(records);
    const at = 24 + (16 + 60) + (16 + 61) + (16 + 62); // after record 3
    const file = concat(clean.subarray(0, at), junk, clean.subarray(at));
    const r = readAllWays(file);
    expect(r.records.map((x) => [x.index, x.seconds, x.capturedLength])).toEqual(
      records.map((x, i) => [i + 1, x.seconds, x.data.length]),
    );
    expect(r.records[9].data).toEqual(records[9].data);
    expect(r.findings.map((f) => [f.code, f.message])).toEqual([
      [
        'capture.damaged',
        `record 4 at file offset ${at} has an impossible header (captured length 4274665235 is over 262144); skipped 23 bytes to the next plausible record at offset ${at + 23}`,
      ],
    ]);
  });

  it('classic pcap: junk at the end is reported and skipped', () => {
    const file = concat(writePcap(records.slice(0, 2)), junk);
    const r = readAll(file);
    expect(r.records).toHaveLength(2);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].message).toMatch(/no plausible record follows; the last 23 bytes were skipped$/);
    expect(r.done).toBe(true);
  });

  it('classic pcap: a record whose captured length exceeds its original length is damage', () => {
    const clean = writePcap(records.slice(0, 3));
    const view = new DataView(clean.buffer);
    const second = 24 + 16 + 60;
    view.setUint32(second + 12, 5, true); // original length 5 < captured 61
    const r = readAll(clean);
    expect(r.records.map((x) => x.data[0])).toEqual([1, 3]);
    expect(r.findings[0].message).toMatch(
      /^record 2 at file offset 100 has an impossible header \(captured length 61 is more than the original length 5\); skipped 77 bytes/,
    );
  });

  it('pcapng: skips junk between blocks and carries on', () => {
    const head = writePcapngBlocks([{ block: 'shb' }, { block: 'idb', linkType: 1 }]);
    const epbs = records.map((r, i) => writePcapngBlocks([{ block: 'epb', timestamp: BigInt(i), data: r.data }]));
    const file = concat(head, ...epbs.slice(0, 4), junk, ...epbs.slice(4));
    const junkAt = head.length + epbs.slice(0, 4).reduce((n, b) => n + b.length, 0);
    const r = readAllWays(file);
    expect(r.records.map((x) => [x.index, x.nanos, x.data.length])).toEqual(
      records.map((x, i) => [i + 1, i * 1000, x.data.length]),
    );
    expect(r.findings.map((f) => f.message)).toEqual([
      `damaged pcapng data at file offset ${junkAt} (block of type 4022250974 has an impossible length 4294967295); skipped 23 bytes to the next plausible block at offset ${junkAt + 23}`,
    ]);
  });

  it('pcapng: a block whose trailing length differs starts a resync', () => {
    const head = writePcapngBlocks([{ block: 'shb' }, { block: 'idb', linkType: 1 }]);
    const epbs = records.slice(0, 3).map((r) => writePcapngBlocks([{ block: 'epb', timestamp: 1n, data: r.data }]));
    const bad = epbs[1].slice(); // 28 + 61 data padded to 64 + 4 = 96 bytes
    new DataView(bad.buffer).setUint32(bad.length - 4, 8, true);
    const r = readAll(concat(head, epbs[0], bad, epbs[2]));
    expect(r.records.map((x) => x.data[0])).toEqual([1, 3]);
    expect(r.findings[0].message).toMatch(/block of type 6 has length 96 but trailing length 8\); skipped 96 bytes/);
  });
});

describe('not a capture file', () => {
  const cases: [string, Uint8Array, string][] = [
    ['empty input', new Uint8Array(0), 'empty file'],
    ['three bytes', hex('d4 c3 b2'), 'not a pcap or pcapng file (only 3 bytes long)'],
    [
      'a PNG image',
      hex('89 50 4e 47 0d 0a 1a 0a 00 00 00 0d 49 48 44 52'),
      'not a pcap or pcapng file (starts with 89 50 4e 47, which looks like a PNG image)',
    ],
    [
      'text',
      new TextEncoder().encode('GET / HTTP/1.1\r\nHost: example\r\n\r\n'),
      'not a pcap or pcapng file (starts with 47 45 54 20, which looks like text)',
    ],
    [
      'a gzipped capture',
      hex('1f 8b 08 00 00 00 00 00'),
      'not a pcap or pcapng file (starts with 1f 8b 08 00, which looks like a gzip file (decompress it first))',
    ],
    ['random bytes', hex('07 9c 01 f3 55 aa 00 10 80 81'), 'not a pcap or pcapng file (starts with 07 9c 01 f3)'],
    [
      'a pcapng SHB with a bad byte-order magic',
      hex('0a 0d 0d 0a 1c 00 00 00 11 22 33 44 01 00 00 00 ff ff ff ff ff ff ff ff 1c 00 00 00'),
      'not a pcapng file (section header byte-order magic is 0x44332211, expected 0x1a2b3c4d)',
    ],
  ];
  for (const [name, input, reason] of cases) {
    it(`refuses ${name}`, () => {
      const r = readAllWays(input);
      expect(r.fatal).toBe(reason);
      expect(r.records).toEqual([]);
      expect(r.done).toBe(true);
    });
  }

  it('never throws on random input, whatever the magic', () => {
    const random = mulberry32(12345);
    for (let round = 0; round < 200; round++) {
      const body = Uint8Array.from({ length: 200 + (round % 50) }, () => Math.floor(random() * 256));
      const magic = [writePcap([]).subarray(0, 24), writePcapng([]).subarray(0, 48), new Uint8Array(0)][round % 3];
      const file = concat(magic, body);
      const whole = readAll(file);
      expect(whole.done).toBe(true);
      const bytes = readAll(file, byteByByte);
      expect(summary(bytes.records)).toEqual(summary(whole.records));
      expect(bytes.findings).toEqual(whole.findings);
    }
  });
});

describe('damage is chunking-independent (property)', () => {
  it('junk anywhere gives the same records and findings whole, byte by byte and in random splits', async () => {
    const fc = (await import('fast-check')).default;
    const clean = { pcap: writePcap(records), pcapng: writePcapng(records) };
    fc.assert(
      fc.property(
        fc.constantFrom('pcap' as const, 'pcapng' as const),
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 1, max: 1 << 30 }),
        (format, where, junk, seed) => {
          const file = clean[format];
          const header = format === 'pcap' ? 24 : 48;
          const at = header + (where % (file.length - header));
          const damaged = concat(file.subarray(0, at), junk, file.subarray(at));
          const whole = readAll(damaged);
          expect(whole.done).toBe(true);
          expect(whole.fatal).toBeNull();
          for (const split of [byteByByte, randomSplit(seed, 4096)]) {
            const r = readAll(damaged, split);
            expect(summary(r.records)).toEqual(summary(whole.records));
            expect(r.findings).toEqual(whole.findings);
          }
          // A record wholly after the junk survives: the last one, when the junk is before its header.
          const lastRecord = records[records.length - 1];
          const lastHeader =
            file.length -
            (format === 'pcap' ? 16 : 32) -
            ((lastRecord.data.length + 3) & (format === 'pcap' ? -1 : ~3));
          if (at <= lastHeader) expect(whole.records.at(-1)?.data).toEqual(lastRecord.data);
        },
      ),
      { numRuns: 150 },
    );
  });
});
