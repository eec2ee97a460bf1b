// Every frame's summary, kept in the decoder worker in the frames table's collation order, so that
// the table sorted or filtered by summary gets a rank (or a match bit) per frame id instead of
// every summary text.
//
// Why: the page sorted by summary by first asking for all of them (the worker made 1.19 M
// summaries of the 200 MB capture in 1.3-2.5 s and their reply's structured clone took 0.6 s),
// then ranked them (collation-ranks.ts, 0.65-0.73 s in Chromium), and did it all again each time
// rows came while it loaded. Here the summaries are made once, on the first request (or, for a big
// capture, as soon as it has loaded: DecodeEngine.prepareSummaries, so that the first sort does not
// wait 4-6 s for them), and only the new frames' (and those of frames whose message completed
// since: a compressed frame then shows its text) on the next ones; the ranks go out as one
// Float64Array, transferred.
//
// Ranks: frames whose summaries are equal under the collator share one; a higher rank is later in
// its order. They are dense and renumbered as frames come, but the order of the frames ranked
// before stays the same unless a summary changed (`reordered`), so the page's sorted rows keep
// their places and only the new ones are placed among them (model/frame-order.ts).
//
// Theory of operation: `sorted` holds the frame ids in the collator's order. New frames, once
// ranks are asked for (a filter alone only keeps their summaries), are ranked among themselves
// (collatorRanks) and merged in by galloping from the last place found, compared with the
// collator; a merged frame starts a new rank unless it equals its neighbour, which only pairs of
// an old and a new frame need the collator to tell. When there are more new frames than old (the
// first request), or a summary changed, everything is ranked again.

import { ROW_PREVIEW } from '../../decoder/index.js';
import { collatorRanks, tableCollator } from '../model/collation-ranks.js';
import { radixOrder } from '../model/sort-positions.js';

/** An answer for the frames table (protocol.ts 'summary-keys'). */
export interface SummaryKeys {
  /** By frame id: the frame's summary's place in the collator's order (equal ones equal). */
  ranks: Float64Array | null;
  /** The text matched (lower case), and by frame id 1 where the summary contains it, case-insensitively. */
  match: string | null;
  matches: Uint8Array | null;
  /** A summary ranked or matched in an earlier answer changed since: orders made with it are stale. */
  reordered: boolean;
}

/** About what a kept summary costs: a string's header, and two bytes a character at most. */
const TEXT_BYTES = 32;

/**
 * What heldBytes counts a frame at most: a summary is a row preview (ROW_PREVIEW.maxChars
 * characters) with a few marks around it (compression, ellipsis), plus 12 bytes of rank and place.
 */
export const FRAME_BYTES_AT_MOST = TEXT_BYTES + 2 * (ROW_PREVIEW.maxChars + 8) + 12;

export class SummaryIndex {
  private locale: string | null = null;
  private collator = tableCollator();
  /** Each frame's summary, by id (ids below `covered`; id 0 is no frame: ''). */
  private texts: string[] = [''];
  /** Frame ids (and 0) in the collator's order, and each one's rank by id. */
  private sorted: Int32Array = new Int32Array(1);
  private rank: Float64Array = new Float64Array(1);
  /**
   * Frames whose summary was kept since the last ranking (ascending), and whether a kept one changed:
   * ranked when ranks are asked for, so a filter alone never ranks.
   */
  private unranked: number[] = [];
  private rankAgain = false;
  /** Frames whose summary may have changed (their message completed) since it was kept. */
  private readonly touched = new Set<number>();
  /** A kept summary changed since the last answer. */
  private changed = false;
  /** The last match asked for, by frame id, up to its length. */
  private lastMatch: { want: string; bits: Uint8Array } | null = null;
  /** About the bytes the kept summaries hold. */
  private textBytes = 0;

  /** About the bytes this index holds (memory-budget.ts): summaries, ranks and order, match bits. */
  get heldBytes(): number {
    return this.textBytes + 12 * this.texts.length + (this.lastMatch?.bits.length ?? 0);
  }

  /** Ids below this have their summary kept. */
  get covered(): number {
    return this.texts.length;
  }

  /** Ids below this were handed out by wanted(): their summaries are kept, or being made. */
  private handedOut = 1;

  /** A frame whose summary may have changed: made again on the next update (if it was made before). */
  touch(id: number): void {
    if (id < this.handedOut) this.touched.add(id);
  }

  /**
   * The ids whose summaries the next update needs, in order: the kept ones touched since, then
   * every frame from `covered` up to `size`.
   */
  wanted(size: number): number[] {
    const ids: number[] = [];
    for (const id of this.touched) if (id < this.covered) ids.push(id);
    this.touched.clear();
    ids.sort((a, b) => a - b);
    for (let id = this.covered; id <= size; id++) ids.push(id);
    this.handedOut = Math.max(this.handedOut, size + 1);
    return ids;
  }

