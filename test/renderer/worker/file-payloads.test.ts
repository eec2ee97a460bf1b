// A capture opened from a File keeps where its payloads are, not the payloads (frame-locator.ts,
// file-payloads.ts): what is read back by range must be what the decoder decoded, for every frame
// and message of every capture the decoder tests run over, and what reads payloads (details,
// previews, search, the display filter's contains and matches, exports) must answer as it does
// with the payloads kept (a shell stream that cannot be read again keeps them, as before).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DecodeEngine } from '../../../src/renderer/worker/engine.js';
import { blobRanges, CHANGED, type RangeSource } from '../../../src/renderer/worker/file-payloads.js';
import { createWorkerHandler } from '../../../src/renderer/worker/handler.js';
import type { WorkerReply, WorkerRequest } from '../../../src/renderer/worker/protocol.js';
import { allCaptures } from '../../helpers/all-captures.js';
import { decodeReadingBack } from '../decoded.js';

function base64(bytes: Uint8Array | undefined): string {
  return Buffer.from(bytes ?? new Uint8Array(0)).toString('base64');
}

interface Store {
  size: number;
  has(id: number): boolean;
  isLocated(id: number): boolean;
}

function countLocated(store: Store): number {
  let n = 0;
  for (let id = 1; id <= store.size; id++) if (store.has(id) && store.isLocated(id)) n++;
  return n;
}

const captures = allCaptures();
const FILTERS = [
  'websocket.payload contains "e"',
  'websocket.payload contains 00:01',
  'ws.message.text contains "a"',
  'ws.message.payload contains 7b',
  'ws.message.text matches "^[a-z]"',
  'websocket.payload matches "(?i)HELLO"',
  'not ws.message.text contains "x"',
  'websocket.opcode == 1',
  // payloads of both levels, one read only where the other matched (engine.ts filterRead: read
  // back by one level first, a message payload is read where it was not before, so both again)
  'websocket.payload contains "e" && ws.message.text contains "a"',
  'ws.message.text contains "a" || websocket.payload contains "o"',
];

