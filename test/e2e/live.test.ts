// Live capture through browser mode in Chromium: the UI starts a capture on a port (the server's
// capture tool replaced by a fake that replays a real recorded capture in two parts), frames
// appear while it runs, Stop ends it, and Save downloads it (the server converts to pcapng).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../src/decoder/index.js';
import type { LiveCaptureStartOptions } from '../../src/node/streams/live-session.js';
import { startServer } from '../../src/server/index.js';
import { type Browser, buildUi, FIXTURES, hasChromium, openBrowser, pageErrors, shot } from './browser.js';

describe.skipIf(!hasChromium)('live capture in browser mode', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let started: LiveCaptureStartOptions | null = null;
  let stops = 0;

  beforeAll(async () => {
    server = await startServer({
      uiDir: await buildUi(),
      startLiveCapture: (options) => {
        started = options;
        return { pid: 1, ready: Promise.resolve(), stop: async () => void stops++ };
      },
    });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows frames as they are captured, stops, and offers the capture for saving', async () => {
    const { page } = browser;
    const capture = new Uint8Array(readFileSync(join(FIXTURES, '01_pyws_text_echo.pcap')));
    await page.goto(server.url);
    await page.getByRole('button', { name: '● Live…' }).click();
    await page.getByLabel('live capture port').fill('18001');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => started?.port).toBe(18001);
    expect(started!.iface).toBe('lo');
    // the first 60 % of the recorded capture arrives: the handshake and the first messages
    started!.onBytes(capture.slice(0, Math.floor(capture.length * 0.6)));
    await page.getByTestId('accept-verdict').waitFor();
    await expect.poll(() => page.locator('.grid-row').count()).toBeGreaterThan(0);
    expect(await page.locator('.capture-name').textContent()).toContain('live');
    await shot(page, '30-live-running');
    const before = await page.locator('.grid-row').count();
    // More messages, no change of state: the connection list's count keeps up with the table
    // (the decoder sends counter-only changes now and then; the worker asks for them per batch).
    started!.onBytes(capture.slice(Math.floor(capture.length * 0.6), Math.floor(capture.length * 0.8)));
    await expect.poll(() => page.locator('.grid-row').count()).toBeGreaterThan(before);
    const rows = await page.locator('.grid-row').count();
    await expect.poll(() => page.locator('.conn').first().textContent()).toContain(`${rows} frames`);
    await shot(page, '30b-live-counts');
    started!.onBytes(capture.slice(Math.floor(capture.length * 0.8)));
    await expect.poll(() => page.locator('.grid-row').count()).toBe(16);
    expect(before).toBeLessThan(16);
    await page.getByRole('button', { name: '■ Stop capture' }).click();
    await expect.poll(() => stops).toBe(1);
    await page.getByRole('button', { name: 'Save capture' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save capture' }).click(),
    ]);
    const path = await download.path();
    // saved as pcapng (Section Header Block 0a0d0d0a) carrying the same traffic
    const saved = new Uint8Array(readFileSync(path!));
    expect(Buffer.from(saved.subarray(0, 4)).toString('hex')).toBe('0a0d0d0a');
    expect(download.suggestedFilename()).toBe('wsscope-lo-port-18001.pcapng');
    const reread = analyzeCapture(saved);
    expect(reread.info?.format).toBe('pcapng');
    expect(reread.frames).toHaveLength(16);
    await shot(page, '31-live-stopped');
    expect(pageErrors(page)).toEqual([]);
  });
});
