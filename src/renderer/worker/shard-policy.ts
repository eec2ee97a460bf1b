// How many threads decode a capture's connections in the app (src/decoder/shard/): the decoding
// worker plus shard workers it starts (shard-workers.ts), or the decoding worker alone.
//
// Why these numbers (bench/README.md, "decode on every core"):
// - On the 2-core machine the project is measured on, two shards made the CLI about 2x slower
//   (5.2 s of CPU against 2.9 s for one thread: the merging thread still reads, does TCP and
//   rebuilds every record, and each shard adds its codec and a V8 isolate). Threads only pay where
//   the merging thread gets a core of its own and each shard another: so none below 4 logical
//   cores (the UI thread needs one too), and at most cores - 2 shards.
// - Starting a shard worker (fetching, compiling and starting the decoder's bundle) costs about
//   0.1 s; below MIN_SHARD_BYTES a capture decodes in about a second in one thread, which
//   workers would not shorten.
// - A live capture stays in one thread: it trickles in, and the decoder keeps up with it alone.

const MIB = 1024 * 1024;

/** Captures smaller than this decode in one thread, whatever the cores. */
export const MIN_SHARD_BYTES = 32 * MIB;
/** Fewer logical cores than this: one thread. */
export const MIN_SHARD_CORES = 4;
/** At most this many shards: more only adds copies of the decoder's memory (as the CLI's --jobs). */
export const MAX_SHARDS = 64;

export interface ShardChoice {
  /** Asked for by the page (a setting, or a test): used as it is (but for a live capture), within 1..MAX_SHARDS. */
  requested?: number;
  /** navigator.hardwareConcurrency (undefined where the browser does not say). */
  cores: number | undefined;
  /** The capture's size; null for a live capture. */
  total: number | null;
}

/** The number of shards for a capture: 1 decodes in the decoding worker alone. */
export function shardCount({ requested, cores, total }: ShardChoice): number {
  if (total === null) return 1;
  if (requested !== undefined && Number.isFinite(requested))
    return Math.min(MAX_SHARDS, Math.max(1, Math.floor(requested)));
  if (total === null || total < MIN_SHARD_BYTES) return 1;
  if (cores === undefined || cores < MIN_SHARD_CORES) return 1;
  return Math.min(MAX_SHARDS, cores - 2);
}

/**
 * The page's setting, read by the UI thread and sent with open-file/open-stream: `?shards=N` in the
 * page's address, else `wsscope.decoderShards` in localStorage; undefined: the worker chooses.
 */
export function shardSetting(): number | undefined {
  try {
    const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('shards');
    const raw = fromUrl ?? globalThis.localStorage?.getItem('wsscope.decoderShards') ?? null;
    const n = raw === null ? Number.NaN : Number(raw);
    return Number.isInteger(n) && n >= 1 ? n : undefined;
  } catch {
    // storage refused (a sandboxed file:// page): the worker chooses
    return undefined;
  }
}
