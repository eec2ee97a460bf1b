// An RFC passage cut into plain text, RFC 2119 keywords (MUST, MUST NOT, SHOULD, … in capitals
// only, as the RFC writes them), _terms in underscores_ and |Header-Names| (RfcQuote draws them).

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
