// -Y on the TLS layer's fields (tls.*, ws.tls.*), through the built binary, on a real wss capture
// whose keys are embedded in the pcapng. Expected values come from the generator's intent file
// (what Node's TLS stack reported: suite, SNI, ALPN), never from wsscope.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, runCli } from './helpers.js';

const CAPTURE = 'fixtures/tls/node-tls13-aes256gcm.pcapng';
const intent = JSON.parse(readFileSync(join(ROOT, 'fixtures/tls/node-tls13-aes256gcm.pcap.intent.json'), 'utf8')) as {
  connections: { client: [string, number]; tls: { cipher: string; sni: string; alpn: string } }[];
};
let bin: string;
beforeAll(() => {
  bin = buildCli();
}, 60_000);

async function clientPorts(filter: string): Promise<number[]> {
  const r = await runCli(bin, ['connections', CAPTURE, '--all', '--format', 'ndjson', '-Y', filter]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { client: { port: number } }).client.port);
}

describe('-Y on TLS fields', () => {
  const want = intent.connections.map((c) => c.client[1]);
  const tls = intent.connections[0].tls;

  it('the suite, SNI and ALPN the stack negotiated select its connections', async () => {
    expect(await clientPorts(`tls.handshake.ciphersuite == "${tls.cipher}"`)).toEqual(want);
    expect(await clientPorts(`tls.handshake.extensions_server_name == "${tls.sni}"`)).toEqual(want);
    expect(await clientPorts(`tls.handshake.extensions_alpn_str == "${tls.alpn}" && ws.tls.decrypted == true`)).toEqual(
      want,
    );
  });

  it('another suite selects nothing; a message filter applies through its connection', async () => {
    expect(await clientPorts('tls.handshake.ciphersuite == "TLS_CHACHA20_POLY1305_SHA256"')).toEqual([]);
    const r = await runCli(bin, [
      'messages',
      CAPTURE,
      '--format',
      'ndjson',
      '-Y',
      'tls && ws.tls.version == "TLS 1.3"',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(0);
  });
});
