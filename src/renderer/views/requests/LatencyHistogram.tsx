// A latency histogram on a log scale (two buckets per decade, 100 µs to 10 s), as an SVG bar
// chart with a count on each bar; pending requests are counted beside it.

import type { RequestRecord } from '../../../decoder/index.js';

/** Bucket upper edges in seconds: 10^(k/2) from 1e-4; the last bucket takes everything above. */
export const EDGES = Array.from({ length: 11 }, (_, k) => 10 ** (-4 + k / 2));

export function bucketOf(latency: number): number {
  const i = EDGES.findIndex((edge) => latency < edge);
  return i < 0 ? EDGES.length : i;
}

export function histogram(requests: readonly RequestRecord[]): number[] {
  const counts = new Array<number>(EDGES.length + 1).fill(0);
  for (const r of requests) if (r.latency !== null) counts[bucketOf(r.latency)]++;
  return counts;
}

/** Short edge labels: 100µs, 316µs, 1ms, 3.2ms, …, 10s. */
function short(s: number): string {
  if (s < 0.001) return `${Math.round(s * 1e6)}µs`;
  if (s < 1) return `${Number((s * 1000).toPrecision(2))}ms`;
  return `${Number(s.toPrecision(2))}s`;
}

const label = (i: number) =>
  i >= EDGES.length ? `≥${short(EDGES[EDGES.length - 1] as number)}` : `<${short(EDGES[i] as number)}`;

export function LatencyHistogram({ requests }: { requests: readonly RequestRecord[] }) {
  const counts = histogram(requests);
  const first = counts.findIndex((c) => c > 0);
  if (first < 0) return null;
  const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  const shown = counts.slice(first, last + 1);
  const max = Math.max(...shown);
  const barW = 50;
  const h = 70;
  return (
    <figure className="latency-histogram" aria-label="Latency histogram">
      <svg width={shown.length * barW} height={h + 32} role="img" aria-label="requests per latency bucket">
        {shown.map((n, j) => {
          const bh = max ? Math.max(n ? 2 : 0, (n / max) * h) : 0;
          return (
            <g key={label(first + j)} transform={`translate(${j * barW},0)`}>
              <title>{`${n} request${n === 1 ? '' : 's'} ${label(first + j)}`}</title>
              <rect x={4} y={h - bh + 12} width={barW - 8} height={bh} className="bar" />
              <text x={barW / 2} y={h - bh + 9} textAnchor="middle" className="count">
                {n || ''}
              </text>
              <text x={barW / 2} y={h + 26} textAnchor="middle" className="axis">
                {label(first + j)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
