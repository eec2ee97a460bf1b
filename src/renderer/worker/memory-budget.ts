// The decoder worker's memory budget (issue 15): a capture that would exhaust the page's memory
// is cut where the budget runs out, and what was decoded up to there stays browsable.
//
// Why counted, not measured: the worker keeps its records as typed-array columns and a byte
// arena (record-store.ts) whose sizes it knows exactly, and a browser tells a page its memory
// only approximately, late, or not at all (performance.measureUserAgentSpecificMemory needs a
// cross-origin-isolated page; performance.memory is Chromium's and the main thread's). The
// decoder bounds its own per-connection state separately (Limits.maxConnectionStateBytes).

const MIB = 1024 * 1024;

/**
 * What the worker may hold: its columns, payload arena, the capture bytes kept for slices, and
 * connection records. The UI thread's row columns are a fraction of it again. Below what a
 * browser tab gets on a 64-bit desktop, above what a 500 MB capture needs.
 */
export const DEFAULT_MEMORY_BUDGET = 1536 * MIB;

/** About what one connection's record costs, here and in the UI's copy (handshake, stats). */
export const CONNECTION_BYTES = 4096;
/** About what one finding costs (its text, ids and the UI's copy). */
export const FINDING_BYTES = 512;

/** Where decoding stopped for the memory budget. */
export interface MemoryCut {
  /** Capture records (packets) read before the cut. */
  packet: number;
  /** Bytes held when the budget ran out, and the budget. */
  heldBytes: number;
  budget: number;
}

/** The one line the UI shows for a cut capture: what happened, and what to do instead. */
export function memoryCutText(cut: MemoryCut): string {
  return (
    `Decoding stopped after packet ${cut.packet.toLocaleString('en-US')}: this capture needs more memory than ` +
    `the app's budget of ${Math.round(cut.budget / MIB)} MiB. Shown: what was decoded up to there. For the rest, ` +
    'use the command line, which streams any size: filter it (wsscope messages -Y …) or cut it (wsscope slice).'
  );
}
