// Filter literals read as a field's type, and the comparisons between a field's value and them.
//
// - Numbers: decimal, 0x hex, 0o/0 octal as Wireshark reads them; floats for times; a field's
//   named values (`text` for websocket.opcode 1).
// - Booleans: true/false, 1/0 (Wireshark: "True"/"False").
// - Strings: "quoted" with escapes, or a bare word.
// - Bytes: aa:bb:cc, aa-bb-cc, aa.bb.cc or aabbcc (hex pairs), or a "string" (its UTF-8 bytes).
// - Addresses: IPv4 dotted or IPv6 text, optionally /prefix: equality then means "in the block".

import type { ByteSpan } from './cursors.js';
import type { FieldType, FilterFieldDef, Scalar } from './field-def.js';
import { FilterError } from './lexer.js';
import type { Literal } from './parser.js';

export type Ip = { bytes: Uint8Array; prefix: number };
export type LiteralValue = number | boolean | string | Uint8Array | Ip;

const TYPE_WORD: Record<FieldType, string> = {
  uint: 'a number',
  float: 'a number',
  time: 'a number of seconds',
  bool: 'true or false',
  string: 'a string',
  bytes: 'bytes (aa:bb:cc or "text")',
  ipv4: 'an IPv4 address or block (10.0.0.0/8)',
  ipv6: 'an IPv6 address or block (fe80::/10)',
  protocol: 'nothing (a protocol is only tested for presence)',
};

export function parseLiteral(field: FilterFieldDef, lit: Literal): LiteralValue {
  const fail = (): never => {
    throw new FilterError(
      `"${lit.text}" is not ${TYPE_WORD[field.type]} (${field.name} is ${TYPE_WORD[field.type]})`,
      lit.column,
      lit.length,
    );
  };
  const text = lit.text;
  switch (field.type) {
    case 'uint':
    case 'float':
    case 'time': {
      const named = field.names ? nameValue(field.names, text) : undefined;
      if (named !== undefined) return named;
      const n = parseNumber(text, field.type !== 'uint');
      if (n === null) {
        if (field.names) {
          throw new FilterError(
            `"${text}" is not a number or a name of ${field.name} (${Object.keys(field.names).join(', ')})`,
            lit.column,
            lit.length,
          );
        }
        return fail();
      }
      return n;
    }
    case 'bool': {
      const t = text.toLowerCase();
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0') return false;
      return fail();
    }
    case 'string':
      if (field.values && !lit.quoted && !field.values.includes(text)) {
        const hint = field.values.length <= 12 ? ` (one of ${field.values.join(', ')})` : '';
        throw new FilterError(`"${text}" is not a value of ${field.name}${hint}`, lit.column, lit.length);
      }
      return text;
    case 'bytes': {
      if (lit.quoted) return new TextEncoder().encode(text);
      const bytes = parseBytes(text);
      return bytes ?? fail();
    }
    case 'protocol':
      return fail();
    case 'ipv4':
    case 'ipv6': {
      if (lit.quoted) return fail();
      const ip = parseIp(text);
      if (ip === null || (ip.bytes.length === 16) !== (field.type === 'ipv6')) return fail();
      return ip;
    }
  }
}

function nameValue(names: Readonly<Record<string, number>>, text: string): number | undefined {
  const key = text.toLowerCase();
  return Object.hasOwn(names, key) ? names[key] : undefined;
}

export function parseNumber(text: string, float: boolean): number | null {
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(body)) n = Number.parseInt(body.slice(2), 16);
  else if (/^0o[0-7]+$/i.test(body)) n = Number.parseInt(body.slice(2), 8);
  else if (/^0b[01]+$/i.test(body)) n = Number.parseInt(body.slice(2), 2);
  else if (/^\d+$/.test(body)) n = Number(body);
  else if (float && /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(body)) n = Number(body);
  else return null;
  return neg ? -n : n;
}

