// IpReassembler on fragments built by hand (test/helpers/pcap-writer). One TCP segment of 48 bytes
// (20-byte header + 28 bytes of payload) is cut, as RFC 791 §3.2 cuts a datagram, into payload
// pieces whose lengths are multiples of 8 except the last: [0,16) [16,32) [32,48). The expected
// segment is the one written before cutting, so no expected value comes from the code.
import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../../src/decoder/capture/types.js';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { decodePacket, type IpFragment, IpReassembler, type PacketResult } from '../../../src/decoder/packet/index.js';
import type { TcpSegment } from '../../../src/decoder/packet/types.js';
import { ipv4Packet, ipv6Packet, linkFrame, tcpPacket, tcpSegment, writePcap } from '../../helpers/pcap-writer.js';

const TEXT = 'twenty-eight bytes of data!!';
const SEGMENT = tcpSegment({ sport: 40000, dport: 8080, seq: 1000, ack: 2000, flags: 'PA', payload: TEXT });
const LINKTYPE_RAW = 101;

/** Fragment [from, to) of SEGMENT as an IPv4 packet (MF set unless it is the last piece). */
function v4(
  from: number,
  to: number,
  opts: { id?: number; src?: string; bytes?: Uint8Array; more?: boolean } = {},
): Uint8Array {
  return ipv4Packet({
    src: opts.src ?? '10.0.0.1',
    dst: '10.0.0.2',
    protocol: 6,
    id: opts.id ?? 0x1c46,
    ipFlags: (opts.more ?? to < SEGMENT.length) ? 0b001 : 0b000,
    fragmentOffset: from,
    payload: opts.bytes ?? SEGMENT.subarray(from, to),
  });
}

/** Fragment [from, to) of SEGMENT as IPv6 with a Fragment header (RFC 8200 §4.5). */
function v6(from: number, to: number): Uint8Array {
  // Fragment Offset (13 bits, 8-octet units) << 3 | Res (2 bits) << 1 | M.
  const field = ((from / 8) << 3) | (to < SEGMENT.length ? 1 : 0);
  return ipv6Packet({
    src: '2001:db8::1',
    dst: '2001:db8::2',
    nextHeader: 6,
    // Fragment header after next header and reserved: offset/res/M, identification 0xcafe0001.
    extensions: [{ type: 44, body: Uint8Array.of(field >> 8, field & 0xff, 0xca, 0xfe, 0x00, 0x01) }],
    payload: SEGMENT.subarray(from, to),
  });
}

function rec(data: Uint8Array, index: number, time = 100 + index): CaptureRecord {
  return {
    index,
    time,
    seconds: Math.floor(time),
    nanos: 0,
    interfaceId: 0,
    linkType: LINKTYPE_RAW,
    capturedLength: data.length,
    originalLength: data.length,
    fileOffset: 0,
    data,
  };
}

function asFragment(r: PacketResult): IpFragment {
  if (r.kind !== 'fragment') throw new Error(`expected a fragment, got ${r.kind}`);
  return r;
}

/** Pushes packets (record numbers from 1 unless given) and returns what each push returned. */
function run(re: IpReassembler, packets: (Uint8Array | [Uint8Array, number, number])[]) {
  return packets.map((p, i) => {
    const r = Array.isArray(p) ? rec(p[0], p[1], p[2]) : rec(p, i + 1);
    return re.push(asFragment(decodePacket(r)), r);
  });
}

