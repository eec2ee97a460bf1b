// The compact per-connection table of `wsscope stats` gives each connection the figures a
// StatsAccumulator of its own messages gives (the representation it replaced), message types in
// the order they first appeared, reserved opcodes included; plus one case written out by hand.

import { describe, expect, it } from 'vitest';
import { StatsAccumulator } from '../../src/cli/commands/stats.js';
import { StatsTable } from '../../src/cli/stats-table.js';
import type { MessageRecord } from '../../src/decoder/index.js';
import { mulberry32 } from '../helpers/rng.js';

const TYPES = [
  ['text', 1],
  ['binary', 2],
  ['close', 8],
  ['ping', 9],
  ['pong', 10],
  ['reserved', 3],
  ['reserved', 11],
] as const;

function message(
  connectionId: number,
  direction: 'client' | 'server',
  t: number,
  length: number,
  time: number,
  extra: Partial<MessageRecord> = {},
): MessageRecord {
  const [type, opcode] = TYPES[t] as (typeof TYPES)[number];
  return {
    connectionId,
    direction,
    type,
    opcode,
    payload: new Uint8Array(length),
    wireLength: Math.ceil(length / 2),
    compressed: length % 3 === 0,
    firstTime: time - 0.001,
    time,
    rtt: type === 'pong' ? length / 1000 : null,
    ...extra,
  } as MessageRecord;
}

describe('StatsTable', () => {
  it('gives each connection the figures of a StatsAccumulator of its messages', () => {
    const random = mulberry32(5);
    const table = new StatsTable();
    const reference = new Map<number, StatsAccumulator>();
    for (let i = 0; i < 5000; i++) {
      const id = 1 + Math.floor(random() * 1500);
      const m = message(
        id,
        random() < 0.5 ? 'client' : 'server',
        Math.floor(random() * (random() < 0.02 ? 7 : 5)),
        Math.floor(random() * 5000),
        1e9 + random() * 100,
      );
      table.add(id, m);
      if (!reference.has(id)) reference.set(id, new StatsAccumulator());
      reference.get(id)?.add(m);
    }
    const ids = [...reference.keys()].sort((a, b) => a - b);
    expect([...table.ids()]).toEqual(ids);
    for (const id of ids) {
      const got = JSON.stringify(StatsAccumulator.from(table.figures(id)).json());
      expect(got, `connection ${id}`).toBe(JSON.stringify(reference.get(id)?.json()));
    }
  });

  it('lists types in the order first seen, per direction', () => {
    const table = new StatsTable();
    table.add(3, message(3, 'server', 4, 8, 10));
    table.add(3, message(3, 'server', 5, 2, 11));
    table.add(3, message(3, 'server', 0, 5, 12));
    table.add(3, message(3, 'server', 4, 8, 13));
    table.add(3, message(3, 'client', 1, 0, 14));
    const f = table.figures(3);
    expect(Object.keys(f.directions.server.types)).toEqual(['pong', 'opcode-3', 'text']);
    expect(f.directions.server.types.pong).toEqual({ messages: 2, bytes: 16, wireBytes: 8 });
    expect(f.directions.client).toEqual({
      messages: 1,
      bytes: 0,
      wireBytes: 0,
      types: { binary: { messages: 1, bytes: 0, wireBytes: 0 } },
    });
    expect([f.firstTime, f.lastTime, f.rtt.count, f.rtt.min, f.rtt.max]).toEqual([9.999, 14, 2, 0.008, 0.008]);
    expect([...table.ids()]).toEqual([3]);
  });
});
