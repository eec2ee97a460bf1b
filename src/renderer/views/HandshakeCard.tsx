// Handshake: the HTTP upgrade as on the wire, its parsed headers, and the
// Sec-WebSocket-Accept check worked step by step (RFC 6455 §4.2.2 / §1.3):
//   accept = base64( SHA-1( key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" ) )
// with a clear mark where it fails. Also the connection's lifecycle (readyState 0–3) and close.

import type { ReactNode } from 'react';
import {
  type AbsentPart,
  type AcceptCheck,
  type ConnectionRecord,
  describeCloseCode,
  type Handshake,
  READY_STATE_NUMBER,
} from '../../decoder/index.js';
import { Card, Pill, Placeholder } from '../components/Card.js';
import { DIRECTION_LABEL, endpointText, formatDuration } from '../model/labels.js';
import type { MessageRow } from '../worker/row-schema.js';

export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const latin1 = new TextDecoder('latin1');

/** Raw head bytes as text, every CRLF shown as a faint \r\n so learners see the wire format. */
export function RawHead({ raw }: { raw: Uint8Array }) {
  const lines = latin1.decode(raw).split('\r\n');
  return (
    <pre className="raw">
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their position
        <span key={i}>
          {line}
          {i < lines.length - 1 ? <span className="crlf">\r\n</span> : null}
          {i < lines.length - 1 ? '\n' : null}
        </span>
      ))}
    </pre>
  );
}

/** The received value with the characters that differ from `expected` marked. */
function Diffed({ expected, received }: { expected: string; received: string }) {
  const out: ReactNode[] = [];
  for (let i = 0; i < received.length; i++) {
    const same = expected[i] === received[i];
    out.push(
      <span key={i} className={same ? undefined : 'diff'}>
        {received[i]}
      </span>,
    );
  }
  return <>{out}</>;
}

export function AcceptSteps({ accept }: { accept: AcceptCheck }) {
  const keyPart = accept.keyWithGuid?.slice(0, accept.keyWithGuid.length - WEBSOCKET_GUID.length);
  const missing = <span className="muted">(missing)</span>;
  return (
    <div data-testid="accept-check">
      <ol className="steps">
        <li>
          <span>Sec-WebSocket-Key</span>
          <span className="value">{accept.key ?? missing}</span>
        </li>
        <li>
          <span>key + GUID</span>
          <span className="value">
            {accept.keyWithGuid ? (
              <>
                {keyPart}
                <span className="guid">{WEBSOCKET_GUID}</span>
              </>
            ) : (
              missing
            )}
          </span>
        </li>
        <li>
          <span>SHA-1 (hex)</span>
          <span className="value">{accept.sha1Hex ?? missing}</span>
        </li>
        <li>
          <span>base64 = expected</span>
          <span className="value">{accept.expected ?? missing}</span>
        </li>
        <li>
          <span>received Accept</span>
          <span className="value">
            {accept.received == null ? (
              missing
            ) : accept.expected && !accept.valid ? (
              <Diffed expected={accept.expected} received={accept.received} />
            ) : (
              accept.received
            )}
          </span>
        </li>
      </ol>
      <div className={`verdict ${accept.valid ? 'ok' : 'bad'}`} data-testid="accept-verdict">
        {accept.valid
          ? '✓ valid: the received Sec-WebSocket-Accept equals the expected value'
          : accept.received == null
            ? '✗ no Sec-WebSocket-Accept was received'
            : '✗ invalid: the received Sec-WebSocket-Accept differs from the expected value (RFC 6455 §4.2.2); a client must fail the connection'}
      </div>
    </div>
  );
}

const ABSENT_TEXT: Readonly<Record<AbsentPart, string>> = {
  packets: 'packets',
  tcp: 'TCP',
  frames: 'WebSocket frames',
  masking: 'masking keys',
  'raw-heads': 'the raw HTTP heads',
  'client-address': "the client's address and port",
  messages: 'messages',
};

/** What the source (a HAR file) did not record: absent, which is not the same as empty. */
function AbsentNote({ absent }: { absent: readonly AbsentPart[] | undefined }) {
  if (!absent || absent.length === 0) return null;
  const parts = absent.filter((p) => p !== 'messages').map((p) => ABSENT_TEXT[p]);
  return (
    <div className="end-verdict note" data-testid="absent-note">
      From a HAR file: {parts.join(', ')} were not recorded, so they are absent here rather than empty.
      {absent.includes('messages')
        ? " Nor were its messages: Firefox's HAR export leaves them out (Chrome DevTools' keeps them)."
        : ''}
    </div>
  );
}

