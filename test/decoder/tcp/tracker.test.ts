// Connection tracking: who is side 'a', connection ids, SYN/FIN/RST handling, port reuse.
// Sequence numbers in these tests: client ISN 1000, server ISN 5000 unless stated otherwise.

import { describe, expect, it } from 'vitest';
import type { TcpSegment } from '../../../src/decoder/packet/types.js';
import type { TcpEvent } from '../../../src/decoder/tcp/events.js';
import { TcpTracker } from '../../../src/decoder/tcp/index.js';
import { C2S, CLIENT, renderAll, S2C, SERVER, segmentBuilder } from './segments.js';

function pushAll(tracker: TcpTracker, segments: TcpSegment[]): TcpEvent[] {
  return segments.flatMap((s) => tracker.push(s));
}

const LIMITS = { maxOutOfOrderBytes: 1 << 20 };

describe('RFC 9293 §3.5 connection establishment and close', () => {
  it('tracks a handshake, data both ways and a FIN close', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    const events = pushAll(t, [
      seg({ from: 'c', seq: 1000, flags: 'S' }),
      seg({ from: 's', seq: 5000, ack: 1001, flags: 'SA' }),
      seg({ from: 'c', seq: 1001, ack: 5001 }),
      seg({ from: 'c', seq: 1001, ack: 5001, flags: 'PA', data: 'hello' }),
      seg({ from: 's', seq: 5001, ack: 1006, flags: 'PA', data: 'world!' }),
      seg({ from: 'c', seq: 1006, ack: 5007, flags: 'FA' }),
      seg({ from: 's', seq: 5007, ack: 1007, flags: 'FA' }),
    ]);
    expect(renderAll(events)).toEqual([
      'open 1 a=10.0.0.1:5000 b=10.0.0.2:80 syn r1',
      'syn 1a r1',
      'syn-ack 1b r2',
      'data 1a @0 "hello" r4[0+5] r4',
      'data 1b @0 "world!" r5[0+6] r5',
      'fin 1a r6',
      'fin 1b r7',
      'closed 1 fin r7',
    ]);
    // The final ACK belongs to a closed connection: nothing more for id 1.
    expect(t.push(seg({ from: 'c', seq: 1007, ack: 5008 }))).toEqual([]);
    expect(t.end()).toEqual([]);
    expect(t.connectionCount()).toBe(1);
  });

  it('gives data events their bytes, spans, record and time', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    pushAll(t, [seg({ from: 'c', seq: 1000, flags: 'S' })]);
    const events = t.push(seg({ from: 'c', seq: 1001, flags: 'PA', ack: 0, data: 'abc' }));
    expect(events).toEqual([
      {
        type: 'data',
        connectionId: 1,
        side: 'a',
        streamOffset: 0,
        bytes: new Uint8Array([0x61, 0x62, 0x63]), // "abc"
        spans: [{ record: 2, streamOffset: 0, length: 3, time: 1000.002 }],
        record: 2,
        time: 1000.002,
      },
    ]);
  });

  it('does not repeat a retransmitted SYN or FIN', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    const events = pushAll(t, [
      seg({ from: 'c', seq: 1000, flags: 'S' }),
      seg({ from: 'c', seq: 1000, flags: 'S' }),
      seg({ from: 's', seq: 5000, ack: 1001, flags: 'SA' }),
      seg({ from: 's', seq: 5000, ack: 1001, flags: 'SA' }),
      seg({ from: 'c', seq: 1001, ack: 5001, flags: 'FA' }),
      seg({ from: 'c', seq: 1001, ack: 5001, flags: 'FA' }),
    ]);
    expect(renderAll(events)).toEqual([
      'open 1 a=10.0.0.1:5000 b=10.0.0.2:80 syn r1',
      'syn 1a r1',
      'syn-ack 1b r3',
      'fin 1a r5',
    ]);
    expect(t.connectionCount()).toBe(1);
  });

  it('delivers data carried on a SYN (TCP Fast Open, RFC 7413) at offset 0', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    const events = pushAll(t, [
      seg({ from: 'c', seq: 1000, flags: 'S', data: 'GET' }),
      seg({ from: 'c', seq: 1000, flags: 'S', data: 'GET' }),
      seg({ from: 'c', seq: 1004, flags: 'PA', ack: 5001, data: ' /' }),
    ]);
    expect(renderAll(events)).toEqual([
      'open 1 a=10.0.0.1:5000 b=10.0.0.2:80 syn r1',
      'syn 1a r1',
      'data 1a @0 "GET" r1[0+3] r1',
      `tcp.retransmission 1 r2: retransmitted 3 of 3 bytes at stream offset 0 on ${C2S}`,
      'data 1a @3 " /" r3[3+2] r3',
    ]);
  });

  it('keeps both SYNs of a simultaneous open on one connection', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    const events = pushAll(t, [seg({ from: 'c', seq: 1000, flags: 'S' }), seg({ from: 's', seq: 5000, flags: 'S' })]);
    expect(renderAll(events)).toEqual(['open 1 a=10.0.0.1:5000 b=10.0.0.2:80 syn r1', 'syn 1a r1', 'syn 1b r2']);
  });

  it('closes on RST, flushing buffered data with its gap first', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    pushAll(t, [
      seg({ from: 'c', seq: 1000, flags: 'S' }),
      seg({ from: 's', seq: 5000, ack: 1001, flags: 'SA' }),
      seg({ from: 'c', seq: 1001, ack: 5001, flags: 'PA', data: 'abc' }),
    ]);
    // 6 bytes (offsets 3..8) never captured; "zz" waits at offset 9.
    expect(renderAll(t.push(seg({ from: 'c', seq: 1010, ack: 5001, flags: 'PA', data: 'zz' })))).toEqual([
      `tcp.out-of-order 1 r4: 2 bytes at stream offset 9 arrived before the bytes from offset 3 on ${C2S}`,
    ]);
    expect(renderAll(t.push(seg({ from: 's', seq: 5001, flags: 'R' })))).toEqual([
      'rst 1b r5',
      `tcp.reset 1 r5: connection reset by 10.0.0.2:80 (rst on ${S2C})`,
      'gap 1a @3+6 r5',
      `tcp.gap 1 r5: 6 bytes missing from the ${C2S} stream at offset 3 (never captured)`,
      'data 1a @9 "zz" r4[9+2] r5',
      'closed 1 rst r5',
    ]);
    expect(t.push(seg({ from: 'c', seq: 1012, ack: 5001, flags: 'PA', data: 'late' }))).toEqual([]);
    expect(t.end()).toEqual([]);
  });

  it('ignores data sent after a FIN on that side', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    const events = pushAll(t, [
      seg({ from: 'c', seq: 1000, flags: 'S' }),
      seg({ from: 'c', seq: 1001, flags: 'PFA', ack: 0, data: 'bye' }),
      seg({ from: 'c', seq: 1005, flags: 'PA', ack: 0, data: 'late' }),
    ]);
    expect(renderAll(events)).toEqual([
      'open 1 a=10.0.0.1:5000 b=10.0.0.2:80 syn r1',
      'syn 1a r1',
      'data 1a @0 "bye" r2[0+3] r2',
      'fin 1a r2',
    ]);
  });
});

