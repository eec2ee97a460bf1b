// Rows cross from the worker to the UI as COLUMNS: typed arrays (transferred, zero-copy) plus
// one array of strings, instead of arrays of objects. The columns are those of row-schema.ts,
// read straight from the worker's stores: no row object is built on this side.
//
// Why: structured clone of plain objects costs per property; a million frame rows and a million
// message rows (30+ million properties) kept the UI thread busy for seconds while loading
// (measured with the CDP profiler: the batch handler was the top self-time function). The UI
// copies the columns into its own (FrameColumns.add, MessageColumns.add) in tight loops.

import {
  FRAME_FIELD_NAMES,
  FRAME_FIELDS,
  type FrameRowColumns,
  type FrameRowSource,
  MESSAGE_FIELD_NAMES,
  MESSAGE_FIELDS,
  type MessageRowColumns,
  type MessageRowSource,
} from './row-schema.js';

/** Frames `ids` (ascending) as columns; `summary` gives each one's summary text (null: none sent). */
export function encodeFrameRows(
  source: FrameRowSource,
  ids: readonly number[],
  summary: (id: number) => string | null,
  exactLength: (id: number) => string | null = () => null,
): FrameRowColumns {
  const n = ids.length;
  const out: Record<string, unknown> = { count: n, id: Int32Array.from(ids), summary: ids.map(summary) };
  const exact = exactPairs(ids, (id) => source.payloadLengthOf(id), exactLength);
  if (exact.length > 0) out.exact = exact;
  // one field at a time: each inner loop reads one column with one reader
  for (const name of FRAME_FIELD_NAMES) {
    const { array, read } = FRAME_FIELDS[name];
    const column = new array(n);
    for (let i = 0; i < n; i++) column[i] = read(source, ids[i]);
    out[name] = column;
  }
  return out as FrameRowColumns;
}

/** Messages `ids` as columns, with `previews[i]` the preview text of `ids[i]` (null: none sent). */
export function encodeMessageRows(
  source: MessageRowSource,
  ids: readonly number[],
  previews: readonly (string | null)[],
  exactWireLength: (id: number) => string | null = () => null,
): MessageRowColumns {
  const n = ids.length;
  const frameStart = new Int32Array(n + 1);
  const lists = ids.map((id) => source.frameIds(id));
  for (let i = 0; i < n; i++) frameStart[i + 1] = frameStart[i] + lists[i].length;
  const frameIds = new Int32Array(frameStart[n]);
  for (let i = 0; i < n; i++) frameIds.set(lists[i], frameStart[i]);
  const out: Record<string, unknown> = {
    count: n,
    id: Int32Array.from(ids),
    frameStart,
    frameIds,
    preview: previews.slice(0, n),
  };
  const exact = exactPairs(ids, (id) => source.wireLengthOf(id), exactWireLength);
  if (exact.length > 0) out.exact = exact;
  for (const name of MESSAGE_FIELD_NAMES) {
    const { array, read } = MESSAGE_FIELDS[name];
    const column = new array(n);
    for (let i = 0; i < n; i++) column[i] = read(source, ids[i]);
    out[name] = column;
  }
  return out as MessageRowColumns;
}

/** [id, exact text] of the rows whose length is beyond 2^53 - 1 (a number there is rounded). */
function exactPairs(
  ids: readonly number[],
  length: (id: number) => number,
  exact: (id: number) => string | null,
): [number, string][] {
  const out: [number, string][] = [];
  for (const id of ids) {
    if (length(id) <= Number.MAX_SAFE_INTEGER) continue;
    const text = exact(id);
    if (text != null) out.push([id, text]);
  }
  return out;
}

/** The buffers to transfer with a batch (the worker never touches them again). */
export function rowBuffers(frames: FrameRowColumns, messages: MessageRowColumns): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const cols of [frames, messages]) {
    for (const v of Object.values(cols)) {
      if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer && v.buffer.byteLength > 0) out.push(v.buffer);
    }
  }
  return out;
}
