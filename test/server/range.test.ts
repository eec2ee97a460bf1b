// Browser mode reads a capture file by range (`Range: bytes=A-B` on /api/stream/:id), so the app
// can keep where payloads are instead of the payloads (src/renderer/worker/file-payloads.ts):
// the bytes are the file's; a file that changed on disk, a malformed or oversized range get one
// line each; the worker's engine reads every payload back through it exactly.

import { appendFile, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodeEngine } from '../../src/renderer/worker/engine.js';
import { urlRanges } from '../../src/renderer/worker/file-payloads.js';
import { type RunningServer, startServer } from '../../src/server/index.js';
import type { StreamInfo } from '../../src/shared/api.js';
import { makeUiDir, type UiFixture } from './helpers.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/shared/04_fragments_ping_pong_close_codes.pcap');

describe('GET /api/stream/:id with a Range', () => {
  let server: RunningServer;
  let ui: UiFixture;
  let dir: string;
  let capture: string;
  let info: StreamInfo;
  let url: string;
  beforeAll(async () => {
    ui = await makeUiDir();
    dir = await mkdtemp(join(tmpdir(), 'wsscope-range-'));
    capture = join(dir, 'capture.pcap');
    await copyFile(FIXTURE, capture);
    server = await startServer({ capture, uiDir: ui.uiDir });
    info = (await (await fetch(new URL('api/initial', server.url))).json()) as StreamInfo;
    url = new URL(`api/stream/${info.id}`, server.url).href;
  });
  afterAll(async () => {
    await server.close();
    await ui.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 206 with exactly those bytes of the file', async () => {
    const bytes = await readFile(capture);
    const res = await fetch(url, { headers: { range: 'bytes=40-139' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 40-139/${bytes.length}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes.subarray(40, 140));
    const ranges = urlRanges(url);
    expect(Buffer.from(await ranges.read(0, 24))).toEqual(bytes.subarray(0, 24));
  });

  it('reads every payload back through it as the decoder decoded it', async () => {
    const bytes = new Uint8Array(await readFile(capture));
    const decode = (ranges: ReturnType<typeof urlRanges> | null) => {
      const engine = new DecodeEngine(bytes.length, undefined, ranges === null, undefined, ranges, 0);
      engine.push(bytes);
      engine.end();
      while (engine.hasPending()) engine.takeBatch();
      return engine;
    };
    const kept = decode(null);
    const located = decode(urlRanges(url));
    const messages = (kept as unknown as { messages: { size: number } }).messages.size;
    expect(messages).toBeGreaterThan(5);
    // Read back through the server, not kept: else this would compare kept payloads with themselves.
    const store = (located as unknown as { messages: { isLocated(id: number): boolean } }).messages;
    const readBack = Array.from({ length: messages }, (_, i) => i + 1).filter((id) => store.isLocated(id));
    expect(readBack.length).toBeGreaterThan(5);
    for (let id = 1; id <= messages; id++) {
      const want = kept.messageDetail(id, 1 << 30);
      const got = await located.messageDetailRead(id, 1 << 30);
      expect(Buffer.from(got?.message.payload ?? []), `message ${id}`).toEqual(
        Buffer.from(want?.message.payload ?? []),
      );
    }
  });

  it('refuses a malformed, reversed or past-the-end range in one line', async () => {
    for (const [range, said] of [
      ['bytes=5-', 'unsupported range'],
      ['bytes=20-10', 'is empty'],
      [`bytes=0-${info.size ?? 0}`, 'past the end'],
    ] as const) {
      const res = await fetch(url, { headers: { range } });
      expect(res.status, range).toBe(416);
      const { error } = (await res.json()) as { error: string };
      expect(error).toContain(said);
      expect(error.split('\n')).toHaveLength(1);
    }
  });

  it('says in one line that a file that changed on disk must be opened again', async () => {
    await appendFile(capture, Buffer.alloc(100));
    const res = await fetch(url, { headers: { range: 'bytes=0-9' } });
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/^capture\.pcap changed on disk \(\d+ bytes, was \d+\); open it again$/);
    await expect(urlRanges(url).read(0, 10)).rejects.toThrow(/changed on disk/);
  });
});
