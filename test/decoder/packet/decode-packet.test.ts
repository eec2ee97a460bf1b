// decodePacket on packets built from explicit field values (test/helpers/pcap-writer).
import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../../src/decoder/capture/types.js';
import { decodePacket, type IpFragment, type PacketResult } from '../../../src/decoder/packet/index.js';
import type { TcpSegment } from '../../../src/decoder/packet/types.js';
import {
  hex,
  ipv4Packet,
  ipv6Packet,
  LINK_TYPE_OF,
  type LinkKind,
  linkFrame,
  type TcpPacketSpec,
  tcpPacket,
} from '../../helpers/pcap-writer.js';
import { mulberry32 } from '../../helpers/rng.js';

function record(data: Uint8Array, linkType: number, extra: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    index: 12,
    time: 1700000000.5,
    seconds: 1700000000,
    nanos: 500000000,
    interfaceId: 0,
    linkType,
    capturedLength: data.length,
    originalLength: data.length,
    fileOffset: 40,
    data,
    ...extra,
  };
}

function decode(spec: TcpPacketSpec, extra: Partial<CaptureRecord> = {}): PacketResult {
  return decodePacket(record(tcpPacket(spec), LINK_TYPE_OF[spec.link ?? 'ethernet'], extra));
}

function segment(result: PacketResult): TcpSegment {
  if (result.kind !== 'tcp') throw new Error(`expected tcp, got ${JSON.stringify(result)}`);
  return result.segment;
}

function fragment(result: PacketResult): Omit<IpFragment, 'payload'> & { payload: number[] } {
  if (result.kind !== 'fragment') throw new Error(`expected fragment, got ${JSON.stringify(result)}`);
  return { ...result, payload: [...result.payload] };
}

function finding(result: PacketResult): [string, string, number | null, number | null] {
  if (result.kind !== 'error') throw new Error(`expected error, got ${result.kind}`);
  const f = result.finding;
  return [f.code, f.message, f.packet, f.time];
}

const base: TcpPacketSpec = {
  src: '10.0.0.1',
  sport: 51234,
  dst: '192.168.1.20',
  dport: 8080,
  seq: 0xfffffff0,
  ack: 0x01020304,
  flags: 'PA',
  window: 512,
  payload: 'hello',
};

