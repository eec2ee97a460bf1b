// One RFC passage as a block quote: its section, the text with the requirement keywords of
// RFC 2119 highlighted (MUST, MUST NOT, SHOULD, … in capitals only, as the RFC writes them),
// _terms in underscores_ in italics, |Header-Names| as code, and the IETF notice below it.

import type { ReactNode } from 'react';
import { t, useLang } from '../../../i18n/index.js';
import { rfcParts } from './rfc-parts.js';
import { IETF_NOTICE, type QuoteId, RFC } from './rfc-text.js';

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
