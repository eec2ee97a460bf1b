// Connections: every TCP connection of the capture with client → server, target, status,
// subprotocol, extensions, counts and a findings badge. Click or arrow keys select.

import type { KeyboardEvent } from 'react';
import type { ConnectionRecord } from '../../decoder/index.js';
import { Pill, type PillTone } from '../components/Card.js';
import { LockIcon } from '../components/LockIcon.js';
import { endpointText, formatCount } from '../model/labels.js';
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

export function ConnectionsList({
  connections,
  selectedId,
  onSelect,
}: {
  connections: ConnectionRecord[];
  selectedId: number | null;
  onSelect: (id: number) => void;
}) {
  if (connections.length === 0) return null;
  const onKey = (e: KeyboardEvent) => {
    const i = connections.findIndex((c) => c.id === selectedId);
    if (e.key === 'ArrowDown' && i < connections.length - 1) onSelect(connections[i + 1].id);
    else if (e.key === 'ArrowUp' && i > 0) onSelect(connections[i - 1].id);
    else return;
    e.preventDefault();
  };
  return (
    <div className="conn-list" role="listbox" aria-label="Connections" tabIndex={0} onKeyDown={onKey}>
      {connections.map((c) => {
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
            onClick={() => onSelect(c.id)}
            data-connection={c.id}
          >
            <div>
              <strong>#{c.id}</strong> <span className="endpoints">{endpointText(c.client)}</span>
              <div className="endpoints">→ {endpointText(c.server)}</div>
            </div>
            {hs?.request ? (
              <div className="mono muted" title={hs.request.target}>
                {hs.request.method} {hs.request.target}
              </div>
            ) : null}
            <div className="meta">
              {c.tls ? (
                <Pill tone={c.tls.decrypted ? 'ok' : 'warning'} title={`${c.tls.version ?? 'TLS'}: ${c.tls.reason}`}>
                  <LockIcon open={c.tls.decrypted} />
                  {c.tls.decrypted ? 'TLS' : 'no keys'}
                </Pill>
              ) : null}
              <Pill tone={status.tone}>{status.text}</Pill>
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
              <span className="muted" title="frames client → server / server → client">
                {formatCount(frames)} frame{frames === 1 ? '' : 's'}
              </span>
              {c.findingCount > 0 ? (
                <Pill tone="error" title="findings on this connection">
                  {c.findingCount} ⚠
                </Pill>
              ) : null}
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
  );
}
