// `wsscope capture` end to end: the built binary captures loopback traffic through tcpdump (or
// dumpcap) while a real WebSocket server and client (Node's `ws`) talk; every message must be
// printed, soon after it was sent, and SIGTERM must end the capture with a summary and exit 0.
// Needs a capture tool and the right to capture (root here); skipped with the reason otherwise.

import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { findExecutable } from '../../src/node/live-capture.js';
import { buildCli, ndjson, runCli } from './helpers.js';

const tcpdump = findExecutable('tcpdump');
const dumpcap = findExecutable('dumpcap');
const isRoot = process.getuid?.() === 0;
const skipReason =
  !tcpdump && !dumpcap ? 'neither tcpdump nor dumpcap is installed' : !isRoot ? 'not root: cannot capture' : null;
if (skipReason) console.warn(`skipping live capture tests: ${skipReason}`);

interface Line {
  at: number;
  message: { direction: string; type: string; text: string | null; base64: string; close: unknown };
}

let bin: string;
let children: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  bin = buildCli();
});

afterEach(() => {
  // Only ever the CLI processes this file started, by their own handle.
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children = [];
});

function startCapture(args: string[]) {
  const child = spawn(process.execPath, [bin, 'capture', ...args, '--format', 'ndjson'], { stdio: 'pipe' });
  children.push(child);
  const lines: Line[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    let nl = stdout.indexOf('\n');
    while (nl !== -1) {
      lines.push({ at: Date.now(), message: JSON.parse(stdout.slice(0, nl)) });
      stdout = stdout.slice(nl + 1);
      nl = stdout.indexOf('\n');
    }
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (/capturing tcp port/.test(stderr)) resolve();
    });
    child.on('close', () => reject(new Error(`capture ended before it was ready: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, lines, ready, exited, stderr: () => stderr };
}

async function echoServer(): Promise<{ server: WebSocketServer; port: number }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  server.on('connection', (socket) =>
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })),
  );
  await new Promise<void>((resolve) => server.on('listening', () => resolve()));
  return { server, port: (server.address() as AddressInfo).port };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Talks to the echo server; returns when each message was sent. */
async function converse(port: number, texts: string[]): Promise<Map<string, number>> {
  const sent = new Map<string, number>();
  const client = new WebSocket(`ws://127.0.0.1:${port}/live`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    client.on('open', () => resolve());
    client.on('error', reject);
  });
  for (const text of texts) {
    sent.set(text, Date.now());
    client.send(text);
    await sleep(150);
  }
  client.send(Buffer.from([0, 1, 2, 0xfe, 0xff]));
  await sleep(100);
  client.close(1000, 'done');
  await new Promise<void>((resolve) => client.on('close', () => resolve()));
  return sent;
}

describe.skipIf(skipReason !== null)('wsscope capture on loopback', () => {
  const texts = ['live 1', 'live 2 ✓ ünïcödé', '{"type":"update","seq":3}', 'live 4'];

  async function run(extra: string[]) {
    const { server, port } = await echoServer();
    const cap = startCapture(['--port', String(port), ...extra]);
    await cap.ready;
    const sent = await converse(port, texts);
    await sleep(300);
    cap.child.kill('SIGTERM');
    const code = await cap.exited;
    server.close();
    return { cap, code, sent };
  }

  function checkMessages(messages: Line['message'][]) {
    for (const direction of ['client', 'server']) {
      const mine = messages.filter((m) => m.direction === direction);
      expect(mine.filter((m) => m.type === 'text').map((m) => m.text)).toEqual(texts);
      expect(mine.filter((m) => m.type === 'binary').map((m) => m.base64)).toEqual(['AAEC/v8=']);
      expect(mine.filter((m) => m.type === 'close').map((m) => m.close)).toEqual([{ code: 1000, reason: 'done' }]);
    }
  }

  it.runIf(tcpdump !== null)('prints every message as it arrives, then a summary on SIGTERM', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'wsscope-live-')), 'live.pcap');
    const { cap, code, sent } = await run(['--write', out, '--tool', 'tcpdump']);
    expect(code, cap.stderr()).toBe(0);
    checkMessages(cap.lines.map((l) => l.message));
    // Latency: from send() to the line on our stdout. The issue asks for < 100 ms; allow for a
    // loaded CI machine here and print what was measured.
    const latencies = texts.map((t) => {
      const line = cap.lines.find((l) => l.message.direction === 'client' && l.message.text === t)!;
      return line.at - sent.get(t)!;
    });
    console.info(`live capture latency (ms): ${latencies.join(', ')}`);
    expect(Math.max(...latencies)).toBeLessThan(500);
    expect(cap.stderr()).toMatch(/captured \d+ packets: 12 messages on 1 WebSocket connection/);
    expect(cap.stderr()).toContain(`saved the raw capture to ${out} (pcap from tcpdump)`);
    // The saved file is a capture of the same conversation.
    const again = await runCli(bin, ['messages', out]);
    expect(again.code).toBe(0);
    checkMessages(ndjson<Line['message']>(again.stdout));
  });

  it.runIf(dumpcap !== null)('uses dumpcap for a .pcapng file and saves pcapng', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'wsscope-live-')), 'live.pcapng');
    const { cap, code } = await run(['--write', out]);
    expect(code, cap.stderr()).toBe(0);
    expect(cap.stderr()).toContain('with dumpcap');
    checkMessages(cap.lines.map((l) => l.message));
    expect(readFileSync(out).subarray(0, 4).toString('hex')).toBe('0a0d0d0a'); // pcapng Section Header Block
  });

  it.runIf(spawnSync('runuser', ['--help']).status === 0)(
    'explains how to get the right to capture when it is missing',
    async () => {
      // Let an unprivileged user read the built binary.
      chmodSync(dirname(dirname(bin)), 0o755);
      chmodSync(dirname(bin), 0o755);
      const r = spawnSync(
        'runuser',
        ['-u', 'nobody', '--', process.execPath, bin, 'capture', '--port', '9', '--tool', 'tcpdump'],
        {
          encoding: 'utf8',
          timeout: 10_000,
        },
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /^wsscope: no permission to capture on lo with tcpdump: run as root \(sudo\), or .*setcap cap_net_raw,cap_net_admin=eip/m,
      );
      expect(r.stderr).not.toMatch(/^\s+at /m);
    },
  );

  it('rejects a bad port and a bad interface name as wrong usage', async () => {
    const r = await runCli(bin, ['capture', '--port', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid --port 70000/);
    const i = await runCli(bin, ['capture', '--port', '80', '--interface', 'lo; rm -rf /']);
    expect(i.code).toBe(2);
    expect(i.stderr).toMatch(/invalid interface name/);
  });
});
