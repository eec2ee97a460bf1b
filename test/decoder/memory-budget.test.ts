// The decoder's memory budget (issue 15, point 2): past Limits.maxConnectionStateBytes the
// connection idle the longest is given up with a limit.connection-evicted finding, reported as
// ended there, and later packets of it start a new connection; connections with no payload cost
// a PendingConnection, not a decoder, and give the same records.

import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../src/decoder/index.js';
import { tcpPacket, writePcap } from '../helpers/pcap-writer.js';
import { CLIENT, SERVER, sendText, wsCapture } from '../helpers/ws-capture.js';

const syn = (sport: number, seq = 1) => ({
  data: tcpPacket({ src: CLIENT[0], sport, dst: SERVER[0], dport: SERVER[1], seq, flags: 'S' }),
});

describe('memory budget', () => {
  it('gives up the idlest of the oldest connections, reports it, and keeps decoding', () => {
    // 1: SYN; 2: SYN; 1's SYN-ACK (record 3); 3: SYN (record 4) -> over a two-connection
    // budget: connection 2 is the idlest (last record 2) and is given up.
    const synAck = {
      data: tcpPacket({ src: SERVER[0], sport: SERVER[1], dst: CLIENT[0], dport: 40001, seq: 7, ack: 2, flags: 'SA' }),
    };
    const bytes = writePcap([syn(40001), syn(40002), synAck, syn(40003), syn(40002, 99)]);
    const a = analyzeCapture(bytes, { limits: { maxConnectionStateBytes: 2048 } });
    const evicted = a.findings.filter((f) => f.code === 'limit.connection-evicted');
    expect(evicted.map((f) => [f.connectionId, f.packet])).toEqual([
      [2, 4],
      [1, 5],
      [null, null],
    ]);
    expect(evicted[0]?.message).toMatch(/connection 2 given up at record 4: .* idle the longest \(last packet 2\)/);
    expect(evicted[2]?.message).toMatch(/^2 connections were given up/);
    // 40002's second SYN (record 5) opened connection 4: its old state was forgotten.
    expect(a.connections.map((c) => [c.id, c.client.port, c.lastRecord])).toEqual([
      [1, 40001, 3],
      [2, 40002, 2],
      [3, 40003, 4],
      [4, 40002, 5],
    ]);
  });

  it('a SYN-only connection gives the record a full decoder gives (CONNECTING, its SYN)', () => {
    const a = analyzeCapture(writePcap([syn(40001)]));
    expect(a.connections).toHaveLength(1);
    const c = a.connections[0]!;
    expect(c.kind).toBe('tcp');
    expect(c.tcpEvents.map((t) => [t.what, t.direction, t.record])).toEqual([['syn', 'client', 1]]);
    expect(c.lifecycle.map((l) => l.state)).toEqual(['CONNECTING']);
  });

  it('the default budget changes nothing on an ordinary capture', () => {
    const a = analyzeCapture(wsCapture(sendText('hello')));
    expect(a.findings.map((f) => f.code)).not.toContain('limit.connection-evicted');
    expect(a.messages.map((m) => m.text)).toEqual(['hello']);
  });
});
