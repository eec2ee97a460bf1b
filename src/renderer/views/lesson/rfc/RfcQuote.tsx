// One RFC passage as a block quote: its section, the text with the requirement keywords of
// RFC 2119 highlighted (MUST, MUST NOT, SHOULD, … in capitals only, as the RFC writes them),
// _terms in underscores_ in italics, |Header-Names| as code, and the IETF notice below it.

import type { ReactNode } from 'react';
import { t, useLang } from '../../../i18n/index.js';
import { IETF_NOTICE, type QuoteId, RFC } from './rfc-text.js';

const TOKEN =
  /\b(MUST NOT|MUST|REQUIRED|SHALL NOT|SHALL|SHOULD NOT|SHOULD|RECOMMENDED|NOT RECOMMENDED|MAY|OPTIONAL)\b|_([^_]+)_|\|([^|]+)\|/g;

/** The passage cut into plain text, keywords, terms and header names. */
export function rfcParts(text: string): { kind: 'text' | 'keyword' | 'term' | 'header'; text: string }[] {
  const out: { kind: 'text' | 'keyword' | 'term' | 'header'; text: string }[] = [];
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > at) out.push({ kind: 'text', text: text.slice(at, m.index) });
    if (m[1]) out.push({ kind: 'keyword', text: m[1] });
    else if (m[2]) out.push({ kind: 'term', text: m[2] });
    else out.push({ kind: 'header', text: m[3] });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

export function RfcText({ text }: { text: string }) {
  const parts: ReactNode[] = rfcParts(text).map((p, i) => {
    const key = `${i}`;
    if (p.kind === 'keyword')
      return (
        <mark key={key} className={`rfc-kw rfc-${p.text.split(' ')[0].toLowerCase()}`}>
          {p.text}
        </mark>
      );
    if (p.kind === 'term') return <em key={key}>{p.text}</em>;
    if (p.kind === 'header') return <code key={key}>{p.text}</code>;
    return <span key={key}>{p.text}</span>;
  });
  return <>{parts}</>;
}

export function RfcQuote({ id }: { id: QuoteId }) {
  useLang();
  const quote = RFC[id];
  return (
    <figure className="rfc-quote" data-testid="rfc-quote">
      <figcaption>
        {t('lesson.rfcSays')} · <strong>RFC {quote.doc}</strong> §{quote.section}
      </figcaption>
      <blockquote lang="en">
        <RfcText text={quote.text} />
      </blockquote>
    </figure>
  );
}

/** The IETF notice for the RFCs quoted on a page. */
export function IetfNotice() {
  return (
    <details className="ietf-notice">
      <summary>© IETF Trust (RFC 6455, RFC 7692)</summary>
      <p lang="en">{IETF_NOTICE['6455']}</p>
      <p lang="en">{IETF_NOTICE['7692']}</p>
    </details>
  );
}
