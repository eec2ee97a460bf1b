// Frame order: sort and filter state becomes one Int32Array of positions, and extending an order
// after rows were appended gives exactly what ordering all rows from scratch gives.

import { describe, expect, it } from 'vitest';
import {
  type FrameFilter,
  type FrameOrder,
  type FrameSort,
  indexOfFrame,
  orderFrames,
  positionAt,
} from '../../../src/renderer/model/frame-order.js';
import type { FrameRow } from '../../../src/renderer/worker/protocol.js';

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

const ids = (o: FrameOrder) => Array.from({ length: o.count }, (_, k) => o.rows[positionAt(o, k)].id);

describe('frame order', () => {
  const rows = Array.from({ length: 12 }, (_, i) => frame(i + 1));

  it('shows every row in arrival order without allocating when nothing is sorted or filtered', () => {
    const o = orderFrames(rows, [], []);
    expect(o.positions).toBeNull();
    expect(ids(o)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('sorts by length descending, ties in arrival order', () => {
    const o = orderFrames(rows, [{ id: 'payloadLength', desc: true }], []);
    // lengths (id*37 mod 11) for ids 1..12: 4 8 1 5 9 2 6 10 3 7 0 4
    expect(ids(o)).toEqual([8, 5, 2, 10, 7, 4, 1, 12, 9, 6, 3, 11]);
  });

  it('sorts the summary in natural order (frame 9 before frame 10)', () => {
    const o = orderFrames(rows, [{ id: 'summary', desc: false }], []);
    expect(ids(o)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('filters by direction and by summary text, case-insensitively', () => {
    expect(ids(orderFrames(rows, [], [{ id: 'direction', value: 'server' }]))).toEqual([2, 4, 6, 8, 10, 12]);
    expect(ids(orderFrames(rows, [], [{ id: 'summary', value: 'FRAME 1' }]))).toEqual([1, 10, 11, 12]);
    expect(ids(orderFrames(rows, [], [{ id: 'masked', value: '1' }]))).toEqual([1, 3, 5, 7, 9, 11]);
  });

  it('finds the display index of a frame id', () => {
    const o = orderFrames(rows, [{ id: 'id', desc: true }], []);
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
    ];
    for (const [sorting, filters] of states) {
      const growing: FrameRow[] = [];
      let o: FrameOrder | null = null;
      for (let batch = 0; batch < 6; batch++) {
        for (let i = 0; i < 7; i++) growing.push(frame(growing.length + 1));
        o = orderFrames(growing, sorting, filters, o);
        expect(ids(o)).toEqual(ids(orderFrames(growing.slice(), sorting, filters)));
      }
    }
  });
});
