// collatorRanks ranks texts exactly as sorting them with the collator does: the oracle below sorts
// the distinct texts with collator.compare itself and numbers them (equal under it, one rank).
// Texts: every frame summary of every capture the decoder tests run over, the bench's JSON
// summaries, and random and adversarial ones (case, digit runs with leading zeros and past 254
// digits, punctuation, whitespace and control characters, the preview marks, accents, contractions
// such as "l·", emoji, texts equal under the collator but not as strings); and collators whose
// locale the fast model does not fit (contractions), which must fall back to the collator.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collatorRanks } from '../../../src/renderer/model/collation-ranks.js';
import { type FrameSort, orderFrames } from '../../../src/renderer/model/frame-order.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';
import type { FrameRow } from '../../../src/renderer/worker/row-schema.js';
import { allCaptures } from '../../helpers/all-captures.js';
import { mulberry32 } from '../../helpers/rng.js';
import { frameColumnsOf, serverTextRow } from '../decoded.js';

/** The frames table's collator (frame-order.ts). */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function oracle(values: readonly string[], c: Intl.Collator): number[] {
  const distinct = [...new Set(values)].sort((a, b) => c.compare(a, b));
  const rank = new Map<string, number>();
  let r = -1;
  distinct.forEach((v, i) => {
    if (i === 0 || c.compare(distinct[i - 1] as string, v) !== 0) r++;
    rank.set(v, r);
  });
  return values.map((v) => rank.get(v) as number);
}

function summariesOf(bytes: Uint8Array): string[] {
  const engine = new DecodeEngine(bytes.length);
  for (let at = 0; at < bytes.length; at += 1 << 16) engine.push(bytes.subarray(at, at + (1 << 16)));
  engine.end();
  let count = 0;
  while (engine.hasPending()) count += engine.takeBatch().frames?.count ?? 0;
  const ids = Array.from({ length: count + 10 }, (_, i) => i + 1);
  return engine.previews(ids, []).frames;
}

const random = mulberry32(11);
// Not among the pieces: '½' and other-script digits ('٣'). With `numeric`, ICU's comparisons of
// texts mixing them with ASCII digit runs are not transitive ("x91" > "x10½" yet "x10½" > "x91"
// by the other call), so no order is "the collator's" there and a sort's result depends on its
// algorithm.
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const PIECES = [
  'a',
  'A',
  'b',
  'Z',
  'z',
  'é',
  'E',
  'ß',
  'ss',
  'l',
  'L',
  '·',
  '…',
  '...',
  '.',
  '⇲ ',
  '⏎',
  '⇥',
  '‹U+202E›',
  ' ',
  '\t',
  '\n',
  '\u0001',
  '\u007f',
  '-',
  '_',
  ',',
  ';',
  ':',
  '!',
  '?',
  '"',
  "'",
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '@',
  '*',
  '/',
  '\\',
  '&',
  '#',
  '%',
  '`',
  '^',
  '+',
  '<',
  '=',
  '>',
  '|',
  '~',
  '$',
  '0',
  '00',
  '007',
  '1',
  '01',
  '9',
  '10',
  '99',
  '100',
  '4294967296',
  '12345678901234567890',
  '😀',
  'ch',
  'aa',
  'Ω',
  'привет',
  'Привет',
  'こんにちは',
  '🚀',
  '🙂',
  'café',
  'naïve',
  '€',
  '✓',
  'a\u0301',
  '\uD83D',
  '\uDE80',
  'æ',
  'ﬁ',
  'ı',
  '가',
  '각',
  '中',
  'ก',
  'เก',
  '\uFFFD',
  'text',
  'Text',
  'frame ',
  '00 ff 1a',
  '(empty)',
  '1000 "bye"',
];
function randomText(): string {
  let s = '';
  const n = Math.floor(random() * 8);
  for (let k = 0; k < n; k++) s += pick(PIECES);
  return s;
}

