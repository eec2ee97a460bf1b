// The UI as the Electron window runs it, in headless Chromium (no Electron binary here): a
// stand-in for the preload's window.wsscope, answering as main does (each stream its own cursor,
// reopenStream a new stream of the same capture from its first byte). Checks that the hex view's
// TLS records work through the reread port and a real Web Worker (issue 9), and that the window's
// URL hash (what main loads for a restored window or a wsscope:// link) is applied and every move
// reported to the shell (issue 12).
// Capture: a real TLS 1.2 AES-GCM wss capture as pcapng with its keys in a Decryption Secrets
// Block (fixtures/tls), so no key log is needed. Truth: RFC 5246 §6.2 (application_data record
// header 17 03 03), RFC 5288 (8-byte explicit nonce), RFC 6455 §5.2 (0x81 0x8e: FIN text, MASK, 14).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  buildUi,
  hasChromium,
  openBrowser,
  pageErrors,
  ROOT,
  shot,
  startStaticServer,
} from './browser.js';

const CAPTURE = join(ROOT, 'fixtures/tls/node-tls12-ecdhe-aes128gcm.pcapng');

/** Runs in the page before its scripts, as the preload does: window.wsscope over the capture's bytes. */
function fakeElectronShell(base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const cursors = new Map<string, number>();
  const log: unknown[][] = [];
  let next = 0;
  const open = () => {
    next += 1;
    const id = `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`;
    cursors.set(id, 0);
    return { id, name: 'node-tls12-ecdhe-aes128gcm.pcapng', size: bytes.length, live: false };
  };
  const known = (id: string) => {
    const at = cursors.get(id);
    if (at === undefined) throw new Error(`unknown stream id "${id}"`);
    return at;
  };
  Object.assign(window, {
    wsscopeLog: log,
    wsscope: {
      kind: 'electron',
      openInitial: async () => open(),
      openFileDialog: async () => null,
      openDropped: async () => null,
      recentFiles: async () => [],
      openRecent: async () => null,
      readChunk: async (id: string) => {
        const at = known(id);
        if (at >= bytes.length) return null;
        const chunk = bytes.slice(at, at + 16384);
        cursors.set(id, at + chunk.length);
        return chunk;
      },
      closeStream: async (id: string) => {
        log.push(['close', id]);
        cursors.delete(id);
      },
      reopenStream: async (id: string) => {
        known(id);
        const info = open();
        log.push(['reopen', id, info.id]);
        return info;
      },
      startLiveCapture: async () => {
        throw new Error('no live capture here');
      },
      stopLiveCapture: async () => {},
      saveLiveCapture: async () => null,
      onMenuCommand: () => () => {},
      setTitle: (title: string) => {
        document.title = title;
      },
      reportLocation: (location: unknown) => log.push(['location', location]),
    },
  });
}

describe.skipIf(!hasChromium)('the UI in the Electron shell (window.wsscope stand-in)', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    server = await startStaticServer(await buildUi());
    browser = await openBrowser();
    await browser.page.addInitScript(fakeElectronShell, readFileSync(CAPTURE).toString('base64'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const log = () => browser.page.evaluate(() => (window as unknown as { wsscopeLog: unknown[][] }).wsscopeLog);

  it('shows a decrypted frame in its TLS records, the capture read again through the shell', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'electron' }).waitFor();
    await page.locator('.grid-row', { hasText: 'hello over tls' }).first().click();
    await page.keyboard.press('Enter');
    await page.getByTestId('frame-detail').waitFor();
    await page.getByRole('button', { name: 'TLS records: ciphertext ⇄ plaintext' }).click();
    await page.getByTestId('tls-records').waitFor();

    const cipher = page.getByTestId('tls-cipher-hex').first();
    const plain = page.getByTestId('tls-plain-hex').first();
    const head = (await cipher.locator('.tls-head').allTextContents()).join('');
    expect(head.slice(0, 6)).toBe('170303');
    const all = (await cipher.locator('.b').allTextContents()).join('');
    const cipherHl = (await cipher.locator('.hl').allTextContents()).join('');
    const plainHl = (await plain.locator('.hl').allTextContents()).join('');
    expect(plainHl.slice(0, 4)).toBe('818e');
    expect(plainHl.length).toBe(40);
    expect(cipherHl.length).toBe(40);
    expect(all.indexOf(cipherHl)).toBe(2 * (5 + 8));
    // The bytes came from a second stream of the same capture, closed when the records were found.
    const calls = await log();
    const reopened = calls.filter(([call]) => call === 'reopen');
    expect(reopened.length).toBe(1);
    expect(calls).toContainEqual(['close', reopened[0]![2]]);
    await page.setViewportSize({ width: 1280, height: 1300 });
    await page.getByTestId('tls-records').scrollIntoViewIfNeeded();
    await shot(page, 'electron-tls-records');
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(pageErrors(page)).toEqual([]);
  });

  it('opens at the deep link in the window URL and reports each move to the shell', async () => {
    const { page } = browser;
    await page.goto('about:blank');
    await page.goto(`${server.url}#conn=1&frame=3&filter=websocket.opcode%20%3D%3D%201`);
    await page.getByTestId('frame-detail').waitFor();
    await expect
      .poll(async () => (await log()).filter(([call]) => call === 'location').at(-1))
      .toEqual([
        'location',
        {
          stream: '00000000-0000-4000-8000-000000000001',
          conn: 1,
          frame: 3,
          field: null,
          filter: 'websocket.opcode == 1',
        },
      ]);
    await shot(page, 'electron-deep-link');
    expect(pageErrors(page)).toEqual([]);
  });
});
