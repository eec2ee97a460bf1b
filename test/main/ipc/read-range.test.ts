// stream.readRange: Electron's worker reads payloads back from the capture file by range, through
// main. The bytes must be the file's own (read here with readFile, not with the code under test);
// everything the renderer sends is checked, and every refusal is one line: an id main never made,
// offsets that are not integers, reversed, past the end or absurdly long, a file changed on disk
// since it was opened (size, modification time, gone) and a live capture.

import { copyFile, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVOKE_HANDLERS } from '../../../src/main/ipc/handlers/index.js';
import type { StreamInfo } from '../../../src/shared/api.js';
import { type FakeContext, makeFakeContext } from './fake-context.js';

const FIXTURE = join(import.meta.dirname, '../../../fixtures/shared/04_fragments_ping_pong_close_codes.pcap');
const UNKNOWN_ID = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
const readRange = INVOKE_HANDLERS['stream.readRange'];

/** The message main refuses with; fails unless it refused, and unless the message is one line. */
async function refusal(work: Promise<unknown>): Promise<string> {
  const message = await work.then(
    () => 'no refusal',
    (error: Error) => error.message,
  );
  expect(message.split('\n')).toHaveLength(1);
  return message;
}

describe('stream.readRange', () => {
  let fake: FakeContext;
  let copy: string;
  beforeEach(async () => {
    fake = await makeFakeContext();
    copy = join(tmpdir(), `wsscope-range-${process.pid}-${Math.random().toString(36).slice(2)}.pcap`);
    await copyFile(FIXTURE, copy);
  });
  afterEach(async () => {
    await fake.ctx.streams.closeAll();
    await fake.cleanup();
    await rm(copy, { force: true });
  });

  const open = async (path = copy) => (await INVOKE_HANDLERS['capture.openDropped'](fake.ctx, path)) as StreamInfo;

  it('answers exactly the bytes [start, end) of the file, anywhere in it', async () => {
    const file = await readFile(FIXTURE);
    const { id, size } = await open();
    expect(size).toBe(file.length);
    for (const [start, end] of [
      [0, 24], // the pcap file header
      [40, 140],
      [file.length - 10, file.length],
      [0, file.length],
      [77, 77],
    ] as const) {
      const bytes = await readRange(fake.ctx, id, start, end);
      expect(Buffer.from(bytes), `${start}-${end}`).toEqual(file.subarray(start, end));
      expect(bytes.byteLength).toBe(bytes.buffer.byteLength); // no larger buffer crosses IPC
    }
  });

  it('reads a stream whose chunks were all pulled already, and a reopened pass', async () => {
    const file = await readFile(FIXTURE);
    const { id } = await open();
    while ((await INVOKE_HANDLERS['stream.readChunk'](fake.ctx, id)) !== null);
    expect(Buffer.from(await readRange(fake.ctx, id, 100, 200))).toEqual(file.subarray(100, 200));
    const again = await INVOKE_HANDLERS['stream.reopen'](fake.ctx, id);
    expect(Buffer.from(await readRange(fake.ctx, again.id, 24, 40))).toEqual(file.subarray(24, 40));
  });

  it('reads only streams main made', async () => {
    expect(await refusal(readRange(fake.ctx, UNKNOWN_ID, 0, 10))).toBe(`unknown stream id "${UNKNOWN_ID}"`);
    expect(await refusal(readRange(fake.ctx, FIXTURE, 0, 10))).toMatch(/^invalid stream id "\//);
    expect(await refusal(readRange(fake.ctx, 7, 0, 10))).toBe('invalid stream id 7');
    const { id } = await open();
    await INVOKE_HANDLERS['stream.close'](fake.ctx, id);
    expect(await refusal(readRange(fake.ctx, id, 0, 10))).toBe(`unknown stream id "${id}"`);
  });

  it('refuses offsets that are not integers, reversed, past the end or too long', async () => {
    const { id, size } = await open();
    const cases: [unknown, unknown, string][] = [
      [-1, 10, 'invalid range start -1; expected an integer from 0'],
      [1.5, 10, 'invalid range start 1.5; expected an integer from 0'],
      ['0', 10, 'invalid range start "0"; expected an integer from 0'],
      [0, Number.NaN, 'invalid range end NaN; expected an integer from 0'],
      [0, null, 'invalid range end null; expected an integer from 0'],
      [0, 2 ** 53, 'invalid range end 9007199254740992; expected an integer from 0'],
      [0, { valueOf: () => 10 }, 'invalid range end object; expected an integer from 0'],
      [20, 10, 'invalid range 20-10: it ends before it starts'],
      [0, size! + 1, `range 0-${size! + 1} is past the end of the capture (${size} bytes)`],
      [size!, size! + 1, `range ${size}-${size! + 1} is past the end of the capture (${size} bytes)`],
      [0, 2 ** 40, `range 0-${2 ** 40} is ${2 ** 40} bytes; at most 67108864 at a time`],
    ];
    for (const [start, end, said] of cases) {
      expect(await refusal(readRange(fake.ctx, id, start, end)), `${String(start)}-${String(end)}`).toBe(said);
    }
  });

  it('says in one line that a file changed on disk since it was opened must be opened again', async () => {
    const name = copy.split('/').pop()!;
    const grown = await open();
    const file = await readFile(FIXTURE);
    await writeFile(copy, Buffer.concat([file, Buffer.alloc(16)]));
    expect(await refusal(readRange(fake.ctx, grown.id, 0, 10))).toBe(
      `${name} changed on disk (${file.length + 16} bytes, was ${file.length}); open it again`,
    );

    // Same size, other bytes: only the modification time tells.
    await writeFile(copy, file);
    const rewritten = await open();
    const { mtime } = await stat(copy);
    const flipped = Buffer.from(file);
    flipped[30] ^= 0xff;
    await writeFile(copy, flipped);
    await utimes(copy, mtime, new Date(mtime.getTime() + 5000));
    expect(await refusal(readRange(fake.ctx, rewritten.id, 0, 10))).toBe(
      `${name} changed on disk (modified since it was opened); open it again`,
    );

    await rm(copy);
    expect(await refusal(readRange(fake.ctx, rewritten.id, 0, 10))).toBe(
      `${name} cannot be read again (no such file); open it again`,
    );
  });

  it('refuses a live capture and a second pass over one', async () => {
    const live = await INVOKE_HANDLERS['live.start'](fake.ctx, { port: 8080 });
    fake.captureStarts[0].onBytes(new Uint8Array(await readFile(FIXTURE)));
    expect(await refusal(readRange(fake.ctx, live.id, 0, 10))).toBe('a live capture cannot be read by range');
    const again = await INVOKE_HANDLERS['stream.reopen'](fake.ctx, live.id);
    expect(await refusal(readRange(fake.ctx, again.id, 0, 10))).toBe('a live capture cannot be read by range');
  });
});
