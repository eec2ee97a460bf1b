// The worker's display filter (engine.filter over its column stores) keeps what the decoder's
// records give with the same filter, and what the generator's ground truth says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture, checkFilter, matchingIds } from '../../../src/decoder/index.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';

const ROOT = join(import.meta.dirname, '../../..');
const NAME = 'fixtures/captures/b_ws_concurrent.pcap';
const bytes = new Uint8Array(readFileSync(join(ROOT, NAME)));
const engine = new DecodeEngine(bytes.length);
engine.push(bytes);
engine.end();
const analysis = analyzeCapture(bytes);

describe('engine.filter', () => {
  it.each([
    'websocket.opcode == 1',
    'websocket.opcode == binary || websocket.rsv == 4',
    'tcp.srcport == 18412 && ws.message.type == text',
    'ip.src == 127.0.0.1 and websocket.mask',
    'ws.message.text contains "client 2"',
    'websocket.masking_key',
    'ws.finding',
    'frame.time_relative < 0.03 && !websocket.fin',
    'http.request.uri in {"/c1", "/c3"}',
    // contains on payloads: bytes searched in place in the worker, views and strings in the records
    'websocket.payload contains "client 1"',
    'ws.message.payload contains 63:6c:69',
    'not ws.message.text contains "message 3"',
    'ws.message.text contains "\\u00e9"',
    'frame.number > 20 && ws.frame in {2..9 30..40}',
    'ws.message.length > 20 || tcp.dstport == 18412',
  ])('%s: the same rows as the records give', async (filter) => {
    const r = await engine.filter(filter);
    expect(r.error).toBeNull();
    const checked = checkFilter(filter);
    expect([...r.frameIds]).toEqual(matchingIds(analysis, checked, 'frame'));
    expect([...r.messageIds]).toEqual(matchingIds(analysis, checked, 'message'));
    expect(r.connectionIds).toEqual(matchingIds(analysis, checked, 'connection'));
  });

  it.each([
    ['ws.message.text contains "utf8 "', [2]],
    ['ws.message.text contains "("', [2]],
    ['ws.message.text contains "\\ufffd"', [2]],
    ['ws.message.text contains "valid"', [1]],
    ['ws.message.text contains "text first"', [1]],
    ['websocket.payload contains ff:fe', [2]],
  ])('%s on invalid UTF-8 text (07j): what the decoded text gives', async (filter, messages) => {
    // Message 2 is b'bad \xff\xfe utf8 \xc3\x28 \xed\xa0\x80' (the fixture's intent): its text
    // has U+FFFD where the bytes are invalid; a needle without U+FFFD is searched in the bytes.
    const bad = new Uint8Array(readFileSync(join(ROOT, 'fixtures/shared/07j_neg_invalid_utf8_text.pcap')));
    const e = new DecodeEngine(bad.length);
    e.push(bad);
    e.end();
    const r = await e.filter(filter);
    expect([...r.messageIds]).toEqual(messages);
    expect([...r.messageIds]).toEqual(matchingIds(analyzeCapture(bad), checkFilter(filter), 'message'));
  });

  it.each([
    ['mqtt', 'app.mqtt.topic == "sensors/door"'],
    ['mqtt', 'app.kind == SUBACK || app.id == "1"'],
    ['stomp', 'app.stomp.command == RECEIPT'],
    ['socketio', 'app.socketio.event == "chat" && ws.direction == client'],
  ])('%s: %s reads the application packets of each message (app-store.ts)', async (name, filter) => {
    const app = new Uint8Array(readFileSync(join(ROOT, `fixtures/app/${name}.pcap`)));
    const e = new DecodeEngine(app.length);
    e.push(app);
    e.end();
    const r = await e.filter(filter);
    expect(r.error).toBeNull();
    expect(r.messageIds.length).toBeGreaterThan(0);
    const records = analyzeCapture(app, { app: true });
    const checked = checkFilter(filter);
    expect([...r.messageIds]).toEqual(matchingIds(records, checked, 'message'));
    expect([...r.frameIds]).toEqual(matchingIds(records, checked, 'frame'));
    expect(r.connectionIds).toEqual(matchingIds(records, checked, 'connection'));
  });

  it('app.mqtt.topic: the publications the ground truth lists (mqtt.pcap)', async () => {
    const app = new Uint8Array(readFileSync(join(ROOT, 'fixtures/app/mqtt.pcap')));
    const truth = JSON.parse(readFileSync(join(ROOT, 'fixtures/app/mqtt.pcap.truth.json'), 'utf8')) as {
      connections: { requests: { kind: string; name: string }[]; delivered: { topic: string }[] }[];
    };
    const e = new DecodeEngine(app.length);
    e.push(app);
    e.end();
    const sent = truth.connections.flatMap((c) =>
      c.requests.filter((x) => x.kind === 'PUBLISH' && x.name === 'sensors/door'),
    );
    const delivered = truth.connections.flatMap((c) => c.delivered.filter((d) => d.topic === 'sensors/door'));
    expect((await e.filter('app.mqtt.topic == "sensors/door"')).messageIds.length).toBe(sent.length + delivered.length);
  });

  it('matches reads a payload longer than 4096 bytes whole, byte for byte (05: 64 KiB and 1 MiB)', async () => {
    const name = 'fixtures/shared/05_pyws_large_binary.pcap';
    const big = new Uint8Array(readFileSync(join(ROOT, name)));
    const sizes = (
      JSON.parse(readFileSync(join(ROOT, `${name}.intent.json`), 'utf8')) as {
        connections: { messages: { length: number; hex32: string }[] }[];
      }
    ).connections.flatMap((c) => c.messages);
    const e = new DecodeEngine(big.length);
    e.push(big);
    e.end();
    const records = analyzeCapture(big);
    for (const n of [65535, 65536, 1048579]) {
      const filter = `ws.message.payload matches "^.{${n}}$"`;
      const ids = [...(await e.filter(filter)).messageIds];
      expect(ids.length).toBe(sizes.filter((m) => m.length === n).length);
      expect(ids).toEqual(matchingIds(records, checkFilter(filter), 'message'));
    }
    // The first bytes as Latin-1 characters, one per byte (the intent's hex32 of the 126-byte
    // one). \\xNN in the filter text is \xNN in the regular expression: the byte itself, never a
    // metacharacter.
    const m126 = sizes.find((m) => m.length === 126)!;
    const head = m126.hex32
      .match(/../g)!
      .map((h) => `\\\\x${h}`)
      .join('');
    expect((await e.filter(`ws.message.payload matches "^${head}"`)).messageIds.length).toBe(
      sizes.filter((m) => m.hex32.startsWith(m126.hex32)).length,
    );
  });

  it("answers a mistake with the CLI's message and column", async () => {
    const r = await engine.filter('ws.direction == sideways');
    expect(r.error).toEqual({
      message: '"sideways" is not a value of ws.direction (one of client, server) at 17',
      column: 17,
      length: 8,
    });
    expect(r.frameIds.length).toBe(0);
  });

  it('keeps the messages of the connection the ground truth names', async () => {
    const intent = JSON.parse(readFileSync(join(ROOT, `${NAME}.intent.json`), 'utf8')) as {
      connections: { path: string; messages: unknown[]; control: unknown[] }[];
    };
    const c2 = intent.connections.find((c) => c.path === '/c2')!;
    const r = await engine.filter('http.request.uri == "/c2"');
    expect(r.messageIds.length).toBe(c2.messages.length + c2.control.length);
  });
});
