// Ranks of texts in an Intl.Collator's order (numeric, sensitivity 'base'), exactly as sorting
// them with collator.compare ranks them, without comparing most of them with the collator.
//
// Why: sorting the frames table by summary sorted a million distinct texts with collator.compare
// (20 million calls, 0.3-0.5 µs each: 6-10 s); issue 13's budget is 300 ms. Even checking a
// sorted list costs a call per neighbour pair (0.5 s for a million).
//
// Theory of operation: at base strength the collator compares texts by their sequences of
// primary weights (UTS #10), and with `numeric` a run of ASCII digits weighs as the number it
// spells (leading zeros ignored). For the characters of the model (ALPHABET, and the characters
// the texts hold that it learnt, up to MAX_EXTRAS) this module learns each one's place from the
// collator itself (sorting the one-character texts), turns every text into a string of units (one
// byte a character, a digit run as [digit, count of significant digits, digits…]), and sorts
// those with an MSD radix sort (sortUnits), in which texts that share long prefixes cost little.
// Texts holding any other character are sorted with the collator and placed by binary search
// among the others, compared with the collator too.
//
// The model is checked against the collator before it is used: every text of one and two
// characters of its alphabet, and digit runs among them, sorted by the model must be in the
// collator's order neighbour by neighbour (equal ones equal). That is where expansions (æ, ﬁ,
// Hangul syllables), contractions (Catalan "l·", Thai prevowels) and ignorable characters (marks,
// controls) show: such a character is not learnt, and a locale whose tailoring breaks the ASCII
// model (Czech "ch", Danish "aa") sends every text through the collator.
//
// Measured (bench/README.md, "sorting the frames table by summary"): the 1.19 M frame summaries
// of the 200 MB capture (1.15 M distinct, 62% with characters past ASCII: Cyrillic, Japanese,
// emoji, marks decoded from binary) rank in 0.65 s in Chromium against 3.1 s for the collator
// sort (0.9-1.5 s against 3.2-3.8 s in Node); 5,873 of them still go through the collator (rarer
// characters, past MAX_EXTRAS or not fitting the model).

import { radixOrder } from './sort-positions.js';

/** What the alphabet's characters can be: the preview marks of decoder/format.ts besides ASCII. */
const ALPHABET = (() => {
  const chars: string[] = [];
  for (let c = 0x09; c <= 0x0d; c++) chars.push(String.fromCharCode(c));
  for (let c = 0x20; c <= 0x7e; c++) chars.push(String.fromCharCode(c));
  chars.push('⇲', '⏎', '⇥', '‹', '›', '…');
  return chars;
})();

/** Characters the collator weighs as a few others (checked: compare(c, expansion) === 0). */
const EXPANSIONS: Readonly<Record<string, string>> = { '…': '...' };

/** Longest digit run the model encodes (ICU splits longer runs; such texts go to the collator). */
const MAX_DIGITS = 254;

const SLOW = 0;
const DIGIT = 0xffff;
const EXPANDS = 0xfffe;
/** A high surrogate some astral character of the model starts with (Model.astral). */
const ASTRAL = 0xfffd;

interface Model {
  /** Per UTF-16 unit: its weight (1…), DIGIT, EXPANDS, ASTRAL, or SLOW (not in the model). */
  readonly weight: Uint16Array;
  /** Weights of characters past U+FFFF, by code point. */
  readonly astral: ReadonlyMap<number, number>;
  /** The characters besides ALPHABET, by code point. */
  readonly extras: readonly number[];
  /** The weight every digit run starts with. */
  readonly digitLead: number;
  /** Units of each EXPANDS character. */
  readonly expansion: ReadonlyMap<number, Uint8Array>;
}

/** What was learnt of a collator: its model, and the characters found not to fit one. */
interface Learnt {
  model: Model | null;
  readonly rejected: Set<number>;
  /** Whether texts were scanned for characters to learn (the first ranking). */
  scanned: boolean;
}

const learnt = new WeakMap<Intl.Collator, Learnt>();

/**
 * The frames table's collator: natural order for text ("frame 9" before "frame 10"), like
 * react-table's alphanumeric sort. The page's locale is passed to the decoder worker, which ranks
 * summaries with the same one (worker/summary-index.ts): undefined is each thread's default.
 */
export function tableCollator(locale?: string): Intl.Collator {
  return new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
}

/**
 * Each distinct text's place in the collator's order (texts equal under it share a rank; ranks
 * are 0, 1, 2, … as they come): what sorting the distinct texts with collator.compare and
 * numbering them gives.
 */
