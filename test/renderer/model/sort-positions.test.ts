// The frames table's linear-time sorts give exactly what a comparator sort with ties in position
// order gives: on random keys (negative, fractional, -0, huge, repeated), ascending and
// descending, and through orderFrames on every column and pairs of columns.

import { describe, expect, it } from 'vitest';
import { type FrameSort, orderFrames } from '../../../src/renderer/model/frame-order.js';
import { radixOrder } from '../../../src/renderer/model/sort-positions.js';
import { FRAME_TABLE, type FrameRow } from '../../../src/renderer/worker/row-schema.js';
import { mulberry32 } from '../../helpers/rng.js';
import { frameColumnsOf } from '../decoded.js';

const stableBy = (keys: ArrayLike<number>, desc: boolean) =>
  Array.from({ length: keys.length }, (_, i) => i).sort((a, b) => {
    const c = desc ? (keys[b] as number) - (keys[a] as number) : (keys[a] as number) - (keys[b] as number);
    return c !== 0 ? c : a - b;
  });

describe('radixOrder', () => {
  it('sorts like a stable comparator sort, ascending and descending', () => {
    const random = mulberry32(7);
    const pick = () => {
      const r = random();
      if (r < 0.1) return -0;
      if (r < 0.2) return 0;
      if (r < 0.4) return Math.floor(random() * 10); // many ties
      if (r < 0.6) return (random() - 0.5) * 1e6;
      if (r < 0.7) return -Number.MAX_SAFE_INTEGER * random();
      if (r < 0.8) return 1.7e9 + random();
      return Math.floor(random() * 2 ** 40);
    };
    for (const n of [0, 1, 2, 17, 5000]) {
      const keys = Float64Array.from({ length: n }, pick);
      for (const desc of [false, true]) expect(Array.from(radixOrder(keys, desc))).toEqual(stableBy(keys, desc));
    }
  });
});

describe('orderFrames sorts as a comparator would', () => {
  const random = mulberry32(3);
  const rows: FrameRow[] = Array.from({ length: 3000 }, (_, i) => ({
    id: i + 1,
    connectionId: 1 + Math.floor(random() * 5),
    direction: random() < 0.5 ? 'server' : 'client',
    index: i,
    time: 1.7e9 + Math.floor(random() * 50) / 10,
    fin: random() < 0.8,
    rsv: random() < 0.9 ? '000' : '100',
    opcode: [0, 1, 2, 8, 9, 10][Math.floor(random() * 6)] as number,
    masked: random() < 0.5,
    payloadLength: Math.floor(random() * 20),
    complete: true,
    messageId: i + 1,
    summary: `frame ${Math.floor(random() * 40)} ${random() < 0.5 ? 'Text' : 'text'}`,
    findingCount: 0,
  }));
  const { frames, ids } = frameColumnsOf(rows);
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const value = (column: string, id: number) => {
    const def = FRAME_TABLE.find((c) => c.id === column);
    return def ? def.value(frames.cols, id) : 0;
  };
  const reference = (sorting: FrameSort[]) =>
    Array.from({ length: ids.length }, (_, p) => p)
      .sort((a, b) => {
        for (const s of sorting) {
          const x = value(s.id, ids.at(a));
          const y = value(s.id, ids.at(b));
          const c =
            typeof x === 'number' && typeof y === 'number'
              ? x - y
              : x === y
                ? 0
                : collator.compare(String(x), String(y));
          if (c !== 0) return s.desc ? -c : c;
        }
        return a - b;
      })
      .map((p) => ids.at(p));

  const columns = FRAME_TABLE.map((c) => c.id);
  for (const column of columns) {
    for (const desc of [false, true]) {
      it(`${column}${desc ? ', descending' : ''}`, () => {
        const sorting = [{ id: column, desc }];
        const o = orderFrames(frames, ids, sorting, []);
        const got = Array.from(o.positions ?? [], (p) => ids.at(p));
        expect(got).toEqual(reference(sorting));
      });
    }
  }

  it('two columns: the second breaks the first one’s ties', () => {
    for (const sorting of [
      [
        { id: 'direction', desc: false },
        { id: 'payloadLength', desc: true },
      ],
      [
        { id: 'time', desc: true },
        { id: 'summary', desc: false },
      ],
    ]) {
      const o = orderFrames(frames, ids, sorting, []);
      expect(Array.from(o.positions ?? [], (p) => ids.at(p))).toEqual(reference(sorting));
    }
  });
});
