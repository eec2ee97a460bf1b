// The quick search's query: plain text or `/regex/flags`, the syntax the CLI's --grep accepts
// (src/cli/filters.ts parseGrep). Used by the worker to find messages and by the views to mark
// where each match is. Kept apart from the filter language (src/decoder/filter), which selects
// rows by field; this only searches payload text.
//
// Plain text matches case-insensitively (a search box, unlike grep, is typed quickly); a regex
// keeps its own flags, `g` and `y` dropped as the CLI does (they make test() stateful).

export interface SearchQuery {
  /** The query as typed. */
  source: string;
  /** Whether `text` contains a match. */
  test(text: string): boolean;
  /** Where the matches are in `text`: [start, end) pairs, ascending, at most `max`. */
  ranges(text: string, max?: number): [number, number][];
}

export type ParsedQuery = { ok: true; query: SearchQuery } | { ok: false; error: string };

const REGEX_QUERY = /^\/(.*)\/([a-z]*)$/s;

/** Parses a typed query; an invalid regex gives a one-line error instead of throwing. */
export function parseSearchQuery(source: string): ParsedQuery {
  const m = REGEX_QUERY.exec(source);
  if (!m) return { ok: true, query: plainQuery(source) };
  let re: RegExp;
  try {
    re = new RegExp(m[1], m[2].replace(/[gy]/g, ''));
  } catch (error) {
    return { ok: false, error: `invalid regular expression ${source}: ${(error as Error).message}` };
  }
  // A second regex with `g` walks the matches; `d` not needed: match.index and length suffice.
  const all = new RegExp(re.source, `${re.flags}g`);
  return {
    ok: true,
    query: {
      source,
      test: (text) => re.test(text),
      ranges(text, max = 1000) {
        const out: [number, number][] = [];
        all.lastIndex = 0;
        for (let hit = all.exec(text); hit && out.length < max; hit = all.exec(text)) {
          // an empty match (/x*/) would loop forever: step past it, and mark nothing for it
          if (hit[0].length === 0) all.lastIndex++;
          else out.push([hit.index, hit.index + hit[0].length]);
        }
        return out;
      },
    },
  };
}

function plainQuery(source: string): SearchQuery {
  const needle = source.toLowerCase();
  return {
    source,
    test: (text) => needle !== '' && text.toLowerCase().includes(needle),
    ranges(text, max = 1000) {
      const out: [number, number][] = [];
      if (!needle) return out;
      const hay = text.toLowerCase();
      // lower-casing can change a string's length (İ → i̇): then offsets would not map back
      if (hay.length !== text.length) return out;
      for (let at = hay.indexOf(needle); at >= 0 && out.length < max; at = hay.indexOf(needle, at + needle.length)) {
        out.push([at, at + needle.length]);
      }
      return out;
    },
  };
}

/** `text` cut into pieces, each marked whether it is inside a match (for <mark> rendering). */
export function splitMatches(text: string, ranges: readonly [number, number][]): { text: string; hit: boolean }[] {
  const out: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) out.push({ text: text.slice(at, s), hit: false });
    out.push({ text: text.slice(Math.max(s, at), e), hit: true });
    at = Math.max(at, e);
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}
