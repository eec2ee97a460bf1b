// Column growth in the UI's row stores (message-columns.ts growColumns): every column holds what
// is needed, and the doubling of all columns is spread over several batches from three quarters
// full instead of done in one task.

import { describe, expect, it } from 'vitest';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { growColumns, type TypedColumn } from '../../../src/renderer/model/message-columns.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';
import { fixtureBytes } from '../decoded.js';

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const lengths = (cols: Record<string, TypedColumn>) => NAMES.map((n) => cols[n].length);

describe('growColumns', () => {
  it('grows one column ahead per call from half full, all at once only when needed', () => {
    const cols: Record<string, TypedColumn> = {};
    for (const n of NAMES) cols[n] = new Float64Array(16);
    cols.a[3] = 7;
    growColumns(cols, NAMES, 8); // 8 of 16: not past half
    expect(lengths(cols)).toEqual([16, 16, 16, 16, 16, 16, 16, 16]);
    growColumns(cols, NAMES, 9);
    expect(lengths(cols)).toEqual([32, 16, 16, 16, 16, 16, 16, 16]);
    for (let need = 10; need <= 16; need++) growColumns(cols, NAMES, need);
    expect(lengths(cols)).toEqual([32, 32, 32, 32, 32, 32, 32, 32]);
    // values survive a growth
    expect(cols.a[3]).toBe(7);
    // a need beyond every column: all grow now, and one more ahead (40 of 64 is past half)
    growColumns(cols, NAMES, 40);
    expect(lengths(cols)).toEqual([128, 64, 64, 64, 64, 64, 64, 64]);
    growColumns(cols, NAMES, 41);
    expect(lengths(cols)).toEqual([128, 128, 64, 64, 64, 64, 64, 64]);
    expect(cols.a[3]).toBe(7);
  });
});

describe('a fully loaded capture', () => {
  it('lets go of the room its columns grew ahead, in the page and in the worker, rows unchanged', async () => {
    const bytes = await fixtureBytes('04_fragments_ping_pong_close_codes.pcap');
    const engine = new DecodeEngine(bytes.length);
    const data = new CaptureData();
    engine.push(bytes);
    data.apply(engine.takeBatch());
    const grownAhead = data.frames.cols.time.length;
    engine.end();
    for (;;) {
      const batch = engine.takeBatch();
      data.apply(batch);
      if (batch.done) break;
    }
    for (const step of data.trimSteps()) step();
    // 33 frames on its WebSocket connection (intent.json); ids dense from 1
    const size = data.frames.size;
    expect(grownAhead).toBeGreaterThan(size);
    expect(data.frames.cols.time.length).toBe(size);
    expect(data.framesByConnection.get(1)!.length).toBe(33);
    const last = data.framesByConnection.get(1)!.at(32);
    expect(data.frames.row(last)?.connectionId).toBe(1);
    // the worker's store answers for the last frame after its own trim
    expect(engine.frameDetail(size - 1, 1024)?.frame.id).toBe(size - 1);
  });
});
