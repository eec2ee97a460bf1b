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
import type { RangeSource } from '../../src/renderer/worker/file-payloads.js';
import { encodeFrameRows } from '../../src/renderer/worker/row-codec.js';
import { FLAG, type FrameRow, type FrameRowSource } from '../../src/renderer/worker/row-schema.js';

/** Relative to the repository root, where vitest runs. */
export const FIXTURES = 'fixtures/shared';

export async function fixtureBytes(name: string): Promise<Uint8Array> {
  const fsModule = 'node:fs';
  const fs = (await import(/* @vite-ignore */ fsModule)) as { readFileSync(path: string): Uint8Array };
  // A path, not import.meta.url: under jsdom both URL and import.meta.url are not Node's.
  return new Uint8Array(fs.readFileSync(`${FIXTURES}/${name}`));
}

/**
 * Decoded as the worker decodes a file it can read again: in pieces of `piece` bytes, every batch
 * taken. `source` null: every payload kept; else frames found in the file keep where their
 * payloads are, beyond the first `keep` payload bytes (the engine's KEEP_PAYLOAD_BYTES; 0: every
 * frame that can be is read back).
 */
export function decodeReadingBack(
  bytes: Uint8Array,
  source: RangeSource | null,
  piece = 64 * 1024,
  keep = 0,
): DecodeEngine {
  const engine = new DecodeEngine(bytes.length, undefined, source === null, undefined, source, keep);
  for (let at = 0; at < bytes.length; at += piece) engine.push(bytes.subarray(at, at + piece));
  engine.end();
  while (engine.hasPending()) engine.takeBatch();
  return engine;
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

/**
 * A FrameRowSource (what the worker's FrameStore answers) over hand-made rows, so tests put them
 * through the real encoder. The flag bits are written out here, independently of the schema.
 */
export function rowSource(rows: FrameRow[]): FrameRowSource & { summaryOf(id: number): string } {
  const byId: FrameRow[] = [];
  for (const r of rows) byId[r.id] = r;
  return {
    connectionOf: (id) => byId[id].connectionId,
    indexOf: (id) => byId[id].index,
    messageIdOf: (id) => byId[id].messageId ?? -1,
    findingCount: (id) => byId[id].findingCount,
    timeOf: (id) => byId[id].time,
    payloadLengthOf: (id) => byId[id].payloadLength,
    opcodeOf: (id) => byId[id].opcode,
    flagsOf: (id) => {
      const r = byId[id];
      const rsv = (i: number, bit: number) => (r.rsv[i] === '1' ? bit : 0);
      return (
        (r.fin ? FLAG.fin : 0) |
        rsv(0, FLAG.rsv1) |
        rsv(1, FLAG.rsv2) |
        rsv(2, FLAG.rsv3) |
        (r.masked ? FLAG.mask : 0) |
        (r.complete ? FLAG.complete : 0) |
        (r.direction === 'server' ? FLAG.server : 0)
      );
    },
    summaryOf: (id) => byId[id].summary,
  };
}

/** Row i of a plain capture's frames table: frame i + 1, a server text frame of message i + 1. */
export function serverTextRow(i: number, fields: Partial<FrameRow> = {}): FrameRow {
  return {
    id: i + 1,
    connectionId: 1,
    direction: 'server',
    index: i,
    time: i,
    fin: true,
    rsv: '000',
    opcode: 1,
    masked: false,
    payloadLength: 1,
    complete: true,
    messageId: i + 1,
    summary: '',
    findingCount: 0,
    ...fields,
  };
}

/** Frame columns and an id list holding `rows`, put through the worker's encoder and FrameColumns.add. */
export function frameColumnsOf(rows: FrameRow[]): { frames: FrameColumns; ids: IdList } {
  const frames = new FrameColumns();
  const ids = new IdList();
  const source = rowSource(rows);
  frames.add(
    encodeFrameRows(
      source,
      rows.map((r) => r.id),
      source.summaryOf,
    ),
    (id) => ids.push(id),
  );
  return { frames, ids };
}
