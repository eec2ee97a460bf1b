// h11's rule, checked at each catch point: bad input is a finding with its own code, and an
// exception from wsscope's own code (or a library) is a bug, reported as decoder.internal-error
// instead of passing for capture.malformed-packet or message.inflate-failed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LINK_TYPE_OF, TcpConversation, writePcap } from '../../helpers/pcap-writer.js';
import { ACCEPT, concat, serverFrame, TEXT, upgradeRequest, wsFrame } from './pair.js';

afterEach(() => {
  vi.doUnmock('pako');
  vi.doUnmock('../../../src/decoder/packet/link.js');
  vi.resetModules();
});

/** One upgraded connection that negotiated permessage-deflate, then `frames` from the server. */
function deflateCapture(frames: Uint8Array): Uint8Array {
  const conv = new TcpConversation({ client: ['10.0.0.1', 50000], server: ['10.0.0.2', 80] });
  conv.handshake();
  conv.send('client', upgradeRequest('/chat', 'Sec-WebSocket-Extensions: permessage-deflate\r\n'));
  conv.send(
    'server',
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n`,
  );
  conv.send('server', frames);
  conv.close('client');
  return writePcap(conv.records, { linkType: LINK_TYPE_OF[conv.link] });
}

// RFC 7692 §7.2.3.1: "Hello" compressed, RSV1 set (c1 = FIN | RSV1 | text).
const HELLO_DEFLATED = Uint8Array.of(0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00);

describe('the inflater', () => {
  it('bad compressed data is message.inflate-failed', async () => {
    const { analyzeCapture } = await import('../../../src/decoder/index.js');
    const bad = wsFrame({ opcode: TEXT, payload: Uint8Array.of(0xff, 0xff, 0xff) });
    bad[0] = 0xc1;
    const a = analyzeCapture(deflateCapture(concat(HELLO_DEFLATED, bad)));
    expect(a.messages[0]?.text).toBe('Hello');
    // (close.missing: the connection ends by FIN with no close frame.)
    expect(a.findings.map((f) => f.code)).toEqual(['message.inflate-failed', 'close.missing']);
  });

  it('zlib throwing is a bug: decoder.internal-error, and the capture goes on', async () => {
    vi.doMock('pako', async (original) => ({
      ...(await original<typeof import('pako')>()),
      zlibInflate: () => {
        throw new RangeError('offset is out of bounds');
      },
    }));
    const { analyzeCapture } = await import('../../../src/decoder/index.js');
    const a = analyzeCapture(deflateCapture(concat(HELLO_DEFLATED, serverFrame(TEXT, 'plain'))));
    expect(a.findings.map((f) => `${f.code}: ${f.message}`)).toEqual([
      'decoder.internal-error: wsscope bug while decoding connection 1 (DecoderBug: inflater crashed: offset is out of bounds)',
    ]);
    expect(a.connections).toHaveLength(1);
  });
});

describe('the packet decoder', () => {
  it('an exception in a layer is decoder.internal-error for that record only', async () => {
    vi.doMock('../../../src/decoder/packet/link.js', async (original) => {
      const link = await original<typeof import('../../../src/decoder/packet/link.js')>();
      return {
        ...link,
        decodeLink: (record: { index: number }) => {
          if (record.index === 4) throw new TypeError("cannot read properties of undefined (reading 'length')");
          return link.decodeLink(record as never);
        },
      };
    });
    const { analyzeCapture } = await import('../../../src/decoder/index.js');
    const conv = new TcpConversation({ client: ['10.0.0.1', 50000], server: ['10.0.0.2', 80] });
    conv.handshake().send('client', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n').close('client');
    const a = analyzeCapture(writePcap(conv.records, { linkType: LINK_TYPE_OF[conv.link] }));
    expect(a.findings.map((f) => `${f.code} ${f.packet}: ${f.message}`)).toContain(
      "decoder.internal-error 4: wsscope bug while decoding record 4 (TypeError: cannot read properties of undefined (reading 'length'))",
    );
    expect(a.findings.filter((f) => f.code === 'capture.malformed-packet')).toEqual([]);
  });
});
