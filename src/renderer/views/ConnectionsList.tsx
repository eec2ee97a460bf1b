// Connections: every TCP connection of the capture with client → server, target, status,
// subprotocol, extensions, counts and a findings badge. Click or arrow keys select (PgUp/PgDn,
// Home/End too). Rows have a fixed height and are windowed (only those on screen are drawn).

import { type KeyboardEvent, useMemo } from 'react';
import type { ConnectionRecord } from '../../decoder/index.js';
import { Pill, type PillTone } from '../components/Card.js';
import { LockIcon } from '../components/LockIcon.js';
import { endpointText, formatCount } from '../model/labels.js';
import { gridKey } from './frames/keys.js';
import { rowTop, useGridWindow } from './frames/use-grid-window.js';
import { endTone } from './requests/EndVerdict.js';

export function connectionStatus(c: ConnectionRecord): { text: string; tone: PillTone } {
  const hs = c.handshake;
  switch (c.kind) {
    case 'websocket':
      if (hs && !hs.accept.valid) return { text: 'accept invalid', tone: 'error' };
      return { text: 'upgraded', tone: 'ok' };
    case 'websocket-no-handshake':
      return { text: 'no handshake seen', tone: 'warning' };
    case 'rejected':
      // A snapshot taken before any response arrives has no status to show yet.
      return hs?.response
        ? { text: `rejected ${hs.response.status}`, tone: 'error' }
        : { text: 'not upgraded', tone: 'warning' };
    case 'no-response':
      return { text: 'no response captured', tone: 'warning' };
    case 'http':
      return { text: hs?.request && !hs.response ? 'incomplete' : 'plain HTTP', tone: 'note' };
    default:
      // TLS: the version says more than "TLS" (without keys, or not HTTP inside).
      if (c.tls) return { text: c.tls.version ?? 'TLS', tone: 'plain' };
      return { text: c.protocol && c.protocol !== 'unknown' ? c.protocol.toUpperCase() : 'TCP', tone: 'plain' };
  }
}

/**
 * Each row's height in px at font size `fontSize`: six lines of the list's 0.88em text
 * (endpoints, server, request, status and counts, subprotocol and extensions, how it ended)
 * plus padding.
 * Fixed, so the list can be windowed.
 */
export function connectionRowHeight(fontSize: number): number {
  return Math.round(fontSize * 0.88 * (6 * 1.45 + 0.9));
}

export function ConnectionsList({
  connections,
  selectedId,
  onSelect,
  rowHeight = connectionRowHeight(14),
}: {
  connections: ConnectionRecord[];
  selectedId: number | null;
  onSelect: (id: number) => void;
  rowHeight?: number;
}) {
  // Windowed like the frames table (use-grid-window.ts): 50k connections draw only the rows on
  // screen, so neither the DOM nor a re-render grows with the capture.
  const selectedIndex = useMemo(
    () => (selectedId == null ? -1 : connections.findIndex((c) => c.id === selectedId)),
    [connections, selectedId],
  );
  const grid = useGridWindow(connections.length, rowHeight, selectedIndex);
  if (connections.length === 0) return null;
  const onKey = (e: KeyboardEvent) => {
    const action = gridKey(e.key, selectedIndex, connections.length, grid.pageRows());
    if (action == null || action === 'open') return;
    e.preventDefault();
    onSelect(connections[action].id);
  };
  const shown = connections.slice(grid.first, grid.last);
  return (
    <div
      className="conn-list"
      role="listbox"
      aria-label="Connections"
      tabIndex={0}
      onKeyDown={onKey}
      ref={grid.scrollRef}
      data-testid="connections-list"
    >
      <div ref={grid.bodyRef} style={{ height: grid.bodyHeight, position: 'relative' }}>
        {shown.map((c, i) => {
          const status = connectionStatus(c);
          const hs = c.handshake;
          const frames = c.stats.client.frames + c.stats.server.frames;
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles keys for all options
            // biome-ignore lint/a11y/useFocusableInteractive: focus stays on the listbox (arrow keys move the selection)
            <div
              key={c.id}
              className="conn"
              role="option"
              aria-selected={c.id === selectedId}
              aria-posinset={grid.first + i + 1}
              aria-setsize={connections.length}
              onClick={() => onSelect(c.id)}
              data-connection={c.id}
              style={{ height: rowHeight, transform: `translateY(${rowTop(grid, grid.first + i, rowHeight)}px)` }}
              title={`${endpointText(c.client)} → ${endpointText(c.server)}`}
            >
              <div>
                <strong>#{c.id}</strong> <span className="endpoints">{endpointText(c.client)}</span>
                <div className="endpoints">→ {endpointText(c.server)}</div>
              </div>
              <div className="mono muted" title={hs?.request?.target}>
                {hs?.request ? `${hs.request.method} ${hs.request.target}` : '\u00a0'}
              </div>
              <div className="meta">
                {c.tls ? (
                  <Pill tone={c.tls.decrypted ? 'ok' : 'warning'} title={`${c.tls.version ?? 'TLS'}: ${c.tls.reason}`}>
                    <LockIcon open={c.tls.decrypted} />
                    {c.tls.decrypted ? 'TLS' : 'no keys'}
                  </Pill>
                ) : null}
                <Pill tone={status.tone}>{status.text}</Pill>
                <span className="muted" title="frames client → server / server → client">
                  {formatCount(frames)} frame{frames === 1 ? '' : 's'}
                </span>
                {c.findingCount > 0 ? (
                  <Pill tone="error" title="findings on this connection">
                    {c.findingCount} ⚠
                  </Pill>
                ) : null}
              </div>
              <div className="meta">
                {hs?.subprotocol ? <Pill title="subprotocol">{hs.subprotocol}</Pill> : null}
                {c.app && c.app.protocol !== hs?.subprotocol ? (
                  <Pill tone="note" title={`application protocol (${c.app.chosenBy})`}>
                    {c.app.protocol}
                  </Pill>
                ) : null}
                {hs?.extensions.map((x) => (
                  <Pill key={x.name} title="negotiated extension">
                    {x.name}
                  </Pill>
                ))}
              </div>
              {c.end ? (
                <div className={`conn-end ${endTone(c)}`} title={c.end.verdict}>
                  {c.end.verdict}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </div>
  );
}
