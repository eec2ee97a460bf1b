// Frame order: which frame rows the table shows, in what order, as ONE Int32Array of positions.
//
// Why: a million frames must never become a million react-table rows or virtualizer items (their
// garbage froze the UI for seconds while a capture loaded). The table keeps only sorting/filter
// state in react-table; this module turns that state into positions into `rows`, and the table
// builds row objects for the few positions on screen.
//
// Rules
// - `positions === null` means "every row, in arrival order" (no sort, no filter): no allocation.
// - Rows only ever grow at the end while loading (rows replaced in place keep their position), so
//   a new order for the same rows and the same state extends the previous one: filters test only
//   the new rows, a sort sorts only the new rows and merges them in. Anything else recomputes.
// - Ties break on position, so the order is total and merging equals sorting from scratch.
// - Filters match like react-table's equalsString / includesString (case-insensitive).

import type { FrameRow } from '../worker/protocol.js';
import { opcodeName } from './labels.js';

export interface FrameSort {
  id: string;
  desc: boolean;
}

export interface FrameFilter {
  id: string;
  value: unknown;
}

export interface FrameOrder {
  readonly rows: readonly FrameRow[];
  /** Positions into `rows` in display order; null = identity over all rows. */
  readonly positions: Int32Array | null;
  /** How many rows are shown. */
  readonly count: number;
  /** How many of `rows` were considered (the next extension starts there). */
  readonly seen: number;
  /** The sort and filter state this order was made for. */
  readonly key: string;
}

type Value = number | string;

/** The value a column sorts and filters on (the same text the filter selects offer). */
export function columnValue(row: FrameRow, id: string): Value {
  switch (id) {
    case 'id':
      return row.id;
    case 'conn':
      return row.connectionId;
    case 'time':
      return row.time;
    case 'payloadLength':
      return row.payloadLength;
    case 'direction':
      return row.direction;
    case 'fin':
      return row.fin ? '1' : '0';
    case 'rsv':
      return row.rsv;
    case 'opcode':
      return opcodeName(row.opcode);
    case 'masked':
      return row.masked ? '1' : '0';
    case 'summary':
      return row.summary;
    default:
      return 0;
  }
}

/** Natural order for text ("frame 9" before "frame 10"), like react-table's alphanumeric sort. */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : collator.compare(a, b);
  return 0;
}

/** Position at `k` of an order. */
export function positionAt(order: FrameOrder, k: number): number {
  return order.positions ? order.positions[k] : k;
}

/** Display index of the row with frame id `id`, or -1. O(count): call once per change. */
export function indexOfFrame(order: FrameOrder, id: number): number {
  const { rows, positions, count } = order;
  for (let k = 0; k < count; k++) if (rows[positions ? positions[k] : k].id === id) return k;
  return -1;
}

function keyOf(sorting: readonly FrameSort[], filters: readonly FrameFilter[]): string {
  return JSON.stringify([sorting, filters]);
}

function makeTest(filters: readonly FrameFilter[]): ((row: FrameRow) => boolean) | null {
  const tests: ((row: FrameRow) => boolean)[] = [];
  for (const f of filters) {
    if (f.value == null || f.value === '') continue;
    const want = String(f.value).toLowerCase();
    if (f.id === 'summary') tests.push((r) => r.summary.toLowerCase().includes(want));
    else tests.push((r) => String(columnValue(r, f.id)).toLowerCase() === want);
  }
  if (tests.length === 0) return null;
  return (row) => tests.every((t) => t(row));
}

function makeCompare(
  rows: readonly FrameRow[],
  sorting: readonly FrameSort[],
): ((a: number, b: number) => number) | null {
  if (sorting.length === 0) return null;
  return (a, b) => {
    for (const s of sorting) {
      const c = compareValues(columnValue(rows[a], s.id), columnValue(rows[b], s.id));
      if (c !== 0) return s.desc ? -c : c;
    }
    return a - b;
  };
}

/**
 * The order of `rows` under `sorting` and `filters`, extending `prev` when only rows were
 * appended since it was made.
 */
export function orderFrames(
  rows: readonly FrameRow[],
  sorting: readonly FrameSort[],
  filters: readonly FrameFilter[],
  prev: FrameOrder | null = null,
): FrameOrder {
  const key = keyOf(sorting, filters);
  const test = makeTest(filters);
  const compare = makeCompare(rows, sorting);
  if (!test && !compare) return { rows, positions: null, count: rows.length, seen: rows.length, key };
  const extend = prev != null && prev.rows === rows && prev.key === key && prev.seen <= rows.length;
  const from = extend ? prev.seen : 0;
  // the new rows that pass the filters
  const fresh = new Int32Array(rows.length - from);
  let n = 0;
  for (let p = from; p < rows.length; p++) if (!test || test(rows[p])) fresh[n++] = p;
  const added = fresh.subarray(0, n);
  if (compare) added.sort(compare);
  const old = extend && prev.positions ? prev.positions.subarray(0, prev.count) : new Int32Array(0);
  if (n === 0 && extend) return { ...prev, seen: rows.length };
  if (old.length === 0) return { rows, positions: added.slice(), count: n, seen: rows.length, key };
  const out = new Int32Array(old.length + n);
  if (!compare) {
    out.set(old);
    out.set(added, old.length);
  } else {
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < n) out[k++] = compare(old[i], added[j]) <= 0 ? old[i++] : added[j++];
    while (i < old.length) out[k++] = old[i++];
    while (j < n) out[k++] = added[j++];
  }
  return { rows, positions: out, count: out.length, seen: rows.length, key };
}
