// Large captures in headless Chromium: a million frames in one connection load with a progress
// bar, scroll, and the UI stays responsive; a big file can be cancelled half way.
//
// The captures are generated into a temp dir (test/e2e/many-frames.ts; bench/generate.mjs).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, pageErrors, ROOT, servedApp, shot } from './browser.js';
import { frameText, writeManyFramesCapture } from './many-frames.js';

const MILLION = 1_000_000;

describe.skipIf(!hasChromium)('large captures in Chromium', () => {
  const app = servedApp();
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wsscope-large-'));
    writeManyFramesCapture(join(dir, 'million.pcap'), MILLION);
    execFileSync('node', [
      join(ROOT, 'bench/generate.mjs'),
      '--size',
      '20m',
      '--kind',
      'small',
      '--out',
      join(dir, 'busy.pcap'),
    ]);
  }, 300_000);

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads a million frames with a progress bar, then scrolls to the last one', async () => {
    const { page } = app.browser;
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    // Watch the UI thread while loading: the longest gap between animation frames.
    await page.evaluate(() => {
      const w = window as unknown as { maxGap: number; gaps: string[] };
      w.maxGap = 0;
      w.gaps = [];
      const t0 = performance.now();
      let last = performance.now();
      const tick = (now: number) => {
        if (now - last > 250) w.gaps.push(`${((last - t0) / 1000).toFixed(1)}s:+${(now - last).toFixed(0)}`);
        w.maxGap = Math.max(w.maxGap, now - last);
        last = now;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const started = Date.now();
    await page.getByTestId('file-input').setInputFiles(join(dir, 'million.pcap'));
    // the first connection shows while the rest still loads
    await page.getByRole('status').filter({ hasText: 'Decoding' }).waitFor();
    await page.locator('.conn').first().waitFor();
    await shot(page, '20-million-loading');
    await page.getByRole('status').filter({ hasText: 'Decoding' }).waitFor({ state: 'detached', timeout: 240_000 });
    const loadSeconds = (Date.now() - started) / 1000;
    const { maxGap, gaps } = await page.evaluate(() => {
      const w = window as unknown as { maxGap: number; gaps: string[] };
      return { maxGap: w.maxGap, gaps: w.gaps };
    });
    console.log(`million frames: longest UI stall while loading ${maxGap.toFixed(0)} ms; stalls ${gaps.join(' ')}`);
    // 1 000 000 text frames + 2 close frames
    await expect.poll(() => page.locator('.grid-footer').textContent()).toContain('1,000,002 frames');
    const grid = page.getByRole('grid');
    await grid.focus();
    await page.keyboard.press('Home');
    const t0 = Date.now();
    await page.keyboard.press('End');
    // the last frame is the client's close 1000
    await page.locator('.grid-row[aria-selected=true]').filter({ hasText: 'close' }).waitFor();
    const endMs = Date.now() - t0;
    // page up a few times: each step answers quickly
    for (let i = 0; i < 5; i++) await page.keyboard.press('PageUp');
    await expect.poll(() => page.locator('.grid-row').count()).toBeLessThan(200);
    expect(
      await page
        .locator('.grid-row')
        .filter({ hasText: frameText(MILLION - 1) })
        .count(),
    ).toBeLessThanOrEqual(1);
    await shot(page, '21-million-end');
    // sorting a million rows (frame-order.ts over the rows) and searching every payload
    const t1 = Date.now();
    await page.getByRole('columnheader', { name: /Length/ }).click();
    await page.getByRole('columnheader', { name: /Length ▼/ }).waitFor();
    const sortMs = Date.now() - t1;
    // by summary, descending: most rows came without their summary, so the order comes from the
    // worker's ranks (summary-index.ts); the highest number's text first
    const t3 = Date.now();
    await page.getByRole('columnheader', { name: /Summary/ }).click();
    // ▲ once the worker's order came (the header shows the sort pending until then)
    await page.getByRole('columnheader', { name: /Summary ▲/ }).click({ timeout: 60_000 });
    await page.getByRole('columnheader', { name: /Summary ▼/ }).waitFor();
    await expect
      .poll(
        async () => {
          await grid.focus();
          await page.keyboard.press('Home');
          return page.locator('.grid-row[aria-selected=true]').textContent();
        },
        { timeout: 60_000 },
      )
      .toContain(frameText(MILLION - 1));
    const summaryMs = Date.now() - t3;
    await shot(page, '23-million-by-summary');
    const t2 = Date.now();
    await page.getByRole('searchbox').fill(frameText(777_777));
    await page.getByTestId('search-summary').filter({ hasText: '1 messages' }).waitFor({ timeout: 60_000 });
    const searchMs = Date.now() - t2;
    await expect.poll(() => page.locator('.grid-row').count()).toBe(1);
    console.log(`million frames: sort ${sortMs} ms, by summary ${summaryMs} ms, search ${searchMs} ms`);
    console.log(`million frames: loaded in ${loadSeconds.toFixed(1)} s; End key took ${endMs} ms`);
    expect(endMs).toBeLessThan(5000);
    // Measured on the shared 2-core machine (production build): longest stall 2.7-3.6 s while the
    // frames table handed react-table and react-virtual a million rows; 0.45-0.6 s since frames
    // are typed-array columns, the order is one Int32Array and only visible rows become objects.
    expect(maxGap).toBeLessThan(1500);
    expect(pageErrors(page)).toEqual([]);
  }, 300_000);

  it('cancels a big file half way and keeps what was decoded', async () => {
    const { page } = app.browser;
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByTestId('file-input').setInputFiles(join(dir, 'busy.pcap'));
    await page.locator('.conn').first().waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('status').filter({ hasText: 'cancelled' }).waitFor();
    await shot(page, '22-cancelled');
    expect(await page.locator('.conn').count()).toBeGreaterThan(0);
  }, 120_000);
});