describe('connections seen without their SYN', () => {
  it('makes the first sender side a and notes a mid-stream start', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    const first = t.push(seg({ from: 's', seq: 777, ack: 3333, flags: 'PA', data: 'hi' }));
    expect(renderAll(first)).toEqual([
      'open 1 a=10.0.0.2:80 b=10.0.0.1:5000 r1',
      `tcp.mid-stream 1 r1: no syn seen for ${S2C}; the connection started before the capture`,
      'data 1a @0 "hi" r1[0+2] r1',
    ]);
    expect(first[0]).toMatchObject({ type: 'open', synSeen: false });
    expect(first[1]).toMatchObject({ finding: { severity: 'note', direction: null, time: 1000.001 } });
    expect(renderAll(t.push(seg({ from: 'c', seq: 3333, ack: 779, flags: 'PA', data: 'yo' })))).toEqual([
      'data 1b @0 "yo" r2[0+2] r2',
    ]);
  });

  it('takes the receiver of a SYN-ACK seen first as side a (the client)', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    const events = pushAll(t, [
      seg({ from: 's', seq: 5000, ack: 1001, flags: 'SA' }),
      seg({ from: 'c', seq: 1001, ack: 5001 }),
      seg({ from: 'c', seq: 1001, ack: 5001, flags: 'PA', data: 'GET' }),
      seg({ from: 's', seq: 5001, ack: 1004, flags: 'PA', data: 'HTTP' }),
    ]);
    expect(renderAll(events)).toEqual([
      'open 1 a=10.0.0.1:5000 b=10.0.0.2:80 r1',
      'tcp.mid-stream 1 r1: first packet of 10.0.0.1:5000 ↔ 10.0.0.2:80 is a syn-ack; the syn was not captured',
      'syn-ack 1b r1',
      'data 1a @0 "GET" r3[0+3] r3',
      'data 1b @0 "HTTP" r4[0+4] r4',
    ]);
    expect(events[1]).toMatchObject({ finding: { direction: 'client' } });
  });

  it('writes IPv6 endpoints in brackets', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    const client = { address: '2001:db8::1', port: 443 };
    const server = { address: '2001:db8::2', port: 5000 };
    const events = t.push(seg({ from: 'c', seq: 1, ack: 1, flags: 'A', client, server }));
    expect(renderAll(events)[1]).toBe(
      'tcp.mid-stream 1 r1: no syn seen for [2001:db8::1]:443 → [2001:db8::2]:5000; the connection started before the capture',
    );
  });
});

