// The hex view's "ciphertext and plaintext of the same bytes" (browser mode, headless Chromium): a
// real TLS 1.2 AES-GCM wss capture (fixtures/tls, Node) opened with its key log; a frame's
// "TLS records" toggle shows the record it came from as captured beside the plaintext, the
// frame's bytes highlighted in both. Truth: tshark's tls.app_data (the record bodies as captured,
// with the key log) and the WebSocket frame header byte by RFC 6455 (0x81: FIN + text).

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/node/live-capture.js';
import { hasChromium, pageErrors, ROOT, servedApp, shot } from './browser.js';

const NAME = 'node-tls12-ecdhe-aes128gcm';
const pcap = join(ROOT, 'fixtures/tls', `${NAME}.pcap`);
const keys = join(ROOT, 'fixtures/tls', `${NAME}.keys`);
const tshark = findExecutable('tshark');

describe.skipIf(!hasChromium || !tshark)('a decrypted frame in its TLS records', () => {
  const app = servedApp();

  it('shows the record as captured and its plaintext, the frame highlighted in both', async () => {
    const bodies = execFileSync(
      'tshark',
      ['-r', pcap, '-o', `tls.keylog_file:${keys}`, '-Y', 'tls.app_data', '-T', 'fields', '-e', 'tls.app_data'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .split(/[\n,]/)
      .filter(Boolean);
    const { page } = app.browser;
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByTestId('keylog-input').setInputFiles(keys);
    await page.getByTestId('file-input').setInputFiles(pcap);
    await expect.poll(() => page.locator('.grid-row').count()).toBeGreaterThan(5);
    // The first text frame the client sent ("hello over tls").
    await page.locator('.grid-row', { hasText: 'hello over tls' }).first().click();
    await page.keyboard.press('Enter');
    await page.getByTestId('frame-detail').waitFor();
    await page.getByRole('button', { name: 'TLS records: ciphertext ⇄ plaintext' }).click();
    await page.getByTestId('tls-records').waitFor();

    const cipher = page.getByTestId('tls-cipher-hex').first();
    const plain = page.getByTestId('tls-plain-hex').first();
    // The record as captured, after its 5-byte header, is a body tshark saw (the view shows the
    // first 256 bytes of a long record: this one is 16 KiB, the client's writes coalesced).
    const all = (await cipher.locator('.b').allTextContents()).join('');
    expect(bodies.some((b) => b.startsWith(all.slice(10)))).toBe(true);
    expect(all.length).toBe(2 * 256);
    const head = (await cipher.locator('.tls-head').allTextContents()).join('');
    expect(head.slice(0, 6)).toBe('170303'); // application_data, TLS 1.2 record version
    // The frame: "hello over tls" is 14 bytes, masked: 2 + 4 + 14 = 20 bytes highlighted each side,
    // at the same positions after the explicit nonce, starting with 0x81 0x8e (FIN text, MASK, 14).
    const plainHl = (await plain.locator('.hl').allTextContents()).join('');
    const cipherHl = (await cipher.locator('.hl').allTextContents()).join('');
    expect(plainHl.length).toBe(40);
    expect(plainHl.slice(0, 4)).toBe('818e');
    expect(cipherHl.length).toBe(40);
    expect(all.indexOf(cipherHl)).toBe(2 * (5 + 8)); // header + explicit nonce (GCM, RFC 5288)
    await page.setViewportSize({ width: 1280, height: 1300 });
    await page.getByTestId('tls-records').scrollIntoViewIfNeeded();
    await shot(page, 'tls-05-records-hex');
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(pageErrors(page)).toEqual([]);
  });
});