export function parseBytes(text: string): Uint8Array | null {
  let hex: string;
  if (/^[0-9a-f]{2}([:.-][0-9a-f]{2})*$/i.test(text)) hex = text.replace(/[:.-]/g, '');
  else if (/^([0-9a-f]{2})+$/i.test(text)) hex = text;
  else return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** IPv4 or IPv6 text, optionally with /prefix; null when not an address. */
export function parseIp(text: string): Ip | null {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const bytes = addr.includes(':') ? ipv6Bytes(addr) : ipv4Bytes(addr);
  if (bytes === null) return null;
  let prefix = bytes.length * 8;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bytes.length * 8) return null;
    prefix = Number(p);
  }
  return { bytes, prefix };
}

function ipv4Bytes(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return Uint8Array.from(parts.map(Number));
}

function ipv6Bytes(text: string): Uint8Array | null {
  let t = text;
  let v4tail: number[] = [];
  // An embedded IPv4 tail (::ffff:10.0.0.1) gives the last two words.
  const m = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (m) {
    const b = ipv4Bytes(m[2]);
    if (!b) return null;
    v4tail = [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
    t = m[1].endsWith('::') ? m[1] : m[1].slice(0, -1);
  }
  const group = (s: string): number[] | null => {
    if (s === '') return [];
    const g = s.split(':');
    if (g.some((x) => !/^[0-9a-f]{1,4}$/i.test(x))) return null;
    return g.map((x) => Number.parseInt(x, 16));
  };
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  if (head === null || rest === null) return null;
  const after = [...rest, ...v4tail];
  const total = head.length + after.length;
  let words: number[];
  if (halves.length === 2) {
    if (total > 7) return null;
    words = [...head, ...new Array<number>(8 - total).fill(0), ...after];
  } else {
    words = [...head, ...after];
    if (words.length !== 8) return null;
  }
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

/** Address texts already parsed: a capture has few addresses and many rows. */
const PARSED = new Map<string, Ip | null>();

/** Is `value` (address text) inside the block `ip`? */
export function ipMatches(value: string, ip: Ip): boolean {
  let parsed = PARSED.get(value);
  if (parsed === undefined) {
    parsed = parseIp(value);
    if (PARSED.size > 4096) PARSED.clear();
    PARSED.set(value, parsed);
  }
  if (!parsed || parsed.bytes.length !== ip.bytes.length) return false;
  let bits = ip.prefix;
  for (let i = 0; i < ip.bytes.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((parsed.bytes[i] & mask) !== (ip.bytes[i] & mask)) return false;
  }
  return true;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function bytesCompare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export function bytesContain(hay: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return true;
  const first = needle[0];
  const last = hay.length - needle.length;
  outer: for (let i = hay.indexOf(first); i >= 0 && i <= last; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** A scalar as the text `matches` and `contains` read (bytes: as Latin-1, byte for byte, as Wireshark does). */
export function scalarText(v: Scalar): string {
  if (v instanceof Uint8Array) {
    // apply takes the typed array as it is (a spread would walk an iterator); in pieces, so a
    // long payload stays within the engine's argument limit
    const chars = (part: Uint8Array) => String.fromCharCode.apply(null, part as unknown as number[]);
    if (v.length <= 4096) return chars(v);
    let s = '';
    for (let i = 0; i < v.length; i += 4096) s += chars(v.subarray(i, i + 4096));
    return s;
  }
  return String(v);
}

/** Does `span` (bytes in place in a larger buffer) contain `needle`? Searches only inside the span. */
export function spanContains(span: ByteSpan, needle: Uint8Array): boolean {
  const hay = span.buf;
  const n = needle.length;
  if (n === 0) return true;
  const first = needle[0];
  const last = span.end - n;
  outer: for (let i = span.start; i <= last; i++) {
    if (hay[i] !== first) continue;
    for (let j = 1; j < n; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
