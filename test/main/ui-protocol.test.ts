// app://wsscope/: the UI files with their types and the CSP, and nothing outside dist/ui.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeUiDir, type UiFixture } from '../server/helpers.js';

const electron = vi.hoisted(() => ({
  protocol: { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() },
}));
vi.mock('electron', () => electron);

const { handleUiProtocol, registerUiScheme, uiResponse, UI_URL } = await import(
  '../../src/main/windows/ui-protocol.js'
);

describe('app:// UI protocol', () => {
  let ui: UiFixture;
  beforeAll(async () => {
    ui = await makeUiDir();
  });
  afterAll(async () => {
    await ui.cleanup();
  });

  it('declares app: as a standard, secure scheme with fetch support', () => {
    registerUiScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
      },
    ]);
    expect(UI_URL).toBe('app://wsscope/index.html');
  });

  it('serves index.html and assets with their content types and the CSP header', async () => {
    const index = await uiResponse(ui.uiDir, 'app://wsscope/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The same hardening headers as browser mode (src/node/security-headers.ts).
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await index.text()).toBe('<!doctype html><title>wsscope</title>');
    const script = await uiResponse(ui.uiDir, 'app://wsscope/assets/index-abc123.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await uiResponse(ui.uiDir, 'app://wsscope/')).status).toBe(200);
  });

  it.each([
    ['app://wsscope/%2e%2e/secret.txt', [403, 404]],
    ['app://wsscope/..%2fsecret.txt', [403, 404]],
    ['app://wsscope/link-to-secret.txt', [403]],
    ['app://wsscope/missing.js', [404]],
    ['app://other/index.html', [404]],
  ])('does not serve %s', async (url, statuses) => {
    const res = await uiResponse(ui.uiDir, url);
    expect(statuses).toContain(res.status);
    expect(await res.text()).not.toContain('top secret');
  });

  it('says how to build the UI when index.html is missing', async () => {
    const res = await uiResponse('/nonexistent/wsscope-ui', 'app://wsscope/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('run: npm run build:ui');
  });

  it('registers the handler for the app scheme', async () => {
    handleUiProtocol(ui.uiDir);
    const [scheme, handler] = electron.protocol.handle.mock.lastCall!;
    expect(scheme).toBe('app');
    const res = await (handler as (request: { url: string }) => Promise<Response>)({ url: 'app://wsscope/index.html' });
    expect(res.status).toBe(200);
  });
});