function segmentOf(r: ReturnType<IpReassembler['push']>): TcpSegment {
  if (r?.kind !== 'tcp') throw new Error(`expected a tcp segment, got ${JSON.stringify(r)}`);
  return r.segment;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('RFC 791 §3.2 IPv4 reassembly', () => {
  it('reassembles fragments in order and decodes TCP at the record that completed the datagram', () => {
    const re = new IpReassembler();
    const out = run(re, [v4(0, 16), v4(16, 32), v4(32, 48)]);
    expect(out.slice(0, 2)).toEqual([null, null]);
    const s = segmentOf(out[2]);
    expect([s.record, s.time, s.ipVersion]).toEqual([3, 103, 4]);
    expect([s.src, s.dst]).toEqual([
      { address: '10.0.0.1', port: 40000 },
      { address: '10.0.0.2', port: 8080 },
    ]);
    expect([s.seq, s.ack, s.payloadLength, s.truncated]).toEqual([1000, 2000, 28, false]);
    expect(text(s.payload)).toBe(TEXT);
    expect([re.pending, re.bufferedBytes, re.end()]).toEqual([0, 0, []]);
  });

  it('gives the same segment for every arrival order of the three fragments', () => {
    const pieces = [v4(0, 16), v4(16, 32), v4(32, 48)];
    for (const order of [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ]) {
      const re = new IpReassembler();
      const out = run(
        re,
        order.map((i) => pieces[i]),
      );
      expect(text(segmentOf(out[2]).payload), `order ${order}`).toBe(TEXT);
      expect(re.end()).toEqual([]);
    }
  });

  it('ignores a duplicated fragment', () => {
    const re = new IpReassembler();
    const out = run(re, [v4(0, 16), v4(0, 16), v4(16, 32), v4(16, 32), v4(32, 48)]);
    expect(out.slice(0, 4)).toEqual([null, null, null, null]);
    expect(text(segmentOf(out[4]).payload)).toBe(TEXT);
  });

  it('keeps the first copy of overlapping bytes (RFC 815 hole filling)', () => {
    const re = new IpReassembler();
    // [0,24) true bytes, then [16,48) whose first 8 bytes (16..23) are 0xee: those were already placed.
    const forged = new Uint8Array(SEGMENT.subarray(16, 48));
    forged.fill(0xee, 0, 8);
    const out = run(re, [v4(0, 24), v4(16, 48, { bytes: forged })]);
    expect(text(segmentOf(out[1]).payload)).toBe(TEXT);
  });

  it('keeps datagrams with different identification or source apart', () => {
    const re = new IpReassembler();
    const out = run(re, [
      v4(0, 16, { id: 1 }),
      v4(0, 16, { id: 2 }),
      v4(16, 48, { id: 2 }),
      v4(16, 48, { src: '10.0.0.9', id: 1 }),
    ]);
    expect(out[2]?.kind).toBe('tcp');
    expect([out[0], out[1], out[3], re.pending]).toEqual([null, null, null, 2]);
  });

  it('reports a datagram with a missing middle fragment at the end of the capture', () => {
    const re = new IpReassembler();
    expect(run(re, [v4(0, 16), v4(32, 48)])).toEqual([null, null]);
    const [f, ...rest] = re.end();
    expect(rest).toEqual([]);
    // 16 + 16 of 48 bytes; located at the first fragment.
    expect([f.code, f.severity, f.packet, f.time, f.message]).toEqual([
      'capture.ip-fragment',
      'note',
      1,
      101,
      'ipv4 datagram 10.0.0.1 -> 10.0.0.2 id 0x1c46 was never completed: 32 of 48 bytes captured (fragments in records 1, 2)',
    ]);
    expect(re.pending).toBe(0);
  });

  it('says when the last fragment never came', () => {
    const re = new IpReassembler();
    run(re, [v4(0, 16)]);
    expect(re.end().map((f) => f.message)).toEqual([
      'ipv4 datagram 10.0.0.1 -> 10.0.0.2 id 0x1c46 was never completed: 16 bytes captured, the last fragment missing (fragments in records 1)',
    ]);
  });

  it('counts only bytes inside the length the last fragment gave', () => {
    const re = new IpReassembler();
    // [8,40) with MF, then a last fragment at offset 24 with 8 bytes: the datagram is 32 bytes long,
    // bytes 32..39 lie past its end, and [0,8) is missing: 24 of 32 bytes are captured.
    const b = (from: number, to: number, more: boolean) =>
      ipv4Packet({
        src: '10.0.0.1',
        dst: '10.0.0.2',
        protocol: 6,
        id: 9,
        ipFlags: more ? 0b001 : 0,
        fragmentOffset: from,
        payload: new Uint8Array(to - from),
      });
    run(re, [b(8, 40, true), b(24, 32, false)]);
    expect(re.end().map((f) => f.message)).toEqual([
      'ipv4 datagram 10.0.0.1 -> 10.0.0.2 id 0x0009 was never completed: 24 of 32 bytes captured (fragments in records 1, 2)',
    ]);
  });

  it('keeps the length of the first last fragment', () => {
    const re = new IpReassembler();
    // Record 1 is the last fragment of a 48-byte datagram; record 2 claims (MF clear) that the
    // datagram ends at 32. The first word stands, and record 3 completes the 48 bytes.
    const out = run(re, [v4(32, 48), v4(16, 32, { more: false }), v4(0, 16)]);
    expect([out[0], out[1]]).toEqual([null, null]);
    expect(text(segmentOf(out[2]).payload)).toBe(TEXT);
  });

  it('lists the first eight records of a datagram in its finding', () => {
    const re = new IpReassembler();
    // Ten 8-byte fragments with MF set: 80 bytes, no last fragment.
    run(
      re,
      Array.from({ length: 10 }, (_, i) => v4(i * 8, i * 8 + 8, { bytes: new Uint8Array(8), more: true })),
    );
    expect(re.end().map((f) => f.message)).toEqual([
      'ipv4 datagram 10.0.0.1 -> 10.0.0.2 id 0x1c46 was never completed: 80 bytes captured, the last fragment missing (fragments in records 1, 2, 3, 4, 5, 6, 7, 8 and 2 more)',
    ]);
  });

  it('drops a datagram not completed within 30 s of capture time, once', () => {
    const re = new IpReassembler();
    // Record 1 at t=100; record 2 (another datagram) at t=130 is still within 30 s; record 3 at t=130.5 is not.
    run(re, [
      [v4(0, 16, { id: 1 }), 1, 100],
      [v4(0, 16, { id: 2 }), 2, 130],
    ]);
    expect(re.drainFindings()).toEqual([]);
    const late = run(re, [[v4(16, 48, { id: 1 }), 3, 130.5]]);
    expect(late).toEqual([null]); // the late fragment starts a new datagram, which cannot complete
    expect(re.drainFindings().map((f) => [f.packet, f.message])).toEqual([
      [
        1,
        'ipv4 datagram 10.0.0.1 -> 10.0.0.2 id 0x0001 was not completed within 30 s: 16 bytes captured, the last fragment missing (fragments in records 1)',
      ],
    ]);
    expect(re.end().map((f) => f.packet)).toEqual([2, 3]);
  });

  it('drops the oldest datagrams when the buffer cap is reached', () => {
    // Each first fragment reserves 16 bytes; a cap of 40 holds two.
    const re = new IpReassembler({ maxBufferedBytes: 40 });
    run(re, [v4(0, 16, { id: 1 }), v4(0, 16, { id: 2 }), v4(0, 16, { id: 3 })]);
    expect(re.drainFindings().map((f) => f.message)).toEqual([
      'ipv4 datagram 10.0.0.1 -> 10.0.0.2 id 0x0001 was dropped: 16 bytes captured, the last fragment missing (fragments in records 1); ip fragment buffers are full (40 bytes)',
    ]);
    expect(re.bufferedBytes).toBeLessThanOrEqual(40);
    expect(re.pending).toBe(2);
  });

  it('drops a datagram longer than 65535 bytes (the largest total length)', () => {
    const re = new IpReassembler();
    // Offset 65528 (field 8191, the largest) with 16 bytes ends at 65544.
    run(re, [
      ipv4Packet({
        src: '10.0.0.1',
        dst: '10.0.0.2',
        protocol: 6,
        id: 7,
        ipFlags: 0,
        fragmentOffset: 65528,
        payload: new Uint8Array(16),
      }),
    ]);
    expect(re.drainFindings().map((f) => f.message)).toEqual([
      'ipv4 datagram 10.0.0.1 -> 10.0.0.2 id 0x0007 is longer than 65535 bytes (fragment at offset 65528 with 16 bytes in record 1); dropped',
    ]);
    expect([re.pending, re.bufferedBytes]).toEqual([0, 0]);
  });

  it('leaves a datagram incomplete when the snaplen cut a fragment short', () => {
    const re = new IpReassembler();
    const first = v4(0, 16);
    const cut = rec(first.subarray(0, 20 + 10), 1);
    cut.originalLength = first.length;
    expect(re.push(asFragment(decodePacket(cut)), cut)).toBeNull();
    run(re, [
      [v4(16, 32), 2, 102],
      [v4(32, 48), 3, 103],
    ]);
    expect(re.end().map((f) => f.message)).toEqual([
      'ipv4 datagram 10.0.0.1 -> 10.0.0.2 id 0x1c46 was never completed: 42 of 48 bytes captured (fragments in records 1, 2, 3)',
    ]);
  });
});

describe('RFC 8200 §4.5 IPv6 reassembly', () => {
  it('reassembles fragments behind a Fragment header, out of order', () => {
    const re = new IpReassembler();
    const out = run(re, [v6(32, 48), v6(0, 32)]);
    const s = segmentOf(out[1]);
    expect([s.ipVersion, s.src.address, s.dst.address, s.record]).toEqual([6, '2001:db8::1', '2001:db8::2', 2]);
    expect(text(s.payload)).toBe(TEXT);
  });

  it('names an incomplete datagram by its 32-bit identification', () => {
    const re = new IpReassembler();
    run(re, [v6(16, 48)]);
    expect(re.end().map((f) => f.message)).toEqual([
      'ipv6 datagram 2001:db8::1 -> 2001:db8::2 id 0xcafe0001 was never completed: 32 of 48 bytes captured (fragments in records 1)',
    ]);
  });
});

describe('unfragmented packets', () => {
  it('decode to a segment without the reassembler', () => {
    const r = decodePacket(
      rec(tcpPacket({ src: '10.0.0.1', dst: '10.0.0.2', sport: 1, dport: 2, payload: 'x', link: 'raw' }), 1),
    );
    expect(r.kind).toBe('tcp');
  });
});

describe('in a session', () => {
  const packets = (pieces: Uint8Array[]) =>
    writePcap(
      pieces.map((ip, i) => ({ data: linkFrame('ethernet', ip, 4), seconds: 1700000000 + i })),
      {},
    );

  it('hands the reassembled segment to TCP: no fragment finding, and the bytes reach the stream', () => {
    const a = analyzeCapture(packets([v4(32, 48), v4(0, 16), v4(16, 32)]));
    expect(a.findings.filter((f) => f.code === 'capture.ip-fragment')).toEqual([]);
    expect(a.connections.map((c) => [c.firstRecord, c.stats.client.bytes + c.stats.server.bytes])).toEqual([[3, 28]]);
  });

  it('reports an incomplete datagram once, at the end', () => {
    const a = analyzeCapture(packets([v4(0, 16), v4(32, 48)]));
    expect(a.findings.map((f) => [f.code, f.packet])).toEqual([['capture.ip-fragment', 1]]);
  });
});