describe('payloads read back from the file', () => {
  it('covers the shared fixtures and the real captures', () => {
    expect(captures.length).toBeGreaterThan(20);
  });

  it.each(captures)('$name: every frame and message read back equals the decoded one', async ({ file }) => {
    const bytes = new Uint8Array(readFileSync(file));
    const kept = decodeReadingBack(bytes, null);
    const located = decodeReadingBack(bytes, blobRanges(new Blob([bytes])));
    const frames = (kept as unknown as { frames: { size: number } }).frames.size;
    const messages = (kept as unknown as { messages: { size: number } }).messages.size;
    for (let id = 1; id <= frames; id++) {
      const want = kept.frameDetail(id, 1 << 30);
      const got = await located.frameDetailRead(id, 1 << 30);
      if (!want) {
        expect(got).toBeNull();
        continue;
      }
      expect(base64(got?.frame.payload), `frame ${id}`).toBe(base64(want.frame.payload));
      expect({ ...got?.frame, payload: null }).toEqual({ ...want.frame, payload: null });
    }
    for (let id = 1; id <= messages; id++) {
      const want = kept.messageDetail(id, 1 << 30);
      const got = await located.messageDetailRead(id, 1 << 30);
      if (!want) {
        expect(got).toBeNull();
        continue;
      }
      expect(base64(got?.message.payload), `message ${id}`).toBe(base64(want.message.payload));
      expect(got?.message.text).toBe(want.message.text);
    }
    // the previews of every row, the search and the filters answer the same
    const frameIds = Array.from({ length: frames }, (_, i) => i + 1);
    const messageIds = Array.from({ length: messages }, (_, i) => i + 1);
    expect(await located.previewsRead(frameIds, messageIds)).toEqual(kept.previews(frameIds, messageIds));
    for (const query of ['e', '/^[a-z]/', 'close']) expect(await located.searchRead(query)).toEqual(kept.search(query));
    for (const filter of FILTERS) {
      const want = await kept.filter(filter);
      const got = await located.filterRead(filter);
      expect([...got.frameIds], filter).toEqual([...want.frameIds]);
      expect([...got.messageIds], filter).toEqual([...want.messageIds]);
      expect(got.connectionIds, filter).toEqual(want.connectionIds);
    }
    expect(base64(new Uint8Array((await located.messageRecordsRead(messageIds)).flatMap((m) => [...m.payload])))).toBe(
      base64(new Uint8Array(kept.messageRecords(messageIds).flatMap((m) => [...m.payload]))),
    );
    // Payloads kept up to a budget, the frames after it located: the same answers.
    const mixed = decodeReadingBack(bytes, blobRanges(new Blob([bytes])), 64 * 1024, 2048);
    for (let id = 1; id <= messages; id++) {
      const want = kept.messageDetail(id, 1 << 30);
      const got = await mixed.messageDetailRead(id, 1 << 30);
      expect(base64(got?.message.payload), `kept up to 2 KiB: message ${id}`).toBe(base64(want?.message.payload));
    }
    for (const filter of FILTERS) {
      const got = await mixed.filterRead(filter);
      expect([...got.frameIds], `kept up to 2 KiB: ${filter}`).toEqual([...(await kept.filter(filter)).frameIds]);
    }
  });

  it('keeps payloads up to its budget and locates the frames after it (a capture whose payloads fit stays as fast as before)', () => {
    const file = captures.find((c) => c.name.endsWith('05_pyws_large_binary.pcap'));
    if (!file) throw new Error('fixture missing');
    const bytes = new Uint8Array(readFileSync(file.file));
    const store = (e: DecodeEngine) => (e as unknown as { frames: Store }).frames;
    const all = countLocated(store(decodeReadingBack(bytes, blobRanges(new Blob([bytes])))));
    expect(all).toBeGreaterThan(2);
    expect(countLocated(store(decodeReadingBack(bytes, blobRanges(new Blob([bytes])), 64 * 1024, 1 << 30)))).toBe(0);
    const some = countLocated(store(decodeReadingBack(bytes, blobRanges(new Blob([bytes])), 64 * 1024, 64 * 1024)));
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(all);
  });

  it('keeps no payload of a plain capture (the echo fixture: every frame and message read back)', () => {
    const bytes = new Uint8Array(readFileSync('fixtures/shared/01_pyws_text_echo.pcap'));
    const located = decodeReadingBack(bytes, blobRanges(new Blob([bytes])));
    const { frames, messages } = located as unknown as Record<'frames' | 'messages', Store>;
    // 16 frames and messages (intent.json: 7 text each way and a close each way); two have an
    // empty payload, with nothing to read back
    expect(countLocated(frames)).toBe(14);
    expect(countLocated(messages)).toBe(14);
    expect(countLocated((decodeReadingBack(bytes, null) as unknown as { frames: Store }).frames)).toBe(0);
  });

  it('reads each byte a filter needs once, for the frame level and the message level together', async () => {
    const bytes = new Uint8Array(readFileSync('fixtures/shared/01_pyws_text_echo.pcap'));
    const kept = decodeReadingBack(bytes, null);
    let ranges: [number, number][] = [];
    const blob = blobRanges(new Blob([bytes]));
    const counted: RangeSource = {
      read: (offset, length) => {
        ranges.push([offset, offset + length]);
        return blob.read(offset, length);
      },
    };
    const located = decodeReadingBack(bytes, counted);
    const { frames } = located as unknown as { frames: Store & { filePieces(id: number): ArrayLike<number> } };
    const bytesFor = async (filter: string) => {
      ranges = [];
      const got = await located.filterRead(filter);
      const want = await kept.filter(filter);
      expect([...got.frameIds], filter).toEqual([...want.frameIds]);
      expect([...got.messageIds], filter).toEqual([...want.messageIds]);
      expect(got.connectionIds, filter).toEqual(want.connectionIds);
      // no byte read twice
      ranges.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i][0], filter).toBeGreaterThanOrEqual(ranges[i - 1][1]);
      return ranges.reduce((n, [from, to]) => n + to - from, 0);
    };
    // every located frame's payload, counted from where the locator found them
    let payloads = 0;
    for (let id = 1; id <= frames.size; id++) {
      if (!frames.has(id) || !frames.isLocated(id)) continue;
      const p = frames.filePieces(id);
      for (let i = 1; i < p.length; i += 2) payloads += p[i];
    }
    const frameOnly = await bytesFor('websocket.payload contains "e"');
    const messageOnly = await bytesFor('ws.message.text contains "e"');
    const either = await bytesFor('websocket.payload contains "e" || ws.message.text contains "e"');
    const both = await bytesFor('websocket.payload contains "e" && ws.message.text contains "a"');
    expect(payloads).toBeGreaterThan(0);
    expect(frameOnly).toBeGreaterThanOrEqual(payloads);
    expect(messageOnly).toBeGreaterThanOrEqual(payloads);
    // the messages' payloads are their frames': a filter on both levels reads the file as one on
    // frames alone (before: the sum of the two, each pass reading its windows again)
    expect(either).toBe(frameOnly);
    expect(both).toBe(frameOnly);
  });

  it.each([
    'fixtures/shared/05_pyws_large_binary.pcap',
    'fixtures/shared/10a_tcp_resegmented_mss1000.pcap',
    'fixtures/captures/h_pcapng_be_multi.pcapng',
  ])('%s: the same read back when the input comes in pieces of 997 bytes (records across pieces)', async (name) => {
    const bytes = new Uint8Array(readFileSync(name));
    const kept = decodeReadingBack(bytes, null);
    const located = decodeReadingBack(bytes, blobRanges(new Blob([bytes])), 997);
    const { frames } = located as unknown as Record<'frames', Store>;
    expect(countLocated(frames)).toBeGreaterThan(0);
    for (let id = 1; id <= frames.size; id++) {
      const want = kept.frameDetail(id, 1 << 30);
      const got = await located.frameDetailRead(id, 1 << 30);
      expect(base64(got?.frame.payload), `frame ${id}`).toBe(base64(want?.frame.payload));
    }
  });

  it('keeps the payloads of inflated messages (they are not in the file as such)', async () => {
    const bytes = new Uint8Array(readFileSync('fixtures/shared/02a_pyws_deflate_context_takeover.pcap'));
    const located = decodeReadingBack(bytes, blobRanges(new Blob([bytes])));
    const all = await located.messageRecordsRead([1, 2, 3, 4, 5, 6]);
    expect(all.some((m) => m.compressed)).toBe(true);
    // read again with a file that can no longer be read: the inflated payloads still answer
    const broken = decodeReadingBack(bytes, {
      read: async (offset, length) => bytes.subarray(offset, offset + length),
    });
    (broken as unknown as { files: { source: RangeSource } }).files.source = {
      read: async () => {
        throw new Error('gone');
      },
    };
    const compressed = all.filter((m) => m.compressed).map((m) => m.id);
    const again = await broken.messageRecordsRead(compressed);
    expect(again.map((m) => base64(m.payload))).toEqual(all.filter((m) => m.compressed).map((m) => base64(m.payload)));
  });
});

