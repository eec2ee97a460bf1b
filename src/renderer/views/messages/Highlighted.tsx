// Text with the search's matches marked (<mark>). Text nodes only: payloads never become HTML.

import type { SearchQuery } from '../../model/search-query.js';
import { splitMatches } from '../../model/search-query.js';

export function Highlighted({ text, query }: { text: string; query: SearchQuery | null }) {
  if (!query) return <>{text}</>;
  const ranges = query.ranges(text);
  if (ranges.length === 0) return <>{text}</>;
  return (
    <>
      {splitMatches(text, ranges).map((piece, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: pieces are positional
        piece.hit ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>,
      )}
    </>
  );
}
