import { copyFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/index.js';
import type { StreamInfo } from '../../src/shared/api.js';
import { fakeCapture, makeUiDir, rawRequest, type UiFixture } from './helpers.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/shared/01_pyws_text_echo.pcap');

describe('browser-mode server', () => {
  let ui: UiFixture;
  let server: RunningServer;

  beforeAll(async () => {
    ui = await makeUiDir();
    server = await startServer({ capture: FIXTURE, uiDir: ui.uiDir, startLiveCapture: fakeCapture().start });
  });
  afterAll(async () => {
    await server.close();
    await ui.cleanup();
  });

  it('listens on loopback at an ephemeral port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(new URL(server.url).port).not.toBe('0');
  });

  describe('static files', () => {
    it('serves index.html at / with the CSP and hardening headers', async () => {
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toBe('<!doctype html><title>wsscope</title>');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      // cross-origin isolated (security.ts)
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    });

    it.each([
      ['assets/index-abc123.js', 'text/javascript; charset=utf-8'],
      ['assets/index-abc123.css', 'text/css; charset=utf-8'],
      ['assets/logo.svg', 'image/svg+xml'],
    ])('serves %s as %s', async (path, type) => {
      const res = await fetch(new URL(path, server.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(await readFile(join(ui.uiDir, path)));
    });

    it('answers 404 for a file that does not exist', async () => {
      expect((await fetch(new URL('nope.js', server.url))).status).toBe(404);
    });

    it.each([
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00index.html',
      '/link-to-secret.txt',
    ])('never serves a file outside the UI directory: %s', async (path) => {
      const res = await rawRequest(server.url, path);
      expect([400, 403, 404]).toContain(res.status);
      expect(res.body.toString()).not.toContain('top secret');
    });

    it('refuses other methods than GET and HEAD on static files', async () => {
      const res = await fetch(server.url, { method: 'DELETE' });
      expect(res.status).toBe(405);
    });
  });

  describe('/api', () => {
    it('GET /api/health says ok with the package version', async () => {
      const pkg = JSON.parse(await readFile(join(import.meta.dirname, '../../package.json'), 'utf8'));
      const res = await fetch(new URL('api/health', server.url));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, version: pkg.version });
    });

    it('GET /api/initial describes the capture, and /api/stream/:id streams its exact bytes', async () => {
      const expected = await readFile(FIXTURE);
      const res = await fetch(new URL('api/initial', server.url));
      expect(res.status).toBe(200);
      const info = (await res.json()) as StreamInfo;
      expect(info).toEqual({
        id: expect.any(String),
        name: '01_pyws_text_echo.pcap',
        size: expected.length,
        live: false,
      });

      const stream = await fetch(new URL(`api/stream/${info.id}`, server.url));
      expect(stream.status).toBe(200);
      expect(stream.headers.get('transfer-encoding')).toBe('chunked');
      expect(Buffer.from(await stream.arrayBuffer())).toEqual(expected);
    });

    it('streams the same bytes again on a second GET', async () => {
      const info = (await (await fetch(new URL('api/initial', server.url))).json()) as StreamInfo;
      const first = Buffer.from(await (await fetch(new URL(`api/stream/${info.id}`, server.url))).arrayBuffer());
      const second = Buffer.from(await (await fetch(new URL(`api/stream/${info.id}`, server.url))).arrayBuffer());
      expect(second).toEqual(first);
    });

    it('answers 404 with a JSON error for an unknown stream id', async () => {
      const res = await fetch(new URL('api/stream/00000000-0000-0000-0000-000000000000', server.url));
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'unknown stream id "00000000-0000-0000-0000-000000000000"' });
    });

    it('answers 404 for an unknown API route and 405 for a wrong method', async () => {
      expect((await fetch(new URL('api/nothing', server.url))).status).toBe(404);
      const res = await fetch(new URL('api/initial', server.url), { method: 'POST' });
      expect(res.status).toBe(405);
    });

    it('refuses a request whose Host header is not loopback (DNS rebinding)', async () => {
      const res = await rawRequest(server.url, '/api/health', { headers: { host: 'evil.example' } });
      expect(res.status).toBe(403);
    });
  });
});

describe('browser-mode server without a capture', () => {
  it('GET /api/initial answers 204', async () => {
    const ui = await makeUiDir();
    const server = await startServer({ uiDir: ui.uiDir });
    try {
      const res = await fetch(new URL('api/initial', server.url));
      expect(res.status).toBe(204);
    } finally {
      await server.close();
      await ui.cleanup();
    }
  });

  it('says how to build the UI when dist/ui is missing', async () => {
    const server = await startServer({ uiDir: '/nonexistent/wsscope-ui' });
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:ui');
    } finally {
      await server.close();
    }
  });

  it('answers a JSON error, not a cut stream, when the capture was deleted after the start', async () => {
    const ui = await makeUiDir();
    const capture = join(ui.root, 'gone.pcap');
    await copyFile(FIXTURE, capture);
    const server = await startServer({ capture, uiDir: ui.uiDir });
    try {
      const info = (await (await fetch(new URL('api/initial', server.url))).json()) as StreamInfo;
      await rm(capture);
      const res = await fetch(new URL(`api/stream/${info.id}`, server.url));
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'no such file' });
    } finally {
      await server.close();
      await ui.cleanup();
    }
  });

  it('rejects a capture that does not exist', async () => {
    await expect(startServer({ capture: '/nonexistent/x.pcap' })).rejects.toThrow(
      'cannot open /nonexistent/x.pcap: no such file',
    );
  });
});