describe('a capture file that changed on disk', () => {
  it('answers a detail with one line saying so', async () => {
    const bytes = new Uint8Array(readFileSync('fixtures/shared/01_pyws_text_echo.pcap'));
    // the file was cut short after it was read
    const engine = decodeReadingBack(bytes, {
      read: async (offset, length) => bytes.subarray(offset, Math.min(offset + length, 100)),
    });
    await expect(engine.frameDetailRead(1, 1024)).rejects.toThrow(CHANGED);
  });

  it('posts the line as a notice through the worker handler, and the detail is empty', async () => {
    const bytes = new Uint8Array(readFileSync('fixtures/shared/01_pyws_text_echo.pcap'));
    let changed = false;
    // a File whose bytes cannot be read any more once decoded (what Chrome does when it changed on disk)
    class ChangingFile extends Blob {
      override slice(start?: number, end?: number): Blob {
        if (!changed) return super.slice(start, end);
        return new Blob([]);
      }
    }
    const replies: WorkerReply[] = [];
    let wake: () => void = () => {};
    const handle = createWorkerHandler((reply) => {
      replies.push(reply);
      wake();
    });
    const until = async (match: (r: WorkerReply) => boolean) => {
      while (!replies.some(match)) await new Promise<void>((resolve) => (wake = resolve));
      return replies.find(match)!;
    };
    // Payloads read back from the first byte (by default they are kept up to 160 MiB).
    handle({
      type: 'open-file',
      file: new ChangingFile([bytes]),
      total: bytes.length,
      keepPayloadBytes: 0,
    } as WorkerRequest);
    await until((r) => r.type === 'batch' && r.done);
    changed = true;
    handle({ type: 'frame-detail', reqId: 1, frameId: 1 });
    const detail = await until((r) => r.type === 'frame-detail');
    expect(detail).toMatchObject({ detail: null });
    const notice = replies.find((r) => r.type === 'notice');
    expect(notice).toMatchObject({ type: 'notice' });
    expect((notice as { message: string }).message).toMatch(
      /^the capture file could not be read again .*open it again: it is shorter/,
    );
  });
});
