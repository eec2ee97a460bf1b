// Stream reassembly per side: ordering, retransmissions, overlaps, wraparound, gaps, limits.
// Every test starts with a handshake in records 1-3: client ISN 1000 (first data byte seq 1001),
// server ISN 5000 (first data byte seq 5001). Stream offset = seq - 1001 for the client side.

import { describe, expect, it } from 'vitest';
import type { TcpEvent } from '../../../src/decoder/tcp/events.js';
import { TcpTracker } from '../../../src/decoder/tcp/index.js';
import { C2S, renderAll, S2C, segmentBuilder, streamText } from './segments.js';

function established(maxOutOfOrderBytes = 1 << 20) {
  const seg = segmentBuilder();
  const t = new TcpTracker({ maxOutOfOrderBytes });
  t.push(seg({ from: 'c', seq: 1000, flags: 'S' }));
  t.push(seg({ from: 's', seq: 5000, ack: 1001, flags: 'SA' }));
  t.push(seg({ from: 'c', seq: 1001, ack: 5001 }));
  /** Client data at seq (no ACK flag, so it never declares server-side gaps). */
  const c = (seq: number, data: string | Uint8Array, truncateTo?: number) =>
    t.push(seg({ from: 'c', seq, flags: 'P', data, truncateTo }));
  const s = (seq: number, data: string) => t.push(seg({ from: 's', seq, flags: 'P', data }));
  const sAck = (ack: number) => t.push(seg({ from: 's', seq: 5001, ack }));
  return { t, seg, c, s, sAck };
}

describe('in-order and out-of-order delivery', () => {
  it('delivers in-order segments as they come', () => {
    const { c } = established();
    expect(renderAll([...c(1001, 'hello'), ...c(1006, ' world')])).toEqual([
      'data 1a @0 "hello" r4[0+5] r4',
      'data 1a @5 " world" r5[5+6] r5',
    ]);
  });

  it('holds a segment that arrives ahead of a hole and releases it when the hole fills', () => {
    const { c } = established();
    expect(renderAll(c(1006, ' world'))).toEqual([
      `tcp.out-of-order 1 r4: 6 bytes at stream offset 5 arrived before the bytes from offset 0 on ${C2S}`,
    ]);
    expect(renderAll(c(1001, 'hello'))).toEqual(['data 1a @0 "hello world" r5[0+5] r4[5+6] r5']);
  });

  it('releases several buffered segments in one event once the first hole fills', () => {
    const { c } = established();
    const events = [...c(1009, 'c3'), ...c(1005, 'b2'), ...c(1007, 'xx'), ...c(1001, 'a1..')];
    // One note per hole: "xx" right behind buffered "b2" opens no new hole.
    expect(renderAll(events)).toEqual([
      `tcp.out-of-order 1 r4: 2 bytes at stream offset 8 arrived before the bytes from offset 0 on ${C2S}`,
      `tcp.out-of-order 1 r5: 2 bytes at stream offset 4 arrived before the bytes from offset 0 on ${C2S}`,
      'data 1a @0 "a1..b2xxc3" r7[0+4] r5[4+2] r6[6+2] r4[8+2] r7',
    ]);
  });

  it('keeps the two directions apart when they interleave', () => {
    const { c, s } = established();
    const events = [...c(1006, 'world'), ...s(5001, 'HI'), ...c(1001, 'hello'), ...s(5003, '!')];
    expect(renderAll(events)).toEqual([
      `tcp.out-of-order 1 r4: 5 bytes at stream offset 5 arrived before the bytes from offset 0 on ${C2S}`,
      'data 1b @0 "HI" r5[0+2] r5',
      'data 1a @0 "helloworld" r6[0+5] r4[5+5] r6',
      'data 1b @2 "!" r7[2+1] r7',
    ]);
  });

  it('copies buffered bytes, so the caller may reuse its payload array', () => {
    const { c } = established();
    const payload = new TextEncoder().encode('later');
    c(1006, payload);
    payload.fill(0x21); // "!!!!!"
    expect(streamText(c(1001, 'first'), 1, 'a')).toBe('firstlater');
  });
});

