// -Y/--filter on the listing commands and `wsscope fields`, run through the built binary.
// Expected rows come from the generator's intent file (b_ws_concurrent.pcap.intent.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, runCli } from './helpers.js';

const CAPTURE = 'fixtures/captures/b_ws_concurrent.pcap';
const intent = JSON.parse(readFileSync(join(ROOT, `${CAPTURE}.intent.json`), 'utf8')) as {
  connections: { client: [string, number]; server: [string, number]; path: string; messages: { dir: string }[] }[];
};
let bin: string;
beforeAll(() => {
  bin = buildCli();
}, 60_000);
const lines = (s: string) =>
  s
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('-Y/--filter', () => {
  it('a mistake is a usage error (exit 2) naming the column and the nearest field', async () => {
    const r = await runCli(bin, ['messages', CAPTURE, '-Y', 'websocket.opcod == 1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `wsscope: invalid filter: unknown field "websocket.opcod" at 1; did you mean websocket.opcode? (try 'wsscope messages --help')\n`,
    );
  });

  it('messages: connection fields apply through the message (tcp.srcport, http.request.uri)', async () => {
    const server = intent.connections[0].server[1];
    const r = await runCli(bin, [
      'messages',
      CAPTURE,
      '--filter',
      `tcp.srcport == ${server} && http.request.uri == "/c1"`,
    ]);
    expect(r.code).toBe(0);
    const rows = lines(r.stdout);
    const c1 = intent.connections.find((c) => c.path === '/c1')!;
    // the echoes (data) plus the server's close
    expect(rows.length).toBe(c1.messages.filter((m) => m.dir === 's2c').length + 1);
    expect(new Set(rows.map((m) => m.direction))).toEqual(new Set(['server']));
  });

  it('frames: a message field holds the rows until their message is known', async () => {
    const r = await runCli(bin, ['frames', CAPTURE, '-Y', 'ws.close.reason == "client 0 done"']);
    expect(r.code).toBe(0);
    const rows = lines(r.stdout);
    expect(rows.map((f) => [f.type, f.direction])).toEqual([
      ['close', 'client'],
      ['close', 'server'],
    ]);
  });

  it('connections: a message field keeps the connections with such a message', async () => {
    const r = await runCli(bin, ['connections', CAPTURE, '-Y', 'ws.message.text contains "client 3"', '-f', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { request: { target: string } }[];
    expect(rows.map((c) => c.request.target)).toEqual(['/c3']);
  });

  it('findings and stats take it too', async () => {
    const f = await runCli(bin, ['findings', CAPTURE, '-Y', 'ws.finding.severity == error']);
    expect(f.code).toBe(0);
    const s = await runCli(bin, ['stats', CAPTURE, '-Y', 'ws.direction == client', '-f', 'json']);
    expect(s.code).toBe(0);
    const overall = JSON.parse(s.stdout).overall;
    expect(overall.connections).toBe(intent.connections.length);
  });
});

describe('wsscope fields', () => {
  it('lists every field with its type, Wireshark names included', async () => {
    const r = await runCli(bin, ['fields', '-f', 'ndjson']);
    expect(r.code).toBe(0);
    const rows = lines(r.stdout) as { name: string; type: string }[];
    const names = rows.map((x) => x.name);
    for (const n of [
      'frame.number',
      'frame.time_relative',
      'ip.addr',
      'ip.src',
      'ip.dst',
      'ipv6.addr',
      'tcp.port',
      'tcp.srcport',
      'tcp.dstport',
      'tcp.stream',
      'http.request.method',
      'http.request.uri',
      'http.response.code',
      'http.host',
      'websocket.fin',
      'websocket.rsv',
      'websocket.opcode',
      'websocket.mask',
      'websocket.masking_key',
      'websocket.payload_length',
      'websocket.payload',
      'ws.connection',
      'ws.direction',
      'ws.message.type',
      'ws.message.text',
      'ws.message.length',
      'ws.message.compressed',
      'ws.message.complete',
      'ws.finding',
      'ws.subprotocol',
      'ws.extension',
      'ws.rtt',
      'app.protocol',
      'app.kind',
      'app.name',
      'app.mqtt.topic',
      'app.socketio.event',
      'app.stomp.destination',
      'app.jsonrpc.method',
    ]) {
      expect(names).toContain(n);
    }
    expect(rows.find((x) => x.name === 'ip.addr')?.type).toBe('ipv4');
  });
});
