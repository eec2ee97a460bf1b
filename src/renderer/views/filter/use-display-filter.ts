// The display filter for any view: the frames table, the connections list and the messages view
// (views/messages, helper 4) read what the filter bar applied through this hook.
//
//   const filter = useDisplayFilter();
//   if (filter.active) rows = rows.filter((id) => filter.messages.has(id));

import { useMemo, useSyncExternalStore } from 'react';
import type { FilterResult } from '../../worker/protocol.js';
import { type FilterState, filterStore } from './filter-store.js';

/** Ids as a membership test (typed arrays from the worker, sorted). */
export class IdSet {
  constructor(readonly ids: Int32Array | readonly number[]) {}
  get size(): number {
    return this.ids.length;
  }
  /** Binary search: the ids are ascending. */
  has(id: number): boolean {
    const a = this.ids;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] === id) return true;
      if (a[mid] < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

export interface DisplayFilter {
  /** A filter is applied and its result is known. */
  active: boolean;
  source: string;
  frames: IdSet;
  messages: IdSet;
  connections: IdSet;
  result: FilterResult | null;
}

const NONE = new IdSet([]);

export function useFilterState<T>(select: (s: FilterState) => T): T {
  return useSyncExternalStore(filterStore.subscribe, () => select(filterStore.getState()));
}

export function useDisplayFilter(): DisplayFilter {
  const result = useFilterState((s) => (s.applied ? s.result : null));
  return useMemo(
    () =>
      result && !result.error
        ? {
            active: true,
            source: result.source,
            frames: new IdSet(result.frameIds),
            messages: new IdSet(result.messageIds),
            connections: new IdSet(result.connectionIds),
            result,
          }
        : { active: false, source: '', frames: NONE, messages: NONE, connections: NONE, result: null },
    [result],
  );
}