describe('RFC 9293 §3.1 TCP header over every link type', () => {
  const links: LinkKind[] = ['ethernet', 'vlan', 'sll', 'sll2', 'null', 'null-be', 'loop', 'raw', 'ipv4'];
  for (const link of links) {
    it(`decodes a segment over ${link}`, () => {
      const s = segment(decode({ ...base, link }));
      expect(s).toEqual({
        time: 1700000000.5,
        seconds: 1700000000,
        nanos: 500000000,
        record: 12,
        ipVersion: 4,
        src: { address: '10.0.0.1', port: 51234 },
        dst: { address: '192.168.1.20', port: 8080 },
        seq: 0xfffffff0,
        ack: 0x01020304,
        flags: { fin: false, syn: false, rst: false, psh: true, ack: true, urg: false, ece: false, cwr: false },
        window: 512,
        payload: new TextEncoder().encode('hello'),
        payloadLength: 5,
        truncated: false,
      });
    });
  }

  for (const link of ['ethernet', 'sll', 'sll2', 'null', 'loop', 'raw', 'ipv6'] as LinkKind[]) {
    it(`decodes an IPv6 segment over ${link}`, () => {
      const s = segment(decode({ ...base, src: '2001:db8::1', dst: 'fe80::aa:0:0:1', link }));
      expect(s.ipVersion).toBe(6);
      expect(s.src).toEqual({ address: '2001:db8::1', port: 51234 });
      expect(s.dst).toEqual({ address: 'fe80::aa:0:0:1', port: 8080 });
      expect(s.payloadLength).toBe(5);
    });
  }

  it('reads a BSD NULL family of 24 and 28 as IPv6 too, and raw IP under DLT 12 and 14', () => {
    for (const family of [24, 28, 30]) {
      const data = linkFrame(
        'null',
        ipv6Packet({ src: '::1', dst: '::1', nextHeader: 59, payload: new Uint8Array(0) }),
        6,
        { family },
      );
      expect(decodePacket(record(data, 0))).toEqual({ kind: 'other', what: 'ipv6 with no next header' });
    }
    for (const linkType of [12, 14])
      expect(decodePacket(record(tcpPacket({ ...base, link: 'raw' }), linkType)).kind).toBe('tcp');
  });

  it('reads every flag bit', () => {
    expect(segment(decode({ ...base, flags: 'FSRPAUEC' })).flags).toEqual({
      fin: true,
      syn: true,
      rst: true,
      psh: true,
      ack: true,
      urg: true,
      ece: true,
      cwr: true,
    });
    expect(segment(decode({ ...base, flags: 'S' })).flags).toMatchObject({ syn: true, ack: false });
  });

  it('skips TCP options', () => {
    // MSS 1460, NOP, window scale 7, NOP NOP, timestamps: 16 bytes -> data offset 9.
    const tcpOptions = hex('02 04 05 b4 01 03 03 07 01 01 08 0a 00 00 00 01 00 00 00 00');
    const s = segment(decode({ ...base, tcpOptions }));
    expect(new TextDecoder().decode(s.payload)).toBe('hello');
  });

  it('reports a data offset below 5', () => {
    expect(finding(decode({ ...base, dataOffset: 3 }))).toEqual([
      'capture.malformed-packet',
      'tcp data offset 3 is less than 5 in record 12',
      12,
      1700000000.5,
    ]);
  });

  it('reports a data offset beyond the segment', () => {
    expect(finding(decode({ ...base, payload: '', dataOffset: 15 }))[1]).toBe(
      'tcp data offset 15 (60 bytes) is more than the 20-byte segment in record 12',
    );
  });
});

describe('IEEE 802.1Q / 802.1ad VLAN tags', () => {
  it('skips stacked tags (0x88a8 outer, 0x8100 inner)', () => {
    const data = tcpPacket({ ...base, link: 'vlan', vlans: [10, 20, 30] });
    // dst(6) src(6) 88a8 000a 88a8 0014 8100 001e 0800
    expect(Buffer.from(data.subarray(12, 26)).toString('hex')).toBe('88a8000a88a800148100001e0800');
    expect(segment(decodePacket(record(data, 1))).payloadLength).toBe(5);
  });

  it('skips the old 0x9100 tag', () => {
    const data = tcpPacket({ ...base, link: 'vlan', vlans: [7] });
    data.set([0x91, 0x00], 12);
    expect(segment(decodePacket(record(data, 1))).dst.port).toBe(8080);
  });
});

