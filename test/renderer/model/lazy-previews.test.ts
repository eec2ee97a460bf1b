// @vitest-environment jsdom
// Rows past the first EAGER_PREVIEWS cross to the page without their preview text, and the page
// asks the worker for the texts of the rows its views read (worker/engine.ts previews(),
// model/preview-cache.ts, the controller's fetchPreviews).

import { Blob as NodeBlob } from 'node:buffer';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { Controller } from '../../../src/renderer/model/controller.js';
import { idAt, orderFrames } from '../../../src/renderer/model/frame-order.js';
import { PreviewCache } from '../../../src/renderer/model/preview-cache.js';
import { Store } from '../../../src/renderer/model/store.js';
import { DecodeEngine, EAGER_PREVIEWS } from '../../../src/renderer/worker/engine.js';
import { InThreadWorker } from '../../../src/renderer/worker/in-thread.js';
import { frameText, writeManyFramesCapture } from '../../e2e/many-frames.js';
import { FIXTURES } from '../decoded.js';

function decode(bytes: Uint8Array, eager?: number): { engine: DecodeEngine; data: CaptureData } {
  const engine = new DecodeEngine(bytes.length, undefined, true, eager);
  const data = new CaptureData();
  for (let at = 0; at < bytes.length; at += 4096) {
    engine.push(bytes.slice(at, at + 4096));
    data.apply(engine.takeBatch());
  }
  engine.end();
  while (engine.hasPending()) data.apply(engine.takeBatch());
  return { engine, data };
}

describe('previews asked for later', () => {
  it('are the texts a batch carries, for every frame and message of every shared fixture', () => {
    const names = readdirSync(FIXTURES).filter((n) => /\.pcap(ng)?$/.test(n));
    expect(names.length).toBeGreaterThan(10);
    let rows = 0;
    for (const name of names) {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, name)));
      const eager = decode(bytes).data;
      const lazy = decode(bytes, 0).engine;
      const frameIds = eager.frames.all().map((f) => f.id);
      const messageIds = eager.messages.all().map((m) => m.id);
      const asked = lazy.previews(frameIds, messageIds);
      expect(asked.frames, name).toEqual(eager.frames.all().map((f) => f.summary));
      expect(asked.messages, name).toEqual(eager.messages.all().map((m) => m.preview));
      rows += frameIds.length + messageIds.length;
    }
    expect(rows).toBeGreaterThan(500);
  });

  it('read what the fixture sent (01: "hello", the close "1000 normal bye")', () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, '01_pyws_text_echo.pcap')));
    const { engine, data } = decode(bytes, 0);
    const messages = data.messages.all();
    const text = messages.find((m) => m.type === 'text')!;
    const close = messages.find((m) => m.type === 'close')!;
    expect(engine.previews([], [text.id, close.id, 999_999]).messages).toEqual(['hello', '1000 normal bye', '']);
  });
});

describe('the page cache of previews', () => {
  it('asks once for an id it has not got, keeps the answer, and asks again for a row that changed', () => {
    const cache = new PreviewCache(3);
    let wants = 0;
    cache.onWant = () => wants++;
    expect(cache.text(5)).toBe('');
    expect(cache.text(5)).toBe('');
    expect(wants).toBe(1);
    expect(cache.takeWanted()).toEqual([5]);
    // asked: not wanted again while the answer is on its way
    expect(cache.text(5)).toBe('');
    expect(cache.takeWanted()).toEqual([]);
    cache.put([5], ['hello']);
    expect(cache.text(5)).toBe('hello');
    // a later batch changed row 5: asked again
    cache.forget(5);
    expect(cache.text(5)).toBe('');
    expect(cache.takeWanted()).toEqual([5]);
    // changed again while asked: that answer is old and dropped
    cache.forget(5);
    cache.put([5], ['old']);
    expect(cache.text(5)).toBe('');
  });

  it('keeps at most its limit, letting the oldest go', () => {
    const cache = new PreviewCache(2);
    for (const id of [1, 2, 3]) cache.text(id);
    cache.put(cache.takeWanted(), ['a', 'b', 'c']);
    expect(cache.text(3)).toBe('c');
    expect(cache.text(2)).toBe('b');
    expect(cache.text(1)).toBe('');
  });
});

describe('a capture with more rows than come with their texts', () => {
  it("fills a later row's summary once a view has read it", async () => {
    const frames = EAGER_PREVIEWS + 2_000;
    const dir = mkdtempSync(join(tmpdir(), 'wsscope-lazy-'));
    try {
      writeManyFramesCapture(join(dir, 'many.pcap'), frames);
      const bytes = readFileSync(join(dir, 'many.pcap'));
      const store = new Store();
      const controller = new Controller(store, () => new InThreadWorker());
      controller.openFile(Object.assign(new NodeBlob([bytes]), { name: 'many.pcap' }) as unknown as File);
      await vi.waitUntil(() => !store.getState().loading, { timeout: 60_000, interval: 20 });
      const data = store.getState().data;
      const ids = data.framesByConnection.get(1)!;
      expect(ids.length).toBe(frames + 2);
      // all in: the controller trims the columns' room grown ahead, a step per task
      await vi.waitUntil(() => data.frames.cols.time.length === data.frames.size, { timeout: 10_000 });
      // the first rows came with their text; frame i of the capture carries frameText(i)
      expect(data.frames.row(ids.at(0))?.summary).toBe(frameText(0));
      const last = ids.at(frames - 1);
      expect(data.frames.row(last)?.summary).toBe('');
      const version = store.getState().dataVersion;
      await vi.waitUntil(() => data.frames.row(last)?.summary === frameText(frames - 1), { timeout: 10_000 });
      expect(store.getState().dataVersion).toBeGreaterThan(version);
      // the frames table filtered by summary asks the worker which frames match: until it answers
      // the rows are shown unfiltered, then only the one
      const filters = [{ id: 'summary', value: frameText(frames - 7).toUpperCase() }];
      const waiting = orderFrames(data.frames, ids, [], filters);
      expect(waiting.count).toBe(ids.length);
      expect(waiting.waiting).toBe(true);
      await vi.waitUntil(() => data.frames.summaryKeys.epoch === 1, { timeout: 10_000 });
      const order = orderFrames(data.frames, ids, [], filters, waiting);
      expect(order.waiting).toBeFalsy();
      expect(order.count).toBe(1);
      expect(idAt(order, 0)).toBe(ids.at(frames - 7));
      // sorted by summary, descending: by the worker's ranks, the last frame's text first
      const sorting = [{ id: 'summary', desc: true }];
      orderFrames(data.frames, ids, sorting, []);
      await vi.waitUntil(() => data.frames.summaryKeys.ranks !== null, { timeout: 10_000 });
      const sorted = orderFrames(data.frames, ids, sorting, []);
      expect(sorted.count).toBe(ids.length);
      expect(idAt(sorted, 0)).toBe(ids.at(frames - 1));
      expect(idAt(sorted, 1)).toBe(ids.at(frames - 2));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
