// `wsscope stats`'s per-connection figures, as one row of numbers per connection id in a single
// growable Float64Array.
//
// Why: a StatsAccumulator per connection (a dozen small objects, a dictionary of message types
// per direction) was ~1.6 KB each, kept to the end: 19 MiB on a 10 GiB capture of 12,697
// connections, and the largest thing the CLI held. A row here is ROW numbers (400 bytes), and
// connection ids are dense (1 to the number of TCP connections), so the table is one array.
//
// Rules
// - What a row holds is exactly what StatsAccumulator.add keeps, added in the same order (the sums
//   of floating-point RTTs come out the same); `accumulator(id)` rebuilds a StatsAccumulator for
//   output, one connection at a time, with each direction's message types in the order they were
//   first seen (the order the output lists them in).
// - The five standard message types have columns; reserved opcodes ('opcode-3' …, rare) are
//   kept in a map beside the table. A direction's order of first appearance is an index into a
//   list of the distinct orders seen (a handful).

import type { MessageRecord } from '../decoder/index.js';

interface Counter {
  messages: number;
  bytes: number;
  wireBytes: number;
}

const TYPES = ['text', 'binary', 'close', 'ping', 'pong'] as const;

// Row layout.
const MESSAGES = 0;
const BYTES = 1;
const WIRE = 2;
const FIRST = 3;
const LAST = 4;
const COMP = 5; // messages, bytes, wire
const RTT = 8; // count, sum, min, max
const ORDER = 12; // client, server
const DIRS = 14; // client (messages, bytes, wire), server (…)
const PER_TYPE = 20; // client then server, TYPES.length × (messages, bytes, wire) each
const ROW = PER_TYPE + 2 * TYPES.length * 3;

/** The figures of a StatsAccumulator (stats.ts), rebuilt from a row. */
export interface StatsShape {
  messages: Counter;
  directions: Record<'client' | 'server', Counter & { types: Record<string, Counter> }>;
  compressed: Counter;
  firstTime: number | null;
  lastTime: number | null;
  rtt: { count: number; sum: number; min: number; max: number };
}

export class StatsTable {
  private rows = new Float64Array(ROW * 1024);
  private maxId = 0;
  /** Distinct orders of first appearance of message types (lists of type names); 0 is none. */
  private readonly orders: string[][] = [[]];
  /** Order index after a type is first seen: `${order} ${type}` → index. */
  private readonly nextOrder = new Map<string, number>();
  /** Reserved-opcode types, by id * 2 + (0 client, 1 server). */
  private readonly reserved = new Map<number, Map<string, Counter>>();

  add(id: number, m: MessageRecord): void {
    if ((id + 1) * ROW > this.rows.length) {
      const grown = new Float64Array(Math.max(this.rows.length * 2, (id + 1) * ROW));
      grown.set(this.rows);
      this.rows = grown;
    }
    if (id > this.maxId) this.maxId = id;
    const r = this.rows;
    const at = id * ROW;
    const first = r[at + MESSAGES] === 0;
    const bytes = m.payload.byteLength;
    const wire = m.wireLength;
    r[at + MESSAGES]++;
    r[at + BYTES] += bytes;
    r[at + WIRE] += wire;
    const d = m.direction === 'client' ? 0 : 1;
    r[at + DIRS + 3 * d]++;
    r[at + DIRS + 3 * d + 1] += bytes;
    r[at + DIRS + 3 * d + 2] += wire;
    const type = m.type === 'reserved' ? `opcode-${m.opcode}` : m.type;
    const t = TYPES.indexOf(type as (typeof TYPES)[number]);
    let seen: boolean;
    if (t >= 0) {
      const c = at + PER_TYPE + (d * TYPES.length + t) * 3;
      seen = r[c] > 0;
      r[c]++;
      r[c + 1] += bytes;
      r[c + 2] += wire;
    } else {
      let map = this.reserved.get(id * 2 + d);
      if (!map) {
        map = new Map();
        this.reserved.set(id * 2 + d, map);
      }
      const counter = map.get(type);
      seen = counter !== undefined;
      if (counter) {
        counter.messages++;
        counter.bytes += bytes;
        counter.wireBytes += wire;
      } else map.set(type, { messages: 1, bytes, wireBytes: wire });
    }
    if (!seen) r[at + ORDER + d] = this.orderWith(r[at + ORDER + d] as number, type);
    if (m.compressed) {
      r[at + COMP]++;
      r[at + COMP + 1] += bytes;
      r[at + COMP + 2] += wire;
    }
    // As StatsAccumulator: Math.min / Math.max from the first message on.
    r[at + FIRST] = first ? m.firstTime : Math.min(r[at + FIRST] as number, m.firstTime);
    r[at + LAST] = first ? m.time : Math.max(r[at + LAST] as number, m.time);
    if (first) {
      r[at + RTT + 2] = Infinity;
      r[at + RTT + 3] = -Infinity;
    }
    if (m.type === 'pong' && m.rtt !== null) {
      r[at + RTT]++;
      r[at + RTT + 1] += m.rtt;
      r[at + RTT + 2] = Math.min(r[at + RTT + 2] as number, m.rtt);
      r[at + RTT + 3] = Math.max(r[at + RTT + 3] as number, m.rtt);
    }
  }

  /** Ids of the connections with a message counted, ascending. */
  *ids(): Generator<number> {
    for (let id = 0; id <= this.maxId; id++) if (this.rows[id * ROW + MESSAGES]! > 0) yield id;
  }

  /** The figures of connection `id` (one that ids() lists). */
  figures(id: number): StatsShape {
    const r = this.rows;
    const at = id * ROW;
    const counter = (c: number): Counter => ({ messages: r[c]!, bytes: r[c + 1]!, wireBytes: r[c + 2]! });
    const direction = (d: number) => {
      const types: Record<string, Counter> = {};
      for (const type of this.orders[r[at + ORDER + d]!]!) {
        const t = TYPES.indexOf(type as (typeof TYPES)[number]);
        types[type] =
          t >= 0
            ? counter(at + PER_TYPE + (d * TYPES.length + t) * 3)
            : { ...this.reserved.get(id * 2 + d)!.get(type)! };
      }
      return { ...counter(at + DIRS + 3 * d), types };
    };
    return {
      messages: counter(at + MESSAGES),
      directions: { client: direction(0), server: direction(1) },
      compressed: counter(at + COMP),
      firstTime: r[at + FIRST]!,
      lastTime: r[at + LAST]!,
      rtt: { count: r[at + RTT]!, sum: r[at + RTT + 1]!, min: r[at + RTT + 2]!, max: r[at + RTT + 3]! },
    };
  }

  private orderWith(order: number, type: string): number {
    const key = `${order} ${type}`;
    let next = this.nextOrder.get(key);
    if (next === undefined) {
      next = this.orders.length;
      this.orders.push([...(this.orders[order] as string[]), type]);
      this.nextOrder.set(key, next);
    }
    return next;
  }
}
