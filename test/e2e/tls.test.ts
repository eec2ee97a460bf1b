// wss:// in the app (browser mode, headless Chromium): a real TLS 1.3 WebSocket capture opened
// without keys shows the locked connection and how to get keys; the key log opened with the
// "Key log…" button decrypts it (messages, TLS card, key schedule). Screenshots for a human.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyLogText, loadStream, streamPcap, streamPcapngWithSecrets } from '../helpers/tls-streams.js';
import { hasChromium, pageErrors, servedApp, shot } from './browser.js';

const dir = mkdtempSync(join(tmpdir(), 'wsscope-e2e-tls-'));
const s = loadStream('tls13-chacha20');
const pcap = join(dir, 'wss-chacha20.pcap');
const pcapng = join(dir, 'wss-with-keys.pcapng');
const keys = join(dir, 'keys.log');

describe.skipIf(!hasChromium)('wss:// in the app', () => {
  const app = servedApp();

  beforeAll(async () => {
    writeFileSync(pcap, streamPcap(s));
    writeFileSync(pcapng, streamPcapngWithSecrets(s, [{ at: 0, text: keyLogText(s) }]));
    writeFileSync(keys, keyLogText(s));
  }, 120_000);

  it('without keys: the connection is listed with a lock and the way to get keys', async () => {
    const { page } = app.browser;
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByTestId('file-input').setInputFiles(pcap);
    await page.locator('.conn').first().waitFor();
    expect(await page.locator('.conn').first().textContent()).toContain('no keys');
    await page.getByTestId('tls-no-keys').waitFor();
    expect(await page.getByTestId('tls-info').textContent()).toContain('TLS_CHACHA20_POLY1305_SHA256');
    await shot(page, 'tls-01-no-keys');
  });

  it('the key log opened with the button decrypts the capture: messages, TLS card, key schedule', async () => {
    const { page } = app.browser;
    await page.getByTestId('keylog-input').setInputFiles(keys);
    await page.getByTestId('tls-key-steps').first().waitFor();
    const info = await page.getByTestId('tls-info').textContent();
    expect(info).toContain('TLS 1.3');
    expect(info).toContain('localhost');
    expect(info).toContain('CN=localhost, O=wsscope test');
    expect(await page.locator('.conn').first().textContent()).toContain('upgraded');
    // Four secrets worked to keys: handshake and application, both directions.
    expect(await page.getByTestId('tls-key-steps').count()).toBe(4);
    await expect.poll(() => page.locator('.grid-row').count()).toBeGreaterThan(5);
    await shot(page, 'tls-02-decrypted');
    await page.getByTestId('tls-key-steps').first().scrollIntoViewIfNeeded();
    await shot(page, 'tls-03-key-schedule');
    // A decrypted frame says where its ciphertext was.
    await page.locator('.grid-row').first().click();
    await page.keyboard.press('Enter');
    await page.getByTestId('tls-decrypted-note').waitFor();
    expect(await page.getByTestId('tls-decrypted-note').textContent()).toContain('TLS_CHACHA20_POLY1305_SHA256');
    await shot(page, 'tls-04-frame');
    expect(pageErrors(page)).toEqual([]);
  });

  it('a pcapng with a Decryption Secrets Block needs no key log', async () => {
    const { page } = app.browser;
    // A fresh page, not a reload: the URL's hash now names the previous capture's frame (a deep
    // link), and a link opens where it points rather than on the connection's TLS card.
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByTestId('file-input').setInputFiles(pcapng);
    await page.locator('.conn').first().waitFor();
    await page.getByTestId('tls-key-steps').first().waitFor();
    expect(await page.locator('.conn').first().textContent()).toContain('upgraded');
    expect(pageErrors(page)).toEqual([]);
  });
});
