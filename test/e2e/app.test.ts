// End to end in headless Chromium against browser mode (the real src/server serving dist/ui):
// open a capture, select a connection, check the handshake, open a frame's bits, see the
// timeline, search message text, open captures with findings. Screenshots land in
// test-results/screenshots/ for a human to look at.
//
// Skipped cleanly where /usr/bin/chromium is missing.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import {
  buildUi,
  FIXTURES,
  hasChromium,
  openBrowser,
  pageErrors,
  ROOT,
  servedApp,
  shot,
  startStaticServer,
} from './browser.js';

const SAMPLE = join(ROOT, 'fixtures/sample.pcap');

describe.skipIf(!hasChromium)('browser mode in Chromium', () => {
  const app = servedApp();

  async function open(fixture: string) {
    const { page } = app.browser;
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByTestId('file-input').setInputFiles(join(FIXTURES, fixture));
    await page.locator('.conn').first().waitFor();
    return page;
  }

  it('opens a capture onto its first connection: handshake, frames and timeline at once', async () => {
    const page = await open('01_pyws_text_echo.pcap');
    await expect.poll(() => page.locator('[role=option][aria-selected=true]').count()).toBe(1);
    await page.getByTestId('accept-verdict').waitFor();
    expect(await page.getByTestId('accept-verdict').textContent()).toContain('valid');
    expect(await page.getByTestId('accept-verdict').getAttribute('class')).toContain('ok');
    await expect.poll(() => page.locator('.grid-row').count()).toBe(16);
    expect(await page.getByTestId('timeline').locator('[data-message]').count()).toBeGreaterThan(10);
    expect(await page.locator('[data-state="1 OPEN"]').count()).toBe(1);
    // decoded off the UI thread, in Web Workers loaded from the built file: the capture's, and the
    // one made once it is in, ready for the next capture (Controller.prepareWorker)
    await expect.poll(() => page.workers().length).toBe(2);
    for (const url of page.workers().map((w) => w.url())) expect(url).toMatch(/decoder\.worker-[\w-]+\.js$/);
    await shot(page, '01-opened-handshake');
    expect(pageErrors(page)).toEqual([]);
  });

  it('opens a frame and shows its header bits, masking and bytes', async () => {
    const { page } = app.browser;
    await page.locator('.grid-row').first().click();
    await page.keyboard.press('Enter');
    const diagram = page.getByTestId('bit-diagram');
    await diagram.waitFor();
    // first client frame: FIN=1, RSV=000, opcode text (0001), MASK=1, length 5 ("hello")
    const fin = diagram.locator('td').filter({ hasText: 'FIN' }).first();
    expect(await fin.locator('.bitvals').textContent()).toBe('1');
    expect(
      await diagram
        .locator('td')
        .filter({ hasText: /opcode/i })
        .first()
        .locator('.bitvals')
        .textContent(),
    ).toBe('0001');
    await page.getByTestId('masking').waitFor();
    // hovering the masking key highlights its 4 bytes in the hex view
    await diagram.locator('td.f-key').first().hover();
    await expect.poll(() => page.getByTestId('hex-view').locator('.b.hl').count()).toBe(4);
    await shot(page, '02-frame-bits');
    // hovering a byte highlights the field that holds it (byte 0 → FIN … the first byte's field)
    await page.getByTestId('hex-view').locator('[data-offset="1"]').hover();
    await expect.poll(() => diagram.locator('td.hl').count()).toBeGreaterThan(0);
  });

  it('shows the payload as JSON, foldable', async () => {
    const { page } = app.browser;
    const row = page.locator('.grid-row').filter({ hasText: '{"type": "update"' }).first();
    await row.click();
    await page.locator('[data-tab=payload]').click();
    await page.getByTestId('json-tree').waitFor();
    expect(await page.getByTestId('json-tree').textContent()).toContain('"seq"');
    await shot(page, '03-payload-json');
  });

  it('searches message text across connections', async () => {
    const { page } = app.browser;
    await page.getByRole('searchbox').fill('bye-ish');
    await page.getByTestId('search-summary').waitFor();
    expect(await page.getByTestId('search-summary').textContent()).toContain('2 messages');
    await expect.poll(() => page.locator('.grid-row').count()).toBe(2);
    await shot(page, '04-search');
    await page.getByRole('searchbox').fill('');
    await expect.poll(() => page.locator('.grid-row').count()).toBe(16);
  });

  it('marks an invalid Sec-WebSocket-Accept', async () => {
    const page = await open('07a_neg_wrong_accept_lib_client.pcap');
    await page.getByTestId('accept-verdict').waitFor();
    expect(await page.getByTestId('accept-verdict').getAttribute('class')).toContain('bad');
    expect(await page.locator('.diff').count()).toBeGreaterThan(0);
    await shot(page, '05-accept-invalid');
  });

  it('lists findings with their RFC section and links to the frame', async () => {
    const page = await open('07d_neg_unmasked_client_frame.pcap');
    await page.locator('[data-tab=findings]').click();
    const item = page.locator('[data-code="frame.client-unmasked"]').first();
    await item.waitFor();
    expect(await item.textContent()).toContain('6455 §5.1');
    await shot(page, '06-findings');
    await item.getByRole('button', { name: /frame #/ }).click();
    await page.getByTestId('bit-diagram').waitFor();
    await shot(page, '07-finding-frame');
    // the packet number links to the frame that packet carried
    await page.locator('[data-tab=findings]').click();
    await item.getByRole('button', { name: /packet \d+/ }).click();
    await page.getByTestId('bit-diagram').waitFor();
    expect(await page.locator('.grid-row[aria-selected=true]').count()).toBe(1);
  });

  it('draws fragments and ping → pong round trips on the timeline', async () => {
    const page = await open('04_fragments_ping_pong_close_codes.pcap');
    await page.getByTestId('timeline').locator('[data-message]').first().waitFor();
    await shot(page, '08-timeline-fragments');
    // clicking a mark selects its message in the table
    await page.getByTestId('timeline').locator('[data-message] circle').nth(2).click();
    await expect.poll(() => page.locator('.grid-row[aria-selected=true]').count()).toBe(1);
  });

  it('marks a TCP gap on the timeline and the cut frame in the table', async () => {
    const page = await open('10e_tcp_lost_segment.pcap');
    await page.getByTestId('timeline').locator('[data-message]').first().waitFor();
    // the lost segment: a dashed red line across the lanes (tcp.gap), the cut frame marked ✂
    expect(await page.getByTestId('timeline').locator('line[stroke="var(--c-error)"]').count()).toBeGreaterThan(0);
    expect(await page.locator('.grid-row').filter({ hasText: '✂' }).count()).toBe(1);
    await shot(page, '19-tcp-gap');
  });

  it('stays usable in the dark theme at projector font size', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'theme' }).click();
    await page.getByRole('button', { name: 'larger text' }).click();
    await page.getByRole('button', { name: 'larger text' }).click();
    await shot(page, '09-dark-large');
    await page.getByRole('button', { name: 'theme' }).click();
    await page.getByRole('button', { name: 'reset text size' }).click();
  });
});

