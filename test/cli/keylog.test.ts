// --keylog and SSLKEYLOGFILE on the built CLI, with a real TLS 1.3 WebSocket stream
// (test/decoder/tls/streams, recorded from Node tls + ws) and its key log.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyLogText, loadStream, streamPcap } from '../helpers/tls-streams.js';
import { buildCli, ROOT } from './helpers.js';

let bin: string;
const dir = mkdtempSync(join(tmpdir(), 'wsscope-keylog-'));
const s = loadStream('tls13-aes128gcm');
const pcap = join(dir, 'wss.pcap');
const keys = join(dir, 'keys.log');

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const base = { ...process.env };
    delete base.SSLKEYLOGFILE;
    const child = spawn(process.execPath, [bin, ...args], { cwd: ROOT, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => {
      stdout += b;
    });
    child.stderr.on('data', (b) => {
      stderr += b;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const texts = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((m) => m.type === 'text')
    .map((m) => m.text);

beforeAll(() => {
  bin = buildCli();
  writeFileSync(pcap, streamPcap(s));
  writeFileSync(keys, keyLogText(s));
}, 60_000);

describe('TLS key logs on the command line', () => {
  it('--keylog decrypts: messages are the ones sent, and stderr says which key log was used', async () => {
    const r = await run(['messages', pcap, '--keylog', keys, '--no-progress']);
    expect(r.code).toBe(0);
    expect(texts(r.stdout)).toEqual(s.sent.map((m) => m.text));
    expect(r.stderr).toContain(`TLS keys: 5 secrets from ${keys} (--keylog)`);
  });

  it('SSLKEYLOGFILE is the default', async () => {
    const r = await run(['messages', pcap, '--no-progress'], { SSLKEYLOGFILE: keys });
    expect(texts(r.stdout)).toEqual(s.sent.map((m) => m.text));
    expect(r.stderr).toContain('(SSLKEYLOGFILE)');
  });

  it('connections JSON carries tls; without keys the connection is still listed, with how to get keys', async () => {
    const withKeys = await run(['connections', pcap, '--keylog', keys, '-f', 'json', '--no-progress']);
    const [c] = JSON.parse(withKeys.stdout);
    expect(c.kind).toBe('websocket');
    expect(c.tls).toMatchObject({
      version: 'TLS 1.3',
      cipher: 'TLS_AES_128_GCM_SHA256',
      sni: 'localhost',
      alpn: null,
      decrypted: true,
    });
    const without = await run(['connections', pcap, '-f', 'json', '--no-progress']);
    const [n] = JSON.parse(without.stdout);
    expect(n.kind).toBe('tcp');
    expect(n.tls).toMatchObject({ version: 'TLS 1.3', decrypted: false });
    expect(without.stderr).toContain('1 TLS connection without keys');
    expect(without.stderr).toContain('SSLKEYLOGFILE');
    const table = await run(['connections', pcap, '-f', 'table', '--no-progress']);
    expect(table.stdout).toContain('🔒 TLS 1.3 local…'); // the column is 16 wide
  });

  it('an unreadable --keylog is an input error (exit 1); an unreadable SSLKEYLOGFILE a warning', async () => {
    const missing = join(dir, 'nope.log');
    const r = await run(['messages', pcap, '--keylog', missing, '--no-progress']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${missing}: cannot read the key log (ENOENT)`);
    const e = await run(['messages', pcap, '--no-progress'], { SSLKEYLOGFILE: missing });
    expect(e.code).toBe(0);
    expect(e.stderr).toContain(`SSLKEYLOGFILE=${missing} cannot be read (ENOENT)`);
  });
});
