// Reassembly of the shared real captures (fixtures/shared, see its README): the TCP-pathology
// rewrites of 10_base must reassemble to exactly the base's streams, except for the one
// segment 10e removed (1000 bytes, server → client), which must come out as a gap.
// The capture and packet layers are other modules; here they only turn files into segments.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../../../src/decoder/capture/index.js';
import type { Finding } from '../../../src/decoder/findings.js';
import { decodePacket } from '../../../src/decoder/packet/index.js';
import type { TcpEvent } from '../../../src/decoder/tcp/events.js';
import { TcpTracker } from '../../../src/decoder/tcp/index.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/shared');

interface Reassembled {
  events: TcpEvent[];
  findings: Finding[];
  /** `${connectionId}${side}` → stream bytes, -1 for each gap byte. */
  streams: Map<string, number[]>;
}

function reassemble(file: string): Reassembled {
  const reader = new CaptureReader();
  reader.push(new Uint8Array(readFileSync(join(FIXTURES, file))));
  reader.end();
  const tracker = new TcpTracker({ maxOutOfOrderBytes: 16 * 1024 * 1024 });
  const events: TcpEvent[] = [];
  for (let rec = reader.next(); rec; rec = reader.next()) {
    const r = decodePacket(rec);
    if (r.kind === 'tcp') events.push(...tracker.push(r.segment));
  }
  events.push(...tracker.end());
  const streams = new Map<string, number[]>();
  for (const ev of events) {
    if (ev.type !== 'data' && ev.type !== 'gap') continue;
    const key = `${ev.connectionId}${ev.side}`;
    const s = streams.get(key) ?? [];
    streams.set(key, s);
    expect(ev.streamOffset).toBe(s.length);
    if (ev.type === 'data') for (const b of ev.bytes) s.push(b);
    else for (let i = 0; i < ev.length; i++) s.push(-1);
  }
  const findings = events.flatMap((e) => (e.type === 'finding' ? [e.finding] : []));
  return { events, findings, streams };
}

const codes = (r: Reassembled) => r.findings.map((f) => f.code);

describe('shared captures: TCP pathologies of 10_base', () => {
  const base = reassemble('10_base_for_pathologies.pcap');

  it('reads the base as one connection with its handshake and both FINs, no findings', () => {
    expect(codes(base)).toEqual([]);
    const lines = base.events.filter((e) => e.type === 'open' || e.type === 'control' || e.type === 'closed');
    expect(lines.map((e) => (e.type === 'control' ? `${e.what} ${e.side}` : e.type))).toEqual([
      'open',
      'syn a',
      'syn-ack b',
      expect.stringMatching(/^fin [ab]$/),
      expect.stringMatching(/^fin [ab]$/),
      'closed',
    ]);
    // The client sent 3000 + 20000 + 7000 bytes of payload plus framing: well over 30000.
    expect(base.streams.get('1a')?.length).toBeGreaterThan(30_000);
    expect(base.streams.get('1b')?.length).toBeGreaterThan(30_000);
  });

  it('10a: re-segmentation into 1000-byte segments changes nothing', () => {
    const r = reassemble('10a_tcp_resegmented_mss1000.pcap');
    expect(codes(r)).toEqual([]);
    expect(r.streams).toEqual(base.streams);
  });

  it('10b: two swapped client segments are put back in order', () => {
    const r = reassemble('10b_tcp_out_of_order.pcap');
    expect(codes(r)).toEqual(['tcp.out-of-order']);
    expect(r.findings[0]).toMatchObject({ connectionId: 1, packet: 9 });
    expect(r.streams).toEqual(base.streams);
  });

  it('10c: an exact duplicate server segment is a retransmission, delivered once', () => {
    const r = reassemble('10c_tcp_retransmission.pcap');
    expect(codes(r)).toEqual(['tcp.retransmission']);
    expect(r.findings[0].message).toMatch(
      /^retransmitted 1000 of 1000 bytes at stream offset \d+ on 127\.0\.0\.1:18100 → /,
    );
    expect(r.streams).toEqual(base.streams);
  });

  it('10e: the removed server segment becomes one 1000-byte gap, declared when the client ACKs past it', () => {
    const r = reassemble('10e_tcp_lost_segment.pcap');
    expect(codes(r)).toEqual(['tcp.out-of-order', 'tcp.gap']);
    expect(r.findings[0]).toMatchObject({ packet: 37 }); // the first segment after the hole
    expect(r.findings[1].message).toMatch(
      /^1000 bytes missing from the 127\.0\.0\.1:18100 → 127\.0\.0\.1:\d+ stream at offset \d+ \(never captured\)$/,
    );
    const gap = r.events.find((e) => e.type === 'gap');
    expect(gap).toMatchObject({ side: 'b', length: 1000 });
    // Declared by a client ACK soon after the hole, not at the end of the connection.
    const closed = r.events.find((e) => e.type === 'closed');
    expect(gap?.record).toBeGreaterThan(37);
    expect(gap?.record).toBeLessThan((closed?.record ?? 0) - 5);
    expect(r.streams.get('1a')).toEqual(base.streams.get('1a'));
    const server = r.streams.get('1b') ?? [];
    const baseServer = base.streams.get('1b') ?? [];
    expect(server.length).toBe(baseServer.length);
    const missing = server.flatMap((b, i) => (b === -1 ? [i] : []));
    expect(missing).toHaveLength(1000);
    expect(server.map((b, i) => (b === -1 ? baseServer[i] : b))).toEqual(baseServer);
  });
});

describe('shared captures: clean loopback traffic', () => {
  const clean = [
    '01_pyws_text_echo.pcap',
    '02a_pyws_deflate_context_takeover.pcap',
    '05_pyws_large_binary.pcap',
    '07c_neg_rejected_401_426.pcap',
    '09a_format_pcapng.pcapng',
    '09c_format_linux_sll.pcap',
    '09e_format_bigendian.pcap',
  ];
  it.each(clean)('%s: every connection opens with a SYN and closes with FINs, no findings', (file) => {
    const r = reassemble(file);
    expect(codes(r)).toEqual([]);
    const opens = r.events.filter((e) => e.type === 'open');
    expect(opens.length).toBeGreaterThan(0);
    expect(opens.every((e) => e.type === 'open' && e.synSeen)).toBe(true);
    const closes = r.events.filter((e) => e.type === 'closed');
    expect(closes.map((e) => (e.type === 'closed' ? e.how : ''))).toEqual(opens.map(() => 'fin'));
  });

  it('04: finds the two retransmissions tshark marks (frames 24 and 65), on the right connections', () => {
    const r = reassemble('04_fragments_ping_pong_close_codes.pcap');
    expect(r.findings.map((f) => `${f.code} ${f.connectionId} ${f.packet}`)).toEqual([
      'tcp.retransmission 1 24',
      'tcp.retransmission 2 65',
    ]);
  });
});
