// Column growth in the UI's row stores (typed-columns.ts): a column grows in place within the room
// its buffer reserved, copies only past it, and gives room back in place; small id lists stay
// plain arrays.

import { describe, expect, it } from 'vitest';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { column, growColumns, grown, type TypedColumn, trimmed } from '../../../src/renderer/model/typed-columns.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';
import { fixtureBytes } from '../decoded.js';

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const buf = (a: TypedColumn) => a.buffer as ArrayBuffer;
const lengths = (cols: Record<string, TypedColumn>) => NAMES.map((n) => cols[n].length);

describe('columns grow in place', () => {
  it('keeps one array while its reservation holds the rows, values kept and new slots zero', () => {
    const cols: Record<string, TypedColumn> = {};
    for (const n of NAMES) cols[n] = column(Float64Array);
    const first = cols.a;
    growColumns(cols, NAMES, 9);
    expect(lengths(cols).every((n) => n >= 9)).toBe(true);
    cols.a[3] = 7;
    growColumns(cols, NAMES, 100_000);
    expect(cols.a).toBe(first); // not a copy
    expect(buf(cols.a).resizable).toBe(true);
    expect(cols.a[3]).toBe(7);
    expect(cols.a[99_999]).toBe(0);
    expect(lengths(cols).every((n) => n >= 100_000)).toBe(true);
  });

  it('copies once past the reservation, into a larger one', () => {
    let a = column(Int32Array);
    const room = buf(a).maxByteLength / Int32Array.BYTES_PER_ELEMENT;
    a = grown(a, 10);
    a[9] = 42;
    const before = a;
    a = grown(a, room + 1);
    expect(a).not.toBe(before);
    expect(a[9]).toBe(42);
    expect(a.length).toBeGreaterThanOrEqual(room + 1);
    expect(buf(a).maxByteLength).toBeGreaterThan(buf(before).maxByteLength);
    const after = a;
    expect(grown(a, room + 2)).toBe(after); // and grows in place again
  });

  it('gives the room grown ahead back in place', () => {
    const a = grown(column(Uint8Array), 70_000);
    a[4] = 1;
    const t = trimmed(a, 5);
    expect(t).toBe(a);
    expect(Array.from(t)).toEqual([0, 0, 0, 0, 1]);
  });

  it('leaves plain arrays plain (the per-connection id lists), doubling them', () => {
    const a = new Int32Array(16);
    a[0] = 5;
    const b = grown(a, 17);
    expect(buf(b).resizable).toBe(false);
    expect(b.length).toBe(32);
    expect(b[0]).toBe(5);
    expect(trimmed(b, 17).length).toBe(17);
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
