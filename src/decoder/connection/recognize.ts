// What a TCP stream carries, from the first bytes of one direction, before anything is guessed.
//
// Each test reads only a few bytes at the start of a direction and answers 'yes', 'no' or
// 'need-more'. They are ordered from the strictest signature down, and chosen to be cheap and
// to tell apart the protocols found on real captures that are not WebSocket: a capture handed to
// wsscope is rarely filtered to a WebSocket port, and a TLS session or a file transfer must show
// as what it is rather than as a WebSocket connection guessed from its bytes.
//
// The signatures (the spec each comes from):
// - tls: a record header (RFC 8446 §5.1, RFC 5246 §6.2.1): content type 20-24, legacy version
//   3.0-3.4, length at most 2^14 + 2048; or an SSLv2-compatible ClientHello (RFC 5246 App. E.2).
//   The ClientHello (handshake type 1) is sent by the client, the ServerHello (2) by the server.
// - http: a request line "METHOD SP target SP HTTP/1.x" (RFC 9112 §3) or a status line
//   "HTTP/1.x SP 3DIGIT" (§4). Stricter than a token and a space: "220 ready" (FTP) and
//   "USER anonymous" are not requests.
// - http2: the client connection preface "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" (RFC 9113 §3.4).
// - ssh: the identification string "SSH-2.0-" / "SSH-1.x-" (RFC 4253 §4.2), sent by both sides.
// - socks4 / socks5: the client's CONNECT/BIND (SOCKS4) and method negotiation (RFC 1928 §3),
//   and the server's replies.
// - ftp / smtp: a "220" greeting (RFC 959 §4.2, RFC 5321 §4.2) or the client's first command;
//   pop3 "+OK" (RFC 1939 §4), imap "* OK" (RFC 9051 §7.1).
// - smb (NetBIOS session + "\xffSMB" / "\xfeSMB"), mqtt (CONNECT with "MQTT"/"MQIsdp", MQTT
//   3.1.1 §3.1), bittorrent ("\x13BitTorrent protocol"), xmpp ("<?xml" / "<stream:stream").

export type StreamProtocol =
  | 'websocket'
  | 'http'
  | 'http2'
  | 'tls'
  | 'ssh'
  | 'socks4'
  | 'socks5'
  | 'ftp'
  | 'smtp'
  | 'pop3'
  | 'imap'
  | 'smb'
  | 'mqtt'
  | 'bittorrent'
  | 'xmpp'
  /** Not recognised, and no WebSocket framing strong enough to call it WebSocket. */
  | 'unknown';

export type Answer = 'yes' | 'no' | 'need-more';

export interface Recognition {
  protocol: StreamProtocol;
  /** Which end sends such bytes first, when the signature says (a ClientHello, a greeting). */
  role: 'client' | 'server' | null;
}

/** Does `b` start with `text` (as far as `b` goes)? */
function startsWith(b: Uint8Array, text: string, at = 0): Answer {
  const n = Math.min(b.length - at, text.length);
  for (let i = 0; i < n; i++) if (b[at + i] !== text.charCodeAt(i)) return 'no';
  return b.length - at >= text.length ? 'yes' : 'need-more';
}

/** RFC 8446 §5.1 TLSPlaintext/TLSCiphertext header at offset 0 (the predicate the TLS layer hooks on). */
export function looksLikeTlsRecord(b: Uint8Array): Answer {
  if (b.length === 0) return 'need-more';
  const type = b[0] as number;
  if (type >= 20 && type <= 24) {
    if (b.length > 1 && b[1] !== 3) return 'no';
    if (b.length > 2 && (b[2] as number) > 4) return 'no';
    if (b.length < 5) return 'need-more';
    const length = ((b[3] as number) << 8) | (b[4] as number);
    return length > 0 && length <= 16384 + 2048 ? 'yes' : 'no';
  }
  // SSLv2-compatible ClientHello (RFC 5246 App. E.2): 2-byte length with the top bit set,
  // msg_type 1, version 3.x, then three lengths that must add up to the record's.
  if ((type & 0x80) !== 0) {
    if (b.length < 11) return b.length > 2 && b[2] !== 1 ? 'no' : 'need-more';
    const u16 = (i: number) => ((b[i] as number) << 8) | (b[i + 1] as number);
    const length = ((type & 0x7f) << 8) | (b[1] as number);
    const ciphers = u16(5);
    const session = u16(7);
    const challenge = u16(9);
    const fits = ciphers % 3 === 0 && (session === 0 || session === 16) && challenge >= 16 && challenge <= 32;
    return b[2] === 1 && b[3] === 3 && (b[4] as number) <= 4 && fits && length === 9 + ciphers + session + challenge
      ? 'yes'
      : 'no';
  }
  return 'no';
}

