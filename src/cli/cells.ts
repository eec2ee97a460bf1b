// One cell of a table or csv row: escaping, quoting, fitting to a column width.
//
// Every row of a listing passes every cell through here, so each function first checks, with
// one cheap test, whether the common case applies (plain ASCII, nothing to escape, nothing to
// quote) and only then does the general work. The general paths define the output; the fast
// paths must give the same strings.

// C0 controls and DEL; C1 controls (U+0080-U+009F: U+009B is an 8-bit CSI that terminals obey);
// and the bidi controls that reorder what follows (embeddings and overrides U+202A-U+202E,
// isolates U+2066-U+2069, marks U+200E, U+200F, U+061C): text from a capture must not move the
// cursor, recolour the terminal or make one string display as another (issue 15).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const HIGH_SURROGATE = /[\ud800-\udbff]/;
const CSV_SPECIAL = /[",\r\n]/;
const WHITESPACE = /\s/;

/** Makes a cell safe for one table line: control characters (C0, C1, bidi) shown as escapes. */
export function printable(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROL_ALL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const PADS = Array.from({ length: 65 }, (_, n) => ' '.repeat(n));

/** Display width of a string, counting each code point as one column (good enough for a table). */
export function fitCell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  // Without a surrogate pair, code points are UTF-16 units: no need to split the string.
  const length = HIGH_SURROGATE.test(text) ? Array.from(text).length : text.length;
  if (length > width)
    return (
      Array.from(text)
        .slice(0, Math.max(0, width - 1))
        .join('') + '…'
    );
  const gap = width - length;
  const pad = gap < PADS.length ? PADS[gap] : ' '.repeat(gap);
  return align === 'right' ? pad + text : text + pad;
}

/** `\s` of a regular expression, for one UTF-16 unit; ASCII answered without the regex. */
function isSpace(unit: number): boolean {
  if (unit < 0x80) return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
  return WHITESPACE.test(String.fromCharCode(unit));
}

/** RFC 4180 cell: quoted when it holds a quote, comma or line break, or starts/ends in space. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  // Numbers and booleans never hold any of those characters.
  if (typeof value !== 'string') return String(value);
  const s = value;
  const quote =
    s.length > 0 && (CSV_SPECIAL.test(s) || isSpace(s.charCodeAt(0)) || isSpace(s.charCodeAt(s.length - 1)));
  return quote ? `"${s.replace(/"/g, '""')}"` : s;
}
