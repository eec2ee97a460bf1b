// A field of another level applies through its records (issue 12), checked against the
// generator's ground truth (b_ws_concurrent.pcap.intent.json): five ws clients, each sending 8
// messages (text and binary) echoed by the server, then a close with reason "client N done".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyzeCapture,
  bindFilter,
  type ConnectionRecord,
  checkFilter,
  type Level,
  matchingIds,
  RecordMessageCursor,
} from '../../../src/decoder/index.js';

const ROOT = join(import.meta.dirname, '../../..');
const NAME = 'fixtures/captures/b_ws_concurrent.pcap';
const analysis = analyzeCapture(new Uint8Array(readFileSync(join(ROOT, NAME))));
interface IntentConn {
  client: [string, number];
  server: [string, number];
  path: string;
  messages: { dir: string; opcode: number; text64?: string }[];
  control: { dir: string; opcode: number; close_reason?: string }[];
}
const intent = JSON.parse(readFileSync(join(ROOT, `${NAME}.intent.json`), 'utf8')) as { connections: IntentConn[] };
const select = (filter: string, level: Level) => matchingIds(analysis, checkFilter(filter), level);
const clientPort = (id: number) => analysis.connections.find((c) => c.id === id)!.client.port;
const serverPort = intent.connections[0].server[1];

describe('connection rows read their messages and frames', () => {
  it('ws.message.text contains: the connections with such a message', () => {
    const ports = select('ws.message.text contains "client 2 message"', 'connection').map(clientPort);
    const expected = intent.connections.filter((c) => c.messages.some((m) => m.text64?.includes('client 2 message')));
    expect(ports).toEqual(expected.map((c) => c.client[1]));
  });

  it('ws.close.reason ==: the one connection whose close says so', () => {
    const ports = select('ws.close.reason == "client 3 done"', 'connection').map(clientPort);
    const expected = intent.connections.filter((c) => c.control.some((m) => m.close_reason === 'client 3 done'));
    expect(ports).toEqual(expected.map((c) => c.client[1]));
  });

  it('http.request.uri and tcp.srcport read the connection itself', () => {
    const ports = select(`http.request.uri == "/c4" && tcp.dstport == ${serverPort}`, 'connection').map(clientPort);
    expect(ports).toEqual(intent.connections.filter((c) => c.path === '/c4').map((c) => c.client[1]));
  });

  it('not … of a message-level test: connections without such a message', () => {
    const ports = select('not ws.message.text contains "client 2 message"', 'connection').map(clientPort);
    const expected = intent.connections.filter((c) => !c.messages.some((m) => m.text64?.includes('client 2 message')));
    expect(ports).toEqual(expected.map((c) => c.client[1]));
  });
});

describe('message rows read their connection and frames', () => {
  it('tcp.srcport == server port: every message the server sent', () => {
    const n = select(`tcp.srcport == ${serverPort}`, 'message').length;
    const expected = intent.connections.reduce(
      (sum, c) => sum + [...c.messages, ...c.control].filter((m) => m.dir === 's2c').length,
      0,
    );
    expect(n).toBe(expected);
  });

  it('websocket.mask == 1 (a frame field): every message the clients sent', () => {
    const n = select('websocket.mask == 1 && ws.message.type in {text, binary}', 'message').length;
    const expected = intent.connections.reduce((sum, c) => sum + c.messages.filter((m) => m.dir === 'c2s').length, 0);
    expect(n).toBe(expected);
  });
});

describe('frame rows read their message', () => {
  it('ws.message.type == binary: the frames of binary messages, each with opcode 2 or 0', () => {
    const ids = select('ws.message.type == binary', 'frame');
    const binaries = intent.connections.reduce((sum, c) => sum + c.messages.filter((m) => m.opcode === 2).length, 0);
    const frames = analysis.frames.filter((f) => ids.includes(f.id));
    expect(frames.every((f) => f.opcode === 2 || f.opcode === 0)).toBe(true);
    expect(frames.filter((f) => f.opcode === 2).length).toBe(binaries);
  });
});

describe('parts that read only the connection are decided once per connection', () => {
  it('messages of five interleaved connections, both sides: each row gets its own connection and side', () => {
    const filter = `tcp.srcport == ${serverPort} && not http.request.uri in {"/c1" "/c3"} || ip.dst == 127.0.0.1 && tcp.dstport == ${intent.connections[1].client[1]}`;
    const n = select(filter, 'message').length;
    const serverSent = (c: IntentConn) => [...c.messages, ...c.control].filter((m) => m.dir === 's2c').length;
    const expected =
      intent.connections
        .filter((c) => c.path !== '/c1' && c.path !== '/c3')
        .reduce((sum, c) => sum + serverSent(c), 0) + serverSent(intent.connections[1]);
    expect(n).toBe(expected);
  });

  it('a later snapshot of the same connection is decided again', () => {
    const c = analysis.connections.find((x) => x.handshake?.request?.target === '/c2')!;
    const m = analysis.messages.find((x) => x.connectionId === c.id)!;
    let snapshot: ConnectionRecord = { ...c, handshake: null, httpExchanges: [] };
    const bound = bindFilter(checkFilter('http.request.uri == "/c2"'), 'message', { origin: 0 });
    const cursor = new RecordMessageCursor(() => snapshot);
    // Before the upgrade request was parsed, the connection has no URI…
    expect(bound.test(cursor.at(m))).toBe(false);
    // …and its next snapshot has it.
    snapshot = c;
    expect(bound.test(cursor.at(m))).toBe(true);
  });
});
