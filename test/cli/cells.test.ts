// Table and csv cells (src/cli/cells.ts): the fast paths give what the plain definitions give.
// The references below are the straightforward versions the CLI used before the fast paths.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, fitCell, printable } from '../../src/cli/cells.js';

function csvReference(value: string | number | boolean | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function printableReference(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

function fitReference(text: string, width: number, align: 'left' | 'right'): string {
  const chars = Array.from(text);
  if (chars.length > width) return chars.slice(0, Math.max(0, width - 1)).join('') + '…';
  const pad = ' '.repeat(width - chars.length);
  return align === 'right' ? pad + text : text + pad;
}

// Strings rich in what the fast paths look for: quotes, commas, spaces of every kind, controls,
// surrogates (paired and lone).
const tricky = fc.string({
  unit: fc.constantFrom(
    'a',
    'é',
    '"',
    ',',
    ' ',
    '\t',
    '\r',
    '\n',
    '\u000b',
    '\u00a0',
    '\u2028',
    '\u3000',
    '\ufeff',
    '\u0000',
    '\u007f',
    '🙂',
    '\ud800',
    '\udc00',
    '東',
  ),
  maxLength: 30,
});

describe('csv cells (RFC 4180 §2 quoting)', () => {
  it('quotes quotes, commas, line breaks and edge whitespace, and nothing else', () => {
    for (const v of [
      '',
      'plain',
      'a,b',
      'say "hi"',
      'line\nbreak',
      ' lead',
      'trail\u00a0',
      '\ufeffbom',
      null,
      0,
      -1.5,
      true,
    ])
      expect(csvCell(v), String(v)).toBe(csvReference(v));
    fc.assert(
      fc.property(tricky, (s) => {
        expect(csvCell(s)).toBe(csvReference(s));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(csvCell(s)).toBe(csvReference(s));
      }),
    );
  });
});

describe('table cells', () => {
  it('escapes control characters and leaves the rest alone', () => {
    fc.assert(
      fc.property(tricky, (s) => {
        expect(printable(s)).toBe(printableReference(s));
      }),
    );
  });

  it('pads or cuts to the width in code points, surrogate pairs counted once', () => {
    fc.assert(
      fc.property(tricky, fc.nat(80), fc.constantFrom('left' as const, 'right' as const), (s, width, align) => {
        expect(fitCell(s, width, align)).toBe(fitReference(s, width, align));
      }),
    );
  });
});