function tlsRole(b: Uint8Array): 'client' | 'server' | null {
  if ((b[0] as number) & 0x80) return 'client';
  if (b[0] !== 22 || b.length < 6) return null;
  return b[5] === 1 ? 'client' : b[5] === 2 ? 'server' : null;
}

const isTchar = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x61 && c <= 0x7a) ||
  "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c));
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** Longest request line read before giving up (a real one is rarely above a few KB). */
const MAX_REQUEST_LINE = 8192;

/** RFC 9112 §3: method SP request-target SP HTTP-version, the version being HTTP/1.x. */
export function looksLikeHttpRequestLine(b: Uint8Array): Answer {
  let i = 0;
  while (i < b.length && i <= 32 && isTchar(b[i] as number)) i++;
  if (i === b.length) return i <= 32 ? 'need-more' : 'no';
  if (i === 0 || b[i] !== 0x20) return 'no';
  const targetStart = ++i;
  while (i < b.length && i < MAX_REQUEST_LINE && (b[i] as number) > 0x20 && (b[i] as number) < 0x7f) i++;
  if (i === b.length) return i < MAX_REQUEST_LINE ? 'need-more' : 'no';
  if (i === targetStart || b[i] !== 0x20) return 'no';
  const version = startsWith(b, 'HTTP/1.', i + 1);
  if (version !== 'yes') return version;
  const digit = b[i + 8];
  if (digit === undefined) return 'need-more';
  return isDigit(digit) ? 'yes' : 'no';
}

/** RFC 9112 §4: HTTP/1.x SP 3DIGIT. */
export function looksLikeHttpStatusLine(b: Uint8Array): Answer {
  const version = startsWith(b, 'HTTP/1.');
  if (version !== 'yes') return version;
  for (let i = 7; i < 12; i++) {
    const c = b[i];
    if (c === undefined) return 'need-more';
    const ok = i === 7 ? isDigit(c) : i === 8 ? c === 0x20 : isDigit(c);
    if (!ok) return 'no';
  }
  return 'yes';
}

function socks4(b: Uint8Array): Answer {
  if (b[0] !== 4) return 'no';
  if (b.length > 1 && b[1] !== 1 && b[1] !== 2) return 'no';
  // VER CMD DSTPORT(2) DSTIP(4) USERID NUL (SOCKS4A: then a host name NUL).
  for (let i = 8; i < b.length && i < 8 + 256; i++) if (b[i] === 0) return 'yes';
  return b.length < 8 + 256 ? 'need-more' : 'no';
}

function socks4Reply(b: Uint8Array): Answer {
  if (b[0] !== 0) return 'no';
  if (b.length < 8) return b.length > 1 && ((b[1] as number) < 0x5a || (b[1] as number) > 0x5d) ? 'no' : 'need-more';
  return (b[1] as number) >= 0x5a && (b[1] as number) <= 0x5d ? 'yes' : 'no';
}

const socks5Method = (m: number): boolean => m <= 3 || (m >= 0x80 && m <= 0xfe);

/** RFC 1928 §3: VER=5 NMETHODS METHODS…, then (after the server's choice) a request VER CMD RSV ATYP. */
function socks5(b: Uint8Array): Answer {
  if (b[0] !== 5) return 'no';
  if (b.length < 2) return 'need-more';
  const n = b[1] as number;
  if (n < 1 || n > 16) return 'no';
  for (let i = 2; i < 2 + n && i < b.length; i++) if (!socks5Method(b[i] as number)) return 'no';
  if (b.length < 2 + n) return 'need-more';
  if (b.length === 2 + n) return 'yes';
  const r = 2 + n;
  // The request that follows: VER 5, CMD 1-3, RSV 0, ATYP 1/3/4; or a RFC 1929 user/password.
  if (b[r] === 1) return 'yes';
  if (b[r] !== 5) return 'no';
  if (b.length < r + 4) return 'need-more';
  const cmd = b[r + 1] as number;
  const atyp = b[r + 3] as number;
  return cmd >= 1 && cmd <= 3 && b[r + 2] === 0 && (atyp === 1 || atyp === 3 || atyp === 4) ? 'yes' : 'no';
}

/** RFC 1928 §3 method selection (VER 5, METHOD), alone or followed by the reply (VER 5, REP, RSV 0). */
function socks5Reply(b: Uint8Array): Answer {
  if (b[0] !== 5) return 'no';
  if (b.length < 2) return 'need-more';
  const m = b[1] as number;
  if (!(m <= 2 || m === 0xff)) return 'no';
  if (b.length === 2) return 'yes';
  return b[2] === 1 || (b[2] === 5 && b.length >= 4 && (b[3] as number) <= 8) ? 'yes' : 'no';
}

