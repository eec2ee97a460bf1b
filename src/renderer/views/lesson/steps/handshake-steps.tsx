// Steps 1–4: the TCP handshake, the upgrade request header by header, the accept computed from
// this connection's own key, and the 101 response.

import type { AcceptCheck, ConnectionRecord } from '../../../../decoder/index.js';
import { hasKey, t } from '../../../i18n/index.js';
import { endpointText, formatDuration } from '../../../model/labels.js';
import { AcceptSteps } from '../../HandshakeCard.js';
import type { QuoteId } from '../rfc/rfc-text.js';
import { ApiCode, constructorLine, openLines } from './api.js';
import type { StepContent } from './types.js';

const rel = (c: ConnectionRecord, time: number) => `+${formatDuration(time - c.firstTime)}`;

export function tcpStep(c: ConnectionRecord): StepContent {
  const opening = c.tcpEvents.filter((e) => e.what === 'syn' || e.what === 'syn-ack');
  return {
    title: t('step.tcp.title'),
    caption: t('step.tcp.caption', { client: endpointText(c.client), server: endpointText(c.server) }),
    visual: (
      <ol className="lesson-seq" data-testid="tcp-seq">
        {opening.map((e) => (
          <li key={`${e.what}${e.record}`} className={e.direction}>
            <span className="who">{e.direction === 'client' ? t('word.client') : t('word.server')}</span>
            <span className="arrow">{e.direction === 'client' ? '──────▶' : '◀──────'}</span>
            <strong className="mono">{e.what.toUpperCase()}</strong>
            <span className="muted">
              {t('word.packet')} {e.record} · {rel(c, e.time)}
            </span>
          </li>
        ))}
        <li className="client">
          <span className="who">{t('word.client')}</span>
          <span className="arrow">──────▶</span>
          <strong className="mono">ACK</strong>
          <span className="muted">{t('step.tcp.ack')}</span>
        </li>
      </ol>
    ),
    rfc: ['tcp', 'connecting'],
    browser: (
      <>
        {t('browser.tcp')}
        <ApiCode lines={[constructorLine(c), 'ws.readyState // 0 (CONNECTING)']} />
      </>
    ),
  };
}

/** Headers the lesson explains, lower-case name → the RFC passage. */
const HEADER_QUOTE: Record<string, QuoteId> = {
  host: 'host',
  upgrade: 'upgrade',
  connection: 'connection',
  'sec-websocket-key': 'key',
  'sec-websocket-version': 'version',
  origin: 'origin',
  'sec-websocket-protocol': 'protocol',
  'sec-websocket-extensions': 'extensions',
  'sec-websocket-accept': 'accept',
};

function why(name: string, side: 'req' | 'res'): string {
  const key = `why.${side}.${name.toLowerCase()}`;
  return hasKey(key) ? t(key) : t('why.other');
}

/** The headers as sent, the spotlighted one marked, and why it is there below the table. */
function HeaderTable({ headers, spot, side }: { headers: [string, string][]; spot: number; side: 'req' | 'res' }) {
  const current = headers[spot];
  return (
    <>
      <table className="lesson-headers" data-testid="lesson-headers">
        <tbody>
          {headers.map(([name, value], i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: repeated header names are legal
            <tr key={i} className={i === spot ? 'spot' : undefined}>
              <th className="mono">{name}</th>
              <td className="mono value">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {current ? (
        <p className="spotlight" data-testid="header-why">
          <strong className="mono">{current[0]}</strong> {why(current[0], side)}
        </p>
      ) : null}
    </>
  );
}

export function requestStep(c: ConnectionRecord, sub: number): StepContent {
  const req = c.handshake!.request!;
  const headers = req.headers;
  const spot = Math.min(sub, headers.length - 1);
  const quote = HEADER_QUOTE[headers[spot]?.[0].toLowerCase() ?? ''];
  return {
    title: t('step.request.title'),
    caption: (
      <>
        {t('step.request.caption')} <code>{`${req.method} ${req.target} HTTP/1.1`}</code>
      </>
    ),
    visual: <HeaderTable headers={headers} spot={spot} side="req" />,
    rfc: quote ? [quote] : ['connecting'],
    browser: t('browser.request'),
    subCount: headers.length,
  };
}

export function AcceptVerdict({ accept }: { accept: AcceptCheck }) {
  return (
    <div className={`verdict ${accept.valid ? 'ok' : 'bad'}`} data-testid="lesson-accept-verdict">
      {accept.valid ? t('accept.valid') : accept.received == null ? t('accept.missing') : t('accept.invalid')}
    </div>
  );
}

export function acceptStep(c: ConnectionRecord): StepContent {
  const accept = c.handshake!.accept;
  return {
    title: t('step.accept.title'),
    caption: t('step.accept.caption'),
    visual: (
      <div className="lesson-accept">
        <AcceptSteps accept={accept} />
        <AcceptVerdict accept={accept} />
      </div>
    ),
    rfc: ['accept'],
    browser: t('browser.accept'),
    sandboxes: ['accept'],
    wide: true,
  };
}

export function responseStep(c: ConnectionRecord, sub: number): StepContent {
  const hs = c.handshake!;
  const res = hs.response!;
  const spot = Math.min(sub, res.headers.length);
  const name = spot === 0 ? '' : (res.headers[spot - 1]?.[0].toLowerCase() ?? '');
  const ok = res.status === 101 && hs.accept.valid;
  return {
    title: t('step.response.title'),
    caption: ok
      ? t('step.response.caption101')
      : t('step.response.captionRefused', { status: `${res.status} ${res.reason}` }),
    visual: (
      <>
        <p className={`mono status-line${spot === 0 ? ' spot' : ''}`}>
          {res.version} {res.status} {res.reason}
        </p>
        <HeaderTable headers={res.headers} spot={spot - 1} side="res" />
        {spot === 0 ? (
          <p className="spotlight" data-testid="header-why">
            <strong className="mono">{res.status}</strong> {ok ? t('why.status101') : t('why.statusOther')}
          </p>
        ) : null}
      </>
    ),
    rfc: spot === 0 ? ['status101'] : [HEADER_QUOTE[name] ?? 'open'],
    browser: ok ? (
      <>
        {t('browser.open', { protocol: hs.subprotocol ?? '', extensions: hs.extensions.map((x) => x.name).join(', ') })}
        <ApiCode lines={openLines(c)} />
      </>
    ) : (
      <>
        {t('browser.refused')}
        <ApiCode lines={['ws.onerror // fires', 'ws.onclose // code 1006, wasClean false']} />
      </>
    ),
    subCount: res.headers.length + 1,
  };
}