  /** Keeps `texts[i]` as the summary of `ids[i]` (wanted()'s ids), to rank in `locale`'s order. */
  update(locale: string, ids: readonly number[], texts: readonly string[]): void {
    const old = this.covered;
    let again = false;
    if (locale !== this.locale) {
      again = this.locale !== null;
      this.locale = locale;
      this.collator = tableCollator(locale);
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      const text = texts[i] ?? '';
      if (id >= old) {
        this.texts[id] = text;
        this.textBytes += TEXT_BYTES + 2 * text.length;
        this.unranked.push(id);
      } else if (this.texts[id] !== text) {
        this.textBytes += 2 * (text.length - (this.texts[id] as string).length);
        this.texts[id] = text;
        again = true;
      }
    }
    if (again) {
      this.changed = true;
      this.lastMatch = null;
      this.rankAgain = true;
    }
  }

  /** Ranks what update() kept, ahead of an answer (DecodeEngine.prepareSummaries). */
  prepare(): void {
    this.rankNew();
  }

  /** The answer for the frames table: ranks and the match bits, as asked. */
  answer(ranks: boolean, match: string | null): SummaryKeys {
    if (ranks) this.rankNew();
    const out: SummaryKeys = {
      ranks: ranks ? this.rank.slice() : null,
      match,
      matches: match === null ? null : this.matches(match),
      reordered: this.changed,
    };
    this.changed = false;
    return out;
  }

  /**
   * Ranks the summaries kept since the last ranking: all of them again when one changed or when
   * they outnumber the ranked ones, else merged in.
   */
  private rankNew(): void {
    if (this.rankAgain || this.unranked.length >= this.sorted.length) this.rankAll();
    else if (this.unranked.length > 0) this.merge(this.unranked);
    this.unranked = [];
    this.rankAgain = false;
  }

  private rankAll(): void {
    this.rank = collatorRanks(this.texts, this.collator);
    this.sorted = radixOrder(this.rank);
  }

  /** Merges `fresh` (ids past the old ones, ascending) into `sorted` and numbers the ranks again. */
  private merge(fresh: readonly number[]): void {
    const { texts, collator } = this;
    const compare = (a: number, b: number) => {
      const x = texts[a] as string;
      const y = texts[b] as string;
      return x === y ? 0 : collator.compare(x, y);
    };
    const freshRank = collatorRanks(
      fresh.map((id) => texts[id] as string),
      collator,
    );
    const freshOrder = radixOrder(freshRank);
    const old = this.sorted;
    const oldRank = this.rank;
    const n = old.length;
    const merged = new Int32Array(n + fresh.length);
    const rank = new Float64Array(texts.length);
    let r = -1;
    let k = 0;
    // the id placed last, and its rank among its own kind (old or fresh): two neighbours of one
    // kind were neighbours in their own order, whose ranks tell whether they are equal
    let prev = -1;
    let prevOld = false;
    let prevKindRank = 0;
    const place = (id: number, isOld: boolean, kindRank: number) => {
      if (prev < 0 || (prevOld === isOld ? prevKindRank !== kindRank : compare(prev, id) !== 0)) r++;
      rank[id] = r;
      merged[k++] = id;
      prev = id;
      prevOld = isOld;
      prevKindRank = kindRank;
    };
    let i = 0;
    for (let j = 0; j < freshOrder.length; j++) {
      const at = freshOrder[j] as number;
      const f = fresh[at] as number;
      // the old ids at or below f (equal ones in any order: they share a rank): gallop, then a
      // binary search
      let lo = i;
      let hi = i;
      let step = 1;
      while (hi < n && compare(old[hi] as number, f) <= 0) {
        lo = hi + 1;
        hi = lo + step;
        step *= 2;
      }
      if (hi > n) hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(old[mid] as number, f) <= 0) lo = mid + 1;
        else hi = mid;
      }
      for (; i < lo; i++) place(old[i] as number, true, oldRank[old[i] as number] as number);
      place(f, false, freshRank[at] as number);
    }
    for (; i < n; i++) place(old[i] as number, true, oldRank[old[i] as number] as number);
    this.sorted = merged;
    this.rank = rank;
  }

  /** By frame id, 1 where the summary contains `want` (lower case) once lowered; kept for the next rows. */
  private matches(want: string): Uint8Array {
    const n = this.texts.length;
    const last = this.lastMatch;
    const from = last !== null && last.want === want ? last.bits.length : 0;
    const bits = new Uint8Array(n);
    if (from > 0 && last) bits.set(last.bits);
    for (let id = from; id < n; id++) if ((this.texts[id] as string).toLowerCase().includes(want)) bits[id] = 1;
    this.lastMatch = { want, bits };
    return bits.slice();
  }
}