describe('collatorRanks', () => {
  it('ranks every frame summary of the test captures as the collator does', () => {
    const summaries: string[] = [];
    for (const { file } of allCaptures()) summaries.push(...summariesOf(new Uint8Array(readFileSync(file))));
    // about 1,100 from this repository's fixtures; ../shared's captures add more where present
    expect(summaries.length).toBeGreaterThan(1000);
    expect(Array.from(collatorRanks(summaries, collator))).toEqual(oracle(summaries, collator));
  });

  it('ranks random and adversarial texts as the collator does', () => {
    for (const n of [0, 1, 2, 30, 20_000]) {
      const texts = Array.from({ length: n }, randomText);
      expect(Array.from(collatorRanks(texts, collator))).toEqual(oracle(texts, collator));
    }
  });

  it('gives texts equal under the collator one rank, and numbers their order', () => {
    const texts = ['a1', 'A01', 'a001', 'a0', 'a', '…', '...', 'x9', 'x10', 'X09', 'l·a', 'la', 'b', 'é', 'E'];
    expect(Array.from(collatorRanks(texts, collator))).toEqual([3, 3, 3, 2, 1, 0, 0, 7, 8, 7, 6, 6, 4, 5, 5]);
    expect(Array.from(collatorRanks(texts, collator))).toEqual(oracle(texts, collator));
  });

  it('learns the characters of a first ranking, and of a later one with others', () => {
    // a fresh collator: its first ranking scans the texts for characters to learn, a later one
    // learns those it meets after encoding
    const fresh = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const first = Array.from({ length: 5000 }, () => `${pick(['привет', 'Привет', 'café', '🚀'])}${randomText()}`);
    expect(Array.from(collatorRanks(first, fresh))).toEqual(oracle(first, fresh));
    const later = Array.from({ length: 5000 }, () => `${pick(['こんにちは', 'naïve', 'Ωmega', 'ж'])}${randomText()}`);
    expect(Array.from(collatorRanks(later, fresh))).toEqual(oracle(later, fresh));
  });

  it('ranks long digit runs, over 254 digits, as the collator does', () => {
    const texts = ['9'.repeat(300), `${'9'.repeat(254)}8`, '1'.repeat(254), `0${'1'.repeat(254)}`, '2', 'a'];
    expect(Array.from(collatorRanks(texts, collator))).toEqual(oracle(texts, collator));
  });

  it('ranks the bench’s JSON summaries as the collator does', () => {
    const texts = Array.from(
      { length: 30_000 },
      () => `{"type":"${pick(['chat', 'presence', 'Typing'])}","seq":${Math.floor(random() * 50_000)}}`,
    );
    expect(Array.from(collatorRanks(texts, collator))).toEqual(oracle(texts, collator));
  });

  it('falls back to the collator in locales with contractions and other options', () => {
    const texts = Array.from({ length: 3000 }, () =>
      pick(['ch', 'h', 'c', 'cz', 'aa', 'z', 'å', 'hz', 'Ch', 'd', 'ly', 'l', 'ž', 'x10', 'x9', 'cs', 'dzs']).concat(
        randomText(),
      ),
    );
    for (const c of [
      new Intl.Collator('cs', { numeric: true, sensitivity: 'base' }),
      new Intl.Collator('da', { numeric: true, sensitivity: 'base' }),
      new Intl.Collator('hu', { numeric: true, sensitivity: 'base' }),
      new Intl.Collator('lt', { numeric: true, sensitivity: 'base' }),
      new Intl.Collator('en', { numeric: false, sensitivity: 'base' }),
      new Intl.Collator('en', { numeric: true, sensitivity: 'accent' }),
      new Intl.Collator('en', { numeric: true, sensitivity: 'base', ignorePunctuation: true }),
    ])
      expect(Array.from(collatorRanks(texts, c))).toEqual(oracle(texts, c));
  });
});

describe('orderFrames by summary', () => {
  it('sorts adversarial summaries as the collator comparator does, both ways, ties in list order', () => {
    const rows: FrameRow[] = Array.from({ length: 4000 }, (_, i) =>
      // few distinct texts: many ties
      serverTextRow(i, {
        summary: random() < 0.5 ? pick(['a1', 'A01', '…', '...', 'x', 'X', 'é', 'e']) : randomText(),
      }),
    );
    const { frames, ids } = frameColumnsOf(rows);
    for (const desc of [false, true]) {
      const sorting: FrameSort[] = [{ id: 'summary', desc }];
      const want = Array.from({ length: ids.length }, (_, p) => p)
        .sort((a, b) => {
          const x = rows[ids.at(a) - 1]?.summary as string;
          const y = rows[ids.at(b) - 1]?.summary as string;
          const c = x === y ? 0 : collator.compare(x, y);
          return (desc ? -c : c) || a - b;
        })
        .map((p) => ids.at(p));
      const o = orderFrames(frames, ids, sorting, []);
      expect(Array.from(o.positions ?? [], (p) => ids.at(p))).toEqual(want);
    }
  });
});
