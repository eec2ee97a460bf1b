// Whole captures written with the test pcap writer, through CaptureSession: the connection's
// behaviour end to end, from packets (TCP tracker included) to records and findings.
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { LINK_TYPE_OF, TcpConversation, writePcap } from '../../helpers/pcap-writer.js';
import { ACCEPT, CLOSE, clientFrame, closePayload, concat, serverFrame, TEXT, upgradeRequest } from './pair.js';

const START = 1700000000;
/** Time of the n-th packet (1-based) of a TcpConversation: 1 ms apart from START. */
const at = (n: number) => START + (n - 1) / 1000;

describe('a 101 without Upgrade: websocket, from a capture (issue 8)', () => {
  it('reports bad-headers, decodes the frames both peers exchanged, and marks the OPEN as improper', () => {
    const conv = new TcpConversation({ client: ['10.0.0.1', 50000], server: ['10.0.0.2', 80] });
    conv.handshake(); // packets 1-3
    conv.send('client', upgradeRequest()); // 4
    conv.send(
      'server',
      `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n\r\n`,
    ); // 5
    conv.send('client', clientFrame(TEXT, 'ping?')); // 6
    conv.send('server', concat(serverFrame(TEXT, 'pong!'), serverFrame(CLOSE, closePayload(1000)))); // 7
    conv.send('client', clientFrame(CLOSE, closePayload(1000))); // 8
    conv.close('server'); // 9-11
    const a = analyzeCapture(writePcap(conv.records, { linkType: LINK_TYPE_OF[conv.link] }));

    expect(a.findings.map((f) => `${f.code} ${f.direction} ${f.packet}`)).toEqual(['handshake.bad-headers server 5']);
    expect(a.messages.map((m) => `${m.direction} ${m.type} ${m.text ?? m.close?.code}`)).toEqual([
      'client text ping?',
      'server text pong!',
      'server close 1000',
      'client close 1000',
    ]);
    expect(a.frames.map((f) => f.packets)).toEqual([[6], [7], [7], [8]]);
    const [c] = a.connections;
    expect(c?.kind).toBe('websocket');
    expect(c?.handshake?.upgraded).toBe(false);
    expect(c?.cleanClose).toBe(true);
    expect(c?.lifecycle.map((l) => `${l.state} ${l.record} ${l.time === at(l.record ?? 0)}: ${l.detail}`)).toEqual([
      'CONNECTING 1 true: TCP SYN sent by the client',
      'OPEN 5 true: 101 Switching Protocols, but Upgrade does not name websocket: a client must fail the connection (RFC 6455 §4.1)',
      'CLOSING 7 true: server sent close 1000',
      'CLOSED 10 true: TCP FIN after a clean close handshake',
    ]);
  });
});

describe('session-level stream findings', () => {
  it('a lost segment in the middle of server frames: tcp.gap, frame.unsynchronized, then frame.resynchronized', () => {
    const conv = new TcpConversation({ client: ['10.0.0.1', 50001], server: ['10.0.0.2', 80] });
    conv.handshake();
    conv.send('client', upgradeRequest());
    conv.send(
      'server',
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n\r\n`,
    );
    conv.send('server', serverFrame(TEXT, 'before'));
    // Lost: a whole 9-byte frame that was never captured (sequence numbers move on without it).
    conv.next.server = (conv.next.server + serverFrame(TEXT, 'missing').length) >>> 0;
    conv.send('server', concat(...Array.from({ length: 6 }, (_, i) => serverFrame(TEXT, `after ${i}`))));
    conv.close('client');
    const a = analyzeCapture(writePcap(conv.records, { linkType: LINK_TYPE_OF[conv.link] }));
    const codes = a.findings.map((f) => f.code);
    expect(codes).toContain('tcp.gap');
    expect(codes).toContain('frame.unsynchronized');
    expect(codes).toContain('frame.resynchronized');
    expect(codes).not.toContain('decoder.internal-error');
    expect(a.messages[0]?.text).toBe('before');
    expect(a.messages.at(-1)?.text).toBe('after 5');
  });
});