describe('port reuse', () => {
  /** The handshake, the client's FIN and (unless `oneWay`) the server's FIN: records 1-4. */
  const handshakeAndClose = (seg: ReturnType<typeof segmentBuilder>, oneWay = false) => [
    seg({ from: 'c', seq: 1000, flags: 'S' }),
    seg({ from: 's', seq: 5000, ack: 1001, flags: 'SA' }),
    seg({ from: 'c', seq: 1001, ack: 5001, flags: 'FA' }),
    ...(oneWay ? [] : [seg({ from: 's', seq: 5001, ack: 1002, flags: 'FA' })]),
  ];

  it('opens a new connection for a new SYN after both FINs', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    expect(renderAll(pushAll(t, handshakeAndClose(seg))).at(-1)).toBe('closed 1 fin r4');
    const events = pushAll(t, [
      seg({ from: 'c', seq: 90000, flags: 'S' }),
      seg({ from: 'c', seq: 90001, flags: 'PA', ack: 0, data: 'again' }),
    ]);
    expect(renderAll(events)).toEqual([
      'open 2 a=10.0.0.1:5000 b=10.0.0.2:80 syn r5',
      'syn 2a r5',
      'data 2a @0 "again" r6[0+5] r6',
    ]);
    expect(t.connectionCount()).toBe(2);
  });

  it('closes the old connection as reused when a new SYN follows a one-way FIN', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    pushAll(t, handshakeAndClose(seg, true));
    expect(renderAll(t.push(seg({ from: 'c', seq: 70000, flags: 'S' })))).toEqual([
      'closed 1 reused r4',
      'open 2 a=10.0.0.1:5000 b=10.0.0.2:80 syn r4',
      'syn 2a r4',
    ]);
  });

  it('does not treat a retransmitted SYN after the close as a new connection', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    pushAll(t, handshakeAndClose(seg));
    expect(t.push(seg({ from: 'c', seq: 1000, flags: 'S' }))).toEqual([]);
    expect(t.connectionCount()).toBe(1);
  });

  it('does not treat a retransmitted SYN-ACK after the close as a new connection', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    pushAll(t, handshakeAndClose(seg));
    // Server ISN 5000 again: the same SYN-ACK as record 2.
    expect(t.push(seg({ from: 's', seq: 5000, ack: 1001, flags: 'SA' }))).toEqual([]);
    expect(t.connectionCount()).toBe(1);
  });

  it('opens a new connection for a SYN-ACK with a new ISN after the close (its SYN not captured)', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    pushAll(t, handshakeAndClose(seg));
    const rendered = renderAll(t.push(seg({ from: 's', seq: 8000, ack: 2001, flags: 'SA' })));
    expect(rendered[0]).toBe('open 2 a=10.0.0.1:5000 b=10.0.0.2:80 r5');
    expect(t.connectionCount()).toBe(2);
  });

  it('opens a new connection for a SYN on a 4-tuple first seen mid-stream', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    t.push(seg({ from: 's', seq: 777, ack: 3333, flags: 'PA', data: 'hi' }));
    expect(renderAll(t.push(seg({ from: 'c', seq: 1000, flags: 'S' })))).toEqual([
      'closed 1 reused r2',
      'open 2 a=10.0.0.1:5000 b=10.0.0.2:80 syn r2',
      'syn 2a r2',
    ]);
  });
});

describe('many connections', () => {
  it('tracks 10 000 connections by 4-tuple with ids in order of first packet', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    const n = 10_000;
    const clientOf = (i: number) => ({ address: `10.1.${i >> 8}.${i & 255}`, port: 10_000 + (i % 50_000) });
    for (let i = 0; i < n; i++) t.push(seg({ from: 'c', seq: i, flags: 'S', client: clientOf(i) }));
    let dataEvents = 0;
    // Server replies in reverse order: ids must follow the 4-tuple, not arrival.
    for (let i = n - 1; i >= 0; i--) {
      const events = t.push(seg({ from: 's', seq: 0, ack: i + 1, flags: 'PA', data: `#${i}`, client: clientOf(i) }));
      expect(events).toHaveLength(1);
      const ev = events[0];
      if (ev.type !== 'data') throw new Error('expected data');
      expect(ev.connectionId).toBe(i + 1);
      expect(ev.side).toBe('b');
      expect(new TextDecoder().decode(ev.bytes)).toBe(`#${i}`);
      dataEvents++;
    }
    expect(dataEvents).toBe(n);
    expect(t.connectionCount()).toBe(n);
    const closed = t.end();
    expect(closed).toHaveLength(n);
    expect(closed.map((e) => (e.type === 'closed' ? `${e.connectionId} ${e.how}` : '?')).slice(0, 2)).toEqual([
      '1 end-of-capture',
      '2 end-of-capture',
    ]);
  });

  it('keeps the same client port to two servers apart', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker(LIMITS);
    const other = { address: '10.0.0.3', port: 80 };
    pushAll(t, [seg({ from: 'c', seq: 1, flags: 'S' }), seg({ from: 'c', seq: 1, flags: 'S', server: other })]);
    expect(t.connectionCount()).toBe(2);
    expect(CLIENT.port).toBe(5000);
    expect(SERVER.port).toBe(80);
  });
});