export function collatorRanks(values: readonly string[], collator: Intl.Collator): Float64Array {
  // A column of few values (directions, opcodes) ranks its distinct values and maps them back.
  const distinct = new Map<string, number>();
  for (let i = 0; i < values.length && distinct.size <= FEW; i++) distinct.set(values[i] as string, 0);
  if (distinct.size > FEW) return ranksOf(values, collator);
  const keys = [...distinct.keys()];
  const ranks = ranksOf(keys, collator);
  for (let i = 0; i < keys.length; i++) distinct.set(keys[i] as string, ranks[i] as number);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = distinct.get(values[i] as string) as number;
  return out;
}

/** Fewer distinct values than this are ranked once each. */
const FEW = 1024;

function ranksOf(values: readonly string[], collator: Intl.Collator): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const known = learntOf(collator);
  // The first time, the characters to learn are found by a scan: encoding is four times its cost
  // and would be done again with the new weights.
  if (known.model && !known.scanned) {
    known.scanned = true;
    const unknown = unknownTexts(values, known.model);
    if (unknown.length > EXTEND_AT) extend(known, collator, values, unknown);
  }
  let slow: number[] = [];
  let encoded = known.model ? encodeAll(values, known.model, slow) : null;
  // texts the model cannot take: learn the characters they hold, then encode again
  if (encoded && slow.length > EXTEND_AT && extend(known, collator, values, slow)) {
    slow = [];
    encoded = encodeAll(values, known.model as Model, slow);
  }
  if (!encoded) for (let i = 0; i < n; i++) slow.push(i);
  const order = encoded ? encoded.fast : new Int32Array(0);
  const newClass = encoded ? sortUnits(order, encoded) : new Uint8Array(0);
  const slowOrder = sortSlow(values, slow, collator);
  // Merge: each slow text goes after the fast texts it is not below (binary search with the
  // collator); a fast text after a slow one is above it, so only a slow text is compared with
  // the text before it to know whether it starts a class.
  let rank = -1;
  let k = 0;
  let last = '';
  const takeFast = (to: number) => {
    if (k === to) return;
    for (; k < to; k++) {
      if (newClass[k] === 1 || rank < 0) rank++;
      out[order[k] as number] = rank;
    }
    last = values[order[to - 1] as number] as string;
  };
  for (let s = 0; s < slowOrder.length; s++) {
    const j = slowOrder[s] as number;
    const text = values[j] as string;
    let lo = k;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (collator.compare(values[order[mid] as number] as string, text) <= 0) lo = mid + 1;
      else hi = mid;
    }
    takeFast(lo);
    if (rank < 0 || (last !== text && collator.compare(last, text) !== 0)) rank++;
    out[j] = rank;
    last = text;
  }
  takeFast(order.length);
  return out;
}

/** The slow texts' indices sorted by the collator (stable). */
function sortSlow(values: readonly string[], slow: number[], collator: Intl.Collator): Int32Array {
  slow.sort((a, b) => {
    const x = values[a] as string;
    const y = values[b] as string;
    return (x === y ? 0 : collator.compare(x, y)) || a - b;
  });
  return Int32Array.from(slow);
}

interface Encoded {
  /** The indices of the texts encoded, ascending. */
  readonly fast: Int32Array;
  readonly units: Uint8Array;
  /** Units of values[i] are units[span[2i]] up to units[span[2i + 1]] (exclusive). */
  readonly span: Int32Array;
}

/** Every text's units; the indices of texts the model cannot encode are pushed to `slow`. */
function encodeAll(values: readonly string[], model: Model, slow: number[]): Encoded {
  const n = values.length;
  const span = new Int32Array(2 * n);
  const fast = new Int32Array(n);
  let fastCount = 0;
  let total = 0;
  for (let i = 0; i < n; i++) total += (values[i] as string).length;
  // one unit a character mostly; more only for expansions and digit runs (grown then)
  let units = new Uint8Array(total + (total >>> 2) + 16);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const text = values[i] as string;
    // at most 3 units a character ('…'), and a digit run adds 2 to at least 1
    if (at + 3 * text.length + 3 > units.length) {
      const grown = new Uint8Array(Math.max(units.length * 2, at + 3 * text.length + 3));
      grown.set(units.subarray(0, at));
      units = grown;
    }
    const to = encodeText(text, model.weight, model, units, at);
    if (to >= 0) {
      span[2 * i] = at;
      span[2 * i + 1] = to;
      at = to;
      fast[fastCount++] = i;
    } else slow.push(i);
  }
  return { fast: fast.subarray(0, fastCount), units, span };
}

