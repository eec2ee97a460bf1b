// `wsscope capture --port N --keylog FILE --write OUT` end to end on real wss traffic: a Node
// https + ws server that writes its key log (its `keylog` event, appended to FILE as a dev server
// started with SSLKEYLOGFILE does) only once connections come, while the built binary captures
// loopback through tcpdump. The messages must be printed decrypted as they arrive, and the saved
// pcapng must stand alone: tshark decrypts it with no key option, wsscope's decoder with no key
// log (the CLI reading such a pcapng is test/cli/tls-keylog.test.ts).
// Needs tcpdump and the right to capture (root here); skipped with the reason otherwise.

import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { analyzeCapture } from '../../src/decoder/index.js';
import { findExecutable } from '../../src/node/live-capture.js';
import { nodeTlsCrypto } from '../../src/node/tls-crypto.js';
import { buildCli, ndjson } from './helpers.js';

const tcpdump = findExecutable('tcpdump');
const tshark = findExecutable('tshark');
const isRoot = process.getuid?.() === 0;
const skipReason = !tcpdump ? 'tcpdump is not installed' : !isRoot ? 'not root: cannot capture' : null;
if (skipReason) console.warn(`skipping live capture with key log tests: ${skipReason}`);

interface Msg {
  connection: number;
  direction: 'client' | 'server';
  type: string;
  text: string | null;
  base64: string;
  close: { code: number | null; reason: string } | null;
}

let bin: string;
let children: ChildProcessWithoutNullStreams[] = [];
beforeAll(() => {
  bin = buildCli();
});
afterEach(() => {
  // Only the CLI processes this file started, by their own handle.
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children = [];
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A throwaway self-signed certificate (openssl, as the TLS fixtures' generators make theirs). */
function certificate(dir: string) {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=wsscope live',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

function startCapture(args: string[]) {
  const child = spawn(process.execPath, [bin, 'capture', ...args, '--format', 'ndjson'], { stdio: 'pipe' });
  children.push(child);
  const lines: Msg[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    const cut = stdout.lastIndexOf('\n') + 1;
    lines.push(...ndjson<Msg>(stdout.slice(0, cut)));
    stdout = stdout.slice(cut);
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

describe.skipIf(skipReason !== null)('wsscope capture --keylog on live wss traffic', () => {
  const texts = ['secret 1', 'secret 2 ✓ ünïcödé', '{"type":"update","seq":3}'];

  it('decrypts live, and saves a pcapng with the keys that tshark and wsscope decrypt alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsscope-live-tls-'));
    const keyLog = join(dir, 'sslkeys.log'); // does not exist yet: the server writes it later
    const out = join(dir, 'live.pcapng');
    const server = https.createServer(certificate(dir));
    server.on('keylog', (line) => appendFileSync(keyLog, line));
    const wss = new WebSocketServer({ server, perMessageDeflate: false });
    wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;

    const cap = startCapture(['--port', String(port), '--keylog', keyLog, '--write', out, '--tool', 'tcpdump']);
    await cap.ready;
    // Two connections: the key log grows while the capture runs.
    for (const tls of [{ maxVersion: 'TLSv1.3' }, { maxVersion: 'TLSv1.2' }] as const) {
      const client = new WebSocket(`wss://127.0.0.1:${port}/live`, {
        rejectUnauthorized: false,
        perMessageDeflate: false,
        ...tls,
      });
      await new Promise<void>((resolve, reject) => {
        client.on('open', () => resolve());
        client.on('error', reject);
      });
      for (const text of texts) {
        client.send(text);
        await sleep(100);
      }
      client.close(1000, 'done');
      await new Promise<void>((resolve) => client.on('close', () => resolve()));
    }
    await sleep(300);
    cap.child.kill('SIGTERM');
    const code = await cap.exited;
    wss.close();
    server.close();
    expect(code, cap.stderr()).toBe(0);

    const check = (messages: Msg[]) => {
      const conns = [...new Set(messages.map((m) => m.connection))];
      expect(conns.length).toBe(2);
      for (const conn of conns) {
        for (const direction of ['client', 'server'] as const) {
          const mine = messages.filter((m) => m.connection === conn && m.direction === direction);
          expect(mine.filter((m) => m.type === 'text').map((m) => m.text)).toEqual(texts);
          expect(mine.filter((m) => m.type === 'close').map((m) => m.close)).toEqual([{ code: 1000, reason: 'done' }]);
        }
      }
    };
    check(cap.lines); // decrypted as it was captured
    const keyLines = readFileSync(keyLog, 'utf8').split('\n').filter(Boolean).length;
    expect(cap.stderr()).toContain(`read ${keyLines} key log lines from ${keyLog}, embedded in the saved pcapng`);
    expect(readFileSync(out).subarray(0, 4).toString('hex')).toBe('0a0d0d0a');

    // The saved file alone: wsscope's decoder with no key log (the keys are in the file) ...
    const saved = analyzeCapture(new Uint8Array(readFileSync(out)), { tls: { crypto: nodeTlsCrypto } });
    check(
      saved.messages.map((m) => ({
        connection: m.connectionId,
        direction: m.direction,
        type: m.type,
        text: m.type === 'text' ? Buffer.from(m.payload).toString('utf8') : null,
        base64: Buffer.from(m.payload).toString('base64'),
        close: m.close ? { code: m.close.code, reason: m.close.reason } : null,
      })),
    );
    expect(saved.connections.every((c) => c.tls?.decrypted)).toBe(true);
    // ... and tshark with no key option: every text both ways on both connections.
    if (tshark) {
      const seen = execFileSync(
        'tshark',
        [
          '-r',
          out,
          '-Y',
          'websocket.opcode == 1',
          '-T',
          'fields',
          '-E',
          'occurrence=a',
          '-E',
          'aggregator=|',
          '-e',
          'websocket.payload.text',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
      expect(seen.split(/[\n|]/).filter(Boolean).sort()).toEqual([...texts, ...texts, ...texts, ...texts].sort());
    }
  });

  it('says so when the key log never appears, and still captures; SSLKEYLOGFILE is the default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsscope-live-tls-'));
    const saved = process.env.SSLKEYLOGFILE;
    process.env.SSLKEYLOGFILE = join(dir, 'never.log'); // the child inherits it
    const cap = startCapture(['--port', '9']);
    if (saved === undefined) delete process.env.SSLKEYLOGFILE;
    else process.env.SSLKEYLOGFILE = saved;
    await cap.ready;
    await sleep(200);
    cap.child.kill('SIGTERM');
    expect(await cap.exited).toBe(0);
    expect(cap.stderr()).toContain(`following the key log ${join(dir, 'never.log')} (SSLKEYLOGFILE)`);
    expect(cap.stderr()).toContain(`the key log ${join(dir, 'never.log')} never appeared`);
  });
});
