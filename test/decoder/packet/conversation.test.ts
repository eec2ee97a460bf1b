// The TcpConversation helper (test/helpers/pcap-writer) read back through CaptureReader and
// decodePacket: seq/ack, flags and payloads are the values the helper was told to write.
import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../../src/decoder/packet/index.js';
import type { TcpSegment } from '../../../src/decoder/packet/types.js';
import { LINK_TYPE_OF, TcpConversation, writePcap } from '../../helpers/pcap-writer.js';
import { readAll } from '../capture/read-all.js';

describe('a synthetic conversation round-trips', () => {
  for (const link of ['ethernet', 'sll2', 'null'] as const) {
    it(`over ${link}`, () => {
      const conv = new TcpConversation({
        client: ['10.0.0.1', 50000],
        server: ['10.0.0.2', 80],
        link,
        clientIsn: 0xfffffffe,
      })
        .handshake()
        .send('client', 'GET / HTTP/1.1\r\n\r\n')
        .send('server', new Uint8Array(2500).fill(7), { segmentSize: 1000 })
        .close('client');
      const { records } = readAll(writePcap(conv.records, { linkType: LINK_TYPE_OF[link] }));
      const segs = records.map((r) => {
        const d = decodePacket(r);
        if (d.kind !== 'tcp') throw new Error(d.kind);
        return d.segment;
      });
      const brief = (s: TcpSegment) => [
        s.src.port,
        s.seq,
        s.ack,
        (['syn', 'fin', 'psh', 'ack'] as const).filter((f) => s.flags[f]).join(','),
        s.payloadLength,
      ];
      expect(segs.map(brief)).toEqual([
        [50000, 0xfffffffe, 0, 'syn', 0],
        [80, 5000, 0xffffffff, 'syn,ack', 0],
        [50000, 0xffffffff, 5001, 'ack', 0],
        [50000, 0xffffffff, 5001, 'psh,ack', 18],
        [80, 5001, 17, 'psh,ack', 1000],
        [80, 6001, 17, 'psh,ack', 1000],
        [80, 7001, 17, 'psh,ack', 500],
        [50000, 17, 7501, 'fin,ack', 0],
        [80, 7501, 18, 'fin,ack', 0],
        [50000, 18, 7502, 'ack', 0],
      ]);
      expect(records[1].time - records[0].time).toBeCloseTo(0.001, 6);
    });
  }
});
