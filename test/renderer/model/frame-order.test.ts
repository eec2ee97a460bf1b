// Frame order: sort and filter state becomes one Int32Array of positions, and extending an order
// after rows were appended gives exactly what ordering all rows from scratch gives.

import { describe, expect, it } from 'vitest';
import { FrameColumns } from '../../../src/renderer/model/frame-columns.js';
import {
  type FrameFilter,
  type FrameOrder,
  type FrameSort,
  idAt,
  indexOfFrame,
  orderFrames,
} from '../../../src/renderer/model/frame-order.js';
import { IdList } from '../../../src/renderer/model/message-columns.js';
import { encodeFrameRows } from '../../../src/renderer/worker/row-codec.js';
import type { FrameRow } from '../../../src/renderer/worker/row-schema.js';
import { frameColumnsOf, rowSource } from '../decoded.js';

function frame(id: number, over: Partial<FrameRow> = {}): FrameRow {
  return {
    id,
    connectionId: 1,
    direction: id % 2 === 0 ? 'server' : 'client',
    index: id,
    time: id / 10,
    fin: true,
    rsv: '000',
    opcode: 1,
    masked: id % 2 === 1,
    payloadLength: (id * 37) % 11,
    complete: true,
    messageId: id,
    summary: `frame ${id}`,
    findingCount: 0,
    ...over,
  };
}

const ids = (o: FrameOrder) => Array.from({ length: o.count }, (_, k) => idAt(o, k));

describe('frame order', () => {
  const { frames, ids: list } = frameColumnsOf(Array.from({ length: 12 }, (_, i) => frame(i + 1)));
  const order = (sorting: FrameSort[], filters: FrameFilter[]) => orderFrames(frames, list, sorting, filters);

  it('shows every row in arrival order without allocating when nothing is sorted or filtered', () => {
    const o = order([], []);
    expect(o.positions).toBeNull();
    expect(ids(o)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('sorts by length descending, ties in arrival order', () => {
    const o = order([{ id: 'payloadLength', desc: true }], []);
    // lengths (id*37 mod 11) for ids 1..12: 4 8 1 5 9 2 6 10 3 7 0 4
    expect(ids(o)).toEqual([8, 5, 2, 10, 7, 4, 1, 12, 9, 6, 3, 11]);
  });

  it('sorts the summary in natural order (frame 9 before frame 10)', () => {
    const o = order([{ id: 'summary', desc: false }], []);
    expect(ids(o)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('filters by direction and by summary text, case-insensitively', () => {
    expect(ids(order([], [{ id: 'direction', value: 'server' }]))).toEqual([2, 4, 6, 8, 10, 12]);
    expect(ids(order([], [{ id: 'summary', value: 'FRAME 1' }]))).toEqual([1, 10, 11, 12]);
    expect(ids(order([], [{ id: 'masked', value: '1' }]))).toEqual([1, 3, 5, 7, 9, 11]);
  });

  it('finds the display index of a frame id', () => {
    const o = order([{ id: 'id', desc: true }], []);
    expect(indexOfFrame(o, 12)).toBe(0);
    expect(indexOfFrame(o, 1)).toBe(11);
    expect(indexOfFrame(o, 99)).toBe(-1);
  });

  it('extends an order after rows are appended exactly as ordering from scratch', () => {
    const states: [FrameSort[], FrameFilter[]][] = [
      [[], []],
      [[], [{ id: 'direction', value: 'client' }]],
      [[{ id: 'payloadLength', desc: false }], []],
      [[{ id: 'payloadLength', desc: true }], [{ id: 'summary', value: '1' }]],
      [[{ id: 'summary', desc: false }], []],
      [[{ id: 'summary', desc: true }], [{ id: 'direction', value: 'server' }]],
      [
        [
          { id: 'direction', desc: false },
          { id: 'summary', desc: true },
        ],
        [],
      ],
    ];
    for (const [sorting, filters] of states) {
      const growing: FrameRow[] = [];
      const columns = new FrameColumns();
      const arrived = new IdList();
      let o: FrameOrder | null = null;
      // batches of one row up to hundreds, merged into what came before them
      for (const size of [7, 1, 7, 300, 2, 40, 700, 1]) {
        // summaries in no particular order, with ties and texts equal under the collator
        const fresh = Array.from({ length: size }, (_, i) => {
          const id = growing.length + i + 1;
          return frame(id, { summary: `${['Text', 'text', 'é', 'e'][id % 4]} ${(id * 7919) % 613}` });
        });
        growing.push(...fresh);
        const source = rowSource(fresh);
        const freshIds = fresh.map((r) => r.id);
        columns.add(encodeFrameRows(source, freshIds, source.summaryOf), (id) => arrived.push(id));
        o = orderFrames(columns, arrived, sorting, filters, o);
        const whole = frameColumnsOf(growing);
        expect(ids(o)).toEqual(ids(orderFrames(whole.frames, whole.ids, sorting, filters)));
      }
    }
  });
});
