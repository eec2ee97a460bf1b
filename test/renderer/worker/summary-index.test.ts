// The frames table sorted or filtered by summary with ranks and matches from the worker
// (worker/summary-index.ts through DecodeEngine.summaryKeysRead, model/summary-keys.ts on the page)
// orders every frame of the test captures as sorting their summaries with the table's collator
// comparator does (ties in list order), and as the page's own sort of the same summaries does:
// asked for while the captures load (new frames merged in, frames whose message completed since
// ranked again), with the page's order extended at each answer, and from scratch at the end.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { tableCollator } from '../../../src/renderer/model/collation-ranks.js';
import {
  type FrameFilter,
  type FrameOrder,
  type FrameSort,
  idAt,
  orderFrames,
  TABLE_LOCALE,
} from '../../../src/renderer/model/frame-order.js';
import { IdList } from '../../../src/renderer/model/message-columns.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';
import { SummaryIndex } from '../../../src/renderer/worker/summary-index.js';
import { allCaptures } from '../../helpers/all-captures.js';
import { frameColumnsOf, serverTextRow } from '../decoded.js';

const collator = tableCollator(TABLE_LOCALE);

/** The frame ids of `list` as the collator comparator orders their texts, ties in list order. */
function byCollator(list: IdList, text: (id: number) => string, desc: boolean): number[] {
  return Array.from({ length: list.length }, (_, p) => p)
    .sort((a, b) => {
      const x = text(list.at(a));
      const y = text(list.at(b));
      const c = x === y ? 0 : collator.compare(x, y);
      return (desc ? -c : c) || a - b;
    })
    .map((p) => list.at(p));
}

const shown = (o: FrameOrder) => Array.from({ length: o.count }, (_, k) => idAt(o, k));

const STATES: [string, FrameSort[], FrameFilter[]][] = [
  ['ascending', [{ id: 'summary', desc: false }], []],
  ['descending', [{ id: 'summary', desc: true }], []],
  [
    'by direction, then summary descending',
    [
      { id: 'direction', desc: false },
      { id: 'summary', desc: true },
    ],
    [],
  ],
  ['filtered by summary text', [], [{ id: 'summary', value: 'E' }]],
];

describe('the frames table by summary, with ranks from the worker', () => {
  it('orders every frame of the test captures as the collator comparator and the page-side sort do', async () => {
    let frames = 0;
    let reordered = 0;
    for (const { file, name } of allCaptures()) {
      const bytes = new Uint8Array(readFileSync(file));
      // no summaries in the batches: the page must ask the worker for every one
      const engine = new DecodeEngine(bytes.length, undefined, true, 0);
      const data = new CaptureData();
      const list = new IdList();
      const orders: (FrameOrder | null)[] = STATES.map(() => null);
      const step = async () => {
        const before = data.frames.size;
        data.apply(engine.takeBatch());
        for (let id = Math.max(1, before); id < data.frames.size; id++) if (data.frames.has(id)) list.push(id);
        const keys = await engine.summaryKeysRead(TABLE_LOCALE, true, 'e');
        if (keys.reordered) reordered++;
        data.frames.summaryKeys.put(keys);
        STATES.forEach(([, sorting, filters], s) => {
          orders[s] = orderFrames(data.frames, list, sorting, filters, orders[s]);
        });
      };
      const piece = Math.max(512, bytes.length >> 3);
      for (let at = 0; at < bytes.length; at += piece) {
        engine.push(bytes.subarray(at, at + piece));
        await step();
      }
      engine.end();
      while (engine.hasPending()) await step();
      await step();
      // the page held no summary: every order above came from the worker's keys
      if (list.length > 0) expect(data.frames.hasSummaries(list), name).toBe(false);
      const ids = Array.from({ length: list.length }, (_, p) => list.at(p));
      const texts = engine.previews(ids, []).frames;
      const textOf = new Map(texts.map((t, p) => [ids[p] as number, t]));
      const text = (id: number) => textOf.get(id) as string;
      // the page-side sort of the same rows (every summary on the page; page row p + 1 is list[p])
      const page = frameColumnsOf(
        ids.map((id, p) => serverTextRow(p, { summary: texts[p], direction: data.frames.row(id)?.direction })),
      );
      const position = new Map(ids.map((id, p) => [id, p]));
      const asPage = (xs: number[]) => xs.map((id) => (position.get(id) as number) + 1);
      for (const [s, [what, sorting, filters]] of STATES.entries()) {
        const extended = orders[s] as FrameOrder;
        const scratch = orderFrames(data.frames, list, sorting, filters);
        if (filters.length > 0)
          expect(shown(scratch), `${name}: ${what}`).toEqual(ids.filter((id) => text(id).toLowerCase().includes('e')));
        else if (sorting.length === 1)
          expect(shown(scratch), `${name}: ${what}`).toEqual(byCollator(list, text, sorting[0]?.desc === true));
        expect(shown(extended), `${name}: ${what}, extended while loading`).toEqual(shown(scratch));
        const pageOrder = orderFrames(page.frames, page.ids, sorting, filters);
        expect(asPage(shown(scratch)), `${name}: ${what}, as the page sorts`).toEqual(shown(pageOrder));
      }
      frames += list.length;
    }
    // 691 frames from this repository's fixtures alone (a clean clone, as CI has it); ../shared's
    // captures add about 400 where present
    expect(frames).toBeGreaterThan(600);
    // compressed messages of several frames: their first frames' summaries change once complete
    expect(reordered).toBeGreaterThan(0);
  });
});

