// `wsscope requests`, the `app` field of `messages` and `connections`, `--protocol`, and the end
// verdict in `connections` and `follow`, run as the built binary on real captures; expected
// values come from the truth files the traffic scripts wrote (fixtures/app/*.truth.json).

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hex } from '../helpers/pcap-writer.js';
import { serverFrame, wsCapture } from '../helpers/ws-capture.js';
import { buildCli, ROOT, runCli } from './helpers.js';

const APP = join(ROOT, 'fixtures/app');
let bin: string;
beforeAll(() => {
  bin = buildCli();
});

const parseLines = (s: string) =>
  s
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const truth = (name: string) => JSON.parse(readFileSync(join(APP, `${name}.truth.json`), 'utf8'));

describe('wsscope requests', () => {
  it('lists the JSON-RPC pairs with the statuses the library reported', async () => {
    const r = await runCli(bin, ['requests', join(APP, 'jsonrpc.pcap')]);
    expect(r.code).toBe(0);
    const rows = parseLines(r.stdout);
    const want = truth('jsonrpc.pcap').connections[0].requests.map(
      (q: { direction: string; name: string; status: string }) => `${q.direction} ${q.name} ${q.status}`,
    );
    expect(rows.map((x) => `${x.direction} ${x.name} ${x.status}`)).toEqual(want);
    // The contract's keys, in order.
    expect(Object.keys(rows[0]).slice(0, 8)).toEqual([
      'connection',
      'protocol',
      'id',
      'name',
      'request',
      'response',
      'latency',
      'status',
    ]);
  });

  it('--status pending, --stats percentiles and the table', async () => {
    const spec = join(APP, 'spec-protocols.pcap');
    const pending = parseLines((await runCli(bin, ['requests', spec, '--status', 'pending'])).stdout);
    expect(pending.map((x) => [x.connection, x.name, x.response, x.latency])).toEqual([[9, 'sub', null, null]]);
    const stats = parseLines((await runCli(bin, ['requests', spec, '--stats', '-c', '9'])).stdout);
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ connectionId: 9, protocol: 'json-rpc', requests: 2, ok: 1, pending: 1 });
    // One answered request: every percentile is its latency (the generator's packets are 4 ms apart).
    expect(stats[0].p50).toBeCloseTo(0.004, 5); // pcap times are whole µs
    expect(stats[0].max).toBe(stats[0].p50);
    const table = await runCli(bin, ['requests', spec, '-c', '3', '--format', 'table']);
    expect(table.stdout).toContain('room:secret phx_join');
    expect(table.stdout).toContain('4 requests: 3 ok, 1 error, 0 never answered');
  });

  it('--protocol overrides the choice; a bad value is a usage error', async () => {
    const spec = join(APP, 'spec-protocols.pcap');
    const none = parseLines((await runCli(bin, ['requests', spec, '-c', '6', '--protocol', '6=none'])).stdout);
    expect(none).toEqual([]);
    const bad = await runCli(bin, ['requests', spec, '--protocol', '6=carrier-pigeon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('carrier-pigeon is not one of');
  });
});

describe('messages, connections and follow with application protocols', () => {
  it('messages ndjson has app: the Socket.IO events as the script emitted them', async () => {
    const rows = parseLines((await runCli(bin, ['messages', join(APP, 'socketio.pcap'), '-c', '1'])).stdout);
    const chats = rows.filter((m) => m.app?.kind === 'EVENT' && m.app.name === 'chat');
    expect(chats.map((m) => m.app.data)).toEqual([
      ['chat', 'hello'],
      ['chat', 'how are you?'],
      ['chat', 'bye'],
    ]);
    expect(rows.find((m) => m.type === 'close').app).toBeNull();
  });

  it('connections json has app and end; follow ends with the verdict', async () => {
    const conns = parseLines((await runCli(bin, ['connections', join(APP, 'mqtt.pcap')])).stdout);
    expect(conns.map((c) => c.app.protocol)).toEqual(['mqtt', 'mqtt']);
    // MQTT.js ends with DISCONNECT and closes its socket without a WebSocket close frame.
    expect(conns[1].end).toMatchObject({ how: 'tcp-fin', browserCode: 1006, wasClean: false });
    const follow = await runCli(bin, ['follow', join(APP, 'stomp.pcap')]);
    expect(follow.stdout).toContain('↳ stomp: CONNECTED 1.2 heart-beat 200,200');
    expect(follow.stdout.trimEnd().split('\n').at(-1)).toMatch(/^End: the server closed with /);
  });
});

describe('--proto', () => {
  it('decodes a protobuf connection with the schema; a bad schema is a usage error naming its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsscope-proto-'));
    writeFileSync(join(dir, 'p.proto'), 'syntax = "proto3";\nmessage Ping { string who = 1; uint32 seq = 2; }\n');
    writeFileSync(join(dir, 'bad.proto'), 'message A {\n  B b = 1;\n}\n');
    // Ping {who: "al", seq: 150}: 0a 02 61 6c 10 96 01 (protobuf encoding guide).
    const cap = join(dir, 'p.pcap');
    writeFileSync(
      cap,
      wsCapture((c) => c.send('server', serverFrame({ opcode: 2, payload: hex('0a 02 61 6c 10 96 01') }))),
    );
    const r = await runCli(bin, [
      'messages',
      cap,
      '--protocol',
      '1=protobuf',
      '--proto',
      `${join(dir, 'p.proto')}:Ping`,
    ]);
    expect(r.code).toBe(0);
    expect(parseLines(r.stdout)[0].app).toMatchObject({
      protocol: 'protobuf',
      name: 'Ping',
      data: { who: 'al', seq: 150 },
    });
    const bad = await runCli(bin, ['messages', cap, '--proto', join(dir, 'bad.proto')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.proto:2: unknown type B');
  });
});
