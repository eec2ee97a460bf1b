// decodePacket on every record of the real captures in fixtures/shared: each WebSocket frame
// and HTTP handshake packet tshark found (the .oracle.json files) decodes to a TCP segment with
// the addresses and ports tshark gave it, and nothing in these clean captures is malformed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../../../src/decoder/capture/index.js';
import type { CaptureRecord } from '../../../src/decoder/capture/types.js';
import { decodePacket } from '../../../src/decoder/packet/index.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/shared');

interface OraclePacket {
  frame: number;
  src: string;
  srcport: number;
  dst: string;
  dstport: number;
}
interface Oracle {
  websocket_frames: OraclePacket[];
  handshakes: { requests: OraclePacket[]; responses: OraclePacket[] }[];
}

function records(path: string): CaptureRecord[] {
  const reader = new CaptureReader();
  reader.push(new Uint8Array(readFileSync(path)));
  reader.end();
  const out: CaptureRecord[] = [];
  for (let r = reader.next(); r; r = reader.next()) out.push(r);
  return out;
}

const captures = readdirSync(FIXTURES).filter((f) => f.endsWith('.pcap') || f.endsWith('.pcapng'));

describe('real captures', () => {
  for (const name of captures) {
    it(`${name}: every record is TCP, with tshark's endpoints`, () => {
      const oracle = JSON.parse(readFileSync(join(FIXTURES, `${name}.oracle.json`), 'utf8')) as Oracle;
      const recs = records(join(FIXTURES, name));
      const results = recs.map(decodePacket);
      expect(results.filter((r) => r.kind !== 'tcp')).toEqual([]);
      const seen: OraclePacket[] = [
        ...oracle.websocket_frames,
        ...oracle.handshakes.flatMap((h) => [...h.requests, ...h.responses]),
      ];
      expect(seen.length).toBeGreaterThan(0);
      for (const p of seen) {
        const r = results[p.frame - 1];
        if (r.kind !== 'tcp') throw new Error(`record ${p.frame} is not tcp`);
        expect([r.segment.src, r.segment.dst]).toEqual([
          { address: p.src, port: Number(p.srcport) },
          { address: p.dst, port: Number(p.dstport) },
        ]);
        expect(r.segment.truncated).toBe(false);
      }
    });
  }
});