describe('RFC 791 §3.1 IPv4', () => {
  it('skips IP options (IHL > 5)', () => {
    // Record route option: type 7, length 7, pointer 4, one empty slot; padded with end-of-options.
    const s = segment(decode({ ...base, ipOptions: hex('07 07 04 00 00 00 00') }));
    expect(s.payloadLength).toBe(5);
    expect(s.src.address).toBe('10.0.0.1');
  });

  it('trims Ethernet padding using the total length', () => {
    const data = tcpPacket({ ...base, payload: 'a', padTo: 60 });
    expect(data.length).toBe(60);
    const s = segment(decodePacket(record(data, 1)));
    expect(s.payload).toEqual(new TextEncoder().encode('a'));
    expect(s.payloadLength).toBe(1);
  });

  it('hands a fragment back with its datagram key, offset, MF flag and payload (§3.2)', () => {
    // MF set, offset 0: the first fragment; its payload is the whole TCP segment written here
    // (20-byte header + 'hello'), since the IP layer does not look inside a fragment.
    const first = fragment(decode({ ...base, ipFlags: 0b001, ipId: 0xbeef }));
    expect({ ...first, payload: first.payload.length }).toEqual({
      kind: 'fragment',
      version: 4,
      src: '10.0.0.1',
      dst: '192.168.1.20',
      protocol: 6,
      id: 0xbeef,
      offset: 0,
      more: true,
      payload: 25,
      length: 25,
    });
    // MF clear, offset 1480 (field 185): the last fragment.
    const last = fragment(decode({ ...base, ipFlags: 0, fragmentOffset: 1480, ipId: 1 }));
    expect([last.offset, last.more, last.id]).toEqual([1480, false, 1]);
  });

  it('returns other for a fragment of a non-TCP datagram (never buffered)', () => {
    const udp = linkFrame(
      'raw',
      ipv4Packet({ src: '1.2.3.4', dst: '5.6.7.8', protocol: 17, payload: new Uint8Array(16), ipFlags: 0b001 }),
      4,
    );
    expect(decodePacket(record(udp, 101))).toEqual({ kind: 'other', what: 'udp' });
  });

  it('marks a segment cut by the snaplen as truncated', () => {
    const data = tcpPacket({ ...base, payload: 'x'.repeat(100) });
    const cut = data.subarray(0, 14 + 20 + 20 + 30);
    const s = segment(decodePacket(record(cut, 1, { originalLength: data.length })));
    expect([s.payload.length, s.payloadLength, s.truncated]).toEqual([30, 100, true]);
  });

  it('reports a record cut by the snaplen inside the TCP header', () => {
    const data = tcpPacket(base);
    expect(finding(decodePacket(record(data.subarray(0, 14 + 20 + 10), 1, { originalLength: data.length })))[0]).toBe(
      'capture.truncated-packet',
    );
  });

  it('reports a total length longer than the record when nothing was cut', () => {
    expect(finding(decode({ ...base, ipTotalLength: 1500 }))[1]).toBe(
      'ipv4 total length 1500 is more than the 45 bytes in record 12',
    );
  });

  it('reports a header length below 20', () => {
    const data = tcpPacket(base);
    data[14] = 0x44;
    expect(finding(decodePacket(record(data, 1)))[1]).toBe('ipv4 header length 16 is less than 20 in record 12');
  });

  it('treats a total length of 0 (segmentation offload) as the bytes present', () => {
    expect(segment(decode({ ...base, ipTotalLength: 0 })).payloadLength).toBe(5);
  });

  it('returns other for UDP and ICMP', () => {
    const udp = linkFrame(
      'raw',
      ipv4Packet({ src: '1.2.3.4', dst: '5.6.7.8', protocol: 17, payload: new Uint8Array(8) }),
      4,
    );
    expect(decodePacket(record(udp, 101))).toEqual({ kind: 'other', what: 'udp' });
    const icmp = linkFrame(
      'raw',
      ipv4Packet({ src: '1.2.3.4', dst: '5.6.7.8', protocol: 1, payload: new Uint8Array(8) }),
      4,
    );
    expect(decodePacket(record(icmp, 101))).toEqual({ kind: 'other', what: 'icmp' });
  });
});

