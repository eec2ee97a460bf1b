// Frame order: which frames the table shows, in what order, as ONE Int32Array of positions into
// a list of frame ids, computed over the frame columns (frame-columns.ts).
//
// Why: a million frames must never become a million react-table rows or virtualizer items (their
// garbage froze the UI for seconds while a capture loaded). The table keeps only sorting/filter
// state in react-table; this module turns that state into positions into `list`, and the table
// builds row objects for the few positions on screen.
//
// Rules
// - `positions === null` means "every id, in list order" (no sort, no filter): no allocation.
// - Lists only ever grow at the end while loading (updated frames keep their place), so a new
//   order for the same list and the same state extends the previous one: filters test only the
//   new ids, a sort sorts only the new ids and merges them in. Anything else recomputes.
// - Ties break on position, so the order is total and merging equals sorting from scratch.
// - Columns, their values and filter kinds are row-schema.ts's FRAME_TABLE. A select filter keeps
//   values equal to the choice, a text filter values containing it (both case-insensitive).

import { FRAME_TABLE, type FrameTableColumn, type Value } from '../worker/row-schema.js';
import { collatorRanks, tableCollator } from './collation-ranks.js';
import type { FrameColumns } from './frame-columns.js';
import type { IdList } from './message-columns.js';
import { radixOrder } from './sort-positions.js';
import type { SummaryKeyStore, SummaryNeed } from './summary-keys.js';

export interface FrameSort {
  id: string;
  desc: boolean;
}

export interface FrameFilter {
  id: string;
  value: unknown;
}

export interface FrameOrder {
  readonly frames: FrameColumns;
  readonly list: IdList;
  /** Positions into `list` in display order; null = the whole list in its order. */
  readonly positions: Int32Array | null;
  /** How many rows are shown. */
  readonly count: number;
  /** How many of `list` were considered (the next extension starts there). */
  readonly seen: number;
  /** The sort and filter state this order was made for. */
  readonly key: string;
  /** Sorted or filtered by summary, and the worker's keys for it not come yet: an older order. */
  readonly waiting?: boolean;
}

/** How to read the value a column sorts and filters on (row-schema.ts's FRAME_TABLE). */
export function columnReader(frames: FrameColumns, column: string): (id: number) => Value {
  const def = columnDef(column);
  if (!def) return () => 0;
  const cols = frames.cols;
  return (id) => def.value(cols, id);
}

function columnDef(column: string): FrameTableColumn | undefined {
  return FRAME_TABLE.find((c) => c.id === column);
}

const collator = tableCollator();
/** The page's collation locale, which the worker's summary ranks use too. */
export const TABLE_LOCALE = collator.resolvedOptions().locale;

function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : collator.compare(a, b);
  return 0;
}

/** Frame id shown at display index `k`. */
export function idAt(order: FrameOrder, k: number): number {
  return order.list.at(order.positions ? order.positions[k] : k);
}

/** Display index of frame `id`, or -1. O(count) over typed arrays: call once per change. */
export function indexOfFrame(order: FrameOrder, id: number): number {
  const { list, positions, count } = order;
  for (let k = 0; k < count; k++) if (list.at(positions ? positions[k] : k) === id) return k;
  return -1;
}

/** What an order needs of the summary column, or null when it does not read it. */
function summaryNeed(sorting: readonly FrameSort[], filters: readonly FrameFilter[]): SummaryNeed | null {
  const ranks = sorting.some((s) => s.id === 'summary');
  const filter = filters.find((f) => f.id === 'summary' && f.value != null && f.value !== '');
  const match = filter ? String(filter.value).toLowerCase() : null;
  return ranks || match !== null ? { ranks, match } : null;
}

/** How to read a column: the summary as its rank from the worker when the order uses `keys`. */
function readerOf(frames: FrameColumns, column: string, keys: SummaryKeyStore | null): (id: number) => Value {
  if (keys === null || column !== 'summary') return columnReader(frames, column);
  const ranks = keys.ranks as Float64Array;
  return (id) => ranks[id] as number;
}

function makeTest(
  frames: FrameColumns,
  filters: readonly FrameFilter[],
  keys: SummaryKeyStore | null,
): ((id: number) => boolean) | null {
  const tests: ((id: number) => boolean)[] = [];
  for (const f of filters) {
    if (f.value == null || f.value === '') continue;
    if (keys !== null && f.id === 'summary') {
      const bits = (keys.match as { bits: Uint8Array }).bits;
      tests.push((id) => bits[id] === 1);
      continue;
    }
    const want = String(f.value).toLowerCase();
    const read = columnReader(frames, f.id);
    if (columnDef(f.id)?.filter?.kind === 'text') tests.push((id) => String(read(id)).toLowerCase().includes(want));
    else tests.push((id) => String(read(id)).toLowerCase() === want);
  }
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0];
  return (id) => tests.every((t) => t(id));
}

/** Compares positions into `list` (ties in list order). */
function makeCompare(
  frames: FrameColumns,
  list: IdList,
  sorting: readonly FrameSort[],
  summary: SummaryKeyStore | null,
): ((a: number, b: number) => number) | null {
  if (sorting.length === 0) return null;
  const keys = sorting.map((s) => ({ read: readerOf(frames, s.id, summary), sign: s.desc ? -1 : 1 }));
  return (a, b) => {
    const x = list.at(a);
    const y = list.at(b);
    for (const k of keys) {
      const c = compareValues(k.read(x), k.read(y));
      if (c !== 0) return k.sign * c;
    }
    return a - b;
  };
}

