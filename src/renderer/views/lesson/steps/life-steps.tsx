// Steps 9–12: a ping and its pong with the round trip, the close handshake, the readyState
// lifecycle on a logical-time timeline, and every finding with the RFC sentence behind it.

import type { ReactNode } from 'react';
import {
  type ConnectionRecord,
  describeCloseCode,
  FINDINGS,
  type FindingCode,
  type FindingSpec,
  READY_STATE_NUMBER,
} from '../../../../decoder/index.js';
import { t } from '../../../i18n/index.js';
import { formatDuration } from '../../../model/labels.js';
import type { LessonData } from '../lesson-data.js';
import { FINDING_QUOTE, type QuoteId } from '../rfc/rfc-text.js';
import { findingGroups } from '../steps.js';
import type { StepContent } from './types.js';

/** The close code a compliant endpoint sends for this finding, if it is fatal. */
const closeCodeOf = (code: FindingCode): number | undefined => (FINDINGS[code] as FindingSpec | undefined)?.closeCode;

const rel = (c: ConnectionRecord, time: number) => `+${formatDuration(time - c.firstTime)}`;
const who = (d: 'client' | 'server') => (d === 'client' ? t('word.client') : t('word.server'));

export function pingStep(d: LessonData): StepContent {
  const { ping, pong } = d.pingPong!;
  const c = d.connection;
  return {
    title: t('step.ping.title'),
    caption: t('step.ping.caption', { from: who(ping.direction), to: who(pong.direction) }),
    visual: (
      <div className="lesson-ping" data-testid="ping-pong">
        <div>
          <span className="tag ping">ping</span> {who(ping.direction)} · {rel(c, ping.time)} ·{' '}
          <span className="mono">{ping.preview || t('word.empty')}</span>
        </div>
        <div>
          <span className="tag pong">pong</span> {who(pong.direction)} · {rel(c, pong.time)} ·{' '}
          <span className="mono">{pong.preview || t('word.empty')}</span>
        </div>
        <div className="big-number">
          RTT <strong>{formatDuration(pong.rtt ?? pong.time - ping.time)}</strong>
        </div>
      </div>
    ),
    rfc: ['ping', 'pong'],
    browser: t('browser.ping'),
  };
}

export function closeStep(d: LessonData): StepContent {
  const c = d.connection;
  const fromServer = d.closes.find((x) => x.row.direction === 'server');
  const code = fromServer ? (fromServer.row.closeCode ?? 1005) : 1006;
  const reason = fromServer?.record?.close?.reason ?? '';
  return {
    title: t('step.close.title'),
    caption: t('step.close.caption', { by: c.closedBy ? who(c.closedBy) : '?' }),
    visual: (
      <ol className="lesson-seq" data-testid="close-seq">
        {d.closes.map(({ row, record }) => {
          const doc = describeCloseCode(row.closeCode);
          return (
            <li key={row.id} className={row.direction}>
              <span className="who">{who(row.direction)}</span>
              <span className="arrow">{row.direction === 'client' ? '──────▶' : '◀──────'}</span>
              <strong className="mono">
                Close {row.closeCode ?? '—'} {doc.name}
              </strong>
              <span className="mono">{record?.close?.reason ? `“${record.close.reason}”` : ''}</span>
              <span className="muted">{rel(c, row.time)}</span>
            </li>
          );
        })}
        <li className="note">{c.cleanClose ? t('step.close.clean') : t('step.close.unclean')}</li>
      </ol>
    ),
    rfc: ['close', 'closeBody'],
    browser: (
      <code data-testid="close-event">
        close {'{'} code: {code}, reason: “{reason}”, wasClean: {String(c.cleanClose)} {'}'}
      </code>
    ),
  };
}

const STATE_QUOTE: Record<string, QuoteId> = {
  CONNECTING: 'connecting',
  OPEN: 'open',
  CLOSING: 'closing',
  CLOSED: 'closed',
};

export function lifecycleStep(d: LessonData, sub: number, timeline: ReactNode): StepContent {
  const c = d.connection;
  const spot = Math.min(sub, c.lifecycle.length - 1);
  return {
    title: t('step.lifecycle.title'),
    caption: t('step.lifecycle.caption'),
    visual: (
      <>
        {timeline}
        <ol className="lesson-states" data-testid="lifecycle">
          {c.lifecycle.map((ev, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the lifecycle is ordered and fixed
            <li key={i} className={i === spot ? 'spot' : undefined}>
              <strong className="mono">
                {READY_STATE_NUMBER[ev.state]} {ev.state}
              </strong>
              <span>{t(`state.${ev.state}`)}</span>
              <span className="muted">
                {rel(c, ev.time)}
                {ev.record != null ? ` · ${t('word.packet')} ${ev.record}` : ''} · {ev.detail}
              </span>
            </li>
          ))}
        </ol>
      </>
    ),
    rfc: [STATE_QUOTE[c.lifecycle[spot]?.state ?? 'OPEN'] ?? 'open'],
    browser: t(`browser.state.${c.lifecycle[spot]?.state ?? 'OPEN'}`),
    subCount: c.lifecycle.length,
    wide: true,
  };
}

export function findingsStep(d: LessonData, sub: number): StepContent {
  const groups = findingGroups(d.findings);
  const spot = Math.min(sub, groups.length - 1);
  const g = groups[spot];
  const quote = FINDING_QUOTE[g.code];
  return {
    title: t('step.findings.title', { count: d.findings.length }),
    caption: t('step.findings.caption'),
    visual: (
      <ul className="lesson-findings" data-testid="lesson-findings">
        {groups.map((x, i) => (
          <li key={x.code} className={i === spot ? 'spot' : undefined}>
            <span className={`sev ${x.items[0].severity}`}>{x.items[0].severity}</span>
            <strong className="mono">{x.code}</strong>
            {x.items.length > 1 ? <span className="muted"> ×{x.items.length}</span> : null}
            <div>{x.items[0].message}</div>
            {i === spot && closeCodeOf(x.code) ? (
              <div className="muted">{t('step.findings.closeCode', { code: closeCodeOf(x.code) ?? '' })}</div>
            ) : null}
          </li>
        ))}
      </ul>
    ),
    rfc: quote ? [quote] : [],
    browser: closeCodeOf(g.code) ? t('browser.findingFatal') : t('browser.findingQuiet'),
    subCount: groups.length,
  };
}
