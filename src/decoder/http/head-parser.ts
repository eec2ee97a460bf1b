// HTTP/1.1 head parsing (RFC 7230 §3): one complete head in, one request or response head out.
//
// Rules
// - Bytes are decoded as ISO-8859-1 (one char per byte), so every header value keeps the exact
//   wire bytes and nothing can fail to decode; `raw` keeps the bytes themselves.
// - Tolerant where real peers are sloppy and the meaning is clear (h11 does the same):
//   LF-only line endings, obs-fold continuation lines (RFC 7230 §3.2.4: replaced by one SP),
//   a missing reason phrase. Strict where a guess would mislead: a bad start line, whitespace
//   before a header colon, a non-token header name.
// - A parse failure is a return value ({ ok: false, message }), never an exception.
// - Finding the end of a head is a linear search whose caller remembers where it stopped
//   (h11's ReceiveBuffer), so a head arriving byte by byte costs O(n), not O(n²).

import type { HttpRequestHead, HttpResponseHead } from '../records.js';

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HTAB = 0x09;

/** RFC 7230 §3.2.6: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA */
const TCHAR_PUNCTUATION = "!#$%&'*+-.^_`|~";

export function isTchar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code < 0x80 && TCHAR_PUNCTUATION.includes(String.fromCharCode(code)))
  );
}

export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isTchar(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Find the end of a head (the blank line) in bytes[from, end). Accepts CRLFCRLF, LFLF and the
 * mixed forms. Returns the index just past the blank line, or -1. `from` may point anywhere
 * before the terminator: the caller restarts at (end - 3) when nothing was found.
 */
export function findBlankLine(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (bytes[i] !== LF) continue;
    if (i + 1 < end && bytes[i + 1] === LF) return i + 2;
    if (i + 2 < end && bytes[i + 1] === CR && bytes[i + 2] === LF) return i + 3;
  }
  return -1;
}

/** Find the end of one line (LF, CR optional) in bytes[from, end): index just past the LF, or -1. */
export function findLineEnd(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) if (bytes[i] === LF) return i + 1;
  return -1;
}

/** ISO-8859-1: one char per byte, exact and total. */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i += 4096) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  }
  return out;
}

/** Printable form of a value for a message: control bytes escaped, long values cut. */
export function quote(text: string, max = 80): string {
  const cut = text.length > max ? text.slice(0, max) + '…' : text;
  return JSON.stringify(cut);
}

type Parsed<T> = { ok: true; head: T } | { ok: false; message: string };

interface Lines {
  startLine: string;
  headers: [string, string][];
}