/** Writes text's units at `at`; returns where they end, or -1 for a text the model cannot encode. */
function encodeText(text: string, weight: Uint16Array, model: Model, units: Uint8Array, at: number): number {
  const len = text.length;
  for (let p = 0; p < len; p++) {
    const w = weight[text.charCodeAt(p)] as number;
    if (w < ASTRAL) {
      if (w === SLOW) return -1;
      units[at++] = w;
      continue;
    }
    if (w === EXPANDS) {
      const e = model.expansion.get(text.charCodeAt(p)) as Uint8Array;
      units.set(e, at);
      at += e.length;
      continue;
    }
    if (w === ASTRAL) {
      const a = model.astral.get(text.codePointAt(p) as number);
      if (a === undefined) return -1;
      units[at++] = a;
      p++;
      continue;
    }
    // a digit run, read once: [lead, count, digits…], leading zeros weighing nothing (a run of
    // zeros is the number 0)
    units[at++] = model.digitLead;
    const countAt = at++;
    let count = 0;
    let q = p;
    for (; q < len; q++) {
      const d = text.charCodeAt(q);
      if (d < 0x30 || d > 0x39) break;
      if (count === 0 && d === 0x30) continue;
      units[at++] = d - 0x2f;
      count++;
    }
    if (count === 0) units[at++] = 1;
    if (count > MAX_DIGITS) return -1;
    units[countAt] = count || 1;
    p = q - 1;
  }
  return at;
}

/** Small ranges are insertion-sorted; mid-sized ones sorted by key with a comparator. */
const SMALL = 16;
const MID = 2048;

/** Units read at once: six bytes make an integer a double holds exactly. */
const KEY_UNITS = 6;

/** Units depth to depth + 5 of text i as one number in their order, 0 bytes past its end. */
function keyAt(enc: Encoded, i: number, depth: number): number {
  const p = (enc.span[2 * i] as number) + depth;
  const e = enc.span[2 * i + 1] as number;
  const u = enc.units;
  if (p + KEY_UNITS <= e) {
    // the common case, unrolled: 2^40 a + 2^32 b + … + f
    const high = ((u[p] as number) << 16) | ((u[p + 1] as number) << 8) | (u[p + 2] as number);
    const low = ((u[p + 3] as number) << 16) | ((u[p + 4] as number) << 8) | (u[p + 5] as number);
    return high * 0x1000000 + low;
  }
  let key = 0;
  for (let k = 0; k < KEY_UNITS; k++) key = key * 256 + (p + k < e ? (u[p + k] as number) : 0);
  return key;
}

/**
 * Sorts `order` (indices of encoded texts) by their units and returns for each sorted place
 * whether its text differs from the one before (1) or equals it (0). Equal texts may come in any
 * order: only their ranks are wanted.
 *
 * An MSD radix sort six units a digit: each range of texts equal so far gets the next six units
 * of each text read once into an array (the only scattered reads), sorted by them, and split into
 * ranges of equal keys. Texts sharing long prefixes (a million summaries of a few templates) cost
 * one pass a six units of prefix.
 */
function sortUnits(order: Int32Array, enc: Encoded): Uint8Array {
  const n = order.length;
  const newClass = new Uint8Array(n).fill(1);
  const keys = new Float64Array(n);
  // ranges still to sort, and the depth up to which their texts are known equal
  const stack: number[] = [0, n, 0];
  while (stack.length > 0) {
    let depth = stack.pop() as number;
    const hi = stack.pop() as number;
    const lo = stack.pop() as number;
    if (hi - lo <= SMALL) {
      insertionSort(order, lo, hi, depth, enc, newClass);
      continue;
    }
    // read the keys, going deeper while the whole range shares them
    let same = true;
    for (;;) {
      const first = keyAt(enc, order[lo] as number, depth);
      keys[lo] = first;
      same = true;
      for (let p = lo + 1; p < hi; p++) {
        const key = keyAt(enc, order[p] as number, depth);
        keys[p] = key;
        if (key !== first) same = false;
      }
      if (!same || first % 256 === 0) break;
      depth += KEY_UNITS;
    }
    if (same) {
      // the texts all ended within these units (no unit is 0): all equal
      for (let p = lo + 1; p < hi; p++) newClass[p] = 0;
      continue;
    }
    sortByKeys(order, keys, lo, hi);
    for (let from = lo; from < hi; ) {
      const key = keys[from] as number;
      let to = from + 1;
      while (to < hi && keys[to] === key) to++;
      if (to - from > 1) {
        if (key % 256 === 0) for (let p = from + 1; p < to; p++) newClass[p] = 0;
        else stack.push(from, to, depth + KEY_UNITS);
      }
      from = to;
    }
  }
  return newClass;
}

