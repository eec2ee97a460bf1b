// A message as its application protocol reads it: the kind, name and id, the one-line summary,
// every packet when it held several, the decoded data as JSON, and the requests it belongs to
// (click-through to the request or its answer).

import type { AppInfo, RequestRecord } from '../../../decoder/index.js';
import { latencyText } from '../../model/app-summary.js';

export function DecodedMessage({
  app,
  messageId,
  related,
  onSelectMessage,
}: {
  app: AppInfo;
  messageId: number;
  related: readonly RequestRecord[];
  onSelectMessage: (id: number) => void;
}) {
  const packets = app.packets ?? [app];
  return (
    <section className="decoded-message" aria-label="Decoded message" data-testid="decoded-message">
      <h4>
        {app.protocol} · <span className="mono">{app.kind}</span>
        {app.name ? <span className="mono"> {app.name}</span> : null}
        {app.id !== null ? <span className="muted"> id {String(app.id)}</span> : null}
      </h4>
      <ol className="decoded-packets">
        {packets.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: packets have no identity beyond their place
          <li key={i} className="mono">
            {p.summary}
          </li>
        ))}
      </ol>
      {related.map((r) => {
        const role =
          r.request === messageId
            ? 'request'
            : r.final === messageId && r.final !== r.response
              ? 'final answer'
              : 'answer';
        const other = role === 'request' ? r.response : r.request;
        return (
          <p key={r.id} className={`decoded-pair ${r.status}`}>
            The {role} of <span className="mono">{r.name ?? String(r.requestId)}</span>
            {role === 'request' ? (
              other != null ? (
                <>
                  , answered by{' '}
                  <button type="button" className="link" onClick={() => onSelectMessage(other)}>
                    #{other}
                  </button>{' '}
                  after {latencyText(r.latency)} ({r.status})
                </>
              ) : (
                <span className="warn-text">, never answered</span>
              )
            ) : (
              <>
                {' '}
                asked in{' '}
                <button type="button" className="link" onClick={() => onSelectMessage(r.request)}>
                  #{r.request}
                </button>{' '}
                ({latencyText(role === 'answer' ? r.latency : r.duration)} later)
              </>
            )}
          </p>
        );
      })}
      {packets.some((p) => p.data !== undefined) ? (
        <details open={JSON.stringify(packets.map((p) => p.data)).length < 2000}>
          <summary>Decoded data</summary>
          <pre className="decoded-data">
            {JSON.stringify(packets.length === 1 ? packets[0]?.data : packets.map((p) => p.data), null, 2)}
          </pre>
        </details>
      ) : null}
    </section>
  );
}
