// Sec-WebSocket-Extensions (RFC 6455 §9.1) and permessage-deflate negotiation (RFC 7692 §5, §7.1).
//
// Grammar (RFC 6455 §9.1, list rules of RFC 7230 §7):
//   Sec-WebSocket-Extensions = 1#extension
//   extension       = extension-token *( OWS ";" OWS extension-param )
//   extension-param = token [ OWS "=" OWS ( token / quoted-string ) ]
//   ; a quoted-string value, once unescaped, MUST itself be a token
// Several header lines are one list joined with commas (the caller joins them); empty list
// elements (", ,") are tolerated as RFC 7230 §7 asks of recipients.
//
// The parser is a hand-written scanner over the string: it never throws, and a failure names
// the position and what was expected.

import type { DeflateParams, ExtensionOffer } from '../model.js';
import { isTchar, isToken, quote } from './head-parser.js';

export type ExtensionsResult = { ok: true; extensions: ExtensionOffer[] } | { ok: false; message: string };

const HTAB = 0x09;
const SP = 0x20;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  skipOws(): void {
    while (!this.done && (this.peek() === SP || this.peek() === HTAB)) this.pos++;
  }

  token(): string {
    const from = this.pos;
    while (!this.done && isTchar(this.peek())) this.pos++;
    return this.text.slice(from, this.pos);
  }

  /** RFC 7230 §3.2.6 quoted-string, unescaped; null when unterminated or holding a bad byte. */
  quotedString(): string | null {
    this.pos++; // opening DQUOTE
    let out = '';
    while (!this.done) {
      const c = this.peek();
      if (c === DQUOTE) {
        this.pos++;
        return out;
      }
      if (c === BACKSLASH) {
        this.pos++;
        if (this.done) return null;
      } else if (c < 0x20 && c !== HTAB) {
        return null;
      }
      out += this.text[this.pos];
      this.pos++;
    }
    return null;
  }

  describeHere(): string {
    return this.done ? 'at the end' : `at offset ${this.pos} (${quote(this.text.slice(this.pos, this.pos + 10))})`;
  }
}

export function parseExtensions(value: string): ExtensionsResult {
  const s = new Scanner(value);
  const extensions: ExtensionOffer[] = [];
  for (;;) {
    s.skipOws();
    if (s.done) break;
    if (s.peek() === 0x2c) {
      s.pos++; // empty list element
      continue;
    }
    const name = s.token();
    if (name === '') return { ok: false, message: `expected an extension name ${s.describeHere()} in ${quote(value)}` };
    const params: [string, string | null][] = [];
    s.skipOws();
    while (!s.done && s.peek() === 0x3b) {
      s.pos++;
      s.skipOws();
      const param = s.token();
      if (param === '')
        return { ok: false, message: `expected a parameter name ${s.describeHere()} in ${quote(value)}` };
      s.skipOws();
      let paramValue: string | null = null;
      if (!s.done && s.peek() === 0x3d) {
        s.pos++;
        s.skipOws();
        if (!s.done && s.peek() === DQUOTE) {
          const unquoted = s.quotedString();
          if (unquoted === null)
            return { ok: false, message: `unterminated quoted value for ${param} in ${quote(value)}` };
          if (!isToken(unquoted)) {
            return { ok: false, message: `quoted value ${quote(unquoted)} of ${param} is not a token` };
          }
          paramValue = unquoted;
        } else {
          paramValue = s.token();
          if (paramValue === '')
            return { ok: false, message: `expected a value for ${param} ${s.describeHere()} in ${quote(value)}` };
        }
        s.skipOws();
      }
      params.push([param, paramValue]);
    }
    extensions.push({ name, params });
    if (s.done) break;
    if (s.peek() !== 0x2c) return { ok: false, message: `expected ";" or "," ${s.describeHere()} in ${quote(value)}` };
    s.pos++;
  }
  if (extensions.length === 0) return { ok: false, message: `no extension in ${quote(value)}` };
  return { ok: true, extensions };
}

// ---------------------------------------------------------------- permessage-deflate

export const PERMESSAGE_DEFLATE = 'permessage-deflate';

/** RFC 7692 §7.1 extension parameters. */
const DEFLATE_PARAMS = [
  'server_no_context_takeover',
  'client_no_context_takeover',
  'server_max_window_bits',
  'client_max_window_bits',
] as const;

