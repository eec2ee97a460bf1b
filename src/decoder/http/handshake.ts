// The WebSocket opening handshake checked against RFC 6455 §4.1-§4.2 and RFC 7692 §5-§7.
//
// Rules
// - Observe, never fail: every problem becomes a finding, and the Handshake record is filled
//   as far as the heads allow.
// - Header names are compared case-insensitively; list headers (Upgrade, Connection,
//   Sec-WebSocket-Protocol, Sec-WebSocket-Extensions) spread over several lines are one list
//   (RFC 7230 §3.2.2). Sec-WebSocket-Key and Sec-WebSocket-Accept must appear once (§11.3.1, §11.3.3).
// - `upgraded` follows the model: true when the status is 101 and Upgrade names websocket. A 101
//   whose Connection lacks "upgrade" is still an upgrade (both peers switched; frames follow),
//   reported as bad-headers. A 101 without "Upgrade: websocket" is not a WebSocket upgrade.
// - Any other final status is a rejection. Subprotocol, extensions and Accept are only judged
//   on an upgrade: a 401's headers negotiate nothing.
// - With no response (null) the request side is checked and the rest left empty: reporting
//   the missing response is the session's job (`handshake.no-response`).

import type { FindingCode } from '../findings.js';
import type { AcceptCheck, ExtensionOffer, Handshake, HttpRequestHead, HttpResponseHead } from '../records.js';
import { computeAccept, isValidKey } from './accept.js';
import { checkDeflateParams, negotiateDeflate, PERMESSAGE_DEFLATE, parseExtensions } from './extensions.js';
import { headerElements, headerHasToken, headerList, headerValues, quote } from './head-parser.js';

export interface HandshakeFinding {
  code: FindingCode;
  message: string;
  /** Who sent the offending header, when it is the client (the request); else the response. */
  sender?: 'client' | 'server';
}

export interface HandshakeCheck {
  handshake: Handshake;
  findings: HandshakeFinding[];
}

/** RFC 6455 §4.1 item 9: the only version this RFC defines. */
export const WEBSOCKET_VERSION = '13';

function describeHeader(values: string[]): string {
  return values.length === 0 ? 'missing' : quote(values.join(', '));
}

function checkRequest(request: HttpRequestHead, findings: HandshakeFinding[]): string | null {
  const bad = (message: string) => findings.push({ code: 'handshake.bad-headers', message, sender: 'client' });
  const h = request.headers;
  // RFC 6455 §4.1 items 2-9.
  if (request.method !== 'GET') bad(`upgrade request method is ${quote(request.method)}; expected GET`);
  if (request.version !== 'HTTP/1.1') bad(`upgrade request version is ${quote(request.version)}; expected HTTP/1.1`);
  if (headerValues(h, 'host').length === 0) bad('upgrade request has no host header');
  if (!headerHasToken(h, 'upgrade', 'websocket')) {
    bad(`request upgrade header is ${describeHeader(headerValues(h, 'upgrade'))}; expected websocket`);
  }
  if (!headerHasToken(h, 'connection', 'upgrade')) {
    bad(`request connection header is ${describeHeader(headerValues(h, 'connection'))}; expected upgrade`);
  }
  const versions = headerValues(h, 'sec-websocket-version');
  if (versions.length !== 1 || versions[0] !== WEBSOCKET_VERSION) {
    bad(`request sec-websocket-version is ${describeHeader(versions)}; expected 13`);
  }
  const keys = headerValues(h, 'sec-websocket-key');
  if (keys.length === 0) {
    bad('request has no sec-websocket-key header');
    return null;
  }
  if (keys.length > 1) bad(`request has ${keys.length} sec-websocket-key headers: ${quote(keys.join(', '))}`);
  const key = keys[0]!;
  if (!isValidKey(key)) bad(`sec-websocket-key ${quote(key)} is not 16 bytes in base64`);
  return key;
}

/** Judge the response headers of a 101; returns whether it is a WebSocket upgrade. */
function checkUpgradeResponse(response: HttpResponseHead, findings: HandshakeFinding[]): boolean {
  const bad = (message: string) => findings.push({ code: 'handshake.bad-headers', message });
  const h = response.headers;
  const websocket = headerHasToken(h, 'upgrade', 'websocket');
  if (response.version !== 'HTTP/1.1') bad(`101 response version is ${quote(response.version)}; expected HTTP/1.1`);
  // RFC 6455 §4.2.2 item 5: 101, Upgrade: websocket, Connection: Upgrade.
  if (!websocket)
    bad(`101 response upgrade header is ${describeHeader(headerValues(h, 'upgrade'))}; expected websocket`);
  if (!headerHasToken(h, 'connection', 'upgrade')) {
    bad(`101 response connection header is ${describeHeader(headerValues(h, 'connection'))}; expected upgrade`);
  }
  return websocket;
}

