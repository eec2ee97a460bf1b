// What the filter bar offers at the caret: field names where a field goes, a field's values
// (named numbers, a string field's values, true/false) after its operator, and the operators
// after a complete field name. Pure: text and caret in, suggestions out.

import { completeField, completeValue, filterField } from '../../../decoder/index.js';

export interface Completion {
  /** The text range the chosen item replaces. */
  from: number;
  to: number;
  items: string[];
}

const WORD = /[A-Za-z0-9_.:/-]/;
const OPERATORS = ['==', '!=', '<', '>', '<=', '>=', 'contains', 'matches', 'in'];
const VALUE_AFTER = new Set([
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  'eq',
  'ne',
  'lt',
  'gt',
  'le',
  'ge',
  'contains',
  '{',
  ',',
]);

export function completionAt(text: string, caret: number, max = 12): Completion {
  let from = caret;
  while (from > 0 && WORD.test(text[from - 1])) from--;
  let to = caret;
  while (to < text.length && WORD.test(text[to])) to++;
  const prefix = text.slice(from, caret);
  const before = text.slice(0, from).trimEnd();
  const prev = lastToken(before);
  if (prev && VALUE_AFTER.has(prev.token)) {
    const field = fieldBefore(before.slice(0, prev.at).trimEnd());
    return { from, to, items: field ? completeValue(field, prefix.replace(/^"/, '')).slice(0, max) : [] };
  }
  // A complete field name followed by a space: its operators.
  if (prefix === '' && prev && filterField(prev.token) && !/[)]$/.test(before)) {
    return { from, to, items: OPERATORS };
  }
  if (prefix === '' && before !== '' && !/(&&|\|\||!|\(|\band|\bor|\bnot)$/.test(before))
    return { from, to, items: [] };
  return { from, to, items: completeField(prefix).slice(0, max) };
}

function lastToken(text: string): { token: string; at: number } | null {
  if (text === '') return null;
  const sym = /(==|!=|<=|>=|<|>|\{|,)$/.exec(text);
  if (sym) return { token: sym[1], at: text.length - sym[1].length };
  const word = /([A-Za-z0-9_.:/-]+)$/.exec(text);
  if (word) return { token: word[1].toLowerCase() === word[1] ? word[1] : word[1], at: text.length - word[1].length };
  return null;
}

/** The field name an operator (or a set) follows. */
function fieldBefore(text: string): string | null {
  let t = text;
  // inside a set: back to its "{", then past "in" / "not in"
  const brace = t.lastIndexOf('{');
  if (brace >= 0 && !t.slice(brace).includes('}'))
    t = t
      .slice(0, brace)
      .trimEnd()
      .replace(/\b(not\s+)?in$/, '')
      .trimEnd();
  const m = /([A-Za-z0-9_.-]+)$/.exec(t);
  return m && filterField(m[1]) ? m[1] : null;
}
