// A server bound beyond loopback (issue 15, point 1): every request needs the access token made at
// start (URL, then cookie, or a Bearer header), the Host header must name an address we were
// started for, live capture is off unless allowed. Real HTTP requests over loopback to a server
// bound to 0.0.0.0.

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/index.js';
import { type FakeCapture, fakeCapture, makeUiDir, rawRequest, type UiFixture } from './helpers.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/shared/01_pyws_text_echo.pcap');

describe('served beyond loopback', () => {
  let ui: UiFixture;
  let server: RunningServer;
  let capture: FakeCapture;
  let base: string;
  let port: number;
  let token: string;

  beforeAll(async () => {
    ui = await makeUiDir();
    capture = fakeCapture();
    server = await startServer({
      capture: FIXTURE,
      host: '0.0.0.0',
      uiDir: ui.uiDir,
      startLiveCapture: capture.start,
      publicNames: ['wsscope.example'],
    });
    const url = new URL(server.url);
    port = Number(url.port);
    base = `http://127.0.0.1:${port}/`;
    token = url.searchParams.get('token') ?? '';
  });
  afterAll(async () => {
    await server.close();
    await ui.cleanup();
  });

  it('prints a URL with a random 256-bit token', async () => {
    expect(server.remote).toBe(true);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.token).toBe(token);
    const other = await startServer({ host: '0.0.0.0', uiDir: ui.uiDir });
    expect(other.token).not.toBe(token);
    await other.close();
  });

  it('refuses the page, assets and every API route without the token (401)', async () => {
    for (const path of ['/', '/index.html', '/assets/index-abc123.js', '/api/health', '/api/initial']) {
      const res = await rawRequest(base, path);
      expect(res.status, path).toBe(401);
      expect(res.body.toString()).not.toContain('wsscope</title>');
    }
    const post = await rawRequest(base, '/api/live', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"port":8080}',
    });
    expect(post.status).toBe(401);
    expect(capture.starts).toHaveLength(0);
  });

  it('refuses a wrong token, one of another length, and a token that differs in its last character', async () => {
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    for (const wrong of ['x', `${token}x`, `${token.slice(0, -1)}${last}`, '']) {
      expect((await rawRequest(base, `/?token=${encodeURIComponent(wrong)}`)).status).toBe(401);
      expect((await rawRequest(base, '/api/health', { headers: { authorization: `Bearer ${wrong}` } })).status).toBe(
        401,
      );
      expect(
        (await rawRequest(base, '/api/health', { headers: { cookie: `wsscope-token-${port}=${wrong}` } })).status,
      ).toBe(401);
    }
  });

  it('takes the token from the URL, sets a cookie and redirects to the page without it', async () => {
    const res = await rawRequest(base, `/index.html?token=${token}&x=1`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/index.html?x=1');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toBe(`wsscope-token-${port}=${token}; Path=/; HttpOnly; SameSite=Strict`);
    // The browser follows with the cookie: page, assets and API work.
    const headers = { cookie: `other=1; wsscope-token-${port}=${token}` };
    const page = await rawRequest(base, '/index.html?x=1', { headers });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toBe('<!doctype html><title>wsscope</title>');
    expect((await rawRequest(base, '/assets/index-abc123.js', { headers })).status).toBe(200);
    const initial = await rawRequest(base, '/api/initial', { headers });
    expect(initial.status).toBe(200);
    const { id } = JSON.parse(initial.body.toString()) as { id: string };
    const stream = await rawRequest(base, `/api/stream/${id}`, { headers });
    expect(stream.body.equals(readFileSync(FIXTURE))).toBe(true);
  });

  it('accepts Authorization: Bearer for scripts', async () => {
    const res = await rawRequest(base, '/api/health', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({ ok: true });
  });

  it('checks the Host header against the names it was started for, even with the token', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const ok = async (host: string) => (await rawRequest(base, '/api/health', { headers: { ...auth, host } })).status;
    expect(await ok(`127.0.0.1:${port}`)).toBe(200);
    expect(await ok(`${hostname()}:${port}`)).toBe(200);
    expect(await ok(`wsscope.example:${port}`)).toBe(200);
    expect(await ok(`evil.example:${port}`)).toBe(403);
    expect(await ok(`127.0.0.1:${port + 1}`)).toBe(403);
  });

  it('keeps live capture off unless --allow-remote-capture', async () => {
    const res = await rawRequest(base, '/api/live', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"port":8080}',
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body.toString()).error).toMatch(/--allow-remote-capture/);
    expect(capture.starts).toHaveLength(0);
    expect(server.liveAllowed).toBe(false);
  });
});

describe('--allow-remote-capture', () => {
  it('lets a request with the token start a live capture', async () => {
    const ui = await makeUiDir();
    const capture = fakeCapture();
    const server = await startServer({
      host: '0.0.0.0',
      uiDir: ui.uiDir,
      startLiveCapture: capture.start,
      allowRemoteCapture: true,
    });
    try {
      const url = new URL(server.url);
      const res = await rawRequest(`http://127.0.0.1:${url.port}/`, '/api/live', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body: '{"port":8080}',
      });
      expect(res.status).toBe(200);
      expect(capture.starts).toHaveLength(1);
    } finally {
      await server.close();
      await ui.cleanup();
    }
  });
});

describe('loopback', () => {
  it('stays token-free', async () => {
    const ui = await makeUiDir();
    const server = await startServer({ uiDir: ui.uiDir });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(server.token).toBeNull();
      expect((await fetch(new URL('api/health', server.url))).status).toBe(200);
      expect((await fetch(server.url)).status).toBe(200);
    } finally {
      await server.close();
      await ui.cleanup();
    }
  });
});