describe('retransmissions and overlaps', () => {
  it('notes an exact retransmission of delivered bytes and delivers nothing', () => {
    const { c } = established();
    c(1001, 'hello');
    expect(renderAll(c(1001, 'hello'))).toEqual([
      `tcp.retransmission 1 r5: retransmitted 5 of 5 bytes at stream offset 0 on ${C2S}`,
    ]);
  });

  it('keeps the first copy and warns when a retransmission differs', () => {
    const { c } = established();
    c(1001, 'hello');
    const events = c(1001, 'hxlLo');
    expect(renderAll(events)).toEqual([
      `tcp.retransmission 1 r5: retransmitted 5 of 5 bytes at stream offset 0 on ${C2S}`,
      `tcp.overlap-conflict 1 r5: retransmitted bytes at stream offsets 1-3 on ${C2S} differ from the first copy (kept the first copy)`,
    ]);
    expect(events[1]).toMatchObject({ finding: { severity: 'warning', connectionId: 1, packet: 5, time: 1000.005 } });
  });

  it('compares a retransmitted large segment over the last 16 KiB delivered, kept as its own copy', () => {
    const { c } = established();
    // A 40,000-byte segment (a loopback MSS is 65,483), delivered as a view of the caller's array.
    const first = new Uint8Array(40_000).fill(0x61);
    c(1001, first);
    // The caller reuses its array; what the stream kept must not change with it.
    first.fill(0x7a);
    const again = new Uint8Array(40_000).fill(0x61);
    again[39_000] = 0x62;
    expect(renderAll(c(1001, again))).toEqual([
      `tcp.retransmission 1 r5: retransmitted 40000 of 40000 bytes at stream offset 0 on ${C2S}`,
      `tcp.overlap-conflict 1 r5: retransmitted bytes at stream offsets 39000-39000 on ${C2S} differ from the first copy (kept the first copy)`,
    ]);
  });

  it('compares a retransmission with bytes still buffered out of order', () => {
    const { c } = established();
    c(1006, ' world');
    expect(renderAll(c(1006, ' wOrld'))).toEqual([
      `tcp.retransmission 1 r5: retransmitted 6 of 6 bytes at stream offset 5 on ${C2S}`,
      `tcp.overlap-conflict 1 r5: retransmitted bytes at stream offsets 7-7 on ${C2S} differ from the first copy (kept the first copy)`,
    ]);
    expect(streamText(c(1001, 'hello'), 1, 'a')).toBe('hello world');
  });

  it('delivers only the new part of a partly overlapping segment', () => {
    const { c } = established();
    c(1001, 'hello');
    expect(renderAll(c(1004, 'lo world'))).toEqual([
      `tcp.retransmission 1 r5: retransmitted 2 of 8 bytes at stream offset 3 on ${C2S}`,
      'data 1a @5 " world" r5[5+6] r5',
    ]);
  });

  it('fills only the uncovered parts of a segment spanning buffered runs', () => {
    const { c } = established();
    c(1003, 'CD'); // offsets 2-3
    c(1007, 'GH'); // offsets 6-7
    // offsets 0-9: buffered bytes keep their first copy, the rest comes from this segment.
    const events = c(1001, 'abcdefghij');
    expect(renderAll(events)).toEqual([
      `tcp.retransmission 1 r6: retransmitted 4 of 10 bytes at stream offset 0 on ${C2S}`,
      `tcp.overlap-conflict 1 r6: retransmitted bytes at stream offsets 2-7 on ${C2S} differ from the first copy (kept the first copy)`,
      'data 1a @0 "abCDefGHij" r6[0+2] r4[2+2] r6[4+2] r5[6+2] r6[8+2] r6',
    ]);
  });

  it('treats a one-byte keep-alive probe at seq - 1 as a keep-alive: no data, no retransmission', () => {
    const { c } = established();
    c(1001, 'hello');
    // RFC 1122 §4.2.3.6: the probe's byte is garbage (0x00 here), not a conflict; Wireshark
    // labels it "TCP Keep-Alive" (Windows sends these every few seconds on idle connections).
    expect(renderAll(c(1005, new Uint8Array([0x00])))).toEqual([]);
    expect(renderAll(c(1005, new Uint8Array([0x00])))).toEqual([]);
  });

  it('a zero-window probe: its byte is data once, and its repeats are not retransmissions', () => {
    const { c } = established();
    c(1001, 'hello');
    // RFC 9293 §3.8.6.1: with the receiver's window at zero the sender probes with one new byte
    // and sends it again until the window opens (Wireshark: TCP ZeroWindowProbe).
    expect(renderAll(c(1006, '!'))).toEqual(['data 1a @5 "!" r5[5+1] r5']);
    expect(renderAll(c(1006, '!'))).toEqual([]);
  });

  it('a zero-length keep-alive at seq - 1 produces nothing', () => {
    const { c } = established();
    c(1001, 'hello');
    expect(renderAll(c(1005, new Uint8Array(0)))).toEqual([]);
  });

  it('produces no data events for zero-length ACKs', () => {
    const { c, sAck } = established();
    c(1001, 'hello');
    expect(sAck(1006)).toEqual([]);
    expect(sAck(1006)).toEqual([]);
  });
});

