// Live wss:// capture in the app (browser mode, headless Chromium, a real tcpdump on loopback):
// the live form is given a key log path that does not exist yet; a real Node https + ws server
// then writes its key log (its `keylog` event, as SSLKEYLOGFILE does) while a client talks to it.
// The UI must show the messages decrypted as they come, and Save must give a pcapng that
// decrypts alone. Truth: the texts the test's client sent.
// Needs tcpdump and the right to capture (root here); skipped with the reason otherwise.

import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { analyzeCapture } from '../../src/decoder/index.js';
import { findExecutable } from '../../src/node/live-capture.js';
import { nodeTlsCrypto } from '../../src/node/tls-crypto.js';
import { hasChromium, pageErrors, servedApp, shot } from './browser.js';

const canCapture = findExecutable('tcpdump') !== null && process.getuid?.() === 0;
if (!canCapture) console.warn('skipping live wss capture in the app: needs tcpdump and root');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function certificate(dir: string) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
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
      '/CN=localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

describe.skipIf(!hasChromium || !canCapture)('live wss:// capture with a key log in the app', () => {
  const app = servedApp();
  const dir = mkdtempSync(join(tmpdir(), 'wsscope-e2e-live-tls-'));
  const keyLog = join(dir, 'sslkeys.log'); // written by the server only once clients connect
  const tls = https.createServer(certificate(dir));
  tls.on('keylog', (line) => appendFileSync(keyLog, line));
  const wss = new WebSocketServer({ server: tls, perMessageDeflate: false });
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo: ${data}`)));

  beforeAll(async () => {
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  }, 120_000);

  afterAll(async () => {
    wss.close();
    tls.close();
  });

  it('decrypts messages as they are captured, and saves a pcapng that decrypts alone', async () => {
    const { page } = app.browser;
    const port = (tls.address() as AddressInfo).port;
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByRole('button', { name: '● Live…' }).click();
    await page.getByLabel('live capture port').fill(String(port));
    await page.getByLabel('key log path').fill(keyLog);
    await shot(page, 'live-tls-01-form');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: '■ Stop capture' }).waitFor();
    expect(await page.locator('.capture-name').textContent()).toContain('key log');

    const client = new WebSocket(`wss://127.0.0.1:${port}/live`, {
      rejectUnauthorized: false,
      perMessageDeflate: false,
    });
    await new Promise<void>((resolve, reject) => {
      client.on('open', () => resolve());
      client.on('error', reject);
    });
    client.send('first secret');
    // Decrypted while the capture runs: the echo of the first message appears in the table.
    await expect
      .poll(() => page.locator('.grid-row').allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('echo: first secret')]));
    client.send('second secret ✓');
    await expect
      .poll(() => page.locator('.grid-row').allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('echo: second secret ✓')]));
    expect(await page.locator('.conn').first().textContent()).toContain('upgraded');
    await shot(page, 'live-tls-02-decrypted-live');
    // The hex view's TLS records read the live stream again (its DSBs included): the server's
    // echo (unmasked FIN text, 18 bytes: 2 + 18 bytes) highlighted in the record's plaintext.
    await page.locator('.grid-row', { hasText: 'echo: first secret' }).first().click();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'TLS records: ciphertext ⇄ plaintext' }).click();
    await page.getByTestId('tls-records').waitFor();
    const plainHl = (await page.getByTestId('tls-plain-hex').first().locator('.hl').allTextContents()).join('');
    expect(plainHl).toBe(`8112${Buffer.from('echo: first secret').toString('hex')}`);
    expect((await page.getByTestId('tls-cipher-hex').first().locator('.hl').allTextContents()).length).toBe(20);
    await page.getByTestId('tls-records').scrollIntoViewIfNeeded();
    await shot(page, 'live-tls-03-records');
    client.close(1000, 'done');
    await new Promise<void>((resolve) => client.on('close', () => resolve()));
    await sleep(300);

    await page.getByRole('button', { name: '■ Stop capture' }).click();
    await page.getByRole('button', { name: 'Save capture' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save capture' }).click(),
    ]);
    const saved = new Uint8Array(readFileSync((await download.path())!));
    // The saved pcapng carries the keys: decrypted with no key log given.
    const reread = analyzeCapture(saved, { tls: { crypto: nodeTlsCrypto } });
    const texts = reread.messages.filter((m) => m.type === 'text').map((m) => Buffer.from(m.payload).toString('utf8'));
    expect(texts).toEqual(['first secret', 'echo: first secret', 'second secret ✓', 'echo: second secret ✓']);
    expect(reread.connections.every((c) => c.tls?.decrypted)).toBe(true);
    expect(pageErrors(page)).toEqual([]);
  });
});
