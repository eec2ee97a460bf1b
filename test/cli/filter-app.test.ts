// -Y on app.* fields (issue 12): a message filter selects individual messages by what their
// application protocol says, and frames and connections through their messages. Expected rows
// come from the ground truth the recording scripts wrote (fixtures/app/*.truth.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ndjson, ROOT, runCli } from './helpers.js';

interface Request {
  direction: string;
  name: string;
  kind?: string;
  receipt?: string;
  status?: string;
  batch?: boolean;
}
interface TruthConnection {
  clientPort?: number;
  requests: Request[];
  events?: Request[];
  delivered?: { topic: string }[];
  received?: { destination: string }[];
}
const truth = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, `fixtures/app/${name}.pcap.truth.json`), 'utf8')) as {
    connections: TruthConnection[];
  };

interface AppRow {
  kind: string;
  name: string | null;
  packets?: { kind: string; name: string | null }[];
}
interface MessageRow {
  id: number;
  direction: string;
  frameIds: number[];
  app: AppRow | null;
}
const packets = (m: MessageRow) => m.app?.packets ?? (m.app ? [m.app] : []);

let bin: string;
beforeAll(() => {
  bin = buildCli();
}, 60_000);

async function rows<T>(args: string[]): Promise<T[]> {
  const r = await runCli(bin, [...args, '-f', 'ndjson']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return ndjson<T>(r.stdout);
}

describe('app.* fields select messages', () => {
  const mqtt = truth('mqtt');

  it('app.mqtt.topic: the PUBLISH messages of that topic, both ways (MQTT.js and mosquitto)', async () => {
    const got = await rows<MessageRow>([
      'messages',
      'fixtures/app/mqtt.pcap',
      '-Y',
      'app.mqtt.topic == "sensors/door"',
    ]);
    const published = mqtt.connections.flatMap((c) =>
      [...c.requests, ...(c.events ?? [])].filter((r) => r.kind === 'PUBLISH' && r.name === 'sensors/door'),
    );
    const delivered = mqtt.connections.flatMap((c) => (c.delivered ?? []).filter((d) => d.topic === 'sensors/door'));
    expect(got.filter((m) => m.direction === 'client').length).toBe(published.length);
    expect(got.filter((m) => m.direction === 'server').length).toBe(delivered.length);
    for (const m of got)
      expect(packets(m)).toContainEqual(expect.objectContaining({ kind: 'PUBLISH', name: 'sensors/door' }));
  });

  it('a packet over several WebSocket messages belongs to the message that completed it', async () => {
    const got = await rows<MessageRow>([
      'messages',
      'fixtures/app/mqtt.pcap',
      '-Y',
      'app.mqtt.topic == "sensors/blob" && ws.direction == client',
    ]);
    const sent = mqtt.connections.flatMap((c) => c.requests.filter((r) => r.name === 'sensors/blob'));
    expect(got.length).toBe(sent.length);
    expect(got.every((m) => m.app?.kind === 'PUBLISH')).toBe(true);
  });

  it('every packet of a message counts: STOMP MESSAGE and RECEIPT frames bundled in one message', async () => {
    const stomp = truth('stomp');
    const messages = await rows<MessageRow>([
      'messages',
      'fixtures/app/stomp.pcap',
      '-Y',
      'app.stomp.destination == "/topic/chat" && app.stomp.command == MESSAGE',
    ]);
    const received = stomp.connections.flatMap((c) => c.received ?? []);
    expect(messages.length).toBe(received.filter((r) => r.destination === '/topic/chat').length);
    const receipts = await rows<MessageRow>([
      'messages',
      'fixtures/app/stomp.pcap',
      '-Y',
      'app.stomp.command == RECEIPT',
    ]);
    // a SEND the server refused is answered by an ERROR, not a RECEIPT
    const asked = stomp.connections.flatMap((c) =>
      c.requests.filter((r) => r.receipt !== undefined && r.status === 'ok'),
    );
    expect(receipts.flatMap(packets).filter((p) => p.kind === 'RECEIPT').length).toBe(asked.length);
    // the bundled one is in both lists
    expect(receipts.some((m) => messages.some((x) => x.id === m.id))).toBe(true);
  });

  it('a JSON-RPC batch is selected by any of its calls', async () => {
    const rpc = truth('jsonrpc');
    const got = await rows<MessageRow>([
      'messages',
      'fixtures/app/jsonrpc.pcap',
      '-Y',
      'app.jsonrpc.method == "echo" && ws.direction == client',
    ]);
    const calls = rpc.connections.flatMap((c) =>
      c.requests.filter((r) => r.name === 'echo' && r.direction === 'client'),
    );
    // the batched call and its batch-mates share one message
    expect(got.length).toBe(calls.length);
    expect(got.flatMap(packets).filter((p) => p.name === 'echo').length).toBe(calls.length);
  });
});

describe('app.* fields at the other levels', () => {
  it('frames: the frames of the selected messages', async () => {
    const filter = 'app.mqtt.topic == "sensors/door"';
    const messages = await rows<MessageRow>(['messages', 'fixtures/app/mqtt.pcap', '-Y', filter]);
    const frames = await rows<{ id: number }>(['frames', 'fixtures/app/mqtt.pcap', '-Y', filter]);
    expect(frames.map((f) => f.id)).toEqual(messages.flatMap((m) => m.frameIds).sort((a, b) => a - b));
  });

  it('connections: those with such a message (Socket.IO event)', async () => {
    const io = truth('socketio');
    const got = await rows<{ client: { port: number } }>([
      'connections',
      'fixtures/app/socketio.pcap',
      '-Y',
      'app.socketio.event == "upload"',
    ]);
    const expected = io.connections.filter((c) => c.requests.some((r) => r.name === 'upload')).map((c) => c.clientPort);
    expect(got.map((c) => c.client.port)).toEqual(expected);
  });
});
