// Per-connection request counts and latency percentiles (nearest-rank, as in the issue: p50,
// p90, p99, max), from RequestRecords.

import type { RequestRecord } from './types.js';

export interface LatencyStats {
  connectionId: number;
  protocol: string;
  requests: number;
  ok: number;
  error: number;
  pending: number;
  /** Seconds; null when no request was answered. */
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p% at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

export function latencyStats(requests: readonly RequestRecord[]): LatencyStats[] {
  const by = new Map<number, RequestRecord[]>();
  for (const r of requests) {
    const list = by.get(r.connectionId);
    if (list) list.push(r);
    else by.set(r.connectionId, [r]);
  }
  const out: LatencyStats[] = [];
  for (const [connectionId, list] of [...by].sort((a, b) => a[0] - b[0])) {
    const lat = list.flatMap((r) => (r.latency === null ? [] : [r.latency])).sort((a, b) => a - b);
    out.push({
      connectionId,
      protocol: list[0]?.protocol ?? '',
      requests: list.length,
      ok: list.filter((r) => r.status === 'ok').length,
      error: list.filter((r) => r.status === 'error').length,
      pending: list.filter((r) => r.status === 'pending').length,
      p50: percentile(lat, 50),
      p90: percentile(lat, 90),
      p99: percentile(lat, 99),
      max: lat.length ? (lat[lat.length - 1] ?? null) : null,
    });
  }
  return out;
}
