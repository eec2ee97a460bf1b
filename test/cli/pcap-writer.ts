// Captures the CLI tests make for themselves, with the shared test-only writer
// (test/helpers/pcap-writer.ts): one large WebSocket connection for streaming and `| head`, and
// one without WebSocket traffic. Neither depends on the decoder under test.

import { LINK_TYPE_OF, TcpConversation, writePcap } from '../helpers/pcap-writer.js';

const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ=='; // RFC 6455 §1.3's sample key
const SAMPLE_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='; // and its accept value

/** An unmasked server text frame (RFC 6455 §5.2), 7- or 16-bit length. */
export function serverTextFrame(text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const n = payload.byteLength;
  const head = n < 126 ? [0x81, n] : [0x81, 126, n >> 8, n & 0xff];
  const f = new Uint8Array(head.length + n);
  f.set(head, 0);
  f.set(payload, head.length);
  return f;
}

/** The pcap file of these conversations (Ethernet, microseconds). */
function pcapOf(conversations: TcpConversation[]): Uint8Array {
  return writePcap(
    conversations.flatMap((c) => c.records),
    { linkType: LINK_TYPE_OF.ethernet },
  );
}

/** One WebSocket connection: handshake, then `count` server text messages "message <i> …". */
export function webSocketCapture(count: number, padding = 0): Uint8Array {
  const c = new TcpConversation({ client: ['10.0.0.1', 40000], server: ['10.0.0.2', 8080], stepNanos: 100_000 });
  c.handshake();
  c.send(
    'client',
    `GET /chat HTTP/1.1\r\nHost: 10.0.0.2:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${SAMPLE_KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  c.send(
    'server',
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${SAMPLE_ACCEPT}\r\n\r\n`,
  );
  const pad = 'x'.repeat(padding);
  for (let i = 0; i < count; i++) c.send('server', serverTextFrame(`message ${i} ${pad}`));
  c.close('client');
  return pcapOf([c]);
}

/** Two plain HTTP/1.1 exchanges and no WebSocket at all. */
export function plainHttpCapture(): Uint8Array {
  // One after the other, the second a second later (capture times only go forward).
  const conversations = [40001, 40002].map((port, i) => {
    const c = new TcpConversation({
      client: ['10.0.0.1', port],
      server: ['10.0.0.2', 80],
      startSeconds: 1_700_000_000 + i,
      stepNanos: 100_000,
    });
    c.handshake();
    c.send('client', 'GET / HTTP/1.1\r\nHost: example\r\n\r\n');
    c.send('server', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    c.close('client');
    return c;
  });
  return pcapOf(conversations);
}
