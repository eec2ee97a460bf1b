// Which protocol applies (select.ts), in the order: override, negotiated subprotocol,
// request target, content with a confidence; and the session's behaviour around it: messages
// seen while sniffing are decoded once chosen, a connection with nothing recognisable stops
// being looked at, a thrown exception inside a decoder becomes decoder.internal-error.

import { describe, expect, it } from 'vitest';
import { bySubprotocol, byTarget, sniff } from '../../../src/decoder/app/select.js';
import { analyzeCapture } from '../../../src/decoder/index.js';
import type { Handshake } from '../../../src/decoder/records.js';
import { hex } from '../../helpers/pcap-writer.js';
import { sendText, serverFrame, switchingProtocols, upgradeRequest, wsCapture } from '../../helpers/ws-capture.js';

const hs = (target: string, subprotocol: string | null = null) =>
  ({ request: { target }, subprotocol }) as unknown as Handshake;
const enc = (s: string) => new TextEncoder().encode(s);

describe('protocol selection', () => {
  it('by the negotiated subprotocol (IANA names and the libraries’ own)', () => {
    expect(bySubprotocol(hs('/', 'mqtt'))).toBe('mqtt');
    expect(bySubprotocol(hs('/', 'v12.stomp'))).toBe('stomp');
    expect(bySubprotocol(hs('/', 'graphql-transport-ws'))).toBe('graphql-ws');
    expect(bySubprotocol(hs('/', 'graphql-ws'))).toBe('subscriptions-transport-ws');
    expect(bySubprotocol(hs('/', 'wamp.2.msgpack'))).toBe('wamp');
    expect(bySubprotocol(hs('/', 'chat'))).toBeNull();
  });

  it('by the request target', () => {
    expect(byTarget(hs('/socket.io/?EIO=4&transport=websocket'))).toBe('socket.io');
    expect(byTarget(hs('/socket/websocket?vsn=2.0.0'))).toBe('phoenix');
    expect(byTarget(hs('/cable'))).toBe('actioncable');
    expect(byTarget(hs('/echo/000/abcd1234/websocket'))).toBe('sockjs');
    expect(byTarget(hs('/chathub?id=x1'))).toBe('signalr');
    expect(byTarget(hs('/chat'))).toBeNull();
  });

  it('by content, with a confidence', () => {
    expect(sniff(enc('x'), '{"jsonrpc":"2.0","method":"a","id":1}')).toEqual({ protocol: 'json-rpc', confidence: 0.9 });
    expect(sniff(enc('x'), '{"type":"connection_init"}')?.protocol).toBe('graphql-ws');
    expect(sniff(enc('x'), '{"type":"start","id":"1","payload":{"query":"{ a }"}}')?.protocol).toBe(
      'subscriptions-transport-ws',
    );
    // A chat command that merely says "subscribe" is not GraphQL (fixtures/captures/b_ws_deflate).
    expect(sniff(enc('x'), '{"type":"subscribe","topics":["a","b"]}')).toBeNull();
    expect(sniff(enc('x'), 'CONNECT\naccept-version:1.2\n\n\0')?.protocol).toBe('stomp');
    expect(sniff(enc('x'), '0{"sid":"abc","upgrades":[]}')).toEqual({ protocol: 'socket.io', confidence: 0.95 });
    expect(sniff(enc('x'), '{"protocol":"json","version":1}\x1e')?.protocol).toBe('signalr');
    expect(sniff(enc('x'), '[1,"realm1",{"roles":{}}]')?.protocol).toBe('wamp');
    expect(sniff(enc('x'), '{"hello":"world"}')).toBeNull();
    // An MQTT CONNECT: 0x10, length, then the protocol name "MQTT".
    expect(sniff(new Uint8Array([0x10, 0x0c, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 0]), null)?.protocol).toBe(
      'mqtt',
    );
  });
});