describe('RFC 9293 §3.4 sequence numbers wrap at 2^32', () => {
  it('reassembles a stream whose sequence numbers cross 2^32, in any order', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker({ maxOutOfOrderBytes: 1 << 20 });
    const events: TcpEvent[] = [];
    const isn = 0xfffffff0; // first data byte at 0xfffffff1; offset 15 is seq 0
    events.push(...t.push(seg({ from: 'c', seq: isn, flags: 'S' })));
    events.push(...t.push(seg({ from: 'c', seq: 5, flags: 'P', data: 'UVWXY' }))); // offsets 20-24
    events.push(...t.push(seg({ from: 'c', seq: 0xfffffffb, flags: 'P', data: 'klmnopqrst' }))); // 10-19
    events.push(...t.push(seg({ from: 'c', seq: 0xfffffff1, flags: 'P', data: 'abcdefghij' }))); // 0-9
    events.push(...t.push(seg({ from: 'c', seq: 10, flags: 'F' }))); // FIN at offset 25
    expect(renderAll(events).filter((l) => !l.startsWith('tcp.'))).toEqual([
      'open 1 a=10.0.0.1:5000 b=10.0.0.2:80 syn r1',
      'syn 1a r1',
      'data 1a @0 "abcdefghijklmnopqrstUVWXY" r4[0+10] r3[10+10] r2[20+5] r4',
      'fin 1a r5',
    ]);
    // The server ACKs the FIN across the wrap: no gap.
    expect(t.push(seg({ from: 's', seq: 9, ack: 11, flags: 'A' }))).toEqual([]);
  });
});

describe('RFC 9293 §3.4 wrap at the SYN itself', () => {
  it('starts the stream at seq 0 when the ISN is 0xffffffff and finds ACK gaps across the wrap', () => {
    const seg = segmentBuilder();
    const t = new TcpTracker({ maxOutOfOrderBytes: 1 << 20 });
    t.push(seg({ from: 'c', seq: 0xffff_ffff, flags: 'S' }));
    t.push(seg({ from: 's', seq: 0xffff_fffe, ack: 0, flags: 'SA' })); // server data starts at 0xffffffff
    expect(renderAll(t.push(seg({ from: 'c', seq: 0, ack: 0xffff_ffff, flags: 'PA', data: 'ab' })))).toEqual([
      'data 1a @0 "ab" r3[0+2] r3',
    ]);
    expect(renderAll(t.push(seg({ from: 's', seq: 0xffff_ffff, ack: 2, flags: 'PA', data: 'XY' })))).toEqual([
      'data 1b @0 "XY" r4[0+2] r4',
    ]);
    // The client ACKs server seq 5 = offset 6: offsets 2-5 never captured.
    expect(renderAll(t.push(seg({ from: 'c', seq: 2, ack: 5, flags: 'A' })))).toEqual([
      'gap 1b @2+4 r5',
      `tcp.gap 1 r5: 4 bytes missing from the ${S2C} stream at offset 2 (never captured)`,
    ]);
  });
});

describe('segmentation does not change the stream', () => {
  const text = 'GET /chat HTTP/1.1\r\nHost: example\r\n\r\n';
  const bytesOf = (cuts: number[]) => {
    const { t, c } = established();
    const events: TcpEvent[] = [];
    let prev = 0;
    for (const end of [...cuts, text.length]) {
      events.push(...c(1001 + prev, text.slice(prev, end)));
      prev = end;
    }
    events.push(...t.end());
    return streamText(events, 1, 'a');
  };

  it('gives the same bytes whole, one byte per segment, and in uneven cuts', () => {
    expect(bytesOf([])).toBe(text);
    expect(bytesOf(Array.from({ length: text.length - 1 }, (_, i) => i + 1))).toBe(text);
    expect(bytesOf([3, 4, 17, 30])).toBe(text);
  });
});

