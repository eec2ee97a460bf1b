import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LiveCaptureStartOptions } from '../../../src/node/streams/live-session.js';
import { type StreamReader, StreamRegistry, UnknownStreamError } from '../../../src/node/streams/registry.js';
import { InvalidArgumentError } from '../../../src/node/validate.js';

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

  it('reopens a live capture as a second pass that is not a capture of its own', async () => {
    const capture = fakeCapture();
    const registry = new StreamRegistry();
    const live = await registry.startLive({ port: 8080, iface: 'lo' }, capture.start);
    capture.starts[0].onBytes(Uint8Array.from([1, 2]));
    const pass = await registry.reopen(live.id);
    expect(pass).toEqual({ ...live, id: pass.id });
    expect(Array.from((await registry.readChunk(pass.id))!)).toEqual([1, 2]);
    // Counted once (the server caps running captures), and neither stoppable nor savable by the pass's id.
    expect(registry.liveRunningCount).toBe(1);
    expect(() => registry.liveBytes(pass.id)).toThrow('is not a live capture');
    await expect(registry.stopLive(pass.id)).rejects.toThrow('is not a live capture');
    await registry.close(pass.id);
    expect(capture.stops).toBe(0);
    expect(registry.liveRunning).toBe(true);
    await expect(registry.readChunk(pass.id)).rejects.toThrow(UnknownStreamError);
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

async function drain(reader: StreamReader): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for (let chunk = await reader.next(); chunk !== null; chunk = await reader.next()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('StreamRegistry: everyReadFromStart (browser mode)', () => {
  it('gives every reader of a file all its bytes from the first, also while another reads', async () => {
    const expected = await readFile(FIXTURE);
    const registry = new StreamRegistry({ everyReadFromStart: true, fileChunkSize: 700 });
    const { id } = await registry.openFile(FIXTURE);
    const first = registry.reader(id);
    expect((await first.next())!.length).toBe(700);
    // A second reader (a reloaded page) starts again at byte 0 while the first is mid-way.
    expect(await drain(registry.reader(id))).toEqual(expected);
    expect((await drain(first)).length).toBe(expected.length - 700);
    expect(await drain(registry.reader(id))).toEqual(expected);
  });

  it('lets a late reader of a live capture see every byte since the start', async () => {
    const capture = fakeCapture();
    const registry = new StreamRegistry({ everyReadFromStart: true });
    const { id } = await registry.startLive({ port: 8080, iface: 'lo' }, capture.start);
    const early = registry.reader(id);
    capture.starts[0].onBytes(Uint8Array.from([1, 2]));
    expect(Array.from((await early.next())!)).toEqual([1, 2]);
    capture.starts[0].onBytes(Uint8Array.from([3]));
    const late = registry.reader(id);
    await registry.stopLive(id);
    expect(Array.from(await drain(late))).toEqual([1, 2, 3]);
    expect(Array.from(await drain(early))).toEqual([3]);
  });

  it('ends a cancelled reader and has no shared cursor', async () => {
    const capture = fakeCapture();
    const registry = new StreamRegistry({ everyReadFromStart: true });
    const { id } = await registry.startLive({ port: 8080, iface: 'lo' }, capture.start);
    const reader = registry.reader(id);
    const waiting = reader.next();
    await reader.cancel();
    expect(await waiting).toBeNull();
    await expect(registry.readChunk(id)).rejects.toThrow('readChunk needs the one-cursor mode');
    expect(() => new StreamRegistry().reader(id)).toThrow(UnknownStreamError);
    await registry.closeAll();
    expect(capture.stops).toBe(1);
  });

  it('throws UnknownStreamError (an InvalidArgumentError) for ids it never made and for live calls on files', async () => {
    const registry = new StreamRegistry({ everyReadFromStart: true });
    expect(() => registry.reader(UNKNOWN_ID)).toThrow(UnknownStreamError);
    expect(() => registry.reader(UNKNOWN_ID)).toThrow(InvalidArgumentError);
    const { id } = await registry.openFile(FIXTURE);
    expect(() => registry.liveSession(id)).toThrow(UnknownStreamError);
  });
});
