import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LiveCaptureStartOptions } from '../../../src/node/streams/live-session.js';
import { StreamRegistry } from '../../../src/node/streams/registry.js';

const FIXTURE = join(import.meta.dirname, '../../../fixtures/shared/01_pyws_text_echo.pcap');
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function fakeCapture() {
  const starts: LiveCaptureStartOptions[] = [];
  let stops = 0;
  return {
    starts,
    get stops() {
      return stops;
    },
    start(options: LiveCaptureStartOptions) {
      starts.push(options);
      return {
        pid: 1234,
        ready: Promise.resolve(),
        stop: async () => {
          stops += 1;
        },
      };
    },
  };
}

async function readAll(registry: StreamRegistry, id: string): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for (let chunk = await registry.readChunk(id); chunk !== null; chunk = await registry.readChunk(id)) {
    chunks.push(chunk);
  }
  return chunks;
}

describe('StreamRegistry: file streams', () => {
  it("delivers the file's exact bytes in chunks of the chunk size, then null", async () => {
    const expected = await readFile(FIXTURE);
    const registry = new StreamRegistry({ fileChunkSize: 1000 });
    const info = await registry.openFile(FIXTURE);
    expect(info).toEqual({ id: info.id, name: '01_pyws_text_echo.pcap', size: expected.length, live: false });

    const chunks = await readAll(registry, info.id);
    expect(chunks.length).toBe(Math.ceil(expected.length / 1000));
    expect(chunks.slice(0, -1).every((chunk) => chunk.length === 1000)).toBe(true);
    expect(Buffer.concat(chunks)).toEqual(expected);
    // The short last chunk is its own buffer, not a view of a 1000-byte one (IPC would copy it all).
    expect(chunks.at(-1)!.buffer.byteLength).toBe(chunks.at(-1)!.length);
  });

  it('keeps chunks in order when reads overlap', async () => {
    const expected = await readFile(FIXTURE);
    const registry = new StreamRegistry({ fileChunkSize: 512 });
    const { id } = await registry.openFile(FIXTURE);
    const count = Math.ceil(expected.length / 512);
    const chunks = await Promise.all(Array.from({ length: count }, () => registry.readChunk(id)));
    expect(Buffer.concat(chunks as Uint8Array[])).toEqual(expected);
    expect(await registry.readChunk(id)).toBeNull();
  });

  it('gives each opened file its own id', async () => {
    const registry = new StreamRegistry();
    const a = await registry.openFile(FIXTURE);
    const b = await registry.openFile(FIXTURE);
    expect(a.id).not.toBe(b.id);
  });

  it('rejects reading an id it never made, or one that was closed', async () => {
    const registry = new StreamRegistry();
    await expect(registry.readChunk(UNKNOWN_ID)).rejects.toThrow(`unknown stream id "${UNKNOWN_ID}"`);
    const { id } = await registry.openFile(FIXTURE);
    await registry.close(id);
    await expect(registry.readChunk(id)).rejects.toThrow('unknown stream id');
  });

  it('rejects a file that does not exist, with a reason', async () => {
    await expect(new StreamRegistry().openFile('/nonexistent/capture.pcap')).rejects.toThrow('no such file');
  });
});

describe('StreamRegistry: live streams', () => {
  it('starts a capture with the given port and interface and streams its bytes until it is stopped', async () => {
    const capture = fakeCapture();
    let changes = 0;
    const registry = new StreamRegistry({ onLiveChange: () => changes++ });
    const info = await registry.startLive({ port: 8080, iface: 'lo' }, capture.start);
    expect(info).toEqual({ id: info.id, name: 'live: lo port 8080', size: null, live: true });
    expect(capture.starts.map(({ port, iface }) => [port, iface])).toEqual([[8080, 'lo']]);
    expect(registry.liveRunning).toBe(true);

    capture.starts[0].onBytes(Uint8Array.from([1, 2, 3]));
    expect(Array.from((await registry.readChunk(info.id))!)).toEqual([1, 2, 3]);
    const waiting = registry.readChunk(info.id);
    capture.starts[0].onBytes(Uint8Array.from([4]));
    expect(Array.from((await waiting)!)).toEqual([4]);

    await registry.stopLive(info.id);
    expect(capture.stops).toBe(1);
    expect(registry.liveRunning).toBe(false);
    expect(await registry.readChunk(info.id)).toBeNull();
    expect(Array.from(registry.liveBytes(info.id))).toEqual([1, 2, 3, 4]);
    await Promise.resolve();
    expect(changes).toBeGreaterThanOrEqual(2); // started, ended
  });

  it('passes a capture failure to the reader after the bytes before it', async () => {
    const capture = fakeCapture();
    const registry = new StreamRegistry();
    const { id } = await registry.startLive({ port: 8080, iface: 'lo' }, capture.start);
    capture.starts[0].onBytes(Uint8Array.from([7]));
    capture.starts[0].onError(new Error('no permission to capture on lo with tcpdump'));
    expect(Array.from((await registry.readChunk(id))!)).toEqual([7]);
    await expect(registry.readChunk(id)).rejects.toThrow('no permission to capture on lo with tcpdump');
    expect(registry.liveRunning).toBe(false);
  });

  it('rejects the start when the capture tool fails before it is ready', async () => {
    const registry = new StreamRegistry();
    const failing = () => ({
      pid: 1,
      ready: Promise.reject(new Error('tcpdump failed: bad filter')),
      stop: async () => {},
    });
    await expect(registry.startLive({ port: 1, iface: 'lo' }, failing)).rejects.toThrow('tcpdump failed: bad filter');
    expect(registry.liveRunning).toBe(false);
  });

  it('stops the capture when its stream is closed, but keeps its bytes for saving', async () => {
    const capture = fakeCapture();
    const registry = new StreamRegistry();
    const { id } = await registry.startLive({ port: 8080, iface: 'lo' }, capture.start);
    capture.starts[0].onBytes(Uint8Array.from([5, 6]));
    await registry.close(id);
    expect(capture.stops).toBe(1);
    expect(Array.from(registry.liveBytes(id))).toEqual([5, 6]);
    expect(await registry.readChunk(id)).toBeNull();
  });

  it('refuses live operations on a file stream and on unknown ids', async () => {
    const registry = new StreamRegistry();
    const { id } = await registry.openFile(FIXTURE);
    await expect(registry.stopLive(id)).rejects.toThrow(`stream "${id}" is not a live capture`);
    expect(() => registry.liveBytes(UNKNOWN_ID)).toThrow('unknown stream id');
  });

  it('closeAll stops every running capture', async () => {
    const capture = fakeCapture();
    const registry = new StreamRegistry();
    await registry.startLive({ port: 1, iface: 'lo' }, capture.start);
    await registry.startLive({ port: 2, iface: 'lo' }, capture.start);
    await registry.closeAll();
    expect(capture.stops).toBe(2);
  });
});
