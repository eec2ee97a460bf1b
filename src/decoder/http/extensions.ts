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

import type { DeflateParams, ExtensionOffer } from '../records.js';
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

/** An element as it would appear in the header, for messages: `permessage-deflate; a=1; b`. */
function formatElement(element: ExtensionOffer): string {
  return [element.name, ...element.params.map(([n, v]) => (v === null ? n : `${n}=${v}`))].join('; ');
}

/**
 * What is wrong with `accepted` as the answer to this one offer (RFC 7692 §7, §7.1.1.1, §7.1.2).
 * Parameters that only hint or that the server may add unasked are not checked:
 * server_no_context_takeover, client_no_context_takeover and server_max_window_bits may appear in
 * a response to an offer without them, and a client_max_window_bits value in an offer is a hint.
 */
function answerProblems(offer: ExtensionOffer, accepted: ExtensionOffer): string[] {
  const problems: string[] = [];
  // RFC 7692 §7: a server MUST decline an offer with an unknown, repeated or invalid parameter.
  if (checkDeflateParams(offer, 'offer').length > 0) {
    problems.push(
      `server accepted the invalid permessage-deflate offer ${quote(formatElement(offer))} that it must decline (RFC 7692 §7)`,
    );
  }
  // RFC 7692 §7.1.1.1: the server accepts server_no_context_takeover only by echoing it.
  if (
    paramValue(offer, 'server_no_context_takeover') !== undefined &&
    paramValue(accepted, 'server_no_context_takeover') === undefined
  ) {
    problems.push(
      'server accepted permessage-deflate without echoing server_no_context_takeover that the client requested (RFC 7692 §7.1.1.1)',
    );
  }
  // RFC 7692 §7.1.2.1: the server accepts server_max_window_bits=N only by answering with a value <= N.
  // An invalid offered or answered value is reported on its own (checkDeflateParams).
  const offeredBits = paramValue(offer, 'server_max_window_bits');
  if (typeof offeredBits === 'string' && WINDOW_BITS.test(offeredBits)) {
    const answeredBits = paramValue(accepted, 'server_max_window_bits');
    if (answeredBits === undefined) {
      problems.push(
        `server accepted permessage-deflate without server_max_window_bits though the client offered server_max_window_bits=${offeredBits} (RFC 7692 §7.1.2.1)`,
      );
    } else if (
      typeof answeredBits === 'string' &&
      WINDOW_BITS.test(answeredBits) &&
      Number(answeredBits) > Number(offeredBits)
    ) {
      problems.push(
        `server accepted permessage-deflate with server_max_window_bits=${answeredBits} above the ${offeredBits} the client offered`,
      );
    }
  }
  // RFC 7692 §7.1.2.2: the server may send client_max_window_bits only if the client offered it.
  const clientBits = paramValue(accepted, 'client_max_window_bits');
  if (clientBits !== undefined && paramValue(offer, 'client_max_window_bits') === undefined) {
    const sent = clientBits === null ? 'client_max_window_bits' : `client_max_window_bits=${clientBits}`;
    problems.push(
      `server accepted permessage-deflate with ${sent} but the client did not offer client_max_window_bits`,
    );
  }
  return problems;
}

/**
 * The parameters in force once a server accepted permessage-deflate, and what is wrong with the
 * response compared with the client's offers (RFC 7692 §7, §7.1.1-§7.1.2).
 *
 * The response answers one of the offers (RFC 7692 §5.1) without saying which, so it is fine
 * when it is a valid answer to any of them; otherwise the problems against the closest offer
 * (fewest problems, earliest on a tie) are reported.
 *
 * The parameters are the response's, even where the response breaks the rules: each is what the
 * sender it binds agreed to, and the inflater must follow what the sender does, not what was asked.
 * A server that did not echo server_no_context_takeover did not agree to it and may keep its
 * window, so its messages are inflated with context takeover (a kept window also inflates
 * messages that do not use it, while an emptied one breaks messages that do); likewise a missing
 * server_max_window_bits leaves the server at 15. The client's own hints in its offer
 * (client_no_context_takeover, a client_max_window_bits value) are not applied for the same
 * reason: a larger or kept window never changes correct output. Invalid values fall back to the
 * defaults so decoding can still be attempted.
 */
export function negotiateDeflate(
  offers: ExtensionOffer[],
  accepted: ExtensionOffer,
): { params: DeflateParams; problems: string[] } {
  const problems = checkDeflateParams(accepted, 'response');
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
  // Without any permessage-deflate offer there is nothing to compare with; the caller reports
  // the extension as not negotiated.
  const deflateOffers = offers.filter((o) => o.name.toLowerCase() === PERMESSAGE_DEFLATE);
  const perOffer = deflateOffers.map((offer) => answerProblems(offer, accepted));
  if (perOffer.length > 0 && perOffer.every((p) => p.length > 0)) {
    let closest = 0;
    for (let i = 1; i < perOffer.length; i++) if (perOffer[i]!.length < perOffer[closest]!.length) closest = i;
    const which =
      perOffer.length > 1
        ? `; compared with offer ${closest + 1} of ${perOffer.length}, the closest to the response`
        : '';
    for (const message of perOffer[closest]!) problems.push(message + which);
  }
  return { params, problems };
}
