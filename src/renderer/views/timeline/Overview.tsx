// The strip over every connection of the capture (thin.ts overviewStrip, the geometry of
// timeline-layout.ts overviewRows): a bar per connection (click selects it) and a dashed box for
// the window the lanes below show.

import { memo, useMemo } from 'react';
import type { ConnectionRecord } from '../../../decoder/index.js';
import { GUTTER, type TimeView, viewTimes, Y_OVERVIEW } from '../../model/timeline-layout.js';
import { overviewStrip } from './thin.js';

export interface OverviewProps {
  connections: ConnectionRecord[];
  connection: ConnectionRecord;
  view: TimeView;
  onSelectConnection: (id: number) => void;
}

/**
 * Memoized: the timeline re-renders on every hover and drag, and the bars change only with the
 * connections (a new list per published version), the current one's span and the plot's width.
 */
export const Overview = memo(function Overview({ connections, connection, view, onSelectConnection }: OverviewProps) {
  const { firstTime, lastTime } = connection;
  const strip = useMemo(
    () => overviewStrip(connections, { firstTime, lastTime }, view.plotW),
    [connections, firstTime, lastTime, view.plotW],
  );
  // touching bars merge (thin.ts): 50,000 connections draw a few hundred rects, not 50,000
  const { bars, start, span } = strip;
  const ox = (t: number) => GUTTER + ((t - start) / span) * view.plotW;
  const [v0, v1] = viewTimes(view);
  const viewport = { x: ox(v0), width: Math.max(1, ox(v1) - ox(v0)) };
  return (
    <>
      <text x={4} y={Y_OVERVIEW + 10} className="muted" style={{ fontSize: 10 }}>
        all connections
      </text>
      {bars.map((b) => (
        // biome-ignore lint/a11y/noStaticElementInteractions: an SVG shortcut for the connection list
        <rect
          key={b.id}
          x={b.x}
          y={b.y}
          width={b.width}
          height={b.height}
          fill={b.id <= connection.id && connection.id <= b.lastId ? 'var(--accent)' : 'var(--border)'}
          style={{ cursor: 'pointer' }}
          onClick={() => onSelectConnection(b.id)}
        >
          <title>{b.lastId === b.id ? `connection #${b.id}` : `connections #${b.id} … #${b.lastId}`}</title>
        </rect>
      ))}
      <rect
        x={viewport.x}
        y={Y_OVERVIEW - 2}
        width={viewport.width}
        height={18}
        fill="none"
        stroke="var(--muted)"
        strokeDasharray="2 2"
      />
    </>
  );
});
