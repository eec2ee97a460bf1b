// End to end in headless Chromium (issue 10): the messages view, the explanation panel, finding
// marks, exact 64-bit lengths, resizable and maximisable panes, keyboard use, the largest font at
// 1280×720, and axe-core over every view. The capture is written by the test helpers
// (classroom-capture.ts), so every expected value is ground truth written there, not decoded.
// Screenshots land in test-results/screenshots/ (classroom-*).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroomCapture, HUGE_LENGTH } from '../helpers/classroom-capture.js';
import { hasChromium, pageErrors, ROOT, servedApp, shot } from './browser.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SAMPLE = join(ROOT, 'fixtures/sample.pcap');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG A/AA violations on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  // evaluated through the DevTools protocol: the app's CSP (script-src 'self') stays in force
  await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })) as { violations: AxeViolation[] };
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes }));
  });
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describe.skipIf(!hasChromium)('the classroom views in Chromium', () => {
  const app = servedApp();
  let dir: string;
  let capture: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wsscope-classroom-'));
    capture = join(dir, 'classroom.pcap');
    writeFileSync(capture, classroomCapture());
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(file: string, size = { width: 1280, height: 720 }) {
    const { page } = app.browser;
    await page.setViewportSize(size);
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.locator('.conn').first().waitFor();
    await expect.poll(() => page.locator('.grid-row').count()).toBeGreaterThan(0);
    return page;
  }

  it('lists messages as received: fragments joined, inflated, close as "1000 bye", ⚠ on invalid UTF-8', async () => {
    const page = await open(capture);
    await page.locator('[data-list=messages]').click();
    const table = page.getByTestId('messages-table');
    await expect.poll(() => table.locator('[data-message]').count()).toBe(7);
    const row = (id: number) => table.locator(`[data-message="${id}"]`);
    expect(await row(2).textContent()).toContain('fragmented');
    expect(await row(2).locator('[role=gridcell]').allTextContents()).toContain('3');
    expect(await row(3).textContent()).toContain('compressed hello');
    expect(await row(3).textContent()).toContain('⇲');
    expect(await row(5).textContent()).toContain('1000 bye');
    expect(await row(4).getByTestId('message-finding').count()).toBe(1);
    expect(await row(4).getByTestId('message-finding').getAttribute('title')).toContain('message.invalid-utf8');
    expect(await row(1).getByTestId('message-finding').count()).toBe(0);
    await shot(page, 'classroom-messages-1280');

    // a message shows its payload and its frames; a frame says which fragment it is
    await row(2).click();
    await page.keyboard.press('Enter');
    await page.getByTestId('payload-viewer').waitFor();
    expect(await page.getByTestId('payload-text').textContent()).toBe('fragmented');
    const frames = page.getByTestId('message-frames');
    expect(await frames.locator('li').count()).toBe(3);
    await frames.locator('li').nth(1).getByRole('button').click();
    // The frame's panes render in a transition (use-capture-data.ts): the note follows the click.
    await expect.poll(() => page.getByTestId('fragment-note').textContent()).toContain('fragment 2 of 3 of message #2');
    expect(pageErrors(page)).toEqual([]);
  });

  it('searches messages with /regex/flags and marks the match', async () => {
    const { page } = app.browser;
    await page.locator('[data-list=messages]').click();
    await page.getByLabel('Search payload text').fill('/FRAG\\w+/i');
    await expect.poll(() => page.getByTestId('messages-table').locator('[data-message]').count()).toBe(1);
    expect(await page.getByTestId('messages-table').locator('mark').textContent()).toBe('fragmented');
    await page.getByLabel('Search payload text').fill('/(/');
    await expect.poll(() => page.getByTestId('search-summary').textContent()).toContain('invalid regular expression');
    await page.getByLabel('Search payload text').fill('');
    await expect.poll(() => page.getByTestId('messages-table').locator('[data-message]').count()).toBe(7);
  });

  it('marks what a finding points at in red and explains it on screen', async () => {
    const { page } = app.browser;
    await page.locator('[data-list=frames]').click();
    // frame 6: an unmasked client text frame whose payload starts with ff fe
    await page.locator('.grid-row[data-frame="6"]').click();
    await page.keyboard.press('Enter');
    await page.getByTestId('bit-diagram').waitFor();
    expect(await page.locator('[data-field="websocket.mask"]').getAttribute('class')).toContain('bad');
    expect(await page.locator('[data-field="websocket.mask"] .bad-bit').textContent()).toBe('0');
    // header 2 bytes (81 05), payload ff fe 61 62 63: MASK is in byte 1, ff and fe are invalid
    // UTF-8 (neither can start a sequence) at wire offsets 2 and 3
    const bad = await page
      .getByTestId('hex-view')
      .locator('.b.bad')
      .evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.offset}:${e.textContent}`));
    expect(bad).toEqual(['1:05', '2:ff', '3:fe']);
    await page.locator('.field-list').getByRole('button', { name: 'MASK' }).click();
    expect(await page.getByTestId('explain-title').textContent()).toBe('MASK');
    expect(await page.getByTestId('explain-panel').textContent()).toContain('Clients must mask');
    await shot(page, 'classroom-marks-1280');
  });

  it('prints a 64-bit length as the exact integer everywhere', async () => {
    const { page } = app.browser;
    await page.locator('.grid-row[data-frame="9"]').click();
    await page.keyboard.press('Enter');
    // the detail of the frame before (the test before selected one) shows until this one's comes
    const detail = () => page.getByTestId('frame-detail').textContent();
    await expect.poll(async () => (await detail()) ?? '').toContain('Frame #9 ');
    const text = (await detail()) ?? '';
    expect(text).toContain(HUGE_LENGTH.toString());
    expect(text).not.toContain('9223372036854776000');
    expect(await page.locator('.grid-row[data-frame="9"]').textContent()).toContain(HUGE_LENGTH.toString());
  });

  it('keeps focus in the details when following a finding’s link', async () => {
    const { page } = app.browser;
    await page.locator('[data-tab=findings]').click();
    const link = page
      .locator('.findings li[data-code="frame.client-unmasked"]')
      .getByRole('button', { name: /frame #6/ });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('bit-diagram').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.className ?? '')).toContain('detail-body');
    expect(await page.getByTestId('explain-title').textContent()).toContain('frame.client-unmasked');
  });

  it('resizes panes with the keyboard and maximises one', async () => {
    const { page } = app.browser;
    const sidebar = page.locator('[data-pane=connections]');
    const before = (await sidebar.boundingBox())!.width;
    await page.getByRole('separator', { name: 'Resize the connections list' }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    expect((await sidebar.boundingBox())!.width).toBeGreaterThan(before + 200);
    await page.keyboard.press('Enter');
    await expect.poll(async () => Math.round((await sidebar.boundingBox())!.width)).toBe(Math.round(before));
    await page.getByRole('button', { name: 'maximise Details' }).click();
    expect((await page.locator('[data-pane=detail]').boundingBox())!.width).toBeGreaterThan(1200);
    expect(await page.locator('[data-pane=timeline]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-pane=timeline]').count()).toBe(1);
  });

  it('operates the timeline with keys', async () => {
    const { page } = app.browser;
    await page.locator('.timeline-keys').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('.grid-row[aria-selected=true]').getAttribute('data-frame')).toBe('1');
    await page.keyboard.press('ArrowRight');
    // message 2 is selected: its first frame (2) is the selected frame row
    await expect.poll(() => page.locator('.grid-row[aria-selected=true]').getAttribute('data-frame')).toBe('2');
  });

  it('reaches every control with Tab (each focus stop is visible and named)', async () => {
    const { page } = app.browser;
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const stops: string[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      stops.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return `${el?.tagName}:${el?.getAttribute('aria-label') ?? el?.getAttribute('role') ?? el?.textContent?.slice(0, 20)}`;
        }),
      );
    }
    const all = stops.join('\n');
    for (const want of [
      'Search payload text',
      'Connections',
      'Resize the connections list',
      'Message timeline',
      'Frames',
      'Resize the timeline',
    ]) {
      expect(all).toContain(want);
    }
  });

  it('stays usable at 1280×720 with the largest font: five accept steps whole, timeline text scaled', async () => {
    const page = await open(SAMPLE);
    for (let i = 0; i < 8; i++) await page.getByRole('button', { name: 'larger text' }).click();
    await page.locator('[data-tab=handshake]').click();
    const steps = page.getByTestId('accept-check').locator('li');
    expect(await steps.count()).toBe(5);
    // every value stays wider than a few letters (no one-letter-per-line wrapping)
    for (const box of await steps
      .locator('.value')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width))) {
      expect(box).toBeGreaterThan(200);
    }
    // the timeline's SVG text grows with the font (11 px at 14 px)
    const textHeight = await page
      .getByTestId('timeline')
      .locator('svg text')
      .first()
      .evaluate((e) => (e as SVGTextElement).getBoundingClientRect().height);
    expect(textHeight).toBeGreaterThan(16);
    await shot(page, 'classroom-largest-1280-handshake');
    await page.locator('[data-list=messages]').click();
    await shot(page, 'classroom-largest-1280-messages');
    await page.locator('.grid-row').first().click();
    await page.keyboard.press('Enter');
    await shot(page, 'classroom-largest-1280-payload');
    await page.locator('[data-list=frames]').click();
    await page.locator('.grid-row').first().click();
    await page.locator('[data-tab=frame]').click();
    await shot(page, 'classroom-largest-1280-frame');
    // maximised, the details show the whole accept computation at once: 5 steps and the verdict
    await page.locator('[data-tab=handshake]').click();
    await page.getByRole('button', { name: 'maximise Details' }).click();
    const inView = async (sel: string) =>
      page.evaluate((s) => {
        const r = document.querySelector(s)!.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      }, sel);
    expect(await inView('[data-testid=accept-check] li:nth-child(1)')).toBe(true);
    expect(await inView('[data-testid=accept-check] li:nth-child(5)')).toBe(true);
    expect(await inView('[data-testid=accept-verdict]')).toBe(true);
    await shot(page, 'classroom-largest-1280-handshake-max');
    // the timeline, maximised, shows its lanes whole
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'maximise Timeline' }).click();
    await shot(page, 'classroom-largest-1280-timeline-max');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'reset text size' }).click();
  });

  it('has no axe-core violations in each view (1920×1080)', async () => {
    const page = await open(capture, { width: 1920, height: 1080 });
    const found: string[] = [];
    for (const tab of ['handshake', 'frame', 'payload', 'findings'] as const) {
      if (tab === 'frame') await page.locator('.grid-row').first().click();
      await page.locator(`[data-tab=${tab}]`).click();
      found.push(...(await axeViolations(page)).map((v) => `${tab}: ${v}`));
    }
    await page.locator('[data-list=messages]').click();
    found.push(...(await axeViolations(page)).map((v) => `messages: ${v}`));
    await shot(page, 'classroom-messages-1920');
    // the dark theme too (its own colours, its own contrast)
    await page.getByRole('button', { name: 'theme' }).click();
    found.push(...(await axeViolations(page)).map((v) => `dark messages: ${v}`));
    await page.locator('[data-list=frames]').click();
    await page.locator('.grid-row[data-frame="6"]').click();
    await page.locator('[data-tab=frame]').click();
    await page.getByTestId('bit-diagram').waitFor();
    found.push(...(await axeViolations(page)).map((v) => `dark frame: ${v}`));
    await shot(page, 'classroom-dark-frame-1920');
    await page.getByRole('button', { name: 'theme' }).click();
    expect(found).toEqual([]);
  });
});
