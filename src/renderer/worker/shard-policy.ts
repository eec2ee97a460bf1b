// How many threads decode a capture's connections in the app (src/decoder/shard/): the decoding
// worker plus shard workers it starts (shard-workers.ts), or the decoding worker alone.
//
// Shards only when asked for (`?shards=N`, a setting, a test), never by default. Measured
// (bench/README.md, "the app decodes on every core"): on 2 cores two shards made the 200 MB load 1.2-2.3x
// slower, and the decoding worker, which merges the shards' records into its stores, used 0.87-1.01
// of the CPU one thread uses for everything. So even with a core for each thread a load would take
// about as long as in one thread, for more memory and twice the CPU. Choosing shards by cores pays
// only once the merging side stops rebuilding every record (the stores taking the codec's columns).
// A live capture stays in one thread whatever is asked: it trickles in, and one keeps up.

/** At most this many shards: more only adds copies of the decoder's memory (as the CLI's --jobs). */
export const MAX_SHARDS = 64;

export interface ShardChoice {
  /** Asked for by the page (a setting, or a test): used as it is (but for a live capture), within 1..MAX_SHARDS. */
  requested?: number;
  /** The capture's size; null for a live capture. */
  total: number | null;
}

/** The number of shards for a capture: 1 decodes in the decoding worker alone. */
export function shardCount({ requested, total }: ShardChoice): number {
  if (total === null || requested === undefined || !Number.isFinite(requested)) return 1;
  return Math.min(MAX_SHARDS, Math.max(1, Math.floor(requested)));
}

/**
 * The page's setting, read by the UI thread and sent with open-file/open-stream: `?shards=N` in the
 * page's address, else `wsscope.decoderShards` in localStorage; undefined: one thread.
 */
export function shardSetting(): number | undefined {
  try {
    const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('shards');
    const raw = fromUrl ?? globalThis.localStorage?.getItem('wsscope.decoderShards') ?? null;
    const n = raw === null ? Number.NaN : Number(raw);
    return Number.isInteger(n) && n >= 1 ? n : undefined;
  } catch {
    // storage refused (a sandboxed file:// page): one thread
    return undefined;
  }
}
