// `wsscope export --har` and every command opening a .har, through the built binary.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { harValidator } from '../helpers/har-schema.js';
import { buildCli, ROOT, runCli } from './helpers.js';

const CAPTURE = 'fixtures/captures/b_ws_concurrent.pcap';
const intent = JSON.parse(readFileSync(join(ROOT, `${CAPTURE}.intent.json`), 'utf8')) as {
  connections: { path: string; messages: { dir: string; text64?: string }[] }[];
};
let bin: string;
const dir = mkdtempSync(join(tmpdir(), 'wsscope-export-'));
beforeAll(() => {
  bin = buildCli();
}, 60_000);

describe('wsscope export --har', () => {
  it('writes a valid HAR that every command opens again', async () => {
    const har = join(dir, 'all.har');
    const r = await runCli(bin, ['export', CAPTURE, '--har', har]);
    expect(r.code).toBe(0);
    expect(harValidator()(JSON.parse(readFileSync(har, 'utf8')))).toEqual([]);
    const m = await runCli(bin, ['messages', har]);
    expect(m.code).toBe(0);
    const texts = m.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((x) => x.type === 'text')
      // text64: the first 64 characters of each text message
      .map((x) => x.text.slice(0, 64))
      .sort();
    const expected = intent.connections
      .flatMap((c) => c.messages.flatMap((x) => (x.text64 === undefined ? [] : [x.text64])))
      .sort();
    expect(texts).toEqual(expected);
    const c = await runCli(bin, ['connections', har, '-f', 'json', '-Y', 'http.request.uri == "/c2"']);
    expect(JSON.parse(c.stdout).map((x: { request: { target: string } }) => x.request.target)).toEqual(['/c2']);
  });

  it('-Y chooses connections and messages; --har - writes to stdout', async () => {
    const r = await runCli(bin, [
      'export',
      CAPTURE,
      '--har',
      '-',
      '-Y',
      'http.request.uri == "/c1" && ws.direction == client',
    ]);
    expect(r.code).toBe(0);
    const har = JSON.parse(r.stdout);
    expect(har.log.entries).toHaveLength(1);
    const sent = intent.connections.find((c) => c.path === '/c1')!.messages.filter((m) => m.dir === 'c2s');
    expect(har.log.entries[0]._webSocketMessages.map((m: { type: string }) => m.type)).toEqual(sent.map(() => 'send'));
  });

  it('opens a real Firefox HAR and says on stderr what it does not record', async () => {
    const r = await runCli(bin, ['connections', 'fixtures/har/firefox-153.har', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(not recorded\) +127\.0\.0\.1:8765 +\/chat +101 /);
    expect(r.stderr).toContain('firefox-153.har is a HAR file: it records handshakes and messages, not packets');
    expect(r.stderr).toContain("holds no messages for 1 WebSocket connection (Firefox's HAR export leaves them out");
  });

  it('needs --har', async () => {
    const r = await runCli(bin, ['export', CAPTURE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'export' needs --har FILE");
  });
});
