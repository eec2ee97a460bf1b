// The rows of a display filter's or a search's result that the page holds, in the result's order
// (and, for frames, how many connections they span): the frames table's rows when a filter or a
// search is on (App.tsx FramesPane), the messages table's under a search (MessagesPane).
//
// Why a cache: a table's selector runs at every version of the capture's data the controller
// publishes, and one is published also when only preview texts arrived, which every scroll step
// of a big table asks for. Rebuilding a million-row list and its connection count there made each
// step of scrolling a filtered million-frame table a 40-120 ms task, and a new list made a sorted
// table sort itself again from scratch (frame-order.ts extends an order only for the same list).
// The rows depend only on the ids asked for and on which rows are held, so they are made again
// only when one of those changed.

import { IdList } from './message-columns.js';

/** FrameColumns or MessageColumns. */
export interface HeldRows {
  /** Changes whenever `has` may answer differently. */
  readonly held: number;
  has(id: number): boolean;
}

export interface HeldIds {
  ids: IdList;
  /** How many connections the ids span (when asked for). */
  connCount: number;
}

export class HeldIdsCache {
  private key: { rows: HeldRows; source: ArrayLike<number>; only: unknown; held: number; counted: boolean } | null =
    null;
  private value: HeldIds | null = null;

  /**
   * The ids of `source` held in `rows`, kept only if `only` has them when it is given (`only` is
   * compared by identity: a new set whenever its contents change). `connectionOf`: count the
   * connections the ids span (asked without it, connCount is 0).
   */
  of(
    rows: HeldRows,
    source: ArrayLike<number>,
    only: ReadonlySet<number> | null = null,
    connectionOf: ((id: number) => number) | null = null,
  ): HeldIds {
    const k = this.key;
    const counted = connectionOf !== null;
    if (
      k &&
      this.value &&
      k.rows === rows &&
      k.source === source &&
      k.only === only &&
      k.held === rows.held &&
      k.counted === counted
    ) {
      return this.value;
    }
    const ids = new IdList();
    const seen = new Set<number>();
    for (let i = 0; i < source.length; i++) {
      const id = source[i] as number;
      if (!rows.has(id) || (only && !only.has(id))) continue;
      ids.push(id);
      if (connectionOf) seen.add(connectionOf(id));
    }
    this.key = { rows, source, only, held: rows.held, counted };
    this.value = { ids, connCount: seen.size };
    return this.value;
  }
}
