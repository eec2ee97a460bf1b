// The mode table (handover.ts, h11 _state.py style) and what happens when the decoder itself is
// wrong: an impossible transition is a bug, reported as decoder.internal-error, never bad input.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionDecoder } from '../../../src/decoder/connection/connection.js';
import { Handover, type HandoverHost, TRANSITIONS } from '../../../src/decoder/connection/handover.js';
import { DecoderBug } from '../../../src/decoder/findings.js';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { DEFAULT_LIMITS } from '../../../src/decoder/records.js';
import { LINK_TYPE_OF, TcpConversation, writePcap } from '../../helpers/pcap-writer.js';
import { ACCEPT, clientFrame, Pair, TEXT, upgradeRequest } from './pair.js';

function handover(): Handover {
  const host = { clientSide: 'a', rec: new Pair().record() } as unknown as HandoverHost;
  return new Handover(host, DEFAULT_LIMITS);
}

describe('the mode table', () => {
  it('lists exactly these transitions', () => {
    const edges = Object.entries(TRANSITIONS).flatMap(([from, to]) =>
      Object.entries(to).map(([event, next]) => `${from} -${event}-> ${next}`),
    );
    expect(edges).toEqual([
      'undecided -http-seen-> http',
      'undecided -frames-seen-> websocket',
      'undecided -other-seen-> other',
      'http -upgrade-requested-> upgrade-pending',
      'upgrade-pending -switched-> websocket',
      'upgrade-pending -refused-> http',
    ]);
  });

  it('follows a refused upgrade and a retry to websocket', () => {
    const h = handover();
    for (const event of ['http-seen', 'upgrade-requested', 'refused', 'upgrade-requested', 'switched'] as const) {
      h.transition(event);
    }
    expect(h.mode).toBe('websocket');
  });

  it('an event the table does not list for the mode is a bug, named with both', () => {
    const h = handover();
    h.transition('frames-seen');
    expect(() => h.transition('upgrade-requested')).toThrow(DecoderBug);
    expect(() => h.transition('http-seen')).toThrow('connection cannot handle http-seen in mode websocket');
    expect(h.mode).toBe('websocket');
  });

  it('a second open event for a connection is a bug', () => {
    const c = new Pair();
    expect(() =>
      c.conn.onEvent({
        type: 'open',
        connectionId: 7,
        a: { address: '10.0.0.1', port: 1 },
        b: { address: '10.0.0.2', port: 2 },
        synSeen: true,
        record: 9,
        time: 9,
      }),
    ).toThrow(DecoderBug);
  });
});

describe('a connection that throws (a bug) does not stop the capture', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is reported as decoder.internal-error and dropped; the other connection is decoded', () => {
    const records = [];
    for (const port of [50000, 50001]) {
      const conv = new TcpConversation({ client: ['10.0.0.1', port], server: ['10.0.0.2', 80], startSeconds: port });
      conv.handshake();
      conv.send('client', upgradeRequest());
      conv.send(
        'server',
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n\r\n`,
      );
      conv.send('client', clientFrame(TEXT, `hello from ${port}`));
      conv.close('client');
      records.push(...conv.records);
    }
    const onEvent = ConnectionDecoder.prototype.onEvent;
    vi.spyOn(ConnectionDecoder.prototype, 'onEvent').mockImplementation(function (this: ConnectionDecoder, ev) {
      if (this.rec.client.port === 50000 && ev.type === 'data') throw new TypeError('injected bug');
      onEvent.call(this, ev);
    });
    const a = analyzeCapture(writePcap(records, { linkType: LINK_TYPE_OF.ethernet }));
    const bugs = a.findings.filter((f) => f.code === 'decoder.internal-error');
    expect(bugs.map((f) => `${f.connectionId} ${f.packet}: ${f.message}`)).toEqual([
      '1 4: wsscope bug while decoding connection 1 (TypeError: injected bug)',
    ]);
    expect(bugs[0]?.severity).toBe('error');
    expect(a.messages.map((m) => m.text)).toEqual(['hello from 50001']);
    expect(a.connections.map((c) => c.id)).toEqual([1, 2]);
  });
});
