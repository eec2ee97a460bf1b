// The record layer on a reassembled stream: records split across pushes, several per push,
// the maximum length, hunting after a gap, handshake messages across records.
import { describe, expect, it } from 'vitest';
import { HandshakeReader, MAX_RECORD_BODY, RecordReader } from '../../../src/decoder/tls/record-layer.js';

const record = (type: number, body: number[] | Uint8Array) =>
  Uint8Array.from([type, 3, 3, body.length >> 8, body.length & 0xff, ...body]);

function all(r: RecordReader) {
  const out: { type: number; body: number[]; at: number; afterGap: boolean }[] = [];
  for (let x = r.next(); x; x = r.next())
    out.push({ type: x.type, body: [...x.body], at: x.streamOffset, afterGap: x.afterGap });
  return out;
}

describe('RecordReader', () => {
  const stream = Uint8Array.from([...record(22, [1, 2, 3]), ...record(20, [1]), ...record(23, [9, 9, 9, 9])]);
  const expected = [
    { type: 22, body: [1, 2, 3], at: 0, afterGap: false },
    { type: 20, body: [1], at: 8, afterGap: false },
    { type: 23, body: [9, 9, 9, 9], at: 14, afterGap: false },
  ];

  it('several records in one push', () => {
    const r = new RecordReader();
    r.push(stream, 0);
    expect(all(r)).toEqual(expected);
  });

  it('one byte per push gives the same records', () => {
    const r = new RecordReader();
    const got = [];
    for (let i = 0; i < stream.length; i++) {
      r.push(stream.slice(i, i + 1), i);
      got.push(...all(r));
    }
    expect(got).toEqual(expected);
  });

  it('takes a record of the maximum length (2^14 + 2048) and refuses a longer header', () => {
    const r = new RecordReader();
    const big = record(23, new Uint8Array(MAX_RECORD_BODY));
    r.push(big, 0);
    expect(all(r).map((x) => x.body.length)).toEqual([MAX_RECORD_BODY]);
    const bad = new RecordReader();
    bad.push(Uint8Array.from([23, 3, 3, 0x48, 0x01, ...record(21, [1, 0])]), 0);
    // The bad header is skipped by hunting; the alert after it is found.
    expect(all(bad).map((x) => [x.type, x.at, x.afterGap])).toEqual([[21, 5, true]]);
  });

  it('after a gap, hunts for the next header (one followed by another plausible one)', () => {
    const r = new RecordReader();
    r.push(stream.subarray(0, 10), 0);
    expect(all(r)).toEqual(expected.slice(0, 1));
    r.gap(10, 2);
    // The tail of the CCS record, garbage that looks like a header start, then the app record.
    r.push(Uint8Array.from([0x01, 0x17, 0x03, ...record(23, [9, 9, 9, 9])]), 12);
    expect(all(r)).toEqual([{ type: 23, body: [9, 9, 9, 9], at: 15, afterGap: true }]);
  });
});

describe('HandshakeReader', () => {
  it('reassembles a message split across records and splits two messages in one record', () => {
    const h = new HandshakeReader();
    expect(h.push(Uint8Array.from([1, 0, 0, 5, 0xa, 0xb]))).toEqual([]);
    const [m1, m2] = h.push(Uint8Array.from([0xc, 0xd, 0xe, 2, 0, 0, 1, 0xf]));
    expect(m1?.type).toBe(1);
    expect([...(m1?.body ?? [])]).toEqual([0xa, 0xb, 0xc, 0xd, 0xe]);
    expect(m2?.type).toBe(2);
    expect([...(m2?.body ?? [])]).toEqual([0xf]);
  });
});
