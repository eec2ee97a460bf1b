// The built `wsscope` binary on the real wss captures of fixtures/tls/: `messages X.pcap --keylog
// X.keys`, `messages X.pcapng` (keys from its Decryption Secrets Block, no option) and
// SSLKEYLOGFILE as the default all print every message the senders logged (their intent.json,
// never our decoder), and `connections` shows each connection's TLS as the stack reported it.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readIntentIn } from '../helpers/intent.js';
import { buildCli, DIR, ndjson, ROOT, runCli, sha256OfBase64 } from './helpers.js';

const TLS = join(ROOT, 'fixtures', 'tls');

interface Msg {
  connection: number;
  direction: 'client' | 'server';
  opcode: number;
  length: number;
  base64: string;
  complete: boolean;
}
interface Conn {
  id: number;
  client: { address: string; port: number };
  server: { address: string; port: number };
  tls?: {
    version: string | null;
    cipher: string | null;
    sni: string | null;
    alpn: string | null;
    decrypted: boolean;
    reason: string;
  };
}
interface TlsIntent {
  connections: {
    client: [string, number];
    server: [string, number];
    messages: { dir: 'c2s' | 's2c'; opcode: number; length: number; sha256: string }[];
    tls: { version: string; cipher: string; sni: string | null; alpn: string | null };
  }[];
}

let bin: string;
beforeAll(() => {
  bin = buildCli();
});

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    // runCli's child inherits process.env as it is when spawned.
    return await runCli(bin, args);
  } finally {
    process.env = saved;
  }
}

const CAPTURES = [
  'node-tls13-aes128gcm-deflate',
  'node-tls12-ecdhe-chacha20',
  'node-tls12-rsa-aes256gcm',
  'python-tls13-deflate',
  'openssl-tls13-key-update',
  'chromium-tls13-deflate',
];

describe.each(CAPTURES)('wsscope on %s', (name) => {
  const intent = readIntentIn<TlsIntent>(TLS, `${name}.pcap`);
  const pcap = join(TLS, `${name}.pcap`);
  const keys = join(TLS, `${name}.keys`);

  async function checkMessages(args: string[], env: Record<string, string | undefined> = {}) {
    const conns = await run(['connections', ...args, '--format', 'json'], env);
    expect(conns.code, conns.stderr).toBe(0);
    const list = JSON.parse(conns.stdout) as Conn[];
    const r = await run(['messages', ...args, '--format', 'ndjson'], env);
    expect(r.code, r.stderr).toBe(0);
    const msgs = ndjson<Msg>(r.stdout);
    for (const c of intent.connections) {
      const conn = list.find((x) => x.client.port === c.client[1] && x.server.port === c.server[1]);
      expect(conn, `connection ${c.client[1]}`).toBeTruthy();
      expect(conn?.tls?.decrypted, conn?.tls?.reason).toBe(true);
      expect(conn?.tls?.cipher).toBe(c.tls.cipher);
      for (const dir of ['c2s', 's2c'] as const) {
        const ours = msgs
          .filter((m) => m.connection === conn?.id && m.direction === DIR[dir] && m.opcode > 0 && m.opcode < 8)
          .map((m) => `${m.opcode} ${m.length} ${sha256OfBase64(m.base64)}`);
        const want = c.messages.filter((m) => m.dir === dir).map((m) => `${m.opcode} ${m.length} ${m.sha256}`);
        expect(ours, `${dir} messages`).toEqual(want);
      }
    }
    return r;
  }

  it('messages X.pcap --keylog X.keys: every message as sent, and says which key log it used', async () => {
    const r = await checkMessages([pcap, '--keylog', keys], { SSLKEYLOGFILE: undefined });
    expect(r.stderr).toContain(keys);
  });

  it('messages X.pcapng: keys from its Decryption Secrets Block, no option needed', async () => {
    await checkMessages([join(TLS, `${name}.pcapng`)], { SSLKEYLOGFILE: undefined });
  });

  it('SSLKEYLOGFILE in the environment is the default key log, and stderr says so', async () => {
    const r = await checkMessages([pcap], { SSLKEYLOGFILE: keys });
    expect(r.stderr).toContain('SSLKEYLOGFILE');
  });

  it('without keys: every connection listed as TLS with no keys, and how to get them in one line', async () => {
    const r = await run(['connections', pcap, '--all', '--format', 'json'], { SSLKEYLOGFILE: undefined });
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as Conn[];
    for (const c of intent.connections) {
      const conn = list.find((x) => x.client.port === c.client[1] && x.server.port === c.server[1]);
      expect(conn?.tls?.decrypted).toBe(false);
      expect(conn?.tls?.cipher).toBe(c.tls.cipher);
    }
    // The hint, on stderr or in the connection's reason.
    expect(r.stderr + r.stdout).toContain('SSLKEYLOGFILE');
  });
});

describe('wsscope findings on the damaged wss captures (fixtures/tls/damaged/)', () => {
  const DAMAGED = join(TLS, 'damaged');
  it.each([
    ['node-wrong-key', ['tls.decrypt-failed']],
    ['node-tls13-lost-packet', ['tls.gap']],
    ['node-tls12-lost-packet', ['tls.gap']],
    ['node-tls13-mid-connection', ['tls.mid-connection']],
  ])('%s: reports %j with the key log, and tls.no-keys without', async (name, codes) => {
    for (const file of [`${name}.pcap`, `${name}.pcapng`]) {
      const args = file.endsWith('.pcap') ? ['--keylog', join(DAMAGED, `${name}.keys`)] : [];
      const r = await run(['findings', join(DAMAGED, file), ...args, '--format', 'ndjson'], {
        SSLKEYLOGFILE: undefined,
      });
      expect(r.code, r.stderr).toBe(0);
      const seen = ndjson<{ code: string }>(r.stdout).map((f) => f.code);
      for (const code of codes) expect(seen, file).toContain(code);
    }
    const bare = await run(['findings', join(DAMAGED, `${name}.pcap`), '--format', 'ndjson'], {
      SSLKEYLOGFILE: undefined,
    });
    expect(ndjson<{ code: string }>(bare.stdout).map((f) => f.code)).toContain('tls.no-keys');
  });

  it('openssl-tls13-key-update: reports tls.key-update', async () => {
    const name = 'openssl-tls13-key-update';
    const r = await run(['findings', join(TLS, `${name}.pcapng`), '--format', 'ndjson'], { SSLKEYLOGFILE: undefined });
    expect(ndjson<{ code: string }>(r.stdout).map((f) => f.code)).toContain('tls.key-update');
  });
});
