// End to end in headless Chromium: application protocols in the app. A Socket.IO capture shows
// its protocol in the connections list, the connection's end verdict at the top of the
// Handshake tab, a Requests tab with latencies and a histogram whose links select the request's
// and the answer's messages, and the decoded form of a message in the Payload tab; the spec-built
// capture's unanswered JSON-RPC request is highlighted; the protocol menu re-decodes a connection.
// Screenshots land in test-results/screenshots/ (requests-*.png).

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasChromium, pageErrors, ROOT, servedApp, shot } from './browser.js';

const APP = join(ROOT, 'fixtures/app');

describe.skipIf(!hasChromium)('application protocols in the app', () => {
  const app = servedApp();

  async function open(file: string) {
    const { page } = app.browser;
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByTestId('file-input').setInputFiles(join(APP, file));
    await page.locator('.conn').first().waitFor();
    return page;
  }

  it('socket.io: protocol and verdict in the list, verdict on top, requests with latencies, click-through', async () => {
    const page = await open('socketio.pcap');
    const first = page.locator('.conn[data-connection="1"]');
    await expect.poll(() => first.textContent()).toContain('socket.io');
    // socket.io-client closes without a code (ws close()), the server answers.
    expect(await first.locator('.conn-end').textContent()).toMatch(
      /^the client closed with no code after \d+ ms idle; the server answered$/,
    );
    await first.click();
    await page.getByTestId('end-verdict').waitFor();
    expect(await page.getByTestId('end-verdict').textContent()).toContain('onclose 1005, clean');
    await shot(page, 'requests-verdict');

    await page.locator('[data-tab="requests"]').click();
    await page.locator('.requests-table').waitFor();
    // 12 requests on connection 1: 3 chats, upload, ask, 2 namespace connects, stats, the refused
    // /secure connect, the first connect, and Engine.IO heartbeats (timing: at least two).
    const rows = page.locator('.requests-table tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(11);
    expect(await page.getByTestId('request-stats').textContent()).toMatch(/1 error, 0 never answered · p50 /);
    expect(await page.locator('.latency-histogram rect').count()).toBeGreaterThan(0);
    expect(await page.locator('.requests-table tr.error').textContent()).toContain('connect /secure');
    await shot(page, 'requests-table');

    // The first chat: its request and answer messages.
    const chat = rows.filter({ hasText: 'chat' }).first();
    await chat.locator('td:nth-child(6) button').first().click();
    await expect.poll(() => chat.getAttribute('aria-selected')).toBe('true');
    await page.locator('[data-tab="payload"]').click();
    await page.getByTestId('decoded-message').waitFor();
    const decoded = page.getByTestId('decoded-message');
    expect(await decoded.textContent()).toContain('ack 0 [{"ok":true,"echo":"hello"}]');
    await shot(page, 'requests-decoded');
    // …and back to the request from the answer.
    await decoded.locator('button.link').first().click();
    await expect.poll(() => decoded.textContent()).toContain('chat ["hello"] ack 0');
    expect(pageErrors(page)).toEqual([]);
  });

  it('an unanswered request is highlighted; the protocol menu decodes a connection as something else', async () => {
    const page = await open('spec-protocols.pcap');
    await page.locator('.conn[data-connection="9"]').click();
    await page.locator('[data-tab="requests"]').click();
    await page.locator('.requests-table tr.pending').waitFor();
    expect(await page.locator('.requests-table tr.pending').textContent()).toContain('never answered');
    await shot(page, 'requests-pending');

    // Connection 6 is WAMP by its subprotocol; decoded as none, its requests go away.
    await page.locator('.conn[data-connection="6"]').click();
    await page.locator('[data-tab="requests"]').click();
    await expect.poll(() => page.locator('.requests-table tbody tr').count()).toBe(8);
    await page.locator('[data-tab="handshake"]').click();
    await page.getByLabel('Application protocol').selectOption('none');
    await page.locator('[data-tab="requests"]').click();
    await expect.poll(() => page.locator('.requests-table').count()).toBe(0);
    await page.locator('[data-tab="handshake"]').click();
    await page.getByLabel('Application protocol').selectOption('');
    await page.locator('[data-tab="requests"]').click();
    await expect.poll(() => page.locator('.requests-table tbody tr').count()).toBe(8);
    expect(pageErrors(page)).toEqual([]);
  });
});
