// What a session holds for a connection ends with the connection (issue 13: the CLI's peak RSS
// on long captures). Two WebSocket connections, the first closed by FINs while the second is
// still open: after the first one's close only the second is held, by the connection layer, the
// memory budget's estimate and the application layer (which kept every connection's last record
// and protocol state for the whole capture); after the end, nothing is.

import { describe, expect, it } from 'vitest';
import { CaptureSession, type DecoderEvent } from '../../src/decoder/index.js';
import { text } from '../helpers/frame-writer.js';
import { type PcapRecordSpec, TcpConversation, writePcap } from '../helpers/pcap-writer.js';
import { clientFrame, SERVER, switchingProtocols, upgradeRequest } from '../helpers/ws-capture.js';

/** A JSON-RPC-looking chat connection from `port`: handshake, upgrade, two messages; `close`: FINs. */
function conversation(port: number, start: number, close: boolean): PcapRecordSpec[] {
  const c = new TcpConversation({ client: ['10.0.0.1', port], server: SERVER, startSeconds: start });
  c.handshake();
  c.send('client', upgradeRequest());
  c.send('server', switchingProtocols());
  c.send('client', clientFrame({ opcode: 1, payload: text('{"jsonrpc":"2.0","id":1,"method":"ping"}') }));
  c.send('client', clientFrame({ opcode: 1, payload: text('{"jsonrpc":"2.0","id":2,"method":"ping"}') }));
  if (close) c.close('client');
  return c.records;
}

describe('state of ended connections is released', () => {
  const first = conversation(50001, 1700000000, true);
  const second = conversation(50002, 1700000100, false);

  it('while the capture goes on, only the connection still open is held', () => {
    const session = new CaptureSession({ app: true });
    const events: DecoderEvent[] = [];
    // The second connection starts before the first closes: both are open at once.
    const opened = writePcap([...second.slice(0, 3), ...first]);
    session.push(opened);
    events.push(...session.drain());
    const ended = events.filter((e) => e.kind === 'connection' && e.connection.end);
    expect(ended.map((e) => e.kind === 'connection' && e.connection.client.port)).toEqual([50001]);
    const held = session.heldState();
    expect(held.connections).toBe(1);
    expect(held.appConnections).toBe(1);
    expect(held.bytes).toBeGreaterThan(0);
  });

  it('after the end nothing is held, and the app layer still read both connections', () => {
    const session = new CaptureSession({ app: true });
    session.push(writePcap([...second.slice(0, 3), ...first, ...second.slice(3)]));
    const events = session.drain();
    session.end();
    events.push(...session.drain());
    expect(session.heldState()).toEqual({ connections: 0, decoders: 0, bytes: 0, appConnections: 0 });
    const last = new Map<number, string | null>();
    for (const e of events)
      if (e.kind === 'connection') last.set(e.connection.client.port, e.connection.app?.protocol ?? null);
    expect([...last].sort()).toEqual([
      [50001, 'json-rpc'],
      [50002, 'json-rpc'],
    ]);
  });
});