describe.skipIf(!hasChromium)('browser mode with a capture on the command line', () => {
  it('opens the capture given to the server without asking', async () => {
    const server = await startServer({
      uiDir: await buildUi(),
      capture: join(FIXTURES, '02a_pyws_deflate_context_takeover.pcap'),
    });
    const browser = await openBrowser();
    try {
      await browser.page.goto(server.url);
      await browser.page.getByTestId('accept-verdict').waitFor();
      await expect.poll(() => browser.page.locator('.grid-row').count()).toBeGreaterThan(4);
      await shot(browser.page, '10-initial-deflate');
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

describe.skipIf(!hasChromium || !existsSync(SAMPLE))('the bundled sample capture', () => {
  it('opens at once with every view filled', async () => {
    const server = await startServer({ uiDir: await buildUi(), capture: SAMPLE });
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await page.goto(server.url);
      await page.getByTestId('accept-verdict').waitFor();
      // sample.pcap.intent.json: a chat.v1 session with permessage-deflate comes first
      expect(await page.locator('.conn[aria-selected=true]').textContent()).toContain('chat.v1');
      await expect.poll(() => page.locator('.grid-row').count()).toBeGreaterThan(5);
      await shot(page, '13-sample-opened');
      await page.locator('.grid-row').filter({ hasText: '⇲' }).first().click();
      await page.locator('[data-tab=payload]').click();
      await shot(page, '14-sample-payload');
      await page.locator('[data-tab=findings]').click();
      await shot(page, '15-sample-findings');
      await page.locator('.conn').nth(1).click();
      await page.locator('[data-tab=handshake]').click();
      await shot(page, '16-sample-plain-http');
      await page.locator('.conn').nth(2).click();
      await shot(page, '17-sample-invalid-utf8');
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

describe.skipIf(!hasChromium)('static files without a server', () => {
  it('says so gently and still opens files', async () => {
    const server = await startStaticServer(await buildUi());
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await page.goto(server.url);
      await page.getByTestId('shell-mode').filter({ hasText: 'static' }).waitFor();
      expect(await page.getByTestId('welcome').textContent()).toContain('without the wsscope server');
      await shot(page, '11-static-welcome');
      await page.getByTestId('file-input').setInputFiles(join(FIXTURES, '05_pyws_large_binary.pcap'));
      await page.getByTestId('accept-verdict').waitFor();
      await expect.poll(() => page.locator('.grid-row').count()).toBeGreaterThan(10);
      await shot(page, '12-static-large-binary');
    } finally {
      await browser.close();
      await server.close();
    }
  });

  it('works opened straight from disk (file://), decoding on the page itself', async () => {
    const uiDir = await buildUi();
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await page.goto(pathToFileURL(join(uiDir, 'index.html')).href);
      await page.getByTestId('shell-mode').filter({ hasText: 'static' }).waitFor();
      await page.getByTestId('file-input').setInputFiles(join(FIXTURES, '04_fragments_ping_pong_close_codes.pcap'));
      await page.getByTestId('accept-verdict').waitFor();
      // all 33 frames of connection 1 decoded (the table draws those in view plus a margin)
      await expect.poll(() => page.locator('.grid-footer').first().textContent()).toContain('33 frames');
      expect(await page.locator('.grid-row').count()).toBeGreaterThan(20);
      await page.locator('.grid-row').first().click();
      await page.keyboard.press('Enter');
      await page.getByTestId('bit-diagram').waitFor();
      expect(page.workers()).toEqual([]);
      await shot(page, '18-file-url');
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