describe('gaps: bytes never captured', () => {
  it('declares a hole a gap as soon as the receiver ACKs beyond it', () => {
    const { c, sAck } = established();
    c(1001, 'hello');
    c(1016, 'later'); // offsets 15-19; offsets 5-14 missing
    expect(renderAll(sAck(1021))).toEqual([
      'gap 1a @5+10 r6',
      `tcp.gap 1 r6: 10 bytes missing from the ${C2S} stream at offset 5 (never captured)`,
      'data 1a @15 "later" r5[15+5] r6',
    ]);
    // An ACK past everything seen: those bytes reached the server but not the capture.
    expect(renderAll(sAck(1030))).toEqual([
      'gap 1a @20+9 r7',
      `tcp.gap 1 r7: 9 bytes missing from the ${C2S} stream at offset 20 (never captured)`,
    ]);
    // The missing bytes turning up late are old news.
    expect(renderAll(c(1006, 'ABCDEFGHIJ'))).toEqual([
      `tcp.retransmission 1 r8: retransmitted 10 of 10 bytes at stream offset 5 on ${C2S}`,
    ]);
  });

  it('flushes holes and buffered data at end of capture', () => {
    const { t, c } = established();
    c(1001, 'hello');
    c(1016, 'later');
    expect(renderAll(t.end())).toEqual([
      'gap 1a @5+10 r5',
      `tcp.gap 1 r5: 10 bytes missing from the ${C2S} stream at offset 5 (never captured)`,
      'data 1a @15 "later" r5[15+5] r5',
      'closed 1 end-of-capture r5',
    ]);
  });

  it('declares the hole before a FIN a gap when the peer ACKs the FIN', () => {
    const { t, seg, c, sAck } = established();
    c(1001, 'ab');
    expect(renderAll(t.push(seg({ from: 'c', seq: 1010, flags: 'F' })))).toEqual([]);
    // ACK of the FIN (seq 1010 + 1): offsets 2-8 reached the server but not the capture.
    expect(renderAll(sAck(1011))).toEqual([
      'gap 1a @2+7 r6',
      `tcp.gap 1 r6: 7 bytes missing from the ${C2S} stream at offset 2 (never captured)`,
      'fin 1a r6',
    ]);
  });

  it('flushes a hole before a FIN at end of capture, then reports the FIN', () => {
    const { t, seg, c } = established();
    c(1001, 'ab');
    t.push(seg({ from: 'c', seq: 1005, flags: 'F' }));
    expect(renderAll(t.end())).toEqual([
      'gap 1a @2+2 r5',
      `tcp.gap 1 r5: 2 bytes missing from the ${C2S} stream at offset 2 (never captured)`,
      'fin 1a r5',
      'closed 1 end-of-capture r5',
    ]);
  });

  it('waits for a data segment reordered behind its FIN', () => {
    const { t, seg, c } = established();
    c(1001, 'ab');
    expect(renderAll(t.push(seg({ from: 's', seq: 5001, ack: 1003, flags: 'FA' })))).toEqual(['fin 1b r5']);
    // The client's FIN comes before its last data: the 'fin' event waits for the data.
    expect(renderAll(t.push(seg({ from: 'c', seq: 1006, ack: 5002, flags: 'FA' })))).toEqual([]);
    expect(renderAll(c(1003, 'cde'))).toEqual(['data 1a @2 "cde" r7[2+3] r7', 'fin 1a r7', 'closed 1 fin r7']);
  });

  it('turns the uncaptured tail of a truncated segment into a gap', () => {
    const { c } = established();
    expect(renderAll(c(1001, 'hello world', 5))).toEqual([
      'data 1a @0 "hello" r4[0+5] r4',
      'gap 1a @5+6 r4',
      `tcp.gap 1 r4: 6 bytes missing from the ${C2S} stream at offset 5 (never captured)`,
    ]);
    expect(renderAll(c(1012, '!'))).toEqual(['data 1a @11 "!" r5[11+1] r5']);
  });

  it('holds a truncated segment that arrives early until its turn', () => {
    const { c } = established();
    c(1004, 'defgh', 2); // offsets 3-7, only "de" captured
    expect(renderAll(c(1001, 'abc'))).toEqual([
      'data 1a @0 "abcde" r5[0+3] r4[3+2] r5',
      'gap 1a @5+3 r5',
      `tcp.gap 1 r5: 3 bytes missing from the ${C2S} stream at offset 5 (never captured)`,
    ]);
  });
});

describe('out-of-order buffer limit', () => {
  it('skips ahead with a gap when buffered bytes exceed maxOutOfOrderBytes', () => {
    const { c } = established(8);
    c(1006, '12345'); // offsets 5-9 buffered: 5 bytes
    expect(renderAll(c(1020, 'abcdef'))).toEqual([
      `tcp.out-of-order 1 r5: 6 bytes at stream offset 19 arrived before the bytes from offset 0 on ${C2S}`,
      `tcp.buffer-limit 1 r5: 11 out-of-order bytes buffered on ${C2S} exceed the limit of 8; skipping ahead from offset 0`,
      'gap 1a @0+5 r5',
      `tcp.gap 1 r5: 5 bytes missing from the ${C2S} stream at offset 0 (never captured)`,
      'data 1a @5 "12345" r4[5+5] r5',
    ]);
    expect(renderAll(c(1011, 'ABCDEFGHI'))).toEqual(['data 1a @10 "ABCDEFGHIabcdef" r6[10+9] r5[19+6] r6']);
  });
});

describe('server side', () => {
  it('reassembles the server stream and finds gaps from client ACKs', () => {
    const { t, seg, s } = established();
    s(5001, 'HTTP/1.1');
    s(5020, 'tail');
    expect(renderAll(t.push(seg({ from: 'c', seq: 1001, ack: 5024 })))).toEqual([
      'gap 1b @8+11 r6',
      `tcp.gap 1 r6: 11 bytes missing from the ${S2C} stream at offset 8 (never captured)`,
      'data 1b @19 "tail" r5[19+4] r6',
    ]);
  });
});
