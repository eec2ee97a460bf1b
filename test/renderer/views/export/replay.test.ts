// The replay scripts and the curl command run for real against a ws server on loopback: the
// server receives the captured client messages (sha256 and opcode from the generator's intent
// file), in order, at about the captured offsets, and the captured close.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { analyzeCapture } from '../../../../src/decoder/index.js';
import { curlCommand, websocatCommand } from '../../../../src/renderer/views/export/commands.js';
import { replayNodeScript, replayPythonScript } from '../../../../src/renderer/views/export/replay.js';

const ROOT = join(import.meta.dirname, '../../../..');
const NAME = 'fixtures/captures/b_ws_concurrent.pcap';
const analysis = analyzeCapture(new Uint8Array(readFileSync(join(ROOT, NAME))));
const intent = JSON.parse(readFileSync(join(ROOT, `${NAME}.intent.json`), 'utf8')) as {
  connections: {
    path: string;
    messages: { dir: string; opcode: number; sha256: string }[];
    control: { dir: string; opcode: number; close_code?: number; close_reason?: string }[];
  }[];
};
const connection = analysis.connections.find((c) => c.handshake?.request?.target === '/c0')!;
const truth = intent.connections.find((c) => c.path === '/c0')!;
const sent = truth.messages.filter((m) => m.dir === 'c2s');
const clientClose = truth.control.find((m) => m.dir === 'c2s' && m.opcode === 8)!;
// Offsets of the client's messages after the 101 response, from the capture's packet times.
const open = connection.handshake!.response!.time;
const offsets = analysis.messages
  .filter((m) => m.connectionId === connection.id && m.direction === 'client' && m.opcode < 8)
  .map((m) => m.firstTime - open);

interface Received {
  sha256: string;
  binary: boolean;
  at: number;
}
let server: WebSocketServer;
let port = 0;
let sessions: { path: string; received: Received[]; close: Promise<{ code: number; reason: string }> }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'wsscope-replay-'));

beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((r) => server.once('listening', () => r()));
  port = (server.address() as AddressInfo).port;
  server.on('connection', (ws, req) => {
    const start = performance.now();
    const received: Received[] = [];
    const close = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('message', (data, binary) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      received.push({
        sha256: createHash('sha256').update(bytes).digest('hex'),
        binary,
        at: (performance.now() - start) / 1000,
      });
    });
    sessions.push({ path: req.url ?? '', received, close });
  });
});
afterAll(() => server.close());

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
    });
    child.stderr.on('data', (b) => {
      out += b;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

async function checkReplay(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  sessions = [];
  const r = await run(command, args, env);
  expect(r.out).not.toMatch(/Error|Traceback/);
  expect(r.code).toBe(0);
  expect(sessions).toHaveLength(1);
  const s = sessions[0];
  expect(s.path).toBe('/c0');
  expect(s.received.map((m) => [m.binary ? 2 : 1, m.sha256])).toEqual(sent.map((m) => [m.opcode, m.sha256]));
  expect(await s.close).toEqual({ code: clientClose.close_code, reason: clientClose.close_reason });
  // Pacing: each message no earlier than captured, and not much later (timers on a busy machine).
  s.received.forEach((m, i) => {
    expect(m.at).toBeGreaterThanOrEqual(offsets[i] - 0.005);
    expect(m.at).toBeLessThan(offsets[i] + 0.5);
  });
}

describe('replay scripts against a real server', () => {
  it('Node with ws sends the same messages, pacing and close', async () => {
    const file = join(dir, 'replay.cjs');
    writeFileSync(file, replayNodeScript(connection, analysis.messages));
    await checkReplay(process.execPath, [file, `ws://127.0.0.1:${port}/c0`], { NODE_PATH: join(ROOT, 'node_modules') });
  }, 30_000);

  it('Python with websockets sends the same messages, pacing and close', async () => {
    const file = join(dir, 'replay.py');
    writeFileSync(file, replayPythonScript(connection, analysis.messages));
    await checkReplay('/usr/bin/python3', [file, `ws://127.0.0.1:${port}/c0`]);
  }, 30_000);
});

describe('handshake as commands', () => {
  it('curl sends the captured upgrade request and gets the 101 with the key the capture had', async () => {
    const command = curlCommand(connection)!;
    expect(command.startsWith('curl --include --no-buffer --http1.1 -X GET')).toBe(true);
    const key = connection.handshake!.request!.headers.find(([k]) => k === 'Sec-WebSocket-Key')![1];
    // RFC 6455 §4.2.2: the server answers the captured key with the captured accept value.
    const accept = connection.handshake!.response!.headers.find(([k]) => k === 'Sec-WebSocket-Accept')![1];
    const local = command.replace('http://127.0.0.1:18412/c0', `http://127.0.0.1:${port}/c0`);
    sessions = [];
    const r = await run('sh', ['-c', `${local} --max-time 1`]);
    expect(r.out).toContain('HTTP/1.1 101 Switching Protocols');
    expect(r.out).toContain(`Sec-WebSocket-Accept: ${accept}`);
    expect(command).toContain(`-H 'Sec-WebSocket-Key: ${key}'`);
  }, 30_000);

  it('websocat opens the same URL with the headers it does not make itself', () => {
    expect(websocatCommand(connection)).toBe('websocat ws://127.0.0.1:18412/c0');
  });
});
