// One connection's request/response pairs: counts and latency percentiles, a latency histogram,
// and a table (time, who asked, id, name, latency, status, answers). Pending requests are
// highlighted; the request and answer cells jump to those messages.

import { latencyStats, type RequestRecord } from '../../../decoder/index.js';
import { Placeholder } from '../../components/Card.js';
import { latencyText } from '../../model/app-summary.js';
import { formatTime, type TimeMode } from '../../model/labels.js';
import { LatencyHistogram } from './LatencyHistogram.js';

export interface RequestsViewProps {
  requests: readonly RequestRecord[];
  origin: number;
  timeMode: TimeMode;
  selectedMessageId: number | null;
  onSelectMessage: (id: number) => void;
  /** The connection's protocol, or null when none was recognised. */
  protocol: string | null;
}

export function RequestsView({
  requests,
  origin,
  timeMode,
  selectedMessageId,
  onSelectMessage,
  protocol,
}: RequestsViewProps) {
  if (requests.length === 0)
    return (
      <Placeholder>
        {protocol
          ? `No requests paired on this ${protocol} connection.`
          : 'No application protocol recognised on this connection (choose one in the Handshake tab).'}
      </Placeholder>
    );
  const stats = latencyStats(requests)[0];
  return (
    <div className="requests-view">
      {stats ? (
        <p className="requests-stats" data-testid="request-stats">
          <strong>{stats.requests}</strong> request{stats.requests === 1 ? '' : 's'}: {stats.ok} ok,{' '}
          <span className={stats.error ? 'error-text' : ''}>{stats.error} error</span>,{' '}
          <span className={stats.pending ? 'warn-text' : ''}>{stats.pending} never answered</span> · p50{' '}
          {latencyText(stats.p50)} · p90 {latencyText(stats.p90)} · p99 {latencyText(stats.p99)} · max{' '}
          {latencyText(stats.max)}
        </p>
      ) : null}
      <LatencyHistogram requests={requests} />
      <div className="requests-scroll">
        <table className="requests-table">
          <thead>
            <tr>
              <th>Time</th>
              <th>Name</th>
              <th className="num">Latency</th>
              <th>Status</th>
              <th>Request</th>
              <th>Answer</th>
              <th>By</th>
              <th>Id</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => {
              const selected =
                selectedMessageId != null && [r.request, r.response, r.final].includes(selectedMessageId);
              return (
                <tr
                  key={r.id}
                  className={`${r.status}${selected ? ' selected' : ''}`}
                  data-request={r.id}
                  aria-selected={selected}
                >
                  <td className="mono">{formatTime(r.requestTime, timeMode, origin)}</td>
                  <td className="mono">{r.name ?? ''}</td>
                  <td className="num mono">{latencyText(r.latency)}</td>
                  <td>
                    <span className={`pill ${r.status === 'ok' ? 'ok' : r.status === 'error' ? 'error' : 'warning'}`}>
                      {r.status === 'pending' ? 'never answered' : r.status}
                    </span>
                    {r.answers > 1 ? <span className="muted"> ×{r.answers}</span> : null}
                    {!r.complete && r.response != null ? <span className="muted"> (open)</span> : null}
                  </td>

                  <td>
                    <button type="button" className="link" onClick={() => onSelectMessage(r.request)}>
                      #{r.request}
                    </button>
                  </td>
                  <td>
                    {r.response != null ? (
                      <button type="button" className="link" onClick={() => onSelectMessage(r.response as number)}>
                        #{r.response}
                      </button>
                    ) : (
                      <span className="warn-text">none</span>
                    )}
                    {r.final != null && r.final !== r.response ? (
                      <>
                        {' … '}
                        <button type="button" className="link" onClick={() => onSelectMessage(r.final as number)}>
                          #{r.final}
                        </button>
                      </>
                    ) : null}
                  </td>
                  <td>{r.direction === 'client' ? 'client →' : '← server'}</td>
                  <td className="mono" title={String(r.requestId)}>
                    {String(r.requestId).length > 12 ? `${String(r.requestId).slice(0, 11)}…` : String(r.requestId)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
