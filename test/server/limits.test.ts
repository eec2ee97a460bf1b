// Per-server limits (issue 15, point 8): concurrent streams, running live captures, stalled
// readers and live captures nobody reads. Real HTTP over loopback, small limits.

import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/index.js';
import type { ServerLimits } from '../../src/server/limits.js';
import type { StreamInfo } from '../../src/shared/api.js';
import { type FakeCapture, fakeCapture, makeUiDir, type UiFixture } from './helpers.js';

let ui: UiFixture;
let server: RunningServer;
let capture: FakeCapture;

async function start(limits: Partial<ServerLimits>, file?: string): Promise<void> {
  ui = await makeUiDir();
  capture = fakeCapture();
  server = await startServer({ uiDir: ui.uiDir, startLiveCapture: capture.start, limits, capture: file });
}

afterEach(async () => {
  await server.close();
  await ui.cleanup();
});

const post = (path: string, body?: unknown) =>
  fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

// A deadline, not a measurement: generous, for a loaded machine.
const waitFor = async (test: () => boolean | Promise<boolean>, ms = 15_000) => {
  const end = performance.now() + ms;
  while (!(await test())) {
    if (performance.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('serve limits', () => {
  it('caps concurrent stream responses (429) and frees a slot when a reader goes away', async () => {
    await start({ maxStreams: 2 });
    const info = (await (await post('api/live', { port: 8080 })).json()) as StreamInfo;
    const streamUrl = new URL(`api/stream/${info.id}`, server.url);
    const first = new AbortController();
    const a = await fetch(streamUrl, { signal: first.signal });
    const b = await fetch(streamUrl);
    expect([a.status, b.status]).toEqual([200, 200]);
    const c = await fetch(streamUrl);
    expect(c.status).toBe(429);
    expect(((await c.json()) as { error: string }).error).toMatch(/2 streams are already being read/);
    first.abort();
    await waitFor(async () => {
      const d = await fetch(streamUrl);
      if (d.status === 200) await d.body?.cancel();
      return d.status === 200;
    });
    await b.body?.cancel();
  });

  it('cuts a stream whose client stops reading, which frees its slot', async () => {
    const tmp = await makeUiDir();
    const file = join(tmp.root, 'big.pcap');
    // Bigger than every socket buffer between us: the server's writes must block.
    await writeFile(file, randomBytes(16 * 1024 * 1024));
    await start({ maxStreams: 1, stallMs: 200 }, file);
    const initial = (await (await fetch(new URL('api/initial', server.url))).json()) as StreamInfo;
    const { port } = new URL(server.url);
    // A client that sends its request and stops reading after the first bytes of the answer: they
    // show the server has taken the slot (a fixed wait did not, on a loaded machine).
    const stalled = connect(Number(port), '127.0.0.1');
    const answered = new Promise<string>((resolve) =>
      stalled.once('data', (b: Buffer) => {
        stalled.pause();
        resolve(b.toString('latin1', 0, 12));
      }),
    );
    stalled.write(`GET /api/stream/${initial.id} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(await answered).toBe('HTTP/1.1 200');
    // While it holds the one slot, another reader is refused; once the stall is detected, it is not.
    const refused = await fetch(new URL(`api/stream/${initial.id}`, server.url));
    expect(refused.status).toBe(429);
    await waitFor(async () => {
      const res = await fetch(new URL(`api/stream/${initial.id}`, server.url));
      const ok = res.status === 200;
      if (ok) expect((await res.arrayBuffer()).byteLength).toBe(16 * 1024 * 1024);
      return ok;
    });
    stalled.destroy();
    await tmp.cleanup();
  });

  it('caps running live captures (409)', async () => {
    await start({ maxLive: 1 });
    expect((await post('api/live', { port: 8080 })).status).toBe(200);
    const second = await post('api/live', { port: 8081 });
    expect(second.status).toBe(409);
    expect(capture.starts).toHaveLength(1);
  });

  it('stops a live capture that no stream reads for the idle time', async () => {
    await start({ liveIdleMs: 150 });
    const info = (await (await post('api/live', { port: 8080 })).json()) as StreamInfo;
    // Read for a while: no stop while a reader is attached.
    const reader = new AbortController();
    await fetch(new URL(`api/stream/${info.id}`, server.url), { signal: reader.signal });
    await new Promise((r) => setTimeout(r, 300));
    expect(capture.stops).toBe(0);
    reader.abort();
    await waitFor(() => capture.stops === 1);
  });
});
