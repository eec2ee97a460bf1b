// Real decoded fixtures for renderer tests: a shared capture run through the same DecodeEngine
// the worker runs, so views are tested against what the decoder really produces (never
// hand-made records that drift from it).
//
// No static node imports: this file is also typechecked by tsconfig.web (DOM, no Node types)
// through the .tsx tests that import it, so fs is loaded dynamically.

import { CaptureData } from '../../src/renderer/model/capture-data.js';
import { FrameColumns } from '../../src/renderer/model/frame-columns.js';
import { IdList } from '../../src/renderer/model/message-columns.js';
import { DecodeEngine } from '../../src/renderer/worker/engine.js';
import type { FrameRow } from '../../src/renderer/worker/protocol.js';
import { encodeFrameRows } from '../../src/renderer/worker/row-codec.js';

/** Relative to the repository root, where vitest runs. */
export const FIXTURES = 'fixtures/shared';

export async function fixtureBytes(name: string): Promise<Uint8Array> {
  const fsModule = 'node:fs';
  const fs = (await import(/* @vite-ignore */ fsModule)) as { readFileSync(path: string): Uint8Array };
  // A path, not import.meta.url: under jsdom both URL and import.meta.url are not Node's.
  return new Uint8Array(fs.readFileSync(`${FIXTURES}/${name}`));
}

export interface Decoded {
  engine: DecodeEngine;
  data: CaptureData;
}

/** Decode a fixture in `chunkSize` pieces, applying a batch after each push like the worker does. */
export async function decodeFixture(name: string, chunkSize = 4096): Promise<Decoded> {
  const bytes = await fixtureBytes(name);
  const engine = new DecodeEngine(bytes.length);
  const data = new CaptureData();
  for (let i = 0; i < bytes.length; i += chunkSize) {
    engine.push(bytes.slice(i, i + chunkSize));
    data.apply(engine.takeBatch());
  }
  engine.end();
  data.apply(engine.takeBatch());
  return { engine, data };
}

/** Frame columns and an id list holding `rows` (hand-scaled copies of decoded rows). */
export function frameColumnsOf(rows: FrameRow[]): { frames: FrameColumns; ids: IdList } {
  const frames = new FrameColumns();
  const ids = new IdList();
  frames.add(encodeFrameRows(rows), (id) => ids.push(id));
  return { frames, ids };
}
