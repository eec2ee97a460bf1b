// A payload that tries to disguise itself (issue 15, point 7) in the real UI in Chromium: the
// bidi override and the C1 control show as marks inside an isolated <bdi>, and the rest of the
// page keeps its order. Screenshot in test-results/screenshots/ for a human to look at.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { text } from '../helpers/frame-writer.js';
import { clientFrame, wsCapture } from '../helpers/ws-capture.js';
import { hasChromium, pageErrors, servedApp, shot } from './browser.js';

const SPOOF = 'invoice_\u202efdp.exe then \u009b31m red?';

describe.skipIf(!hasChromium)('hostile payload text in Chromium', () => {
  const app = servedApp();
  let capture: string;

  beforeAll(async () => {
    capture = join(mkdtempSync(join(tmpdir(), 'wsscope-spoof-e2e-')), 'spoof.pcap');
    writeFileSync(
      capture,
      wsCapture((c) => c.send('client', clientFrame({ opcode: 1, payload: text(SPOOF) }))),
    );
  });

  it('shows bidi and C1 controls as marks in an isolated payload', async () => {
    const { page } = app.browser;
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByTestId('file-input').setInputFiles(capture);
    await page.locator('.conn').first().waitFor();
    const row = page.locator('.grid-row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('‹U+202E›');
    await row.click();
    await page.locator('[data-tab=payload]').click();
    const bdi = page.getByTestId('payload-text').locator('bdi');
    await bdi.waitFor();
    expect(await bdi.textContent()).toBe('invoice_‹U+202E›fdp.exe then ‹U+009B›31m red?');
    await shot(page, 'spoofing-payload-marks');
    expect(pageErrors(page)).toEqual([]);
  }, 60_000);
});
