// permessage-deflate windows detached and restored (issue 15, point 2): more context-takeover
// directions than stay attached at once (deflate.ts LIVE_STREAMS = 256) must inflate exactly as
// if each kept its own zlib stream. Each connection's second message is compressed against a
// window holding its first (node:zlib with the first message as preset dictionary: what a
// context-takeover sender's window holds), so it only inflates if the window was restored.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { frame } from '../../helpers/frame-writer.js';
import { type PcapRecordSpec, TcpConversation, writePcap } from '../../helpers/pcap-writer.js';
import { SAMPLE_ACCEPT, upgradeRequest } from '../../helpers/ws-capture.js';

const DEFLATE = 'Sec-WebSocket-Extensions: permessage-deflate\r\n';
/** RFC 7692 §7.2.1: compress with a sync flush and strip the 00 00 ff ff tail. */
function compress(data: string, dictionary?: string): Uint8Array {
  const out = deflateRawSync(Buffer.from(data), {
    finishFlush: 2, // Z_SYNC_FLUSH
    ...(dictionary === undefined ? {} : { dictionary: Buffer.from(dictionary) }),
  });
  return new Uint8Array(out.subarray(0, out.length - 4));
}

function capture(connections: number): { bytes: Uint8Array; expected: string[] } {
  const convs = Array.from(
    { length: connections },
    (_, i) => new TcpConversation({ client: [`10.0.${i >> 8}.${i & 0xff}`, 40000 + i], server: ['10.9.0.1', 80] }),
  );
  const first = (i: number) => `{"hello":"connection ${i}","padding":"${'abcdefgh'.repeat(20)}"}`;
  const second = (i: number) => `{"hello":"connection ${i}","padding":"${'abcdefgh'.repeat(20)}","again":true}`;
  const phase1: PcapRecordSpec[] = [];
  const phase2: PcapRecordSpec[] = [];
  convs.forEach((c, i) => {
    c.handshake();
    c.send('client', upgradeRequest(DEFLATE));
    c.send(
      'server',
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${SAMPLE_ACCEPT}\r\n${DEFLATE}\r\n`,
    );
    c.send('server', frame({ opcode: 1, rsv: 0b100, payload: compress(first(i)) }));
    phase1.push(...c.records.splice(0));
    c.send('server', frame({ opcode: 1, rsv: 0b100, payload: compress(second(i), first(i)) }));
    c.close('client');
    phase2.push(...c.records.splice(0));
  });
  const expected = convs.flatMap((_, i) => [first(i)]).concat(convs.map((_, i) => second(i)));
  return { bytes: writePcap([...phase1, ...phase2]), expected };
}

describe('inflate windows beyond the attached-stream limit', () => {
  it('600 context-takeover directions interleaved: every second message inflates against its own window', () => {
    const { bytes, expected } = capture(600);
    const a = analyzeCapture(bytes, { frameFields: false });
    const texts = a.messages.filter((m) => m.type === 'text').map((m) => m.text);
    expect(texts).toEqual(expected);
    expect(a.findings.filter((f) => f.code.startsWith('message.') || f.code.startsWith('decoder.'))).toEqual([]);
    // Proof that the second messages need the window: without the first message they do not inflate.
    const compressed = compress(expected[600] as string, expected[0] as string);
    expect(() => inflateRawSync(Buffer.concat([compressed, Buffer.from([0, 0, 255, 255])]))).toThrow();
  });
});