function Headers({ headers, onExplain }: { headers: [string, string][]; onExplain?: ExplainHeader }) {
  return (
    <table className="kv">
      <tbody>
        {headers.map(([name, value], i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: repeated header names are legal
          <tr key={i}>
            <th>
              {onExplain ? (
                <button
                  type="button"
                  className="link"
                  onClick={() => onExplain(name, value)}
                  title="explain this header"
                >
                  {name}
                </button>
              ) : (
                name
              )}
            </th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Negotiated({ hs }: { hs: Handshake }) {
  return (
    <table className="kv">
      <tbody>
        <tr>
          <th>subprotocol</th>
          <td>
            {hs.subprotocol ?? '(none)'}
            {hs.offeredSubprotocols.length > 0 ? (
              <span className="muted"> · offered: {hs.offeredSubprotocols.join(', ')}</span>
            ) : null}
          </td>
        </tr>
        <tr>
          <th>extensions</th>
          <td>
            {hs.extensions.length === 0
              ? '(none)'
              : hs.extensions
                  .map((x) => [x.name, ...x.params.map(([k, v]) => (v == null ? k : `${k}=${v}`))].join('; '))
                  .join(', ')}
            {hs.offeredExtensions.length > 0 ? (
              <span className="muted"> · offered: {hs.offeredExtensions.map((x) => x.name).join(', ')}</span>
            ) : null}
          </td>
        </tr>
        {hs.deflate ? (
          <tr>
            <th>permessage-deflate</th>
            <td>
              server window {hs.deflate.serverMaxWindowBits} bits
              {hs.deflate.serverNoContextTakeover ? ', no context takeover' : ''} · client window{' '}
              {hs.deflate.clientMaxWindowBits} bits
              {hs.deflate.clientNoContextTakeover ? ', no context takeover' : ''}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

export function Lifecycle({ connection, closes }: { connection: ConnectionRecord; closes: MessageRow[] }) {
  const t0 = connection.firstTime;
  return (
    <>
      <ol className="steps">
        {connection.lifecycle.map((ev, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lifecycle is ordered and fixed
          <li key={i}>
            <span>
              {READY_STATE_NUMBER[ev.state]} {ev.state}
            </span>
            <span className="value">
              +{formatDuration(ev.time - t0)} {ev.record != null ? `· packet ${ev.record}` : ''} {ev.detail}
            </span>
          </li>
        ))}
      </ol>
      {closes.map((m) => {
        const doc = describeCloseCode(m.closeCode);
        return (
          <div key={m.id} className="mono" style={{ fontSize: '0.88em', marginTop: '0.3em' }}>
            close from {m.direction}: <strong>{m.closeCode ?? '—'}</strong> {doc.name}{' '}
            <span className="muted">({doc.meaning})</span> {m.preview.replace(/^\d+\s?/, '')}
          </div>
        );
      })}
      {closes.length === 0 && connection.kind === 'websocket' ? (
        <div className="muted">closed abruptly, without a close frame</div>
      ) : null}
      {connection.closedBy ? (
        <div className="muted" style={{ fontSize: '0.88em' }}>
          closed by the {connection.closedBy}; {connection.cleanClose ? 'clean close handshake' : 'not a clean close'}
        </div>
      ) : null}
    </>
  );
}

/** A header was selected: show what it is for (the explanation panel). */
type ExplainHeader = (name: string, value: string) => void;

export function HandshakeCard({
  connection,
  closes = [],
  onExplainHeader,
}: {
  connection: ConnectionRecord;
  closes?: MessageRow[];
  onExplainHeader?: ExplainHeader;
}) {
  const hs = connection.handshake;
  const response = hs?.response;
  const noPackets = connection.absent?.includes('packets') === true;
  return (
    <div data-testid="handshake">
      <AbsentNote absent={connection.absent} />
      <Card
        title={
          <>
            Connection #{connection.id}: {endpointText(connection.client)} → {endpointText(connection.server)}
          </>
        }
        extra={
          response ? (
            <Pill tone={response.status === 101 ? 'ok' : 'error'}>
              {response.status} {response.reason}
            </Pill>
          ) : undefined
        }
      >
        {!hs ? (
          <Placeholder>
            No WebSocket upgrade was seen on this connection
            {connection.kind === 'websocket-no-handshake' ? ' (the capture starts after it)' : ''}
            {connection.httpExchanges.length > 0 ? ': it carried plain HTTP (below)' : ''}.
          </Placeholder>
        ) : (
          <AcceptSteps accept={hs.accept} />
        )}
      </Card>
      {hs ? (
        <Card title="Negotiated">
          <Negotiated hs={hs} />
        </Card>
      ) : null}
      {hs?.request ? (
        <Card
          title={
            <>
              Request · {DIRECTION_LABEL.client}
              {noPackets ? '' : ` · packet ${hs.request.record}`}
            </>
          }
        >
          <RawHead raw={hs.request.raw} />
          <details open={hs.request.raw.length === 0}>
            <summary className="muted">parsed headers ({hs.request.headers.length})</summary>
            <Headers headers={hs.request.headers} onExplain={onExplainHeader} />
          </details>
        </Card>
      ) : null}
      {response ? (
        <Card
          title={
            <>
              Response · {DIRECTION_LABEL.server}
              {noPackets ? '' : ` · packet ${response.record}`}
            </>
          }
        >
          <RawHead raw={response.raw} />
          <details open={response.raw.length === 0}>
            <summary className="muted">parsed headers ({response.headers.length})</summary>
            <Headers headers={response.headers} onExplain={onExplainHeader} />
          </details>
        </Card>
      ) : hs?.request ? (
        <Card title="Response">
          <Placeholder>no response in the capture</Placeholder>
        </Card>
      ) : null}
      {connection.httpExchanges.map((x, i) => (
        <Card
          key={x.request.record}
          title={
            <>
              Plain HTTP exchange {i + 1} · packet {x.request.record}
            </>
          }
        >
          <RawHead raw={x.request.raw} />
          {x.response ? <RawHead raw={x.response.raw} /> : <div className="muted">no response in the capture</div>}
        </Card>
      ))}
      <Card title="Lifecycle (readyState)">
        <Lifecycle connection={connection} closes={closes} />
      </Card>
    </div>
  );
}
