// Small byte blocks carved out of shared 64 KiB slabs, for frame headers and payloads.
//
// Small-message traffic is allocation bound: one ArrayBuffer per frame (with its backing store
// and GC bookkeeping) costs more than the bytes in it. Blocks of at most MAX_PIECE bytes are
// views into a slab instead; bigger ones get an array of their own, so a slab never holds much
// more than it needs and a large payload never pins a slab.
//
// Rules: a block is handed out once and never reused or moved, so blocks never alias each other;
// a slab lives as long as any block in it (the records that hold them). Blocks are zero-filled
// (fresh slab memory), like `new Uint8Array(n)`. Callers that transfer a record's bytes across
// threads must copy them first (their `.buffer` is the whole slab).

const SLAB_SIZE = 64 * 1024;
const MAX_PIECE = 2048;

let slab = new Uint8Array(SLAB_SIZE);
let used = 0;

/** `n` zeroed bytes, owned by the caller; a view into a shared slab when small. */
export function allocBytes(n: number): Uint8Array {
  if (n > MAX_PIECE) return new Uint8Array(n);
  if (used + n > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    used = 0;
  }
  const block = slab.subarray(used, used + n);
  // Keep blocks 8-byte aligned so later DataView/typed reads over them stay cheap.
  used += (n + 7) & ~7;
  return block;
}