/** RFC 7692 §7.1.2: window bits are a decimal 8..15 without leading zeros. */
const WINDOW_BITS = /^(?:[89]|1[0-5])$/;

export const DEFAULT_WINDOW_BITS = 15;

/** Problems with one permessage-deflate element's parameters; `role` says whose element it is. */
export function checkDeflateParams(element: ExtensionOffer, role: 'offer' | 'response'): string[] {
  const problems: string[] = [];
  const who = role === 'offer' ? 'client offered' : 'server accepted';
  const seen = new Set<string>();
  for (const [name, value] of element.params) {
    const key = name.toLowerCase();
    if (!(DEFLATE_PARAMS as readonly string[]).includes(key)) {
      problems.push(`${who} permessage-deflate with unknown parameter ${name}`);
      continue;
    }
    // RFC 7692 §7: "A client MUST NOT include multiple parameters with the same name"; likewise the server.
    if (seen.has(key)) problems.push(`${who} permessage-deflate with ${name} more than once`);
    seen.add(key);
    if (key.endsWith('_no_context_takeover')) {
      if (value !== null) problems.push(`${who} permessage-deflate with ${name}=${value}; it takes no value`);
    } else if (key === 'server_max_window_bits' || role === 'response') {
      // server_max_window_bits always needs a value; client_max_window_bits needs one in a response.
      if (value === null) problems.push(`${who} permessage-deflate with ${name} but no value`);
      else if (!WINDOW_BITS.test(value))
        problems.push(`${who} permessage-deflate with ${name}=${value}; expected 8 to 15`);
    } else if (value !== null && !WINDOW_BITS.test(value)) {
      problems.push(`${who} permessage-deflate with ${name}=${value}; expected 8 to 15`);
    }
  }
  return problems;
}

function paramValue(element: ExtensionOffer, name: string): string | null | undefined {
  for (const [n, v] of element.params) if (n.toLowerCase() === name) return v;
  return undefined;
}

/**
 * The parameters in force once a server accepted permessage-deflate, and what is wrong with the
 * response compared with the client's offers (RFC 7692 §7.1.1-§7.1.2). Invalid values fall back
 * to the defaults so decoding can still be attempted.
 */
export function negotiateDeflate(
  offers: ExtensionOffer[],
  accepted: ExtensionOffer,
): { params: DeflateParams; problems: string[] } {
  const problems = checkDeflateParams(accepted, 'response');
  const deflateOffers = offers.filter((o) => o.name.toLowerCase() === PERMESSAGE_DEFLATE);
  const bits = (name: string): number => {
    const value = paramValue(accepted, name);
    return typeof value === 'string' && WINDOW_BITS.test(value) ? Number(value) : DEFAULT_WINDOW_BITS;
  };
  const params: DeflateParams = {
    serverNoContextTakeover: paramValue(accepted, 'server_no_context_takeover') !== undefined,
    clientNoContextTakeover: paramValue(accepted, 'client_no_context_takeover') !== undefined,
    serverMaxWindowBits: bits('server_max_window_bits'),
    clientMaxWindowBits: bits('client_max_window_bits'),
  };
  // RFC 7692 §7.1.2.2: the server may send client_max_window_bits only if the client offered it.
  if (
    paramValue(accepted, 'client_max_window_bits') !== undefined &&
    deflateOffers.length > 0 &&
    !deflateOffers.some((o) => paramValue(o, 'client_max_window_bits') !== undefined)
  ) {
    problems.push(
      `server accepted permessage-deflate with client_max_window_bits=${paramValue(accepted, 'client_max_window_bits')} but the client did not offer client_max_window_bits`,
    );
  }
  // RFC 7692 §7.1.2.1: a server answering an offer with server_max_window_bits=N must not
  // answer with a larger value (checked against the most permissive offer, as any may be the one answered).
  const offeredServerBits = deflateOffers.map((o) => paramValue(o, 'server_max_window_bits'));
  if (offeredServerBits.length > 0 && offeredServerBits.every((v) => typeof v === 'string' && WINDOW_BITS.test(v))) {
    const limit = Math.max(...offeredServerBits.map(Number));
    if (params.serverMaxWindowBits > limit) {
      problems.push(
        `server accepted permessage-deflate with server_max_window_bits=${params.serverMaxWindowBits} above the ${limit} the client offered`,
      );
    }
  }
  // A client_max_window_bits value in an offer is only a hint (RFC 7692 §7.1.2.2): not checked.
  return { params, problems };
}
