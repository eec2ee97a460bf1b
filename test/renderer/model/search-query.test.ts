// The quick search's query syntax: plain text (case-insensitive) or /regex/flags as the CLI's
// --grep accepts (src/cli/filters.ts), with the match positions the views mark.

import { describe, expect, it } from 'vitest';
import { parseSearchQuery, splitMatches } from '../../../src/renderer/model/search-query.js';

function query(source: string) {
  const parsed = parseSearchQuery(source);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.query;
}

describe('search query', () => {
  it('matches plain text case-insensitively and says where', () => {
    const q = query('bye');
    expect(q.test('Good BYE and bye')).toBe(true);
    expect(q.test('hello')).toBe(false);
    expect(q.ranges('Good BYE and bye')).toEqual([
      [5, 8],
      [13, 16],
    ]);
  });

  it('takes /regex/flags, dropping g and y as the CLI does', () => {
    const q = query('/fr[a-z]+d/gi');
    // with a stateful g flag, a second test() on the same text would fail
    expect(q.test('FRAGMENTED')).toBe(true);
    expect(q.test('FRAGMENTED')).toBe(true);
    expect(q.ranges('a fragmented x fred')).toEqual([
      [2, 12],
      [15, 19],
    ]);
    expect(query('/^a.c$/s').test('a\nc')).toBe(true);
  });

  it('answers an invalid regex with a one-line error, never a throw', () => {
    const parsed = parseSearchQuery('/(/');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/^invalid regular expression \/\(\/: /);
  });

  it('does not loop on empty matches', () => {
    expect(query('/x*/').ranges('abxxc')).toEqual([[2, 4]]);
  });

  it('cuts text into marked and unmarked pieces', () => {
    expect(
      splitMatches('hello world', [
        [0, 2],
        [6, 11],
      ]),
    ).toEqual([
      { text: 'he', hit: true },
      { text: 'llo ', hit: false },
      { text: 'world', hit: true },
    ]);
  });
});
