// Small byte helpers shared by the decoder's layers.

const EMPTY = new Uint8Array(0);

/**
 * Joins byte arrays into one. A single part is returned as it is (shared, not copied): callers
 * never write to what they join.
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 0) return EMPTY;
  if (parts.length === 1) return parts[0];
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
