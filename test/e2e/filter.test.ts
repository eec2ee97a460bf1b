// The filter bar, the context menu and deep links in headless Chromium against browser mode.
// Expected rows come from the generator's intent file (b_ws_concurrent.pcap.intent.json).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, pageErrors, ROOT, servedApp, shot } from './browser.js';

const CAPTURE = join(ROOT, 'fixtures/captures/b_ws_concurrent.pcap');
const intent = JSON.parse(readFileSync(`${CAPTURE}.intent.json`, 'utf8')) as {
  connections: { path: string; messages: { dir: string; text64?: string }[] }[];
};

describe.skipIf(!hasChromium)('display filter, copy and deep links in the app', () => {
  const app = servedApp();
  beforeAll(async () => {
    await app.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url });
  }, 120_000);

  async function open(hash = '') {
    const { page } = app.browser;
    await page.goto('about:blank'); // a new document: a hash-only change would not reload the app
    await page.goto(`${app.server.url}${hash}`);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByTestId('file-input').setInputFiles(CAPTURE);
    await page.locator('.conn').first().waitFor();
    await page.getByTestId('filter-input').waitFor();
    return page;
  }

  it('turns red with the CLI message, completes fields and values, applies, and keeps history', async () => {
    const page = await open();
    const input = page.getByTestId('filter-input');
    await input.fill('websocket.opcod == 1');
    await page.getByTestId('filter-problem').waitFor();
    expect(await page.getByTestId('filter-problem').textContent()).toBe(
      'unknown field "websocket.opcod" at 1; did you mean websocket.opcode?',
    );
    expect(await page.locator('.filter-bar').getAttribute('class')).toContain('invalid');
    await shot(page, 'filter-invalid');
    // the frames table keeps its rows: the bar sits in the frames toolbar on one line
    expect((await page.locator('.frames-toolbar').boundingBox())!.height).toBeLessThan(40);

    await input.fill('');
    await input.pressSequentially('ws.message.ty');
    await page.getByTestId('filter-list').waitFor();
    expect(await page.getByTestId('filter-list').locator('[role=option]').allTextContents()).toEqual([
      'ws.message.type',
    ]);
    await input.press('Tab');
    await expect.poll(() => input.inputValue()).toBe('ws.message.type ');
    await input.pressSequentially('== ');
    await expect
      .poll(() => page.getByTestId('filter-list').locator('[role=option]').allTextContents())
      .toEqual(['text', 'binary', 'close', 'ping', 'pong', 'reserved']);
    await shot(page, 'filter-completion');

    const filter = 'ws.message.text contains "client 2"';
    await input.fill(filter);
    await input.press('Enter');
    await page.getByTestId('filter-summary').waitFor();
    const expected = intent.connections.flatMap((c) => c.messages).filter((m) => m.text64?.includes('client 2')).length;
    await expect.poll(() => page.locator('.grid-row').count()).toBe(expected);
    expect(await page.locator('.filter-bar').getAttribute('class')).toContain('applied');
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`filter=${filter}`);
    await shot(page, 'filter-applied');

    // history: the applied filter is offered again
    await input.fill('');
    await page.getByRole('button', { name: 'Filter history' }).click();
    expect(await page.getByTestId('filter-list').locator('[role=option]').first().textContent()).toBe(filter);
    await input.press('Escape');
    await input.press('Escape');
    await expect.poll(() => page.locator('[data-testid=filter-summary]').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  }, 60_000);

  it('copies a payload, the handshake and a replay script from the context menu, and with Ctrl+C', async () => {
    const page = await open();
    const row = page.locator('.grid-row').first();
    await row.click({ button: 'right' });
    await page.getByTestId('context-menu').waitFor();
    await shot(page, 'context-menu');
    await page.getByRole('menuitem', { name: 'Copy payload as text' }).click();
    const c0 = intent.connections.find((c) => c.path === '/c0')!;
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(c0.messages[0].text64);

    await row.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy handshake as curl' }).click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toMatch(/^curl --include --no-buffer --http1\.1 -X GET \\\n {2}-H 'Sec-WebSocket-Version: 13'/);

    await row.click({ button: 'right' });
    await page.getByRole('menuitem', { name: /replay script \(Python/ }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('STEPS = [');

    await page.locator('.grid-row').nth(1).click();
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.keyboard.press('Control+C');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).not.toBe('');
    expect(pageErrors(page)).toEqual([]);
  }, 60_000);

  it('saves a connection as a pcapng slice that tshark reads as the original stream, and messages as JSON', async () => {
    const page = await open();
    const row = page.locator('.grid-row').first();
    await row.click({ button: 'right' });
    const [slice] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Save connection 1 as pcapng' }).click(),
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'wsscope-e2e-slice-')), slice.suggestedFilename());
    await slice.saveAs(file);
    const fields = ['-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'tcp.srcport'];
    const theirs = spawnSync('tshark', ['-n', '-r', CAPTURE, '-Y', 'tcp.stream == 0', ...fields], { encoding: 'utf8' });
    const ours = spawnSync('tshark', ['-n', '-r', file, ...fields], { encoding: 'utf8' });
    expect(ours.stdout.length).toBeGreaterThan(0);
    expect(ours.stdout).toBe(theirs.stdout);

    await row.click({ button: 'right' });
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Save connection messages as JSON' }).click(),
    ]);
    const jsonFile = `${file}.json`;
    await json.saveAs(jsonFile);
    const messages = JSON.parse(readFileSync(jsonFile, 'utf8')) as { direction: string; text: string | null }[];
    const c0 = intent.connections.find((c) => c.path === '/c0')!;
    expect(messages.filter((m) => m.text !== null && !m.text.includes('done')).map((m) => m.text)).toEqual(
      expect.arrayContaining(c0.messages.flatMap((m) => (m.text64 && m.text64.length < 64 ? [m.text64] : []))),
    );
    expect(pageErrors(page)).toEqual([]);
  }, 60_000);

  it('opens a deep link on its connection, frame, field and filter', async () => {
    const page = await open('#conn=2&frame=9&field=websocket.opcode&filter=tcp.port%20%3D%3D%2018412');
    await expect.poll(() => page.getByTestId('filter-input').inputValue()).toBe('tcp.port == 18412');
    await page.getByTestId('filter-summary').waitFor();
    await expect.poll(() => page.locator('.grid-row[aria-selected=true]').getAttribute('data-frame')).toBe('9');
    expect(new URL(page.url()).hash).toContain('frame=9');
    await shot(page, 'deep-link');
    expect(pageErrors(page)).toEqual([]);
  }, 60_000);

  it('keeps typing after a completion in place when the next frame is late', async () => {
    const page = await open();
    // A busy machine: animation frames come 400 ms late (React's own scheduling does not use them).
    await page.evaluate(() => {
      const w = window as unknown as { realRaf?: typeof requestAnimationFrame };
      w.realRaf = window.requestAnimationFrame;
      window.requestAnimationFrame = (cb) => window.setTimeout(() => cb(performance.now()), 400);
    });
    const input = page.getByTestId('filter-input');
    await input.fill('');
    await input.pressSequentially('ws.message.ty');
    await page.getByTestId('filter-list').waitFor();
    await input.press('Tab');
    await input.pressSequentially('== ');
    await page.waitForTimeout(800); // the late frame has come
    expect(await input.inputValue()).toBe('ws.message.type == ');
    expect(await page.getByTestId('filter-list').locator('[role=option]').allTextContents()).toEqual([
      'text',
      'binary',
      'close',
      'ping',
      'pong',
      'reserved',
    ]);
    await page.evaluate(() => {
      const w = window as unknown as { realRaf?: typeof requestAnimationFrame };
      if (w.realRaf) window.requestAnimationFrame = w.realRaf;
    });
  });
});
