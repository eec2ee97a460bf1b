// The strip over every connection of the capture (thin.ts overviewStrip): a bar per connection
// (click selects it) and a dashed box for the window the lanes below show.

import { memo, useMemo } from 'react';
import type { ConnectionRecord } from '../../../decoder/index.js';
import { type TimeView, Y_OVERVIEW } from '../../model/timeline-layout.js';
import { overviewStrip, overviewViewport } from './thin.js';

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
  const { bars } = strip;
  const viewport = overviewViewport(strip, view);
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
