// Live capture through the server: with a fake capture tool (always), and with the real tcpdump
// on loopback when it is installed and we are root (only loopback traffic is captured).

import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { findExecutable } from '../../src/node/live-capture.js';
import { type RunningServer, startServer } from '../../src/server/index.js';
import type { StreamInfo } from '../../src/shared/api.js';
import { type FakeCapture, fakeCapture, makeUiDir, rawRequest, type UiFixture } from './helpers.js';

// pcap global header, little-endian, microseconds, snaplen 262144, LINKTYPE_ETHERNET (pcap §4).
const PCAP_HEADER = Uint8Array.from([
  0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x04, 0x00, 0x01, 0, 0, 0,
]);
// One pcap record: ts 1 s + 2 µs, 4 bytes captured of 4, data de ad be ef.
const PCAP_RECORD = Uint8Array.from([1, 0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef]);

async function postLive(server: RunningServer, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL('api/live', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('live capture routes (fake capture tool)', () => {
  let ui: UiFixture;
  let capture: FakeCapture;
  let server: RunningServer;

  beforeEach(async () => {
    ui = await makeUiDir();
    capture = fakeCapture();
    server = await startServer({ uiDir: ui.uiDir, startLiveCapture: capture.start });
  });
  afterEach(async () => {
    await server.close();
    await ui.cleanup();
  });

  it('POST /api/live starts a capture on loopback and answers its StreamInfo', async () => {
    const res = await postLive(server, { port: 8080 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: expect.any(String), name: 'live: lo port 8080', size: null, live: true });
    expect(capture.starts.map(({ port, iface }) => ({ port, iface }))).toEqual([{ port: 8080, iface: 'lo' }]);
  });

  it('streams the bytes as they come and ends the response when the capture is stopped', async () => {
    const info = (await (await postLive(server, { port: 9001, interface: 'lo' })).json()) as StreamInfo;
    capture.emit(PCAP_HEADER);
    const res = await fetch(new URL(`api/stream/${info.id}`, server.url));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    // The header was captured before the GET: a late reader still gets it first.
    expect(Array.from((await reader.read()).value!)).toEqual(Array.from(PCAP_HEADER));
    capture.emit(PCAP_RECORD);
    expect(Array.from((await reader.read()).value!)).toEqual(Array.from(PCAP_RECORD));

    const stop = await fetch(new URL(`api/live/${info.id}/stop`, server.url), { method: 'POST' });
    expect(stop.status).toBe(204);
    expect(capture.stops).toBe(1);
    expect((await reader.read()).done).toBe(true);
  });

  it('GET /api/live/:id/pcap downloads the capture as pcapng', async () => {
    const info = (await (await postLive(server, { port: 9002 })).json()) as StreamInfo;
    capture.emit(PCAP_HEADER);
    capture.emit(PCAP_RECORD);
    const res = await fetch(new URL(`api/live/${info.id}/pcap`, server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-pcapng');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="wsscope-lo-port-9002.pcapng"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    // Section Header Block type 0x0A0D0D0A, then our one packet's data somewhere after.
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);
    expect(Buffer.from(bytes).includes(Buffer.from([0xde, 0xad, 0xbe, 0xef]))).toBe(true);
  });

  it.each([
    [{ port: 0 }, 'invalid port 0; expected an integer 1-65535'],
    [{ port: 70000 }, 'invalid port 70000; expected an integer 1-65535'],
    [{ port: '80' }, 'invalid port "80"; expected an integer 1-65535'],
    [{ port: 80, interface: '-w/tmp/x' }, 'invalid interface "-w/tmp/x"; expected a name like "lo" or "eth0"'],
    [[80], 'invalid live capture options array; expected {port, interface?}'],
  ])('POST /api/live refuses %j with 400', async (body, message) => {
    const res = await postLive(server, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: message });
    expect(capture.starts).toEqual([]);
  });

  it('refuses a live capture requested from another origin (CSRF)', async () => {
    const res = await postLive(server, { port: 8080 }, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(capture.starts).toEqual([]);
  });

  it('refuses a live capture body that is not sent as application/json', async () => {
    const res = await rawRequest(server.url, '/api/live', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"port":8080}',
    });
    expect(res.status).toBe(415);
    expect(capture.starts).toEqual([]);
  });

  it('answers 404 for stop and pcap of an id it never made', async () => {
    const id = '11111111-2222-3333-4444-555555555555';
    expect((await fetch(new URL(`api/live/${id}/stop`, server.url), { method: 'POST' })).status).toBe(404);
    expect((await fetch(new URL(`api/live/${id}/pcap`, server.url))).status).toBe(404);
  });

  it('reports a capture tool that fails to start as a 4xx JSON error', async () => {
    await server.close();
    server = await startServer({
      uiDir: ui.uiDir,
      startLiveCapture: () => {
        throw new Error('neither tcpdump nor dumpcap is installed');
      },
    });
    const res = await postLive(server, { port: 8080 });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(600);
    expect(await res.json()).toEqual({ error: 'neither tcpdump nor dumpcap is installed' });
  });

  it('close() stops every running capture', async () => {
    await postLive(server, { port: 8080 });
    await postLive(server, { port: 8081 });
    await server.close();
    expect(capture.stops).toBe(2);
  });
});

const canCapture = process.getuid?.() === 0 && findExecutable('tcpdump') !== null;

describe.runIf(canCapture)('live capture with the real tcpdump on loopback', () => {
  it("answers 400 with the tool's advice for an interface that does not exist", async () => {
    const ui = await makeUiDir();
    const server = await startServer({ uiDir: ui.uiDir });
    try {
      const res = await postLive(server, { port: 9, interface: 'nosuchif0' });
      expect(res.status).toBe(400);
      // The wording is src/node/live-capture.ts's; here only that it names the interface.
      expect(((await res.json()) as { error: string }).error).toContain('nosuchif0');
    } finally {
      await server.close();
      await ui.cleanup();
    }
  });

  it('captures a WebSocket exchange on 127.0.0.1 and serves it as a stream and a pcapng download', async () => {
    const ui = await makeUiDir();
    const server = await startServer({ uiDir: ui.uiDir });
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
    const port = (wss.address() as AddressInfo).port;
    const dir = await mkdtemp(join(tmpdir(), 'wsscope-live-'));
    try {
      const res = await postLive(server, { port, interface: 'lo' });
      expect(res.status).toBe(200);
      const info = (await res.json()) as StreamInfo;
      const streamed = fetch(new URL(`api/stream/${info.id}`, server.url)).then(async (r) =>
        Buffer.from(await r.arrayBuffer()),
      );

      const client = new WebSocket(`ws://127.0.0.1:${port}/`);
      await new Promise((resolve) => client.once('open', resolve));
      client.send('hello from the live test');
      await new Promise((resolve) => client.once('message', resolve));
      client.close();
      await new Promise((resolve) => client.once('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, 300));

      expect((await fetch(new URL(`api/live/${info.id}/stop`, server.url), { method: 'POST' })).status).toBe(204);
      const bytes = await streamed;
      // tcpdump writes classic pcap: magic a1b2c3d4 in host (little-endian) order.
      expect(bytes.subarray(0, 4).toString('hex')).toBe('d4c3b2a1');
      // The server's echo is unmasked, so the text is on the wire as is.
      expect(bytes.includes(Buffer.from('hello from the live test'))).toBe(true);

      const download = Buffer.from(await (await fetch(new URL(`api/live/${info.id}/pcap`, server.url))).arrayBuffer());
      const saved = join(dir, 'live.pcapng');
      await writeFile(saved, download);
      if (findExecutable('capinfos') !== null) {
        // capinfos (Wireshark) as the independent reader: a pcapng file, as many packets as tcpdump wrote.
        const out = execFileSync('capinfos', ['-t', '-c', '-M', saved], { encoding: 'utf8' });
        expect(out).toMatch(/File type:\s+.*pcapng/);
        const original = join(dir, 'live.pcap');
        await writeFile(original, bytes);
        const count = (text: string) => /Number of packets:\s+(\d+)/.exec(text)?.[1];
        expect(count(out)).toBe(count(execFileSync('capinfos', ['-c', '-M', original], { encoding: 'utf8' })));
      }
    } finally {
      wss.close();
      await server.close();
      await ui.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
