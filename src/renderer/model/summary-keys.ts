// What the frames table sorts and filters the summary column by when the page does not hold every
// summary (rows past the first 50,000 come without theirs): a rank per frame id, and the frames
// whose summary contains the filter's text, both from the decoder worker (worker/summary-index.ts).
//
// Rules
// - Ranks cover the frame ids below their length; the worker answers for every frame it holds, so
//   an answer covers every row the page had when it asked. Rows that come later are not shown in
//   an order by summary until the next answer covers them. One request at a time, and the next
//   one only after a pause of a few times the last one's round trip (ASK_GAP), so that while a
//   capture loads the worker spends most of its time decoding, not answering.
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

/** The pause before the next request: this many times the last round trip, within these bounds. */
const ASK_GAP = 4;
const MIN_GAP_MS = 250;
const MAX_GAP_MS = 2000;

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
  private gap = MIN_GAP_MS;
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
    const covered = this.covered(list, want);
    if (!this.stale && covered === list.length) return;
    if (this.asking || !this.onWant) return;
    // keys for another need (a new filter text) at once; more of the same after the pause
    if (this.later !== null) {
      if (covered > 0) return;
      clearTimeout(this.later);
      this.later = null;
    }
    const wait = covered === 0 ? 0 : this.askedAt + this.gap - performance.now();
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
    this.gap = Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, ASK_GAP * (performance.now() - this.askedAt)));
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