/** Sorts order[lo, hi) and keys[lo, hi) together by the keys. */
function sortByKeys(order: Int32Array, keys: Float64Array, lo: number, hi: number): void {
  const m = hi - lo;
  let byKey: Int32Array;
  if (m > MID) byKey = radixOrder(keys.subarray(lo, hi));
  else {
    byKey = new Int32Array(m);
    for (let p = 0; p < m; p++) byKey[p] = p;
    byKey.sort((a, b) => (keys[lo + a] as number) - (keys[lo + b] as number));
  }
  const o = order.slice(lo, hi);
  const k = keys.slice(lo, hi);
  for (let p = 0; p < m; p++) {
    const from = byKey[p] as number;
    order[lo + p] = o[from] as number;
    keys[lo + p] = k[from] as number;
  }
}

/** Compares two encoded texts from `depth` on (their units before it are equal). */
function compareFrom(i: number, j: number, depth: number, enc: Encoded): number {
  const { units, span } = enc;
  let p = (span[2 * i] as number) + depth;
  let q = (span[2 * j] as number) + depth;
  const pe = span[2 * i + 1] as number;
  const qe = span[2 * j + 1] as number;
  while (p < pe && q < qe) {
    const d = (units[p++] as number) - (units[q++] as number);
    if (d !== 0) return d;
  }
  return pe - p - (qe - q);
}

function insertionSort(order: Int32Array, lo: number, hi: number, depth: number, enc: Encoded, newClass: Uint8Array) {
  for (let p = lo + 1; p < hi; p++) {
    const i = order[p] as number;
    let q = p - 1;
    while (q >= lo) {
      const j = order[q] as number;
      if (compareFrom(j, i, depth, enc) <= 0) break;
      order[q + 1] = j;
      q--;
    }
    order[q + 1] = i;
  }
  for (let p = lo + 1; p < hi; p++)
    if (compareFrom(order[p - 1] as number, order[p] as number, depth, enc) === 0) newClass[p] = 0;
}

function learntOf(collator: Intl.Collator): Learnt {
  let known = learnt.get(collator);
  if (!known) {
    const options = collator.resolvedOptions();
    const fits = options.numeric && options.sensitivity === 'base' && !options.ignorePunctuation;
    const model = fits ? build(collator, []) : null;
    known = {
      model: model && agrees(model, collator, probes(model)) === null ? model : null,
      rejected: new Set(),
      scanned: false,
    };
    learnt.set(collator, known);
  }
  return known;
}

/** More slow texts than this make the model learn the characters they hold. */
const EXTEND_AT = 64;

/** Characters besides ALPHABET a model takes at most (its weights must fit in a byte). */
const MAX_EXTRAS = 140;

/**
 * Adds to the model the characters of the slow texts it has not judged yet, the most frequent
 * first, each kept only when the model with it orders every text of one and two characters of the
 * whole alphabet as the collator does. Returns whether the model changed.
 */