/** The first line of a text greeting or command, when it is complete (up to 512 bytes). */
function firstLine(b: Uint8Array): string | null {
  const n = Math.min(b.length, 512);
  for (let i = 0; i < n; i++) {
    const c = b[i] as number;
    if (c === 0x0a) return String.fromCharCode(...b.subarray(0, i));
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c > 0x7e) return '';
  }
  return null;
}

const FTP_COMMANDS = /^(USER|PASS|AUTH|FEAT|SYST|PASV|EPSV|PORT|EPRT|RETR|STOR|TYPE|CWD|PWD|LIST|NLST|OPTS) ?/i;
const SMTP_COMMANDS = /^(EHLO|HELO|MAIL FROM:|RCPT TO:|STARTTLS) ?/i;

/** Text protocols recognised from a first line: greetings (server) and commands (client). */
function lineProtocol(b: Uint8Array): Recognition | 'need-more' | null {
  const c0 = b[0] as number;
  // Only bytes that can start one of these lines wait for the rest of the line.
  if (!(isDigit(c0) || c0 === 0x2b || c0 === 0x2a || ((c0 | 0x20) >= 0x61 && (c0 | 0x20) <= 0x7a))) return null;
  const line = firstLine(b);
  if (line === null) return b.length < 512 ? 'need-more' : null;
  if (/^220[ -]/.test(line)) return { protocol: /smtp/i.test(line) ? 'smtp' : 'ftp', role: 'server' };
  if (/^\+OK/.test(line)) return { protocol: 'pop3', role: 'server' };
  if (/^\* (OK|PREAUTH)/i.test(line)) return { protocol: 'imap', role: 'server' };
  if (FTP_COMMANDS.test(line)) return { protocol: 'ftp', role: 'client' };
  if (SMTP_COMMANDS.test(line)) return { protocol: 'smtp', role: 'client' };
  return null;
}

/** SMB over NetBIOS session service (RFC 1002 §4.3.1, type 0) carrying "\xffSMB" or "\xfeSMB". */
function smb(b: Uint8Array): Answer {
  if (b[0] !== 0) return 'no';
  if (b.length < 8) return 'need-more';
  return (b[4] === 0xff || b[4] === 0xfe) && b[5] === 0x53 && b[6] === 0x4d && b[7] === 0x42 ? 'yes' : 'no';
}

/** MQTT CONNECT (fixed header 0x10, remaining length, protocol name "MQTT" or "MQIsdp"). */
function mqtt(b: Uint8Array): Answer {
  if (b[0] !== 0x10) return 'no';
  let i = 1;
  while (i < b.length && i < 5 && ((b[i] as number) & 0x80) !== 0) i++;
  if (i >= b.length) return 'need-more';
  const name = b[i + 2] === 4 ? 'MQTT' : b[i + 2] === 6 ? 'MQIsdp' : null;
  if (b.length < i + 3) return 'need-more';
  if (b[i + 1] !== 0 || name === null) return 'no';
  return startsWith(b, name, i + 3);
}

type Test = (b: Uint8Array) => Answer;
const SIGNATURES: [Test, StreamProtocol, Recognition['role']][] = [
  [(b) => startsWith(b, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), 'http2', 'client'],
  [looksLikeHttpRequestLine, 'http', 'client'],
  [looksLikeHttpStatusLine, 'http', 'server'],
  [
    (b) => (startsWith(b, 'SSH-2.0-') === 'yes' || startsWith(b, 'SSH-1.') === 'yes' ? 'yes' : startsWith(b, 'SSH-')),
    'ssh',
    null,
  ],
  [socks5, 'socks5', 'client'],
  [socks5Reply, 'socks5', 'server'],
  [socks4, 'socks4', 'client'],
  [socks4Reply, 'socks4', 'server'],
  [smb, 'smb', null],
  [mqtt, 'mqtt', 'client'],
  [(b) => startsWith(b, '\x13BitTorrent protocol'), 'bittorrent', null],
  [(b) => (startsWith(b, '<?xml') === 'yes' || startsWith(b, '<stream:stream') === 'yes' ? 'yes' : 'no'), 'xmpp', null],
];

/**
 * What the stream that starts with `b` carries, 'need-more' while a signature is still possible
 * and the side may send more, or null when nothing matches.
 */
export function recognize(b: Uint8Array, final: boolean): Recognition | 'need-more' | null {
  if (b.length === 0) return final ? null : 'need-more';
  let pending = false;
  const tls = looksLikeTlsRecord(b);
  if (tls === 'yes') return { protocol: 'tls', role: tlsRole(b) };
  if (tls === 'need-more') pending = true;
  for (const [test, protocol, role] of SIGNATURES) {
    const answer = test(b);
    if (answer === 'yes') return { protocol, role };
    if (answer === 'need-more') pending = true;
  }
  const line = lineProtocol(b);
  if (line === 'need-more') pending = true;
  else if (line !== null) return line;
  return pending && !final ? 'need-more' : null;
}
