// The decoder worker's memory budget in the browser (issue 15): a capture that needs more than
// the budget is cut there, and the page says so in one line and shows what was decoded. The
// budget is made small (the wsscope.memoryBudgetMiB setting) instead of the capture huge; the
// capture is generated (test/e2e/many-frames.ts).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, pageErrors, servedApp, shot } from './browser.js';
import { writeManyFramesCapture } from './many-frames.js';

const FRAMES = 200_000;

describe.skipIf(!hasChromium)('a capture over the memory budget', () => {
  const app = servedApp();
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wsscope-budget-e2e-'));
    writeManyFramesCapture(join(dir, 'many.pcap'), FRAMES);
  }, 300_000);

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is cut at the budget with a one-line banner, and what was decoded stays browsable', async () => {
    const { page } = app.browser;
    await page.addInitScript(() => localStorage.setItem('wsscope.memoryBudgetMiB', '16'));
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByTestId('file-input').setInputFiles(join(dir, 'many.pcap'));
    const banner = page.getByTestId('memory-cut');
    await banner.waitFor({ timeout: 60_000 });
    await page.getByRole('status').filter({ hasText: 'Decoding' }).waitFor({ state: 'detached' });
    const text = (await banner.textContent()) ?? '';
    expect(text).toMatch(/^Decoding stopped after packet [\d,]+: .* 16 MiB\..*wsscope slice/);
    // the frames decoded before the cut: some, not all
    const footer = page.locator('.grid-footer');
    await expect.poll(() => footer.textContent(), { timeout: 20_000 }).toMatch(/^[\d,]+ frames/);
    const shown = Number(/^([\d,]+) frames/.exec((await footer.textContent()) ?? '')?.[1].replace(/,/g, ''));
    expect(shown).toBeGreaterThan(1000);
    expect(shown).toBeLessThan(FRAMES);
    // still usable: the last frame decoded opens
    await page.getByRole('grid').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.locator('[data-tab=frame][aria-selected=true]').waitFor();
    await shot(page, '40-memory-budget-cut');
    expect(pageErrors(page)).toEqual([]);
  }, 120_000);
});
