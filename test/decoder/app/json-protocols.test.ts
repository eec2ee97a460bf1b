// The JSON-based protocols on messages from their specifications: JSON-RPC 2.0 (the spec's
// examples: positional params, a notification, a batch with an invalid member, an error),
// graphql-transport-ws and subscriptions-transport-ws (their PROTOCOL.md), SignalR's JSON hub
// protocol (HubProtocol.md), Phoenix V1/V2 serializers, Action Cable, WAMP, SockJS.

import { describe, expect, it } from 'vitest';
import { ActionCableDecoder } from '../../../src/decoder/app/actioncable.js';
import { GraphqlDecoder, operationName } from '../../../src/decoder/app/graphql.js';
import { JsonRpcDecoder } from '../../../src/decoder/app/jsonrpc.js';
import { PhoenixDecoder } from '../../../src/decoder/app/phoenix.js';
import { SignalRDecoder } from '../../../src/decoder/app/signalr.js';
import { SockJsDecoder } from '../../../src/decoder/app/sockjs.js';
import type { ProtocolDecoder } from '../../../src/decoder/app/types.js';
import { WampDecoder } from '../../../src/decoder/app/wamp.js';

const t = (d: ProtocolDecoder, dir: 'client' | 'server', s: string) => d.decode(dir, new TextEncoder().encode(s), s);

describe('JSON-RPC 2.0 (specification §7 examples)', () => {
  it('request, response, notification, error', () => {
    const d = new JsonRpcDecoder();
    const req = t(d, 'client', '{"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}').packets[0];
    expect(req).toMatchObject({ kind: 'request', name: 'subtract', id: 1, summary: 'subtract [42,23] id 1' });
    expect(t(d, 'server', '{"jsonrpc": "2.0", "result": 19, "id": 1}').packets[0]?.pair).toEqual({
      op: 'answer',
      key: 'client:number:1',
      final: true,
      error: false,
    });
    expect(t(d, 'client', '{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}').packets[0]?.kind).toBe(
      'notification',
    );
    const err = t(
      d,
      'server',
      '{"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "1"}',
    );
    expect(err.packets[0]?.pair).toEqual({ op: 'answer', key: 'client:string:1', final: true, error: true });
  });

  it('a batch with a member that is not a request is malformed at that member', () => {
    const r = t(
      new JsonRpcDecoder(),
      'client',
      '[{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"}, 1]',
    );
    expect(r.packets).toHaveLength(1);
    expect(r.malformed?.message).toBe('batch item 1: not a JSON-RPC object');
    expect(t(new JsonRpcDecoder(), 'client', '[]').malformed?.message).toBe('empty batch (JSON-RPC 2.0 §6)');
    expect(
      t(new JsonRpcDecoder(), 'client', '{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]').malformed
        ?.offset,
      // The spec's "invalid JSON" example: the string "foobar, " ends at byte 38, so the stray
      // `params` starts at byte 39.
    ).toBe(39);
  });
});

describe('GraphQL over WebSocket', () => {
  it('graphql-transport-ws: subscribe → next → complete, named from the document', () => {
    const d = new GraphqlDecoder('graphql-ws');
    const sub = t(d, 'client', '{"id":"a","type":"subscribe","payload":{"query":"subscription { greetings }"}}')
      .packets[0];
    expect(sub?.name).toBe('subscription greetings');
    expect(t(d, 'server', '{"id":"a","type":"next","payload":{"data":{"greetings":"Hi"}}}').packets[0]?.pair).toEqual({
      op: 'answer',
      key: 'op:a',
      final: false,
      error: false,
    });
    expect(t(d, 'server', '{"id":"a","type":"complete"}').packets[0]?.pair).toMatchObject({ final: true });
    expect(t(d, 'client', '{"type":"start","id":"1"}').malformed?.message).toBe(
      'unknown graphql-ws message type "start"',
    );
  });

  it('operation names: operationName first, else the operation type and its first field or name', () => {
    expect(operationName({ query: 'query Hero { hero { name } }' })).toBe('query Hero');
    expect(operationName({ query: '{ hello }' })).toBe('query hello');
    expect(operationName({ query: '{ a }', operationName: 'Named' })).toBe('Named');
  });

  it('subscriptions-transport-ws: start → data (with errors: failed) → complete', () => {
    const d = new GraphqlDecoder('subscriptions-transport-ws');
    t(d, 'client', '{"id":"1","type":"start","payload":{"query":"{ boom }"}}');
    expect(
      t(d, 'server', '{"id":"1","type":"data","payload":{"errors":[{"message":"x"}]}}').packets[0]?.pair,
    ).toMatchObject({
      error: true,
    });
    expect(t(d, 'server', '{"type":"ka"}').packets[0]?.kind).toBe('ka');
  });
});

