// Reading captures chunk by chunk: every byte once, in order, in fresh chunks; unreadable paths
// become one-line reasons.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureOpenError, openCaptureFile } from '../../src/node/file-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'wsscope-fs-'));

describe('openCaptureFile', () => {
  it('yields the file in chunks of the given size, each a separate buffer', async () => {
    const bytes = Uint8Array.from({ length: 2500 }, (_, i) => i & 0xff);
    const path = join(dir, 'a.bin');
    writeFileSync(path, bytes);
    const file = await openCaptureFile(path, 1000);
    expect(file.size).toBe(2500);
    const chunks: Uint8Array[] = [];
    for await (const c of file.chunks()) chunks.push(c);
    expect(chunks.map((c) => c.byteLength)).toEqual([1000, 1000, 500]);
    expect(chunks[0].buffer).not.toBe(chunks[1].buffer);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(bytes));
  });

  it('with a ring, reuses that many buffers in turn and still yields every byte in order', async () => {
    const bytes = Uint8Array.from({ length: 7500 }, (_, i) => (i * 7) & 0xff);
    const path = join(dir, 'ring.bin');
    writeFileSync(path, bytes);
    const file = await openCaptureFile(path, 1000);
    const copies: Uint8Array[] = [];
    const buffers: ArrayBufferLike[] = [];
    for await (const c of file.chunks(undefined, 3)) {
      copies.push(c.slice());
      buffers.push(c.buffer);
    }
    expect(copies.map((c) => c.byteLength)).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1000, 500]);
    expect(Buffer.concat(copies)).toEqual(Buffer.from(bytes));
    expect(new Set(buffers).size).toBe(3);
    expect(buffers[3]).toBe(buffers[0]);
    expect(buffers[1]).not.toBe(buffers[0]);
  });

  it('stops when the signal aborts', async () => {
    const path = join(dir, 'b.bin');
    writeFileSync(path, new Uint8Array(5000));
    const file = await openCaptureFile(path, 1000);
    const controller = new AbortController();
    let n = 0;
    for await (const _ of file.chunks(controller.signal)) {
      n++;
      controller.abort();
    }
    expect(n).toBe(1);
  });

  it.each([
    ['missing', join(dir, 'nope.pcap'), 'no such file'],
    ['a directory', dir, 'is a directory, not a capture file'],
  ])('explains %s', async (_what, path, message) => {
    await expect(openCaptureFile(path)).rejects.toEqual(new CaptureOpenError(message, path));
  });

  it('explains an empty file', async () => {
    const path = join(dir, 'empty.pcap');
    writeFileSync(path, new Uint8Array(0));
    await expect(openCaptureFile(path)).rejects.toThrow('empty file (0 bytes), not a capture');
  });
});
