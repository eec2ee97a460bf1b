// Stable sorts of row positions by numeric keys, in linear time: an LSD radix sort over the keys'
// 64-bit patterns (16 bits a pass), for the frames table's sorts (frame-order.ts).
//
// Why: sorting a million positions with a comparator took 450-650 ms for a number column (20
// million calls reading the columns); issue 13's budget is 300 ms. A radix pass touches each row
// twice, and passes whose 16 bits are the same for every row (small integers' high bits) are
// skipped, so a column of lengths sorts in two passes.
//
// Order: as `a - b` on the keys, ties in their input order (radix sorts are stable), so
// descending is the same sort on the negated keys. -0 sorts as 0; keys are never NaN (columns
// hold numbers and ranks of texts, collation-ranks.ts).

const DIGITS = 1 << 16;

/** The permutation that sorts `keys` (stable): out[k] is the index of the k-th smallest key. */
export function radixOrder(keys: Float64Array, desc = false): Int32Array {
  const n = keys.length;
  const bits = new Float64Array(n);
  for (let i = 0; i < n; i++) bits[i] = (desc ? -(keys[i] as number) : (keys[i] as number)) + 0;
  // IEEE 754 doubles as unsigned integers in the same order: negative ones have every bit
  // flipped, the others only the sign bit.
  const words = new Uint32Array(bits.buffer);
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1] as number;
    if (hi & 0x80000000) {
      words[2 * i + 1] = ~hi;
      words[2 * i] = ~(words[2 * i] as number);
    } else words[2 * i + 1] = hi | 0x80000000;
  }
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Int32Array(n);
  const counts = new Int32Array(DIGITS);
  // Little-endian words: the low word of key i is words[2i]. Least significant 16 bits first.
  for (let pass = 0; pass < 4; pass++) {
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((words[2 * i + word] as number) >>> shift) & 0xffff]++;
    if (n === 0 || counts[((words[word] as number) >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < DIGITS; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = order[i] as number;
      const d = ((words[2 * j + word] as number) >>> shift) & 0xffff;
      spare[counts[d]++] = j;
    }
    const t = order;
    order = spare;
    spare = t;
  }
  return order;
}
