// The strip over every connection of the capture (timeline-layout.ts overviewRows): a bar per
// connection (click selects it) and a dashed box for the window the lanes below show.

import type { ConnectionRecord } from '../../../decoder/index.js';
import { overviewRows, type TimeView, Y_OVERVIEW } from '../../model/timeline-layout.js';
import { mergeBars } from './thin.js';

export interface OverviewProps {
  connections: ConnectionRecord[];
  connection: ConnectionRecord;
  view: TimeView;
  onSelectConnection: (id: number) => void;
}

export function Overview({ connections, connection, view, onSelectConnection }: OverviewProps) {
  const { bars: all, viewport } = overviewRows(connections, connection, view);
  // touching bars merge (thin.ts): 50,000 connections draw a few hundred rects, not 50,000
  const bars = mergeBars(all, view.plotW);
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
}