function extend(known: Learnt, collator: Intl.Collator, values: readonly string[], slow: readonly number[]): boolean {
  const model = known.model as Model;
  const counts = new Map<number, number>();
  for (const i of slow) {
    const text = values[i] as string;
    for (let p = 0; p < text.length; p++) {
      const c = text.codePointAt(p) as number;
      if (c > 0xffff) p++;
      if (c <= 0xffff ? model.weight[c] !== SLOW : model.astral.has(c)) continue;
      // half of a pair cut by a preview's length: not a character
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (!known.rejected.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  const fresh = [...counts.keys()].sort((a, b) => (counts.get(b) as number) - (counts.get(a) as number));
  const room = MAX_EXTRAS - model.extras.length;
  for (const c of fresh.slice(Math.max(0, room))) known.rejected.add(c);
  const all = build(collator, [...model.extras, ...fresh.slice(0, Math.max(0, room))]);
  if (!all) return false;
  // each on its own with ALPHABET (ignorable marks, expansions, contractions with ASCII), then all
  // together; a pair that fails then drops its new characters and the rest are tried again
  let trying = fresh.slice(0, Math.max(0, room)).filter((c) => {
    const fits = agrees(all, collator, probesOf(String.fromCodePoint(c))) === null;
    if (!fits) known.rejected.add(c);
    return fits;
  });
  for (let round = 0; round < 8 && trying.length > 0; round++) {
    const next = build(collator, [...model.extras, ...trying]);
    if (!next) break;
    const failed = agrees(next, collator, probes(next));
    if (failed === null) {
      known.model = next;
      return true;
    }
    const culprits = new Set<number>();
    for (const text of failed)
      for (const ch of text)
        if (trying.includes(ch.codePointAt(0) as number)) culprits.add(ch.codePointAt(0) as number);
    if (culprits.size === 0) break;
    for (const c of culprits) known.rejected.add(c);
    trying = trying.filter((c) => !culprits.has(c));
  }
  for (const c of trying) known.rejected.add(c);
  return false;
}

/** The texts one new character is first checked on: with each character of ALPHABET. */
function probesOf(c: string): string[] {
  const out = ['', c, c + c, ...ALPHABET];
  for (const a of ALPHABET) out.push(a + c, c + a);
  return out;
}

/** Indices of the texts holding a character the model does not know. */
function unknownTexts(values: readonly string[], model: Model): number[] {
  const out: number[] = [];
  const { weight, astral } = model;
  for (let i = 0; i < values.length; i++) {
    const text = values[i] as string;
    for (let p = 0; p < text.length; p++) {
      const w = weight[text.charCodeAt(p)] as number;
      if (w === ASTRAL && astral.has(text.codePointAt(p) as number)) p++;
      else if (w === SLOW || w === ASTRAL) {
        out.push(i);
        break;
      }
    }
  }
  return out;
}

/** Base characters of the model: ALPHABET less the digits (numbers) and the expansions. */
const SINGLES = ALPHABET.filter((c) => !(c in EXPANSIONS) && !(c >= '1' && c <= '9'));

/**
 * The model of ALPHABET and `extras` (code points) under this collator: weights from its order of
 * the one-character texts; null when they do not fit in a byte or digits do not sort together.
 */
function build(collator: Intl.Collator, extras: readonly number[]): Model | null {
  const weight = new Uint16Array(0x10000);
  const astral = new Map<number, number>();
  const singles = [...SINGLES, ...extras.map((c) => String.fromCodePoint(c))];
  singles.sort((a, b) => collator.compare(a, b));
  // weights 1…; '0' stands for every digit run's first unit
  let w = 0;
  let digitLead = 0;
  for (let k = 0; k < singles.length; k++) {
    const c = singles[k] as string;
    if (k === 0 || collator.compare(singles[k - 1] as string, c) !== 0) w++;
    const code = c.codePointAt(0) as number;
    if (c === '0') digitLead = w;
    else if (code > 0xffff) {
      astral.set(code, w);
      weight[c.charCodeAt(0)] = ASTRAL;
    } else weight[code] = w;
  }
  if (w >= 0xff || digitLead === 0) return null;
  for (let c = 0x30; c <= 0x39; c++) weight[c] = DIGIT;
  const expansion = new Map<number, Uint8Array>();
  for (const [c, e] of Object.entries(EXPANSIONS)) {
    if (collator.compare(c, e) !== 0) continue;
    expansion.set(
      c.charCodeAt(0),
      Uint8Array.from(e, (x) => weight[x.charCodeAt(0)] as number),
    );
    weight[c.charCodeAt(0)] = EXPANDS;
  }
  return { weight, astral, extras, digitLead, expansion };
}

/** Texts the model must order as the collator does before it is trusted. */
function probes(model: Model): string[] {
  const alphabet = [...ALPHABET, ...model.extras.map((c) => String.fromCodePoint(c))];
  const out: string[] = [''];
  for (const a of alphabet) {
    out.push(a);
    for (const b of alphabet) out.push(a + b);
  }
  for (const n of ['0', '00', '1', '01', '007', '9', '10', '099', '100', '12345678901234567890'])
    for (const a of ['', 'a', 'Z', '.', ' ', '…', '-'])
      for (const b of ['', 'a', '0', '.', '_', '9x']) out.push(a + n + b, n + a + b);
  return out;
}

/**
 * Whether the model sorts `texts` exactly as the collator does, equal ones equal: null when it
 * does, else two neighbours it orders otherwise.
 */
function agrees(model: Model, collator: Intl.Collator, texts: readonly string[]): [string, string] | null {
  const slow: number[] = [];
  const enc = encodeAll(texts, model, slow);
  if (slow.length > 0) return [texts[slow[0] as number] as string, ''];
  const order = enc.fast;
  const newClass = sortUnits(order, enc);
  for (let k = 1; k < order.length; k++) {
    const a = texts[order[k - 1] as number] as string;
    const b = texts[order[k] as number] as string;
    const c = collator.compare(a, b);
    if (newClass[k] === 1 ? c >= 0 : c !== 0) return [a, b];
  }
  return null;
}
