// Decoding in shard workers in headless Chromium (src/renderer/worker/shard-workers.ts): with
// `?shards=2` the decoding worker starts two shard workers (nested Web Workers, from the built
// files), and the page shows what it shows with one thread: the connections, every connection's
// frame and message rows, and a frame's detail. Browser mode and plain static files.

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import { buildUi, hasChromium, openBrowser, pageErrors, ROOT, servedApp, startStaticServer } from './browser.js';

// several connections at once, so the shards both get some
const CAPTURE = join(ROOT, 'fixtures/captures/b_ws_concurrent.pcap');

const texts = (page: Page, selector: string) =>
  page.evaluate((s) => [...document.querySelectorAll(s)].map((e) => e.textContent ?? ''), selector);

/**
 * What the page shows of the capture once loaded: every connection's rows, frames and messages.
 * `pick`: opened with the file picker (the worker reads the File); else the server's own capture,
 * streamed to the worker in chunks.
 */
async function shown(
  page: Page,
  url: string,
  shards: number,
  pick = true,
): Promise<{ view: string[]; workers: string[] }> {
  await page.goto(`${url}?shards=${shards}`);
  await page.getByTestId('shell-mode').waitFor();
  if (pick) await page.getByTestId('file-input').setInputFiles(CAPTURE);
  await page.locator('.conn').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.progress'), null, { polling: 50 });
  const view = [...(await texts(page, '.conn'))];
  const count = await page.locator('.conn').count();
  for (let i = 0; i < count; i++) {
    const conn = page.locator('.conn').nth(i);
    // the rows shown before the click are another connection's unless this one was selected
    const before = (await conn.getAttribute('aria-selected')) === 'true' ? null : await rows(page);
    await conn.click();
    const frames = await rowsOtherThan(page, before);
    view.push(`connection ${i}`, ...(await texts(page, '.grid-footer')), ...frames);
    await page.evaluate(() => document.querySelector<HTMLElement>('[data-list=messages]')?.click());
    view.push(...(await texts(page, '.grid-footer')), ...(await rowsOtherThan(page, frames)));
    await page.evaluate(() => document.querySelector<HTMLElement>('[data-list=frames]')?.click());
    await rowsOtherThan(page, null);
  }
  // the last connection's first frame in detail: its bits and bytes
  await page.locator('.grid-row').first().click();
  await page.keyboard.press('Enter');
  await page.getByTestId('hex-view').waitFor();
  view.push(...(await texts(page, '[data-testid=hex-view]')));
  return { view, workers: page.workers().map((w) => w.url()) };
}

const rows = (page: Page) => texts(page, '.grid-row');

/**
 * The table's rows once some are shown and they are not `before` (the rows of the view or
 * connection shown before a click: reading right after the click could still see those).
 */
async function rowsOtherThan(page: Page, before: string[] | null): Promise<string[]> {
  let now: string[] = [];
  await expect
    .poll(async () => {
      now = await rows(page);
      return now.length > 0 && (before === null || now.join('\n') !== before.join('\n'));
    })
    .toBe(true);
  return now;
}

function expectSameView(one: { view: string[] }, two: { view: string[]; workers: string[] }) {
  expect(one.view.filter((t) => /^connection \d/.test(t)).length).toBeGreaterThan(1);
  expect(two.view).toEqual(one.view);
  // real shard workers did the decoding, from the built file beside the decoder's
  expect(two.workers.filter((u) => /shard\.worker-[\w-]+\.js$/.test(u)).length).toBe(2);
}

describe.skipIf(!hasChromium)('decoding in shard workers in Chromium', () => {
  const app = servedApp();

  it('browser mode: two shards show the rows and messages one thread shows', async () => {
    const { page } = app.browser;
    const one = await shown(page, app.server.url, 1);
    expect(one.workers.some((u) => /shard\.worker/.test(u))).toBe(false);
    const two = await shown(page, app.server.url, 2);
    expectSameView(one, two);
    expect(pageErrors(page)).toEqual([]);
  }, 120_000);

  it("browser mode, the server's capture streamed to the worker: the same", async () => {
    const server = await startServer({ uiDir: await buildUi(), capture: CAPTURE });
    const { page } = app.browser;
    try {
      const one = await shown(page, server.url, 1, false);
      const two = await shown(page, server.url, 2, false);
      expectSameView(one, two);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('static files: the same', async () => {
    const server = await startStaticServer(await buildUi());
    const browser = await openBrowser();
    try {
      const one = await shown(browser.page, server.url, 1);
      const two = await shown(browser.page, server.url, 2);
      expectSameView(one, two);
      // one 404 per page load: the page asks for the server's API to tell static mode apart
      expect(pageErrors(browser.page).filter((e) => !/status of 404/.test(e))).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);
});
