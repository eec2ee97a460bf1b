// One cell of a table or csv row: escaping, quoting, fitting to a column width.
//
// Every row of a listing passes every cell through here, so each function first checks, with
// one cheap test, whether the common case applies (plain ASCII, nothing to escape, nothing to
// quote) and only then does the general work. The general paths define the output; the fast
// paths must give the same strings.

const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f]/g;
const HIGH_SURROGATE = /[\ud800-\udbff]/;
const CSV_SPECIAL = /[",\r\n]/;
const WHITESPACE = /\s/;

/** Makes a cell safe for one table line: control characters shown as escapes. */
export function printable(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROL_ALL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
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
