// Findings of the capture file, packet, TCP and HTTP-upgrade layers, each from a small capture
// (see ../findings-coverage.test.ts).

import { text } from '../../helpers/frame-writer.js';
import { hex, tcpPacket, writePcap, writePcapngBlocks } from '../../helpers/pcap-writer.js';
import {
  CLIENT,
  clientFrame,
  type FindingCase,
  SAMPLE_ACCEPT,
  SERVER,
  sendText,
  serverFrame,
  switchingProtocols,
  wsCapture,
} from '../../helpers/ws-capture.js';

/** A TCP packet from the client to the server (no conversation state). */
const packet = (payload: Uint8Array, more: Partial<Parameters<typeof tcpPacket>[0]> = {}) =>
  tcpPacket({
    src: CLIENT[0],
    sport: CLIENT[1],
    dst: SERVER[0],
    dport: SERVER[1],
    seq: 1,
    flags: 'PA',
    payload,
    ...more,
  });

export const TRANSPORT_CASES: Record<string, FindingCase> = {
  // ------------------------------------------------------------- capture file and packets
  'capture.damaged': {
    input: () => writePcap([{ data: new Uint8Array(60) }, { data: new Uint8Array(60) }]).subarray(0, 24 + 76 + 30),
    message: /capture ends in the middle of record 2 \(needs 60 bytes, 14 present\)/,
  },
  'capture.truncated-packet': {
    input: () => {
      const p = packet(new Uint8Array(100));
      return writePcap([{ data: p.subarray(0, p.length - 40), originalLength: p.length }]);
    },
    message: /record 1 was cut to .* bytes \(snaplen\); 40 TCP payload bytes are missing/,
  },
  'capture.unknown-link-type': {
    input: () => writePcap([{ data: new Uint8Array(40) }], { linkType: 147 }),
    message: /147/,
  },
  'capture.malformed-packet': {
    input: () => writePcap([{ data: hex('ff ff ff ff ff ff 02 00') }]),
    message: /ethernet header needs 14 bytes but only 8 are in record 1/,
  },
  'capture.unknown-block': {
    input: () =>
      writePcapngBlocks([
        { block: 'shb' },
        { block: 'idb', linkType: 1 },
        { block: 'raw', type: 0x77, body: new Uint8Array(20) },
      ]),
    message: /block type 0x0+77/,
  },
  'capture.ip-fragment': {
    // The first fragment of a datagram (MF set) whose other fragments never come.
    input: () => writePcap([{ data: packet(new Uint8Array(16), { ipFlags: 0b001, ipId: 0x1234 }) }]),
    message: /ipv4 datagram 10\.0\.0\.1 -> 10\.0\.0\.2 id 0x1234 was never completed/,
  },

  // ------------------------------------------------------------- TCP
  'tcp.gap': {
    input: () =>
      wsCapture((c) => {
        c.next.client += 100; // 100 bytes never captured
        sendText('after the hole')(c);
      }),
    message: /^100 bytes missing from the 10\.0\.0\.1:50000 → 10\.0\.0\.2:80 stream/,
    direction: 'client',
  },
  'tcp.retransmission': {
    input: () =>
      wsCapture((c) => {
        const wire = clientFrame({ opcode: 1, payload: text('twice') });
        c.send('client', wire);
        c.packet('client', { flags: 'PA', seq: c.next.client - wire.length, payload: wire });
      }),
    message: /retransmitted 11 of 11 bytes/, // the 2-byte header, the 4-byte mask, "twice"
    direction: 'client',
  },
  'tcp.out-of-order': {
    input: () =>
      wsCapture((c) => {
        c.send('client', clientFrame({ opcode: 1, payload: text('one two three') }), { segmentSize: 5 });
        const n = c.records.length;
        [c.records[n - 2].data, c.records[n - 1].data] = [c.records[n - 1].data, c.records[n - 2].data];
      }),
    // 19 bytes (2 + 4 + 13) in segments of 5: the last two (5 and 4 bytes) swapped.
    message: /^4 bytes at stream offset \d+ arrived before the bytes from offset \d+/,
    direction: 'client',
  },
  'tcp.overlap-conflict': {
    input: () =>
      wsCapture((c) => {
        const wire = clientFrame({ opcode: 1, payload: text('first') });
        c.send('client', wire);
        const other = clientFrame({ opcode: 1, payload: text('other') });
        c.packet('client', { flags: 'PA', seq: c.next.client - wire.length, payload: other });
      }),
    message: /differ from the first copy/,
    direction: 'client',
  },
  'tcp.buffer-limit': {
    // A 10-byte hole, then 300 bytes waiting behind it with room for 100.
    options: { limits: { maxOutOfOrderBytes: 100 } },
    input: () =>
      wsCapture((c) => {
        c.next.client += 10;
        c.send('client', new Uint8Array(300).fill(0x61), { segmentSize: 50 });
      }),
    message: /exceed the limit of 100/,
    direction: 'client',
  },
  'tcp.mid-stream': {
    input: () => wsCapture(sendText('hello'), { noSyn: true, request: null, response: null }),
    message: /no syn seen for 10\.0\.0\.1:50000 → 10\.0\.0\.2:80/,
  },
  'tcp.reset': {
    input: () => wsCapture((c) => c.packet('client', { flags: 'R' }), { noFin: true }),
    message: /connection reset by 10\.0\.0\.1:50000/,
    direction: 'client',
  },

  // ------------------------------------------------------------- HTTP upgrade
  'handshake.not-seen': {
    input: () =>
      wsCapture(
        (c) => {
          for (let i = 0; i < 3; i++) {
            sendText(`hello ${i}`)(c);
            c.send('server', serverFrame({ opcode: 1, payload: text(`echo ${i}`) }));
          }
        },
        { noSyn: true, request: null, response: null },
      ),
    message: /without their opening handshake/,
  },
  'handshake.rejected': {
    input: () => wsCapture(() => {}, { response: 'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n' }),
    message: /401 Unauthorized/,
    direction: 'server',
  },
  'handshake.accept-mismatch': {
    input: () => wsCapture(() => {}, { response: switchingProtocols('', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=') }),
    message: /"AAAAAAAAAAAAAAAAAAAAAAAAAAA="; expected "s3pPLMBiTxaQ9kYGzzhZRbK\+xOo="/,
    direction: 'server',
  },
  'handshake.bad-headers': {
    input: () =>
      wsCapture(() => {}, {
        response: `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${SAMPLE_ACCEPT}\r\n\r\n`,
      }),
    message: /upgrade header is missing/,
    direction: 'server',
  },
  'handshake.no-response': {
    input: () => wsCapture(() => {}, { response: null }),
    message: /upgrade request for \/chat got no response in the capture/,
    direction: 'client',
  },
  'handshake.malformed': {
    input: () => wsCapture(() => {}, { response: 'HTTP/1.1 ok\r\n\r\n' }),
    message: /invalid status line "HTTP\/1\.1 ok"/,
    direction: 'server',
  },
  'handshake.too-large': {
    options: { limits: { maxHeaderBytes: 64 } },
    input: () => wsCapture(),
    message: /longer than the limit of 64 bytes/,
  },
  'handshake.subprotocol-not-offered': {
    input: () => wsCapture(() => {}, { response: switchingProtocols('Sec-WebSocket-Protocol: chat\r\n') }),
    message: /subprotocol "chat"; the client offered none/,
    direction: 'server',
  },
  'limit.connection-evicted': {
    // Three SYN-only connections under a budget that holds two (1 KiB each, pending.ts): the
    // third gives up the first, idle the longest.
    options: { limits: { maxConnectionStateBytes: 2048 } },
    input: () =>
      writePcap(
        [40001, 40002, 40003].map((sport) => ({
          data: tcpPacket({ src: CLIENT[0], sport, dst: SERVER[0], dport: SERVER[1], seq: 1, flags: 'S' }),
        })),
      ),
    message: /^connection 1 given up at record 3: more open connections than the memory budget of 2 KiB holds/,
  },
};
