// Ranks of texts in an Intl.Collator's order (numeric, sensitivity 'base'), exactly as sorting
// them with collator.compare ranks them, without comparing most of them with the collator.
//
// Why: sorting the frames table by summary sorted a million distinct texts with collator.compare
// (20 million calls, 0.3-0.5 µs each: 6-10 s); issue 13's budget is 300 ms. Even checking a
// sorted list costs a call per neighbour pair (0.5 s for a million).
//
// Theory of operation: at base strength the collator compares texts by their sequences of
// primary weights (UTS #10), and with `numeric` a run of ASCII digits weighs as the number it
// spells (leading zeros ignored). For the characters in ALPHABET this module learns each one's
// place from the collator itself (sorting the one-character texts), turns every text into a
// string of units (one byte a character, a digit run as [digit, count of significant digits,
// digits…]), and sorts those with a multikey quicksort (Bentley & Sedgewick), in which texts that
// share long prefixes cost little. Texts holding any other character (accented letters, emoji,
// control characters, which the collator may expand, contract or ignore) are sorted with the
// collator and placed by binary search among the others, compared with the collator too.
//
// The model is checked against the collator before it is used: every text of one and two
// characters of the alphabet, and digit runs among them, sorted by the model must be in the
// collator's order neighbour by neighbour (equal ones equal). A locale whose tailoring breaks it
// (a contraction such as Czech "ch", Danish "aa") fails the check, and then every text goes
// through the collator.

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

import { radixOrder } from './sort-positions.js';

const SLOW = 0;
const DIGIT = 0xffff;
const EXPANDS = 0xfffe;

interface Model {
  /** Per UTF-16 unit: its weight (1…), DIGIT, EXPANDS, or SLOW (not in the model). */
  readonly weight: Uint16Array;
  /** The weight every digit run starts with. */
  readonly digitLead: number;
  /** Units of each EXPANDS character. */
  readonly expansion: ReadonlyMap<number, Uint8Array>;
}

const models = new WeakMap<Intl.Collator, Model | null>();

/**
 * Each distinct text's place in the collator's order (texts equal under it share a rank; ranks
 * are 0, 1, 2, … as they come): what sorting the distinct texts with collator.compare and
 * numbering them gives.
 */
export function collatorRanks(values: readonly string[], collator: Intl.Collator): Float64Array {
  const model = modelFor(collator);
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const slow: number[] = [];
  const encoded = model ? encodeAll(values, model, slow) : null;
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
    const to = encodeText(text, model, units, at);
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
function encodeText(text: string, model: Model, units: Uint8Array, at: number): number {
  const { weight, digitLead } = model;
  const len = text.length;
  for (let p = 0; p < len; p++) {
    const w = weight[text.charCodeAt(p)] as number;
    if (w < EXPANDS) {
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
    let q = p + 1;
    while (q < len && weight[text.charCodeAt(q)] === DIGIT) q++;
    // leading zeros weigh nothing (a run of zeros is the number 0)
    let first = p;
    while (first < q - 1 && text.charCodeAt(first) === 0x30) first++;
    if (q - first > MAX_DIGITS) return -1;
    units[at++] = digitLead;
    units[at++] = q - first;
    for (let d = first; d < q; d++) units[at++] = text.charCodeAt(d) - 0x2f;
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
  let p = (enc.span[2 * i] as number) + depth;
  const e = enc.span[2 * i + 1] as number;
  const u = enc.units;
  let key = 0;
  for (let k = 0; k < KEY_UNITS; k++) key = key * 256 + (p < e ? (u[p++] as number) : 0);
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

function modelFor(collator: Intl.Collator): Model | null {
  let model = models.get(collator);
  if (model === undefined) {
    model = learn(collator);
    models.set(collator, model);
  }
  return model;
}

/** The model for this collator, learnt from it and checked against it; null where it differs. */
function learn(collator: Intl.Collator): Model | null {
  const options = collator.resolvedOptions();
  if (!options.numeric || options.sensitivity !== 'base' || options.ignorePunctuation) return null;
  const weight = new Uint16Array(0x10000);
  const singles = ALPHABET.filter((c) => !(c in EXPANSIONS) && !(c >= '1' && c <= '9'));
  singles.sort((a, b) => collator.compare(a, b));
  // weights 1…; '0' stands for every digit run's first unit
  let w = 0;
  let digitLead = 0;
  for (let k = 0; k < singles.length; k++) {
    const c = singles[k] as string;
    if (k === 0 || collator.compare(singles[k - 1] as string, c) !== 0) w++;
    if (c === '0') digitLead = w;
    else weight[c.charCodeAt(0)] = w;
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
  const model: Model = { weight, digitLead, expansion };
  return agrees(model, collator) ? model : null;
}

/** Texts the model must order as the collator does before it is trusted. */
function probes(): string[] {
  const out: string[] = [''];
  for (const a of ALPHABET) {
    out.push(a);
    for (const b of ALPHABET) out.push(a + b);
  }
  for (const n of ['0', '00', '1', '01', '007', '9', '10', '099', '100', '12345678901234567890'])
    for (const a of ['', 'a', 'Z', '.', ' ', '…', '-'])
      for (const b of ['', 'a', '0', '.', '_', '9x']) out.push(a + n + b, n + a + b);
  return out;
}

/** Whether the model sorts the probes exactly as the collator does, equal ones equal. */
function agrees(model: Model, collator: Intl.Collator): boolean {
  const texts = probes();
  const slow: number[] = [];
  const enc = encodeAll(texts, model, slow);
  if (slow.length > 0) return false;
  const order = enc.fast;
  const newClass = sortUnits(order, enc);
  for (let k = 1; k < order.length; k++) {
    const c = collator.compare(texts[order[k - 1] as number] as string, texts[order[k] as number] as string);
    if (newClass[k] === 1 ? c >= 0 : c !== 0) return false;
  }
  return true;
}