/** Split a head into its start line and header fields; handles obs-fold and bare LF. */
function splitHead(text: string): { ok: true; lines: Lines } | { ok: false; message: string } {
  const rawLines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  // Leading empty lines (RFC 7230 §3.5) are dropped by the stream; the trailing blank lines end the head.
  while (rawLines.length > 0 && rawLines[rawLines.length - 1] === '') rawLines.pop();
  const startLine = rawLines.shift() ?? '';
  const headers: [string, string][] = [];
  for (const line of rawLines) {
    const first = line.charCodeAt(0);
    if (first === SP || first === HTAB) {
      // RFC 7230 §3.2.4 obs-fold: a continuation of the previous field value.
      const last = headers[headers.length - 1];
      if (!last) return { ok: false, message: `continuation line ${quote(line)} before any header field` };
      const more = line.trim();
      last[1] = last[1] === '' ? more : more === '' ? last[1] : last[1] + ' ' + more;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) return { ok: false, message: `header line ${quote(line)} has no colon` };
    const name = line.slice(0, colon);
    if (!isToken(name)) {
      // RFC 7230 §3.2.4: no whitespace is allowed between the field name and the colon.
      return { ok: false, message: `invalid header name ${quote(name)}` };
    }
    headers.push([name, line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  return { ok: true, lines: { startLine, headers } };
}

const HTTP_VERSION = /^HTTP\/\d\.\d$/;

/** RFC 7230 §3.1.1: request-line = method SP request-target SP HTTP-version */
export function parseRequestHead(raw: Uint8Array, record: number, time: number): Parsed<HttpRequestHead> {
  const split = splitHead(latin1(raw));
  if (!split.ok) return split;
  const { startLine, headers } = split.lines;
  const parts = startLine.split(' ');
  if (parts.length !== 3) return { ok: false, message: `invalid request line ${quote(startLine)}` };
  const [method, target, version] = parts as [string, string, string];
  if (!isToken(method)) return { ok: false, message: `invalid request method ${quote(method)}` };
  if (target === '') return { ok: false, message: `empty request target in ${quote(startLine)}` };
  if (!HTTP_VERSION.test(version)) return { ok: false, message: `invalid http version ${quote(version)}` };
  return { ok: true, head: { method, target, version, headers, raw, record, time } };
}

/** RFC 7230 §3.1.2: status-line = HTTP-version SP status-code SP reason-phrase */
export function parseResponseHead(raw: Uint8Array, record: number, time: number): Parsed<HttpResponseHead> {
  const split = splitHead(latin1(raw));
  if (!split.ok) return split;
  const { startLine, headers } = split.lines;
  const match = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(startLine);
  if (!match) return { ok: false, message: `invalid status line ${quote(startLine)}` };
  const version = match[1]!;
  const status = Number(match[2]);
  const reason = match[3] ?? '';
  return { ok: true, head: { version, status, reason, headers, raw, record, time } };
}

// ---------------------------------------------------------------- header access

/** Every value of a header, in wire order; names compared case-insensitively. */
export function headerValues(headers: readonly [string, string][], name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [n, v] of headers) if (n.toLowerCase() === lower) out.push(v);
  return out;
}

/**
 * The combined value of a list header (RFC 7230 §3.2.2: several lines equal one line joined
 * with commas), or null when absent.
 */
export function headerList(headers: readonly [string, string][], name: string): string | null {
  const values = headerValues(headers, name);
  return values.length === 0 ? null : values.join(', ');
}

/** The comma-separated elements of a list header, trimmed, empty elements dropped (RFC 7230 §7). */
export function headerElements(headers: readonly [string, string][], name: string): string[] {
  const out: string[] = [];
  for (const value of headerValues(headers, name)) {
    for (const element of value.split(',')) {
      const trimmed = element.trim();
      if (trimmed !== '') out.push(trimmed);
    }
  }
  return out;
}

/** True when a list header holds `token` as one of its elements (case-insensitive). */
export function headerHasToken(headers: readonly [string, string][], name: string, token: string): boolean {
  const lower = token.toLowerCase();
  return headerElements(headers, name).some((element) => element.toLowerCase() === lower);
}

// ---------------------------------------------------------------- message body length

export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  | { kind: 'until-close' }
  | { kind: 'error'; message: string };

/**
 * RFC 7230 §3.3.3 rules 3-7 (rules 1-2, HEAD/1xx/204/304/CONNECT, need the request and are the
 * caller's): Transfer-Encoding ending in chunked wins over Content-Length; a request body is
 * otherwise Content-Length long or absent; a response body otherwise runs until the close.
 */
export function bodyFraming(headers: readonly [string, string][], isResponse: boolean): BodyFraming {
  const codings = headerValues(headers, 'transfer-encoding');
  if (codings.length > 0) {
    const list = headerElements(headers, 'transfer-encoding').map((c) => c.toLowerCase());
    if (list[list.length - 1] === 'chunked') return { kind: 'chunked' };
    if (isResponse) return { kind: 'until-close' };
    return { kind: 'error', message: `request transfer-encoding ${quote(codings.join(', '))} does not end in chunked` };
  }
  const lengths = headerValues(headers, 'content-length');
  if (lengths.length > 0) {
    // Several equal values (or "5, 5") are allowed by RFC 7230 §3.3.2; differing ones are not.
    const values = new Set(lengths.flatMap((v) => v.split(',').map((x) => x.trim())));
    const [only] = values;
    if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) {
      return { kind: 'error', message: `invalid content-length ${quote(lengths.join(', '))}` };
    }
    const length = Number(only);
    return length === 0 ? { kind: 'none' } : { kind: 'length', length };
  }
  return isResponse ? { kind: 'until-close' } : { kind: 'none' };
}

// ---------------------------------------------------------------- sniffing

/** Longest method we wait for before deciding a stream is not HTTP ("M-SEARCH", "PROPFIND", …). */
const MAX_METHOD_LENGTH = 20;

/** Does a stream start like a request line ("GET ")? Needs at most 21 bytes to decide. */
export function looksLikeHttpRequest(prefix: Uint8Array): 'yes' | 'no' | 'need-more' {
  for (let i = 0; i < prefix.length && i <= MAX_METHOD_LENGTH; i++) {
    const byte = prefix[i]!;
    if (byte === SP) return i > 0 ? 'yes' : 'no';
    if (!isTchar(byte)) return 'no';
  }
  return prefix.length > MAX_METHOD_LENGTH ? 'no' : 'need-more';
}

const RESPONSE_PREFIX = 'HTTP/1.';

/** Does a stream start like a status line ("HTTP/1.")? */
export function looksLikeHttpResponse(prefix: Uint8Array): 'yes' | 'no' | 'need-more' {
  const n = Math.min(prefix.length, RESPONSE_PREFIX.length);
  for (let i = 0; i < n; i++) if (prefix[i] !== RESPONSE_PREFIX.charCodeAt(i)) return 'no';
  return prefix.length >= RESPONSE_PREFIX.length ? 'yes' : 'need-more';
}