/**
 * Sorts positions into `list` as `compare` does, in linear time per key (sort-positions.ts): keys
 * from the last to the first, each a stable sort, so ties fall to the next key and then to the
 * position. A column whose values mix numbers and text keeps the comparator.
 */
function sortPositions(
  positions: Int32Array,
  frames: FrameColumns,
  list: IdList,
  sorting: readonly FrameSort[],
  compare: (a: number, b: number) => number,
  summary: SummaryKeyStore | null,
): void {
  const n = positions.length;
  if (n === 0) return;
  for (let s = sorting.length - 1; s >= 0; s--) {
    const sort = sorting[s] as FrameSort;
    const read = readerOf(frames, sort.id, summary);
    let keys: Float64Array | null = null;
    if (typeof read(list.at(positions[0] as number)) === 'number') {
      // Straight into the keys: a Value[] of a million numbers boxed each one.
      keys = new Float64Array(n);
      for (let i = 0; i < n && keys !== null; i++) {
        const v = read(list.at(positions[i] as number));
        if (typeof v === 'number') keys[i] = v;
        else keys = null;
      }
    } else {
      const texts: string[] = new Array(n);
      let i = 0;
      for (; i < n; i++) {
        const v = read(list.at(positions[i] as number));
        if (typeof v !== 'string') break;
        texts[i] = v;
      }
      if (i === n) keys = collatorRanks(texts, collator);
    }
    if (keys === null) {
      positions.sort(compare);
      return;
    }
    const order = radixOrder(keys, sort.desc);
    const sorted = new Int32Array(n);
    for (let k = 0; k < n; k++) sorted[k] = positions[order[k] as number] as number;
    positions.set(sorted);
  }
}

/**
 * The order of the frames in `list` under `sorting` and `filters`, extending `prev` when only
 * ids were appended to the list since it was made.
 *
 * Sorted or filtered by summary, it reads the page's summaries when it holds every one of the
 * list (the first 50,000 frames come with theirs), else the worker's ranks and matches
 * (summary-keys.ts), asking for those it lacks: rows they do not cover yet are left out until
 * they come, and while none has come the table keeps the order it had.
 */
export function orderFrames(
  frames: FrameColumns,
  list: IdList,
  sorting: readonly FrameSort[],
  filters: readonly FrameFilter[],
  prev: FrameOrder | null = null,
): FrameOrder {
  const need = summaryNeed(sorting, filters);
  const keys = need !== null && !frames.hasSummaries(list) ? frames.summaryKeys : null;
  let total = list.length;
  if (need !== null && keys !== null) {
    keys.require(list, { ...need, locale: TABLE_LOCALE });
    total = keys.covered(list, need);
    if (total === 0 && list.length > 0) {
      if (prev !== null && prev.list === list && prev.frames === frames) return { ...prev, waiting: true };
      const others = <T extends { id: string }>(xs: readonly T[]) => xs.filter((x) => x.id !== 'summary');
      return { ...orderFrames(frames, list, others(sorting), others(filters)), waiting: true };
    }
  }
  // the state it was made for; with the worker's keys, also their epoch (summary-keys.ts)
  const key = JSON.stringify([sorting, filters, keys === null ? -1 : keys.epoch]);
  const test = makeTest(frames, filters, keys);
  const compare = makeCompare(frames, list, sorting, keys);
  if (!test && !compare) return { frames, list, positions: null, count: total, seen: total, key };
  const extend = prev != null && prev.list === list && prev.frames === frames && prev.key === key && prev.seen <= total;
  const from = extend ? prev.seen : 0;
  // the new ids that pass the filters
  const fresh = new Int32Array(total - from);
  let n = 0;
  for (let p = from; p < total; p++) if (!test || test(list.at(p))) fresh[n++] = p;
  const added = fresh.subarray(0, n);
  if (compare) sortPositions(added, frames, list, sorting, compare, keys);
  if (n === 0 && extend) return { ...prev, seen: total, waiting: false };
  const old = extend && prev.positions ? prev.positions.subarray(0, prev.count) : new Int32Array(0);
  if (old.length === 0) return { frames, list, positions: added.slice(), count: n, seen: total, key };
  const out = new Int32Array(old.length + n);
  if (!compare) {
    out.set(old);
    out.set(added, old.length);
  } else {
    // Each new row's place among the old ones by galloping then binary search: a batch of a few
    // thousand rows into a million sorted ones costs tens of thousands of comparisons, not a
    // million (one a row, 0.3-0.5 µs each for text through the collator).
    let i = 0;
    let k = 0;
    for (let j = 0; j < n; j++) {
      const a = added[j] as number;
      let lo = i;
      let hi = i;
      let step = 1;
      while (hi < old.length && compare(old[hi] as number, a) <= 0) {
        lo = hi + 1;
        hi = lo + step;
        step *= 2;
      }
      if (hi > old.length) hi = old.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(old[mid] as number, a) <= 0) lo = mid + 1;
        else hi = mid;
      }
      out.set(old.subarray(i, lo), k);
      k += lo - i;
      i = lo;
      out[k++] = a;
    }
    out.set(old.subarray(i), k);
  }
  return { frames, list, positions: out, count: out.length, seen: total, key };
}
