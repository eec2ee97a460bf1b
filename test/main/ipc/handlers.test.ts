// Each IPC handler as a plain function: arguments from the renderer are validated, paths are
// accepted only from dialogs, drops (of capture files), the recent list or the command line, and
// ids only when main made them.

import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVOKE_HANDLERS, SEND_HANDLERS } from '../../../src/main/ipc/handlers/index.js';
import type { StreamInfo } from '../../../src/shared/api.js';
import { type FakeContext, makeFakeContext } from './fake-context.js';

const FIXTURE = join(import.meta.dirname, '../../../fixtures/shared/01_pyws_text_echo.pcap');
const SAMPLE = join(import.meta.dirname, '../../../fixtures/sample.pcap');
const UNKNOWN_ID = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
const h = INVOKE_HANDLERS;

async function readAll(fake: FakeContext, id: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for (let c = await h['stream.readChunk'](fake.ctx, id); c !== null; c = await h['stream.readChunk'](fake.ctx, id)) {
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

describe('IPC handlers', () => {
  let fake: FakeContext;
  beforeEach(async () => {
    fake = await makeFakeContext();
  });
  afterEach(async () => {
    await fake.ctx.streams.closeAll();
    await fake.cleanup();
  });

  describe('capture.openDialog', () => {
    it('opens the file chosen in the dialog, remembers it and titles the window', async () => {
      fake.openAnswers.push(FIXTURE);
      const info = (await h['capture.openDialog'](fake.ctx)) as StreamInfo;
      expect(info.name).toBe('01_pyws_text_echo.pcap');
      expect(await readAll(fake, info.id)).toEqual(await readFile(FIXTURE));
      expect(fake.ctx.recent.list()).toEqual([FIXTURE]);
      expect(fake.recentChanges).toEqual([FIXTURE]);
      expect(fake.titles).toEqual(['01_pyws_text_echo.pcap — wsscope']);
    });

    it('answers null when the dialog is cancelled', async () => {
      fake.openAnswers.push(null);
      expect(await h['capture.openDialog'](fake.ctx)).toBeNull();
      expect(fake.titles).toEqual([]);
    });
  });

  describe('capture.openInitial', () => {
    it('opens the bundled sample without adding it to the recent files', async () => {
      fake.initial = { path: SAMPLE, remember: false };
      const info = (await h['capture.openInitial'](fake.ctx)) as StreamInfo;
      expect(info).toEqual({ id: info.id, name: 'sample.pcap', size: (await readFile(SAMPLE)).length, live: false });
      expect(fake.ctx.recent.list()).toEqual([]);
      expect(fake.titles).toEqual(['sample.pcap — wsscope']);
    });

    it('remembers a file given on the command line', async () => {
      fake.initial = { path: FIXTURE, remember: true };
      await h['capture.openInitial'](fake.ctx);
      expect(fake.ctx.recent.list()).toEqual([FIXTURE]);
    });

    it('answers null when there is no initial capture', async () => {
      expect(await h['capture.openInitial'](fake.ctx)).toBeNull();
    });
  });

  describe('capture.openDropped', () => {
    it('opens an absolute path to a capture file', async () => {
      const info = (await h['capture.openDropped'](fake.ctx, FIXTURE)) as StreamInfo;
      expect(await readAll(fake, info.id)).toEqual(await readFile(FIXTURE));
    });

    it.each([
      ['/home/user/.ssh/id_rsa', 'not a capture file: id_rsa (expected .pcap, .pcapng, .cap)'],
      ['relative/a.pcap', 'dropped path is not absolute: "relative/a.pcap"'],
      [42, 'invalid path 42'],
      ['', 'invalid path ""'],
    ])('refuses %j', async (path, message) => {
      await expect(h['capture.openDropped'](fake.ctx, path)).rejects.toThrow(message);
    });

    it('refuses a directory named like a capture', async () => {
      const dir = join(tmpdir(), `wsscope-dir-${process.pid}.pcap`);
      await mkdir(dir, { recursive: true });
      await expect(h['capture.openDropped'](fake.ctx, dir)).rejects.toThrow(
        `not a regular file: wsscope-dir-${process.pid}.pcap`,
      );
    });
  });

  describe('recent.list and recent.open', () => {
    it('opens only paths that are on the recent list', async () => {
      await expect(h['recent.open'](fake.ctx, FIXTURE)).rejects.toThrow(`not a recent file: "${FIXTURE}"`);
      fake.openAnswers.push(FIXTURE);
      await h['capture.openDialog'](fake.ctx);
      expect(await h['recent.list'](fake.ctx)).toEqual([FIXTURE]);
      const info = (await h['recent.open'](fake.ctx, FIXTURE)) as StreamInfo;
      expect(info.name).toBe('01_pyws_text_echo.pcap');
    });

    it('drops a recent file that has disappeared, and reports why', async () => {
      const gone = join(tmpdir(), `wsscope-gone-${process.pid}.pcap`);
      await copyFile(FIXTURE, gone);
      fake.openAnswers.push(gone);
      await h['capture.openDialog'](fake.ctx);
      await import('node:fs/promises').then((fs) => fs.rm(gone));
      await expect(h['recent.open'](fake.ctx, gone)).rejects.toThrow(
        `cannot open wsscope-gone-${process.pid}.pcap: no such file`,
      );
      expect(fake.ctx.recent.list()).toEqual([]);
    });
  });

  describe('stream.readChunk and stream.close', () => {
    it('rejects ids main never made, and ids that are not ids at all', async () => {
      await expect(h['stream.readChunk'](fake.ctx, UNKNOWN_ID)).rejects.toThrow(`unknown stream id "${UNKNOWN_ID}"`);
      await expect(h['stream.readChunk'](fake.ctx, '../../etc/passwd')).rejects.toThrow('invalid stream id');
      await expect(h['stream.close'](fake.ctx, { id: 1 })).rejects.toThrow('invalid stream id object');
    });

    it('closes a stream, after which its id is unknown', async () => {
      const info = (await h['capture.openDropped'](fake.ctx, FIXTURE)) as StreamInfo;
      await h['stream.close'](fake.ctx, info.id);
      await expect(h['stream.readChunk'](fake.ctx, info.id)).rejects.toThrow('unknown stream id');
    });
  });

  describe('stream.reopen', () => {
    it('reads the same file again from its first byte, as a stream of its own', async () => {
      const first = (await h['capture.openDropped'](fake.ctx, FIXTURE)) as StreamInfo;
      const head = await h['stream.readChunk'](fake.ctx, first.id); // the first pass has moved on
      expect(head).not.toBeNull();
      const again = await h['stream.reopen'](fake.ctx, first.id);
      expect(again.id).not.toBe(first.id);
      expect(again).toEqual({ ...first, id: again.id });
      expect(await readAll(fake, again.id)).toEqual(await readFile(FIXTURE));
      // Closing the second pass leaves the first one readable.
      await h['stream.close'](fake.ctx, again.id);
      await expect(h['stream.readChunk'](fake.ctx, again.id)).rejects.toThrow('unknown stream id');
      expect(await h['stream.readChunk'](fake.ctx, first.id)).toBeNull(); // the fixture fits in one chunk
    });

    it('reopens only streams main opened, never a path', async () => {
      await expect(h['stream.reopen'](fake.ctx, UNKNOWN_ID)).rejects.toThrow(`unknown stream id "${UNKNOWN_ID}"`);
      await expect(h['stream.reopen'](fake.ctx, FIXTURE)).rejects.toThrow('invalid stream id');
    });

    it('says which file is gone or changed since it was opened', async () => {
      const copy = join(tmpdir(), `wsscope-reopen-${process.pid}.pcap`);
      await copyFile(FIXTURE, copy);
      const info = (await h['capture.openDropped'](fake.ctx, copy)) as StreamInfo;
      const fs = await import('node:fs/promises');
      // rewritten at the same size: only its modification time tells
      await fs.utimes(copy, new Date(), new Date(Date.now() + 60_000));
      await expect(h['stream.reopen'](fake.ctx, info.id)).rejects.toThrow(
        `cannot read wsscope-reopen-${process.pid}.pcap again: wsscope-reopen-${process.pid}.pcap changed on disk (modified since it was opened); open it again`,
      );
      await fs.appendFile(copy, new Uint8Array(16));
      const size = (await fs.stat(copy)).size;
      await expect(h['stream.reopen'](fake.ctx, info.id)).rejects.toThrow(
        `cannot read wsscope-reopen-${process.pid}.pcap again: wsscope-reopen-${process.pid}.pcap changed on disk (${size} bytes, was ${size - 16}); open it again`,
      );
      await fs.rm(copy);
      await expect(h['stream.reopen'](fake.ctx, info.id)).rejects.toThrow(
        `cannot read wsscope-reopen-${process.pid}.pcap again: no such file`,
      );
    });

    it('reads a live capture again: what was captured so far, and the capture keeps running', async () => {
      const live = await h['live.start'](fake.ctx, { port: 8080 });
      fake.captureStarts[0].onBytes(Uint8Array.from([1, 2, 3]));
      expect(Array.from((await h['stream.readChunk'](fake.ctx, live.id))!)).toEqual([1, 2, 3]);
      fake.captureStarts[0].onBytes(Uint8Array.from([4, 5]));
      const again = await h['stream.reopen'](fake.ctx, live.id);
      expect(again.live).toBe(true);
      expect(Array.from((await h['stream.readChunk'](fake.ctx, again.id))!)).toEqual([1, 2, 3, 4, 5]);
      await h['stream.close'](fake.ctx, again.id);
      expect(fake.captureStops).toBe(0);
      fake.captureStarts[0].onBytes(Uint8Array.from([6]));
      expect(Array.from((await h['stream.readChunk'](fake.ctx, live.id))!)).toEqual([4, 5, 6]);
    });
  });

  describe('window.setLocation', () => {
    it('resolves the stream to the file main opened it from, and keeps the deep link', async () => {
      const info = (await h['capture.openDropped'](fake.ctx, FIXTURE)) as StreamInfo;
      SEND_HANDLERS['window.setLocation'](fake.ctx, {
        stream: info.id,
        conn: 1,
        frame: 4,
        field: 'websocket.opcode',
        filter: 'websocket.opcode == 1',
      });
      expect(fake.locations.at(-1)).toEqual({
        file: FIXTURE,
        link: { conn: 1, frame: 4, field: 'websocket.opcode', filter: 'websocket.opcode == 1' },
      });
    });

    it('names no file for a live capture, a page-read file or an id main never made', async () => {
      const live = await h['live.start'](fake.ctx, { port: 8080 });
      for (const stream of [live.id, null, UNKNOWN_ID]) {
        SEND_HANDLERS['window.setLocation'](fake.ctx, { stream, conn: 2, frame: null, field: null, filter: null });
        expect(fake.locations.at(-1)).toEqual({
          file: null,
          link: { conn: 2, frame: null, field: null, filter: null },
        });
      }
    });

    it('drops malformed parts and refuses what is not a location', () => {
      SEND_HANDLERS['window.setLocation'](fake.ctx, {
        stream: null,
        conn: -1,
        frame: 1.5,
        field: 'a\nb',
        filter: 'x'.repeat(5000),
      });
      expect(fake.locations.at(-1)!.link).toEqual({ conn: null, frame: null, field: null, filter: null });
      expect(() => SEND_HANDLERS['window.setLocation'](fake.ctx, '/etc/passwd')).toThrow('invalid window location');
      expect(() => SEND_HANDLERS['window.setLocation'](fake.ctx, { stream: '../x' })).toThrow('invalid stream id');
    });
  });

  describe('live.start, live.stop and live.save', () => {
    it('starts a capture on loopback by default and streams what it captures', async () => {
      const info = await h['live.start'](fake.ctx, { port: 8080 });
      expect(info).toEqual({ id: info.id, name: 'live: lo port 8080', size: null, live: true });
      expect(fake.captureStarts.map(({ port, iface }) => [port, iface])).toEqual([
        [8080, process.platform === 'darwin' ? 'lo0' : 'lo'],
      ]);
      fake.captureStarts[0].onBytes(Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1]));
      expect(Array.from((await h['stream.readChunk'](fake.ctx, info.id))!)).toEqual([0xd4, 0xc3, 0xb2, 0xa1]);
      await h['live.stop'](fake.ctx, info.id);
      expect(fake.captureStops).toBe(1);
      expect(await h['stream.readChunk'](fake.ctx, info.id)).toBeNull();
    });

    it('validates the capture options before starting anything', async () => {
      await expect(h['live.start'](fake.ctx, { port: 0 })).rejects.toThrow('invalid port 0');
      await expect(h['live.start'](fake.ctx, { port: 80, interface: '-i' })).rejects.toThrow('invalid interface "-i"');
      expect(fake.captureStarts).toEqual([]);
    });

    it('refuses to stop or save a file stream or an unknown id', async () => {
      const file = (await h['capture.openDropped'](fake.ctx, FIXTURE)) as StreamInfo;
      await expect(h['live.stop'](fake.ctx, file.id)).rejects.toThrow('is not a live capture');
      await expect(h['live.save'](fake.ctx, UNKNOWN_ID)).rejects.toThrow('unknown stream id');
    });

    it('saves the capture as pcapng where the save dialog says, or nowhere when cancelled', async () => {
      const info = await h['live.start'](fake.ctx, { port: 9000, interface: 'lo' });
      const pcap = new Uint8Array(await readFile(FIXTURE));
      fake.captureStarts[0].onBytes(pcap);
      fake.saveAnswers.push('/tmp/out.pcapng', null);
      expect(await h['live.save'](fake.ctx, info.id)).toBe('/tmp/out.pcapng');
      expect(fake.saveDefaults[0]).toBe('wsscope-lo-port-9000.pcapng');
      // A pcapng Section Header Block starts the saved bytes.
      expect(Array.from(fake.written[0].bytes.subarray(0, 4))).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);
      expect(await h['live.save'](fake.ctx, info.id)).toBeNull();
      expect(fake.written.length).toBe(1);
    });

    it('says so when there is nothing to save yet', async () => {
      const info = await h['live.start'](fake.ctx, { port: 9000 });
      await expect(h['live.save'](fake.ctx, info.id)).rejects.toThrow(
        'cannot save as pcapng: not a pcap or pcapng capture (0 bytes)',
      );
    });
  });

  describe('window.setTitle', () => {
    it('sets a cleaned title, or the app name for an empty one', () => {
      SEND_HANDLERS['window.setTitle'](fake.ctx, 'a.pcap\n— wsscope');
      SEND_HANDLERS['window.setTitle'](fake.ctx, '   ');
      expect(fake.titles).toEqual(['a.pcap — wsscope', 'wsscope']);
      expect(() => SEND_HANDLERS['window.setTitle'](fake.ctx, 12)).toThrow('invalid title 12');
    });
  });
});
