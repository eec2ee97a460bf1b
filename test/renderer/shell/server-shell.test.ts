// The ShellApi over HTTP (browser mode) against a fake fetch that answers the server's routes:
// what it asks for, and what it makes of the answers.

import { describe, expect, it } from 'vitest';
import { probeServer, ServerShell } from '../../../src/renderer/shell/server-shell.js';

type Call = { url: string; init?: RequestInit };

function fakeFetch(routes: Record<string, () => Response>) {
  const calls: Call[] = [];
  const fetchImpl = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const key = `${init?.method ?? 'GET'} ${url}`;
    const route = routes[key];
    if (!route) throw new TypeError(`fetch failed: ${key}`);
    return route();
  };
  return { calls, fetchImpl };
}

function chunked(parts: number[][]): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of parts) controller.enqueue(Uint8Array.from(p));
      controller.close();
    },
  });
  return new Response(stream);
}

describe('probeServer (GET /api/health)', () => {
  it('finds a wsscope server', async () => {
    const { fetchImpl } = fakeFetch({ 'GET /api/health': () => Response.json({ ok: true, version: '0.1.0' }) });
    expect(await probeServer('', fetchImpl)).toEqual({ ok: true, version: '0.1.0' });
  });

  it('answers null for static files (404) and for no server at all', async () => {
    const notFound = fakeFetch({ 'GET /api/health': () => new Response('not found', { status: 404 }) });
    expect(await probeServer('', notFound.fetchImpl)).toBeNull();
    const none = fakeFetch({});
    expect(await probeServer('', none.fetchImpl)).toBeNull();
  });
});

describe('ServerShell', () => {
  const info = { id: 'f1', name: 'echo.pcap', size: 6, live: false };

  it('opens the initial capture, or nothing on 204', async () => {
    const some = fakeFetch({ 'GET /api/initial': () => Response.json(info) });
    expect(await new ServerShell('', some.fetchImpl).openInitial()).toEqual(info);
    const none = fakeFetch({ 'GET /api/initial': () => new Response(null, { status: 204 }) });
    expect(await new ServerShell('', none.fetchImpl).openInitial()).toBeNull();
  });

  it('reads a stream chunk by chunk from one GET, then null at its end', async () => {
    const { calls, fetchImpl } = fakeFetch({ 'GET /api/stream/f1': () => chunked([[1, 2], [], [3, 4, 5], [6]]) });
    const shell = new ServerShell('', fetchImpl);
    const got: number[][] = [];
    for (;;) {
      const chunk = await shell.readChunk('f1');
      if (!chunk) break;
      got.push([...chunk]);
    }
    // empty chunks are skipped; one request for the whole stream
    expect(got).toEqual([[1, 2], [3, 4, 5], [6]]);
    expect(calls).toHaveLength(1);
  });

  it('starts and stops a live capture with the routes the server implements', async () => {
    const live = { id: 'L1', name: 'live: lo port 8080', size: null, live: true };
    const { calls, fetchImpl } = fakeFetch({
      'POST /api/live': () => Response.json(live),
      'POST /api/live/L1/stop': () => new Response(null, { status: 204 }),
    });
    const shell = new ServerShell('', fetchImpl);
    expect(await shell.startLiveCapture({ port: 8080 })).toEqual(live);
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({ port: 8080 });
    await shell.stopLiveCapture('L1');
    expect(calls.map((c) => `${c.init?.method} ${c.url}`)).toEqual(['POST /api/live', 'POST /api/live/L1/stop']);
  });

  it("passes the server's error message on", async () => {
    const { fetchImpl } = fakeFetch({
      'POST /api/live': () => Response.json({ error: 'tcpdump: permission denied' }, { status: 403 }),
    });
    await expect(new ServerShell('', fetchImpl).startLiveCapture({ port: 1 })).rejects.toThrow(
      'tcpdump: permission denied',
    );
  });
});
