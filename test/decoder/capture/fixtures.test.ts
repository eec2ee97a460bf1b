// The real captures in fixtures/shared against independent readers: the `pcap-parser` npm
// package for classic pcap (Node-only, used here as a reference and nowhere else), and tshark's
// reading (the .oracle.json files) plus the same traffic as classic pcap for the pcapng file.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAll, readAllWays } from './read-all.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/shared');

interface ReferencePacket {
  header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number };
  data: Uint8Array;
}
interface PcapParserModule {
  parse(input: string): {
    on(event: 'packet', fn: (p: ReferencePacket) => void): void;
    on(event: 'end', fn: () => void): void;
    on(event: 'error', fn: (e: Error) => void): void;
  };
}
const pcapParser = createRequire(import.meta.url)('pcap-parser') as PcapParserModule;

/** Every packet of a classic pcap file as pcap-parser reads it. */
function reference(path: string): Promise<ReferencePacket[]> {
  return new Promise((resolve, reject) => {
    const packets: ReferencePacket[] = [];
    const parser = pcapParser.parse(path);
    parser.on('packet', (p) => packets.push({ header: { ...p.header }, data: Uint8Array.from(p.data) }));
    parser.on('end', () => resolve(packets));
    parser.on('error', reject);
  });
}

const pcaps = readdirSync(FIXTURES).filter((f) => f.endsWith('.pcap'));

describe('classic pcap fixtures agree with pcap-parser', () => {
  it('finds the fixtures', () => {
    expect(pcaps.length).toBeGreaterThan(10);
  });
  for (const name of pcaps) {
    it(name, async () => {
      const path = join(FIXTURES, name);
      const expected = await reference(path);
      expect(expected.length).toBeGreaterThan(0);
      const file = new Uint8Array(readFileSync(path));
      const r = readAllWays(file);
      expect(r.fatal).toBeNull();
      expect(r.findings).toEqual([]);
      expect(r.records.length).toBe(expected.length);
      r.records.forEach((rec, i) => {
        const ref = expected[i];
        expect(rec.index).toBe(i + 1);
        expect(rec.seconds).toBe(ref.header.timestampSeconds);
        expect(rec.nanos).toBe(ref.header.timestampMicroseconds * 1000);
        expect(rec.capturedLength).toBe(ref.header.capturedLength);
        expect(rec.originalLength).toBe(ref.header.originalLength);
        expect(Buffer.from(rec.data).equals(Buffer.from(ref.data))).toBe(true);
      });
    });
  }
});

describe('the pcapng fixture', () => {
  const read = () => readAll(new Uint8Array(readFileSync(join(FIXTURES, '09a_format_pcapng.pcapng'))));
  const oracle = JSON.parse(readFileSync(join(FIXTURES, '09a_format_pcapng.pcapng.oracle.json'), 'utf8')) as {
    capinfos: Record<string, string>;
    websocket_frames: { frame: number; time_epoch: string }[];
  };

  it('has as many records as tshark counted', () => {
    const r = read();
    expect(r.fatal).toBeNull();
    expect(r.findings).toEqual([]);
    expect(r.records.length).toBe(Number(oracle.capinfos['Number of packets']));
    expect(r.info?.format).toBe('pcapng');
    expect(r.info?.interfaces[0].linkType).toBe(1); // capinfos: "ether"
  });

  it('gives each WebSocket frame the timestamp tshark gave it', () => {
    const r = read();
    expect(oracle.websocket_frames.length).toBeGreaterThan(0);
    for (const f of oracle.websocket_frames) {
      const [s, frac] = f.time_epoch.split('.');
      const rec = r.records[f.frame - 1];
      expect([rec.index, rec.seconds, rec.nanos]).toEqual([f.frame, Number(s), Number(frac)]);
    }
  });

  it('holds the same packets as 01_pyws_text_echo.pcap (same traffic), as pcap-parser reads it', async () => {
    const expected = await reference(join(FIXTURES, '01_pyws_text_echo.pcap'));
    const r = read();
    expect(r.records.length).toBe(expected.length);
    r.records.forEach((rec, i) => {
      const ref = expected[i];
      expect([rec.seconds, rec.nanos, rec.capturedLength, rec.originalLength]).toEqual([
        ref.header.timestampSeconds,
        ref.header.timestampMicroseconds * 1000,
        ref.header.capturedLength,
        ref.header.originalLength,
      ]);
      expect(Buffer.from(rec.data).equals(Buffer.from(ref.data))).toBe(true);
    });
  });
});
