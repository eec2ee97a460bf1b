// What the frames table sorts and filters the summary column by when the page does not hold every
// summary (rows past the first 50,000 come without theirs): a rank per frame id, and the frames
// whose summary contains the filter's text, both from the decoder worker (worker/summary-index.ts).
//
// Rules
// - Ranks cover the frame ids below their length; the worker answers for every frame it holds, so
//   an answer covers every row the page had when it asked. Rows that come later are not shown in
//   an order by summary until the next answer covers them (one request at a time, at most every
//   ASK_GAP_MS, so a loading capture does not keep the worker busy answering).
// - Ranks of the frames ranked before keep their order from one answer to the next unless the
//   worker says `reordered` (a summary changed: a compressed frame's message completed); then, and
//   for the first answer, `epoch` is bumped, which makes frame-order.ts order everything again.
//   Otherwise it only places the new rows.
// - A row sent again (its message completed) may have another summary: the next order asks again.

import type { SummaryKeys } from '../worker/summary-index.js';

/** What an order needs of the summary column: ranks (a sort), matches of a text (a filter). */
export interface SummaryNeed {
  ranks: boolean;
  /** The filter's text, lower case; null: no filter on the summary. */
  match: string | null;
}

/** A request to the worker: the need, in the page's collation locale. */
export interface SummaryWant extends SummaryNeed {
  locale: string;
}

const ASK_GAP_MS = 250;

export class SummaryKeyStore {
  /** Ranks by frame id (the frames below its length), from the worker. */
  ranks: Float64Array | null = null;
  /** Frames whose summary contains `match.want`, by frame id. */
  match: { want: string; bits: Uint8Array } | null = null;
  /** Bumped when orders made with the keys before are out of date (see the rules). */
  epoch = 0;
  /** Asks the worker (the controller sets it); put() takes its answer. */
  onWant: ((want: SummaryWant) => void) | null = null;
  private asking = false;
  private stale = false;
  private askedAt = Number.NEGATIVE_INFINITY;
  private later: ReturnType<typeof setTimeout> | null = null;

  /** How many ids of `list`, from its first, the keys cover for `need` (0: none yet). */
  covered(list: { length: number; at(i: number): number }, need: SummaryNeed): number {
    let limit = Number.POSITIVE_INFINITY;
    if (need.ranks) limit = this.ranks?.length ?? 0;
    if (need.match !== null) limit = Math.min(limit, this.match?.want === need.match ? this.match.bits.length : 0);
    let p = 0;
    while (p < list.length && list.at(p) < limit) p++;
    return p;
  }

  /** Asks for keys when `list` holds ids they do not cover, or rows came again since. */
  require(list: { length: number; at(i: number): number }, want: SummaryWant): void {
    if (!this.stale && this.covered(list, want) === list.length) return;
    if (this.asking || this.later !== null || !this.onWant) return;
    const wait = this.askedAt + ASK_GAP_MS - performance.now();
    const ask = () => {
      this.later = null;
      this.asking = true;
      this.stale = false;
      this.askedAt = performance.now();
      this.onWant?.(want);
    };
    if (wait > 0) this.later = setTimeout(ask, wait);
    else ask();
  }

  /** The worker's answer (null: none came, the worker is gone). */
  put(keys: SummaryKeys | null): void {
    this.asking = false;
    if (!keys) return;
    const first = (keys.ranks !== null && this.ranks === null) || (keys.matches !== null && this.match === null);
    if (keys.ranks) this.ranks = keys.ranks;
    if (keys.matches && keys.match !== null) this.match = { want: keys.match, bits: keys.matches };
    if (first || keys.reordered) this.epoch++;
  }

  /** A row came again: its summary may have changed. */
  resent(id: number): void {
    if ((this.ranks && id < this.ranks.length) || (this.match && id < this.match.bits.length)) this.stale = true;
  }
}
