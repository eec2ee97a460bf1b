// The decoder worker's memory budget (issue 15): a capture that needs more than the budget is cut
// where it runs out, what was decoded stays, and the UI is told where and what to do instead.
// The capture is generated (test/e2e/many-frames.ts: frame i carries the text m000000i); the
// budget is made small instead of the capture big.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';
import { memoryCutText } from '../../../src/renderer/worker/memory-budget.js';
import type { Batch } from '../../../src/renderer/worker/protocol.js';
import { frameText, writeManyFramesCapture } from '../../e2e/many-frames.js';

const FRAMES = 200_000;
const MIB = 1024 * 1024;
let dir: string;
let bytes: Uint8Array;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wsscope-budget-'));
  writeManyFramesCapture(join(dir, 'many.pcap'), FRAMES);
  bytes = new Uint8Array(readFileSync(join(dir, 'many.pcap')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pushes the capture in 64 KiB chunks, as the worker reads a File; every batch applied. */
function decode(budget?: number): { engine: DecodeEngine; data: CaptureData; batches: Batch[]; pushed: number } {
  const engine = new DecodeEngine(bytes.length, budget);
  const data = new CaptureData();
  const batches: Batch[] = [];
  let pushed = 0;
  for (let at = 0; at < bytes.length; at += 65_536) {
    engine.push(bytes.subarray(at, at + 65_536));
    pushed++;
    if (engine.isCut) break;
  }
  engine.end();
  for (;;) {
    const batch = engine.takeBatch();
    data.apply(batch);
    batches.push(batch);
    if (batch.done) break;
  }
  return { engine, data, batches, pushed };
}

describe('the memory budget', () => {
  it('does not cut a capture that fits', () => {
    const { data, batches } = decode();
    expect(batches.every((b) => !b.cut)).toBe(true);
    // every text frame and the two closes
    expect(data.frames.size - 1).toBe(FRAMES + 2);
  });

  it('cuts where the budget runs out, keeps what was decoded, and ignores the rest', () => {
    const { engine, data, batches, pushed } = decode(16 * MIB);
    expect(engine.isCut).toBe(true);
    // stopped early: most of the file was never pushed
    expect(pushed).toBeLessThan(bytes.length / 65_536 / 2);
    const last = batches[batches.length - 1];
    const cut = last.cut!;
    expect(cut.budget).toBe(16 * MIB);
    expect(cut.heldBytes).toBeGreaterThan(16 * MIB);
    // a packet count from the capture, short of all of them
    expect(cut.packet).toBeGreaterThan(3);
    expect(cut.packet).toBe(last.progress.records);
    // the rows up to there are kept, each with its own text, and nothing after
    const kept = data.frames.size - 1;
    expect(kept).toBeGreaterThan(1000);
    expect(kept).toBeLessThan(FRAMES);
    const ids = data.framesByConnection.get(1)!;
    expect(data.frames.row(ids.at(0))?.summary).toBe(frameText(0));
    // (rows past the first ones come without their text: the UI asks for those it shows)
    expect(engine.previews([ids.at(kept - 1)], []).frames[0]).toBe(frameText(kept - 1));
    // later bytes change nothing, and the bytes for slices were let go
    engine.push(bytes.subarray(bytes.length - 65_536));
    expect(engine.takeBatch().progress.records).toBe(cut.packet);
    expect(engine.slice([1])).toEqual({ error: expect.stringContaining("'wsscope slice'") });
    // the details of a kept message still answer
    const message = data.messagesByConnection.get(1)!.at(0);
    expect(engine.messageDetail(message, 100)?.message.text).toBe(frameText(0));
  });

  it('says in one line where the capture was cut and what to do instead', () => {
    const text = memoryCutText({ packet: 1_234_567, heldBytes: 17 * MIB, budget: 16 * MIB });
    expect(text).not.toContain('\n');
    expect(text).toContain('after packet 1,234,567');
    expect(text).toContain('16 MiB');
    expect(text).toContain('wsscope messages -Y');
    expect(text).toContain('wsscope slice');
  });
});