describe('the app session in the capture session', () => {
  it('plain chat text: nothing chosen, no app on any message', () => {
    const a = analyzeCapture(
      wsCapture((c) => {
        for (const t of ['hello', 'how are you', 'fine', 'bye', 'one more']) sendText(t)(c);
      }),
      { app: true },
    );
    expect(a.connections[0]?.app).toBeNull();
    expect(a.messages.every((m) => m.app === undefined)).toBe(true);
    expect(a.requests).toEqual([]);
  });

  it('an override wins over the subprotocol; none turns decoding off', () => {
    const bytes = wsCapture(sendText('{"jsonrpc":"2.0","method":"m","id":1}'), {
      request: upgradeRequest('Sec-WebSocket-Protocol: mqtt\r\n'),
      response: switchingProtocols('Sec-WebSocket-Protocol: mqtt\r\n'),
    });
    const auto = analyzeCapture(bytes, { app: true });
    expect(auto.connections[0]?.app).toEqual({ protocol: 'mqtt', chosenBy: 'subprotocol', confidence: 1 });
    // MQTT reads "{" (0x7b) as PUBCOMP (type 7) with flags 1011, which §2.2.2 forbids.
    expect(auto.messages[0]?.app?.kind).toBe('malformed');
    expect(auto.findings.find((f) => f.code === 'app.malformed')?.message).toBe(
      'message 1 does not parse as mqtt at byte 0: PUBCOMP with flags 1011 (§2.2.2: must be 0000)',
    );
    const forced = analyzeCapture(bytes, { app: { overrides: new Map([[1, 'json-rpc']]) } });
    expect(forced.connections[0]?.app).toEqual({ protocol: 'json-rpc', chosenBy: 'override', confidence: 1 });
    expect(forced.requests.map((r) => [r.name, r.status])).toEqual([['m', 'pending']]);
    const none = analyzeCapture(bytes, { app: { overrides: new Map([[1, 'none']]) } });
    expect(none.messages[0]?.app).toBeUndefined();
  });
});

describe('binary payloads: MessagePack and CBOR by content, on two agreeing messages', () => {
  const bin = (hexes: string[]) =>
    wsCapture((c) => {
      for (const h of hexes) c.send('server', serverFrame({ opcode: 2, payload: hex(h) }));
    });

  it('two MessagePack maps make the connection msgpack; the first is decoded too', () => {
    // {"a":1} and {"b":[1,2]} (MessagePack spec: fixmap 0x81, fixstr 0xa1, fixarray 0x92).
    const a = analyzeCapture(bin(['81 a1 61 01', '81 a1 62 92 01 02']), { app: true });
    expect(a.connections[0]?.app).toEqual({ protocol: 'msgpack', chosenBy: 'sniff', confidence: 0.7 });
    expect(a.messages.map((m) => m.app?.summary)).toEqual(['{"a":1}', '{"b":[1,2]}']);
  });

  it('CBOR maps (RFC 8949: a1 61 61 01 is {"a": 1})', () => {
    const a = analyzeCapture(bin(['a1 61 61 01', 'a2 61 61 01 61 62 02']), { app: true });
    expect(a.connections[0]?.app?.protocol).toBe('cbor');
  });

  it('one map alone, or bytes that are neither, choose nothing', () => {
    expect(analyzeCapture(bin(['81 a1 61 01']), { app: true }).connections[0]?.app).toBeNull();
    expect(analyzeCapture(bin(['00 ff 13 37', '42 42 42']), { app: true }).connections[0]?.app).toBeNull();
  });
});

describe('decoded data stays bounded', () => {
  it('a 100 000-character JSON-RPC param is cut to 64 KiB in app.data (the payload keeps it all)', () => {
    const big = 'x'.repeat(100_000);
    const a = analyzeCapture(wsCapture(sendText(`{"jsonrpc":"2.0","method":"put","params":["${big}"],"id":1}`)), {
      app: true,
    });
    const data = a.messages[0]?.app?.data as string[];
    expect(data[0]).toBe(`${'x'.repeat(65_536)}… (34464 more characters)`);
    expect(a.messages[0]?.payload.length).toBeGreaterThan(100_000);
  });
});
