// Lesson mode end to end in headless Chromium: walk every step of the lesson on the bundled
// sample (and on a fragmented + compressed capture), in English and in Chinese, at 1280×720
// with the largest font and at 1920×1080, screenshotting each step into
// test-results/screenshots/lesson-*.png for a human to look at. Also: the step is in the URL,
// Esc leaves, L opens, and the accept sandbox reproduces the tutorials' keys.

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import { type Browser, buildUi, FIXTURES, hasChromium, openBrowser, pageErrors, ROOT, shot } from './browser.js';

const SAMPLE = join(ROOT, 'fixtures/sample.pcap');
const FRAG_DEFLATE = join(ROOT, 'fixtures/captures/lesson-fragmented-deflate.pcap');

/** The steps every lesson on the sample must show, in order. */
const SAMPLE_STEPS = [
  'tcp',
  'request',
  'accept',
  'response',
  'frame',
  'masking',
  'fragments',
  'compression',
  'ping',
  'close',
  'lifecycle',
];

async function counter(page: Page): Promise<[number, number]> {
  const text = (await page.getByTestId('lesson-counter').textContent()) ?? '';
  const m = /^(\d+) \/ (\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** Press → until the last step's last spotlight, shooting each step once; answers the step ids. */
async function walk(page: Page, name: string): Promise<string[]> {
  const seen: string[] = [];
  for (let presses = 0; presses < 200; presses++) {
    const body = page.locator('.lesson-body');
    const step = (await body.getAttribute('data-step')) ?? '';
    if (seen.at(-1) !== step) {
      seen.push(step);
      await shot(page, `lesson-${name}-${seen.length}-${step}`);
      const [n] = await counter(page);
      expect(n).toBe(seen.length);
      expect(page.url()).toContain(`step=${seen.length}`);
    }
    const next = page.getByRole('button', { name: /Next|下一步/ });
    if (await next.isDisabled()) break;
    await page.keyboard.press(presses % 3 === 0 ? 'ArrowRight' : presses % 3 === 1 ? 'Space' : 'PageDown');
  }
  return seen;
}

describe.skipIf(!hasChromium)('lesson mode in Chromium', () => {
  let server: { url: string; close(): Promise<void> };
  let fragServer: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    const uiDir = await buildUi();
    server = await startServer({ uiDir, capture: SAMPLE });
    fragServer = await startServer({ uiDir, capture: FRAG_DEFLATE });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fragServer?.close();
  });

  async function openLesson(url: string, query: string, size = { width: 1280, height: 720 }, font?: number) {
    const { page } = browser;
    await page.setViewportSize(size);
    if (font) {
      await page.goto(url);
      await page.evaluate(
        (f) => localStorage.setItem('wsscope.settings', JSON.stringify({ theme: 'light', fontSize: f })),
        font,
      );
    }
    await page.goto(`${url}${query}`);
    await page.getByTestId('lesson').waitFor();
    await page.getByTestId('lesson-counter').waitFor({ timeout: 20_000 });
    return page;
  }

  it('walks every step of the sample in English at 1280×720 with the largest font', async () => {
    const page = await openLesson(server.url, '?lesson&lang=en', { width: 1280, height: 720 }, 24);
    const steps = await walk(page, 'en-720');
    expect(steps.slice(0, SAMPLE_STEPS.length)).toEqual(SAMPLE_STEPS);
    expect(await page.getByTestId('rfc-quote').count()).toBeGreaterThan(0);
    // nothing overflows the window sideways: the body scrolls, the page does not
    const overflow = await page.evaluate(() => document.querySelector('.lesson-body')!.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(pageErrors(page)).toEqual([]);
  });

  it('walks every step of the sample in Chinese at 1920×1080', async () => {
    const page = await openLesson(server.url, '?lesson=1&lang=zh-CN', { width: 1920, height: 1080 }, 14);
    expect(await page.locator('.lesson-body h1').textContent()).toContain('TCP');
    expect(await page.getByRole('button', { name: /下一步/ }).count()).toBe(1);
    const steps = await walk(page, 'zh-1080');
    expect(steps.slice(0, SAMPLE_STEPS.length)).toEqual(SAMPLE_STEPS);
  });

  it('teaches the findings of the sample’s invalid-UTF-8 connection with the RFC sentence', async () => {
    const page = await openLesson(server.url, '?lesson=3&lang=en', { width: 1280, height: 720 }, 24);
    const steps = await walk(page, 'en-720-conn3');
    expect(steps.at(-1)).toBe('findings');
    expect(await page.getByTestId('lesson-findings').textContent()).toContain('message.invalid-utf8');
    expect(await page.getByTestId('rfc-quote').last().textContent()).toContain('valid UTF-8 stream');
    // what this connection cannot illustrate is crossed out in the outline, its note as the title
    expect(await page.locator('.lesson-outline button:disabled').first().getAttribute('title')).toMatch(/^no /);
  });

  it('opens a step from the URL, leaves with Esc, and comes back with L', async () => {
    const page = await openLesson(server.url, '?lesson=1&step=3&lang=en');
    expect(await page.locator('.lesson-body').getAttribute('data-step')).toBe('accept');
    expect(await page.getByTestId('lesson-accept-verdict').textContent()).toContain('✓');
    // what the page wrote, from the captured request (fixtures/gen/make-sample.py connects so)
    await page.keyboard.press('Home');
    expect(await page.getByTestId('api-code').textContent()).toContain(
      'new WebSocket("ws://127.0.0.1:18931/chat?room=lobby", ["chat.v1","chat.v0"])',
    );
    await page.keyboard.press('End');
    expect(await page.getByTestId('close-event').count()).toBe(0); // the last step is readyState
    await page.keyboard.press('Home');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('lesson').count()).toBe(0);
    expect(page.url()).not.toContain('lesson');
    await page.keyboard.press('l');
    await page.getByTestId('lesson-counter').waitFor();
    await page.keyboard.press('Backspace');
    expect(await counter(page)).toEqual([1, expect.any(Number)]);
    // a sandbox opened from its step comes back to that step
    await page.locator('.lesson-outline button', { hasText: 'Frame bits' }).click();
    await page.getByRole('button', { name: 'Try it: build a frame' }).click();
    await page.getByTestId('frame-builder').waitFor();
    expect(page.url()).toContain('sandbox=builder');
    await page.keyboard.press('Escape');
    await page.getByTestId('lesson-counter').waitFor();
    expect(await page.locator('.lesson-body').getAttribute('data-step')).toBe('frame');
    await page.keyboard.press('Escape');
    await page.getByTestId('lesson-button').click();
    await page.getByTestId('lesson-counter').waitFor();
    expect(page.url()).toMatch(/lesson=1&step=1/);
    await page.keyboard.press('Escape');
  });

  it('logical time widens the app timeline’s sub-millisecond CONNECTING state', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${server.url}?lang=en`);
    const connecting = page.getByTestId('timeline').locator('[data-state="0 CONNECTING"] rect');
    const open = page.getByTestId('timeline').locator('[data-state="1 OPEN"] rect');
    await connecting.waitFor();
    const width = async (l: typeof open) => Number(await l.getAttribute('width'));
    // the sample's CONNECTING lasts 1.5 ms of a 490 ms connection: about one pixel
    expect(await width(connecting)).toBeLessThan(5);
    await page.getByTestId('timeline').getByTestId('logical-time').check();
    // the handshake's events (SYN, SYN-ACK, 101) are three of the connection's ~30 evenly spaced events
    await expect.poll(() => width(connecting)).toBeGreaterThan(40);
    expect(await width(open)).toBeGreaterThan(await width(connecting));
    await shot(page, 'lesson-app-logical-time');
  });

  it('walks the fragmented, compressed capture in both languages', async () => {
    for (const lang of ['en', 'zh-CN']) {
      const page = await openLesson(fragServer.url, `?lesson&lang=${lang}`, { width: 1280, height: 720 }, 24);
      const steps = await walk(page, `frag-${lang}`);
      expect(steps).toContain('fragments');
      expect(steps).toContain('compression');
    }
  });

  it('colours an uncompressed fragmented message by frame, a split UTF-8 character included', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${server.url}?lang=en`);
    await page.getByTestId('file-input').setInputFiles(join(FIXTURES, '04_fragments_ping_pong_close_codes.pcap'));
    await page.locator('.conn').first().waitFor();
    await page.getByTestId('lesson-button').click();
    await page.getByTestId('lesson-counter').waitFor({ timeout: 20_000 });
    await page.locator('.lesson-outline button', { hasText: 'Fragments' }).click();
    // the intent: 'Hel' + 'l' + 'o ✓ ünï' in three frames
    expect(await page.getByTestId('assembled-text').textContent()).toBe('= "Hello ✓ ünï"');
    expect(await page.getByTestId('reassembled').locator('.src').count()).toBe(3);
    await shot(page, 'lesson-fragments-uncompressed');
  });

  it('the accept sandbox reproduces the tutorials’ keys', async () => {
    const { page } = browser;
    await page.goto(`${server.url}?sandbox=accept&lang=en`);
    await page.getByTestId('accept-calculator').waitFor();
    const pairs = [
      ['w4v7O6xFTi36lq3RNcgctw==', 'Oy4NRAQ13jhfONC7bP8dTKb4PTU='],
      ['dGhlIHNhbXBsZSBub25jZQ==', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
      ['sXEi4SbUeCOsLZPsVA/nVQ==', '/0ADGx6psxTUOpymObx+/Bm4GiQ='],
      ['8cyP/EvUjJHSMbkOIHFU/w==', 'EiaKGKO0E/pC8vnArob263aS3XY='],
    ];
    for (const [key, accept] of pairs) {
      await page.getByTestId('accept-key').fill(key);
      expect(await page.getByTestId('accept-output').textContent()).toBe(`Sec-WebSocket-Accept: ${accept}`);
    }
    await shot(page, 'lesson-sandbox-accept');
  });

  it('the frame builder shows the decoder’s verdict live, and the quiz reveals a hidden field', async () => {
    const { page } = browser;
    await page.goto(`${server.url}?sandbox=builder&lang=en`);
    await page.getByTestId('frame-builder').waitFor();
    expect(await page.getByTestId('builder-bytes').textContent()).toBe('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    // The verdict comes once the page decoder's script is loaded (in-thread.js, on first use).
    await expect.poll(() => page.getByTestId('builder-findings').textContent()).toContain('nothing wrong');
    await page.getByRole('checkbox', { name: 'MASK' }).uncheck();
    await expect.poll(() => page.locator('[data-code="frame.client-unmasked"]').count()).toBe(1);
    await shot(page, 'lesson-sandbox-builder');
    await page.goto(`${server.url}?sandbox=quiz&lang=en`);
    await page.getByTestId('quiz').waitFor({ timeout: 20_000 });
    await page.getByTestId('quiz-reveal').click();
    await page.getByTestId('quiz-answer').waitFor();
    await shot(page, 'lesson-sandbox-quiz');
  });
});