function checkAccept(
  key: string | null,
  response: HttpResponseHead | null,
  upgraded: boolean,
  findings: HandshakeFinding[],
): AcceptCheck {
  const computed = key === null ? null : computeAccept(key);
  const accepts = response === null ? [] : headerValues(response.headers, 'sec-websocket-accept');
  const received = accepts.length === 0 ? null : accepts.join(', ');
  const expected = computed?.accept ?? null;
  const valid = expected !== null && received === expected;
  if (upgraded && !valid) {
    let message: string;
    if (expected === null)
      message = `cannot check sec-websocket-accept ${quote(received ?? '')}: the request has no sec-websocket-key`;
    else if (received === null) message = `101 response has no sec-websocket-accept; expected ${quote(expected)}`;
    else message = `sec-websocket-accept is ${quote(received)}; expected ${quote(expected)}`;
    findings.push({ code: 'handshake.accept-mismatch', message });
  }
  return {
    key,
    keyWithGuid: computed?.keyWithGuid ?? null,
    sha1Hex: computed?.sha1Hex ?? null,
    expected,
    received,
    valid,
  };
}

function extensionsOf(
  head: HttpRequestHead | HttpResponseHead,
  who: 'request' | 'response',
  findings: HandshakeFinding[],
): ExtensionOffer[] {
  const value = headerList(head.headers, 'sec-websocket-extensions');
  if (value === null) return [];
  const parsed = parseExtensions(value);
  if (!parsed.ok) {
    const message = `${who} sec-websocket-extensions: ${parsed.message}`;
    findings.push(
      who === 'request'
        ? { code: 'handshake.bad-headers', message, sender: 'client' }
        : { code: 'handshake.bad-headers', message },
    );
    return [];
  }
  return parsed.extensions;
}

export function checkHandshake(request: HttpRequestHead, response: HttpResponseHead | null): HandshakeCheck {
  const findings: HandshakeFinding[] = [];
  const key = checkRequest(request, findings);
  const offeredSubprotocols = headerElements(request.headers, 'sec-websocket-protocol');
  const offeredExtensions = extensionsOf(request, 'request', findings);
  for (const offer of offeredExtensions) {
    if (offer.name.toLowerCase() !== PERMESSAGE_DEFLATE) continue;
    for (const message of checkDeflateParams(offer, 'offer'))
      findings.push({ code: 'extension.bad-parameters', message, sender: 'client' });
  }

  let upgraded = false;
  if (response !== null) {
    if (response.status === 101) {
      upgraded = checkUpgradeResponse(response, findings);
    } else {
      const reason = response.reason === '' ? '' : ` ${response.reason}`;
      let message = `server answered ${response.status}${reason} instead of 101`;
      // RFC 6455 §4.4: a 426 names the versions the server speaks.
      const versions = headerValues(response.headers, 'sec-websocket-version');
      if (versions.length > 0) message += ` (it supports sec-websocket-version ${versions.join(', ')})`;
      findings.push({ code: 'handshake.rejected', message });
    }
  }

  const accept = checkAccept(key, response, upgraded, findings);

  let subprotocol: string | null = null;
  let extensions: ExtensionOffer[] = [];
  let deflate: Handshake['deflate'] = null;
  if (upgraded && response !== null) {
    subprotocol = chosenSubprotocol(response, offeredSubprotocols, findings);
    extensions = extensionsOf(response, 'response', findings);
    deflate = acceptedExtensions(offeredExtensions, extensions, findings);
  }

  return {
    handshake: {
      request,
      response,
      accept,
      upgraded,
      subprotocol,
      offeredSubprotocols,
      offeredExtensions,
      extensions,
      deflate,
    },
    findings,
  };
}

/** RFC 6455 §4.2.2 item 5.5 / §4.1: the server picks at most one of the client's subprotocols. */
function chosenSubprotocol(response: HttpResponseHead, offered: string[], findings: HandshakeFinding[]): string | null {
  const chosen = headerElements(response.headers, 'sec-websocket-protocol');
  if (chosen.length === 0) return null;
  if (chosen.length > 1) {
    findings.push({
      code: 'handshake.bad-headers',
      message: `server chose ${chosen.length} subprotocols ${quote(chosen.join(', '))}; expected one`,
    });
  }
  const subprotocol = chosen[0]!;
  if (!offered.includes(subprotocol)) {
    const list = offered.length === 0 ? 'none' : quote(offered.join(', '));
    findings.push({
      code: 'handshake.subprotocol-not-offered',
      message: `server chose subprotocol ${quote(subprotocol)}; the client offered ${list}`,
    });
  }
  return subprotocol;
}

/** RFC 6455 §9.1 and RFC 7692 §5: what the server accepted, checked against the offers. */
function acceptedExtensions(offered: ExtensionOffer[], accepted: ExtensionOffer[], findings: HandshakeFinding[]) {
  const offeredNames = new Set(offered.map((o) => o.name.toLowerCase()));
  const seen = new Set<string>();
  let deflate: Handshake['deflate'] = null;
  for (const extension of accepted) {
    const name = extension.name.toLowerCase();
    if (!offeredNames.has(name)) {
      findings.push({
        code: 'extension.not-negotiated',
        message: `server accepted extension ${quote(extension.name)} that the client did not offer`,
      });
    }
    if (seen.has(name)) {
      findings.push({
        code: 'extension.bad-parameters',
        message: `server accepted extension ${quote(extension.name)} twice`,
      });
      continue;
    }
    seen.add(name);
    if (name === PERMESSAGE_DEFLATE) {
      const result = negotiateDeflate(offered, extension);
      for (const message of result.problems) findings.push({ code: 'extension.bad-parameters', message });
      deflate = result.params;
    }
  }
  return deflate;
}