describe('SummaryIndex', () => {
  const ranksOf = (index: SummaryIndex) => Array.from(index.answer(true, null).ranks ?? []);

  it('merges new texts among the ranked ones as ranking them all at once does', () => {
    const texts = ['b2', 'a10', 'A9', 'é', 'e', 'x', '', 'b02', 'z', 'a10', 'E', 'b1', '…', '...'];
    for (let cut = 1; cut < texts.length; cut++) {
      const grown = new SummaryIndex();
      grown.update(TABLE_LOCALE, grown.wanted(cut), texts.slice(0, cut));
      // ranked, so the rest is merged in
      grown.answer(true, null);
      grown.update(TABLE_LOCALE, grown.wanted(texts.length), texts.slice(cut));
      const once = new SummaryIndex();
      once.update(TABLE_LOCALE, once.wanted(texts.length), texts);
      expect(ranksOf(grown), `cut at ${cut}`).toEqual(ranksOf(once));
    }
  });

  it('answers a filter without ranking, and ranks what it kept when ranks are asked for', () => {
    const index = new SummaryIndex();
    index.update(TABLE_LOCALE, index.wanted(3), ['b', 'A', 'c']);
    expect(Array.from(index.answer(false, 'a').matches ?? [])).toEqual([0, 0, 1, 0]);
    index.update(TABLE_LOCALE, index.wanted(4), ['a0']);
    // '' (no frame 0), then A, a0, b, c
    expect(ranksOf(index)).toEqual([0, 3, 1, 4, 2]);
  });

  it('says when a kept summary changed, and ranks it again', () => {
    const index = new SummaryIndex();
    index.update(TABLE_LOCALE, index.wanted(3), ['(compressed, 20 B)', 'b', 'c']);
    expect(index.answer(true, null).reordered).toBe(false);
    index.touch(1);
    index.touch(3);
    const ids = index.wanted(4);
    expect(ids).toEqual([1, 3, 4]);
    index.update(TABLE_LOCALE, ids, ['zz', 'c', 'a']);
    const answer = index.answer(true, 'z');
    expect(answer.reordered).toBe(true);
    // '' (no frame 0), then a, b, c, zz
    expect(Array.from(answer.ranks ?? [])).toEqual([0, 4, 2, 3, 1]);
    expect(Array.from(answer.matches ?? [])).toEqual([0, 1, 0, 0, 0]);
    expect(index.answer(true, null).reordered).toBe(false);
  });
});

describe('DecodeEngine.prepareSummaries', () => {
  const decoded = (bytes: Uint8Array, budget?: number, eager = 0) => {
    const engine = new DecodeEngine(bytes.length, budget, true, eager);
    engine.push(bytes);
    engine.end();
    while (engine.hasPending()) engine.takeBatch();
    return engine;
  };
  const bytes = new Uint8Array(readFileSync('fixtures/shared/01_pyws_text_echo.pcap'));

  it('makes the index once a capture has loaded, and the first ranks come from it in the collator order', async () => {
    const engine = decoded(bytes);
    await expect(engine.prepareSummaries()).resolves.toBeUndefined();
    // made already: not again
    expect(engine.prepareSummaries()).toBeNull();
    const keys = await engine.summaryKeysRead(TABLE_LOCALE, true, null);
    const ranks = keys.ranks as Float64Array;
    const list = new IdList();
    for (let id = 1; id < ranks.length; id++) list.push(id);
    expect(list.length).toBeGreaterThan(5);
    const texts = engine.previews(
      Array.from({ length: list.length }, (_, p) => list.at(p)),
      [],
    ).frames;
    const byRank = Array.from({ length: list.length }, (_, p) => list.at(p)).sort(
      (a, b) => (ranks[a] as number) - (ranks[b] as number) || a - b,
    );
    expect(byRank).toEqual(byCollator(list, (id) => texts[id - 1] as string, false));
  });

  it('makes none when the page holds every summary, or the index would not fit in the memory budget', () => {
    expect(decoded(bytes, undefined, 50_000).prepareSummaries()).toBeNull();
    const held = decoded(bytes).heldBytes();
    expect(decoded(bytes, held + 1).prepareSummaries()).toBeNull();
  });
});