describe('RFC 8200 §4 IPv6 extension headers', () => {
  const v6 = { ...base, src: '2001:db8:0:0:1:0:0:1', dst: '2001:db8::2' };

  it('skips hop-by-hop, routing, destination options and AH', () => {
    const s = segment(
      decode({
        ...v6,
        ipv6Extensions: [
          { type: 0, body: hex('01 04 00 00 00 00') }, // hop-by-hop: PadN
          { type: 43, body: hex('00 00 00 00 00 00') }, // routing type 0, segments left 0
          { type: 60, body: new Uint8Array(14) }, // destination options, 16 bytes
          { type: 51, body: new Uint8Array(10) }, // AH: SPI, seq, 2 bytes ICV -> 12 bytes... padded to 16
        ],
      }),
    );
    expect([s.src.address, s.dst.address, s.payloadLength]).toEqual(['2001:db8::1:0:0:1', '2001:db8::2', 5]);
  });

  it('skips an atomic fragment header and hands back a real fragment', () => {
    // Offset 0 and M clear: an atomic fragment (RFC 6946), a whole packet.
    const atomic = decode({ ...v6, ipv6Extensions: [{ type: 44, body: hex('00 00 00 00 00 07') }] });
    expect(segment(atomic).dst.port).toBe(8080);
    const f = fragment(decode({ ...v6, ipv6Extensions: [{ type: 44, body: hex('05 c9 12 34 56 78') }] }));
    // 0x05c9: offset 0x05c9 >> 3 = 185 (* 8 = 1480), M = 1; the fragment header's next header is TCP (6).
    expect({ ...f, payload: f.payload.length }).toEqual({
      kind: 'fragment',
      version: 6,
      src: '2001:db8::1:0:0:1',
      dst: '2001:db8::2',
      protocol: 6,
      id: 0x12345678,
      offset: 1480,
      more: true,
      payload: 25,
      length: 25,
    });
  });

  it('returns other for ICMPv6 and UDP', () => {
    const icmp = ipv6Packet({ src: '::1', dst: '::1', nextHeader: 58, payload: new Uint8Array(8) });
    expect(decodePacket(record(icmp, 229))).toEqual({ kind: 'other', what: 'icmpv6' });
  });
});

describe('RFC 5952 IPv6 text', () => {
  const cases: [string, string][] = [
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2: a single 0 group is not compressed
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // §4.2.3: the longest run
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // §4.2.3: the first of equal runs
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['fe80:0:0:0:0:0:0:0', 'fe80::'],
    ['2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff'],
    ['0:0:0:0:0:ffff:c000:0280', '::ffff:192.0.2.128'], // §5: IPv4-mapped
  ];
  for (const [written, text] of cases) {
    it(`${written} -> ${text}`, () => {
      expect(segment(decode({ ...base, src: written, dst: '::2', link: 'raw' })).src.address).toBe(text);
    });
  }
});

describe('link layers that are not IP, and unknown link types', () => {
  it('returns other for ARP and 802.3 frames', () => {
    const arp = hex('ff ff ff ff ff ff 02 00 00 00 00 01 08 06 00 01 08 00 06 04 00 01');
    expect(decodePacket(record(arp, 1))).toEqual({ kind: 'other', what: 'arp' });
    const llc = hex('01 80 c2 00 00 00 02 00 00 00 00 01 00 26 42 42 03');
    expect(decodePacket(record(llc, 1))).toEqual({ kind: 'other', what: 'ieee 802.3 frame' });
  });

  it('names a known but unsupported link type', () => {
    expect(finding(decodePacket(record(new Uint8Array(30), 105)))).toEqual([
      'capture.unknown-link-type',
      'link type 105 (ieee802_11) of record 12 is not supported',
      12,
      1700000000.5,
    ]);
    expect(finding(decodePacket(record(new Uint8Array(30), 4242)))[1]).toBe(
      'link type 4242 of record 12 is not supported',
    );
  });

  it('reports an Ethernet header cut short', () => {
    expect(finding(decodePacket(record(hex('ff ff ff ff ff ff 02 00'), 1)))[1]).toBe(
      'ethernet header needs 14 bytes but only 8 are in record 12',
    );
  });

  it('reports raw IP with a bad version', () => {
    expect(finding(decodePacket(record(hex('55 00 00 14'), 101)))[1]).toBe('raw ip record 12 starts with ip version 5');
  });

  it('never throws on random bytes under any supported link type', () => {
    const random = mulberry32(99);
    const rnd = () => Math.floor(random() * 256);
    for (const linkType of [0, 1, 12, 14, 101, 108, 113, 228, 229, 276]) {
      for (let n = 0; n < 300; n++) {
        const data = Uint8Array.from({ length: n % 90 }, rnd);
        if (linkType === 1 && data.length > 13) data.set([0x08, 0x00], 12);
        if (linkType === 1 && data.length > 14) data[14] = 0x45;
        const result = decodePacket(record(data, linkType));
        if (result.kind === 'error') expect(result.finding.code).not.toBe('decoder.internal-error');
      }
    }
  });
});