describe('SignalR JSON hub protocol', () => {
  it('handshake, two records in one message, a completion with an error', () => {
    const d = new SignalRDecoder();
    expect(t(d, 'client', '{"protocol":"json","version":1}\x1e').packets[0]?.summary).toBe('handshake json v1');
    expect(t(d, 'server', '{}\x1e').packets[0]?.summary).toBe('handshake accepted');
    const two = t(d, 'client', '{"type":1,"invocationId":"1","target":"A","arguments":[]}\x1e{"type":6}\x1e');
    expect(two.packets.map((p) => p.kind)).toEqual(['Invocation', 'Ping']);
    expect(t(d, 'server', '{"type":3,"invocationId":"1","error":"boom"}\x1e').packets[0]?.pair).toEqual({
      op: 'answer',
      key: 'client:1',
      final: true,
      error: true,
    });
    expect(t(d, 'server', '{"type":6}').malformed?.message).toBe('last record not ended by 0x1E');
  });
});

describe('Phoenix, Action Cable, WAMP, SockJS', () => {
  it('Phoenix V2 array and V1 object pair by ref', () => {
    const d = new PhoenixDecoder();
    expect(t(d, 'client', '["1","1","room:lobby","phx_join",{}]').packets[0]?.pair).toMatchObject({
      op: 'open',
      key: 'ref:1',
    });
    expect(
      t(d, 'server', '{"topic":"room:lobby","event":"phx_reply","payload":{"status":"error","response":{}},"ref":"1"}')
        .packets[0]?.pair,
    ).toEqual({
      op: 'answer',
      key: 'ref:1',
      final: true,
      error: true,
    });
  });

  it('Action Cable subscribe → reject_subscription fails', () => {
    const d = new ActionCableDecoder();
    const id = '{\\"channel\\":\\"ChatChannel\\"}';
    expect(t(d, 'client', `{"command":"subscribe","identifier":"${id}"}`).packets[0]?.name).toBe('ChatChannel');
    expect(t(d, 'server', `{"identifier":"${id}","type":"reject_subscription"}`).packets[0]?.pair).toMatchObject({
      error: true,
    });
    expect(t(d, 'client', '{"identifier":"x"}').malformed?.message).toBe('client message without a command');
  });

  it('WAMP CALL → ERROR answers with an error; progressive RESULT keeps the call open', () => {
    const d = new WampDecoder();
    expect(t(d, 'client', '[48,7,{},"com.x.f"]').packets[0]?.pair).toEqual({
      op: 'open',
      key: 'client:7',
      name: 'com.x.f',
      id: '7',
    });
    expect(t(d, 'server', '[50,7,{"progress":true},[1]]').packets[0]?.pair).toMatchObject({ final: false });
    expect(t(d, 'server', '[8,48,7,{},"com.x.error"]').packets[0]?.pair).toMatchObject({ final: true, error: true });
    expect(t(d, 'client', '[99]').malformed?.message).toBe('unknown WAMP message type 99');
  });

  it('SockJS frames, with STOMP inside', () => {
    const d = new SockJsDecoder();
    expect(t(d, 'server', 'o').packets[0]?.kind).toBe('open');
    expect(t(d, 'server', 'a["x","y"]').packets.map((p) => p.summary)).toEqual(['"x"', '"y"']);
    expect(t(d, 'server', 'c[3000,"Go away!"]').packets[0]?.summary).toBe('sockjs close [3000,"Go away!"]');
    expect(t(d, 'server', 'z').malformed?.message).toBe('unknown SockJS frame "z"');
  });
});
