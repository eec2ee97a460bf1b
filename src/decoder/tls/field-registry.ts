// The registry of TLS fields (Wireshark's hf_register_info for "tls.*"), the same shape as the
// WebSocket header's (websocket/field-registry.ts): each field declared once, with where its
// bytes lie, its group (the UI's colour), a one-line meaning and its RFC section. The keys are
// Wireshark's own, so a filter written for tshark reads the same here.
//
// Where a field lies (`at`), byte offsets as RFC 8446 §5.1 / §4 and RFC 5246 §6.2 / §7.4 draw them:
// - { in: 'record', offset, bytes }: fixed bytes of the 5-byte record header, from its first byte.
// - { in: 'handshake', offset, bytes }: fixed bytes of a handshake message, from its type byte
//   (offsets 4 and 6 exist only in ClientHello and ServerHello, whose bodies start with
//   legacy_version and random).
// - { in: 'hello', after: 'session_id', bytes }: in ClientHello / ServerHello, after the variable
//   legacy_session_id (ClientHello: a 2-byte list length, then 2 bytes per suite).
// - { in: 'extension', type, bytes: 'value' }: inside the hello extension of that type; the
//   value's length is read from the extension.
//
// tlsRecordFields() finds the instances of these fields in one record's bytes.

export type TlsFieldGroup = 'type' | 'version' | 'length' | 'random' | 'suite' | 'extension';

export type TlsFieldPlace =
  | { in: 'record' | 'handshake'; offset: number; bytes: number }
  | { in: 'hello'; after: 'session_id'; bytes: number }
  | { in: 'extension'; type: number; bytes: 'value' };

/** One registered field: the same keys as the WebSocket registry's FieldDef, its own `at`. */
export interface TlsFieldDef {
  /** Display name, e.g. "Content Type". */
  name: string;
  group: TlsFieldGroup;
  at: TlsFieldPlace;
  /** One line for a learner: what the field says. */
  blurb: string;
  /** Where the RFC defines it, e.g. "RFC 8446 §5.1". */
  rfc: string;
}

export const TLS_FIELDS = Object.freeze({
  'tls.record.content_type': {
    name: 'Content Type',
    group: 'type',
    at: { in: 'record', offset: 0, bytes: 1 },
    blurb:
      '20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data (TLS 1.3 puts everything encrypted under 23)',
    rfc: 'RFC 8446 §5.1, RFC 5246 §6.2.1',
  },
  'tls.record.version': {
    name: 'Legacy Record Version',
    group: 'version',
    at: { in: 'record', offset: 1, bytes: 2 },
    blurb:
      '0x0303 = TLS 1.2; TLS 1.3 keeps 0x0303 here (0x0301 in a first ClientHello) and negotiates in supported_versions',
    rfc: 'RFC 8446 §5.1, RFC 5246 §6.2.1',
  },
  'tls.record.length': {
    name: 'Length',
    group: 'length',
    at: { in: 'record', offset: 3, bytes: 2 },
    blurb: 'bytes of the record body that follow the header; at most 2^14, plus 256 when encrypted',
    rfc: 'RFC 8446 §5.1-5.2, RFC 5246 §6.2.1',
  },
  'tls.handshake.type': {
    name: 'Handshake Type',
    group: 'type',
    at: { in: 'handshake', offset: 0, bytes: 1 },
    blurb:
      '1 ClientHello, 2 ServerHello, 4 NewSessionTicket, 8 EncryptedExtensions, 11 Certificate, 20 Finished, 24 KeyUpdate …',
    rfc: 'RFC 8446 §4, RFC 5246 §7.4',
  },
  'tls.handshake.length': {
    name: 'Length',
    group: 'length',
    at: { in: 'handshake', offset: 1, bytes: 3 },
    blurb: 'bytes of the handshake message body that follow; a message may continue in the next records',
    rfc: 'RFC 8446 §4, RFC 5246 §7.4',
  },
  'tls.handshake.version': {
    name: 'Legacy Version',
    group: 'version',
    at: { in: 'handshake', offset: 4, bytes: 2 },
    blurb: "the hello's version: 0x0303 in TLS 1.2 and (frozen) in TLS 1.3, which offers 0x0304 in supported_versions",
    rfc: 'RFC 8446 §4.1.2-4.1.3, RFC 5246 §7.4.1.2',
  },
  'tls.handshake.random': {
    name: 'Random',
    group: 'random',
    at: { in: 'handshake', offset: 6, bytes: 32 },
    blurb:
      '32 random bytes; the client\'s is the key log\'s index, a ServerHello with SHA-256("HelloRetryRequest") is a HelloRetryRequest',
    rfc: 'RFC 8446 §4.1.2-4.1.3, RFC 5246 §7.4.1.2',
  },
  'tls.handshake.ciphersuite': {
    name: 'Cipher Suite',
    group: 'suite',
    at: { in: 'hello', after: 'session_id', bytes: 2 },
    blurb: 'ClientHello: the suites offered, in preference order; ServerHello: the one chosen',
    rfc: 'RFC 8446 §4.1.2-4.1.3 and §B.4, RFC 5246 §7.4.1.2',
  },
  'tls.handshake.extensions_server_name': {
    name: 'Server Name',
    group: 'extension',
    at: { in: 'extension', type: 0, bytes: 'value' },
    blurb: 'server_name (SNI): the host name the client asks for, sent in clear before any key exists',
    rfc: 'RFC 6066 §3, RFC 8446 §4.2',
  },
  'tls.handshake.extensions_alpn_str': {
    name: 'ALPN Protocol',
    group: 'extension',
    at: { in: 'extension', type: 16, bytes: 'value' },
    blurb:
      'application protocols offered (ClientHello) or chosen (ServerHello, TLS 1.3: EncryptedExtensions): http/1.1 or h2',
    rfc: 'RFC 7301 §3.1, RFC 8446 §4.2',
  },
} as const satisfies Record<string, TlsFieldDef>);

/** The key of a TLS field, e.g. "tls.record.length" (stable: filters and tests use it). */
export type TlsFieldKey = keyof typeof TLS_FIELDS;

/** The keys in wire order. */
export const TLS_FIELD_KEYS = Object.keys(TLS_FIELDS) as TlsFieldKey[];

/** The registry entry of a key, typed as the common shape. */
export function tlsFieldDef(key: TlsFieldKey): TlsFieldDef {
  return TLS_FIELDS[key];
}

/** One field found in a record: where (from the record's first byte), how long, and its value. */
export interface TlsFieldInstance {
  key: TlsFieldKey;
  offset: number;
  length: number;
  /** Numbers for integers (versions, suites, types, lengths), strings for names, hex for random. */
  value: number | string;
}

const u16 = (b: Uint8Array, at: number): number => ((b[at] as number) << 8) | (b[at + 1] as number);
const ascii = (b: Uint8Array): string => String.fromCharCode(...b);
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * The fields of one record (header + body as on the wire, in clear): the header's three, and for
 * a handshake record every message that starts in it, with the hello fields a message holds
 * whole within the record. Anything truncated or malformed is left out, never thrown.
 */
export function tlsRecordFields(record: Uint8Array): TlsFieldInstance[] {
  const out: TlsFieldInstance[] = [];
  if (record.length < 5) return out;
  const put = (key: TlsFieldKey, offset: number, length: number, value: number | string): void => {
    out.push({ key, offset, length, value });
  };
  put('tls.record.content_type', 0, 1, record[0] as number);
  put('tls.record.version', 1, 2, u16(record, 1));
  put('tls.record.length', 3, 2, u16(record, 3));
  if (record[0] !== 22) return out;
  const end = Math.min(record.length, 5 + u16(record, 3));
  for (let at = 5; at + 4 <= end; ) {
    const type = record[at] as number;
    const length = ((record[at + 1] as number) << 16) | u16(record, at + 2);
    put('tls.handshake.type', at, 1, type);
    put('tls.handshake.length', at + 1, 3, length);
    if (at + 4 + length > end) break; // continues in the next record
    if (type === 1 || type === 2) helloFields(record, at, at + 4 + length, type === 1, put);
    at += 4 + length;
  }
  return out;
}

function helloFields(
  b: Uint8Array,
  start: number,
  end: number,
  client: boolean,
  put: (key: TlsFieldKey, offset: number, length: number, value: number | string) => void,
): void {
  let at = start + 4;
  if (at + 35 > end) return;
  put('tls.handshake.version', at, 2, u16(b, at));
  put('tls.handshake.random', at + 2, 32, hex(b.subarray(at + 2, at + 34)));
  at += 35 + (b[at + 34] as number); // legacy_session_id
  if (client) {
    if (at + 2 > end) return;
    const suitesEnd = at + 2 + u16(b, at);
    if (suitesEnd > end) return;
    for (let s = at + 2; s + 2 <= suitesEnd; s += 2) put('tls.handshake.ciphersuite', s, 2, u16(b, s));
    at = suitesEnd;
    if (at + 1 > end) return;
    at += 1 + (b[at] as number); // legacy_compression_methods
  } else {
    if (at + 3 > end) return;
    put('tls.handshake.ciphersuite', at, 2, u16(b, at));
    at += 3; // suite + legacy_compression_method
  }
  if (at + 2 > end) return;
  const extEnd = Math.min(end, at + 2 + u16(b, at));
  for (at += 2; at + 4 <= extEnd; ) {
    const type = u16(b, at);
    const bodyEnd = at + 4 + u16(b, at + 2);
    if (bodyEnd > extEnd) return;
    if (type === 0) serverNames(b, at + 4, bodyEnd, put);
    else if (type === 16) alpnNames(b, at + 4, bodyEnd, put);
    at = bodyEnd;
  }
}

/** server_name_list: 2-byte length, then (name_type, 2-byte length, name)* (RFC 6066 §3). */
function serverNames(
  b: Uint8Array,
  at: number,
  end: number,
  put: (k: TlsFieldKey, o: number, l: number, v: string) => void,
): void {
  if (at + 2 > end) return;
  for (let i = at + 2; i + 3 <= end; ) {
    const n = u16(b, i + 1);
    if (i + 3 + n > end) return;
    if (b[i] === 0) put('tls.handshake.extensions_server_name', i + 3, n, ascii(b.subarray(i + 3, i + 3 + n)));
    i += 3 + n;
  }
}

/** protocol_name_list: 2-byte length, then (1-byte length, name)* (RFC 7301 §3.1). */
function alpnNames(
  b: Uint8Array,
  at: number,
  end: number,
  put: (k: TlsFieldKey, o: number, l: number, v: string) => void,
): void {
  if (at + 2 > end) return;
  for (let i = at + 2; i + 1 <= end; ) {
    const n = b[i] as number;
    if (i + 1 + n > end) return;
    put('tls.handshake.extensions_alpn_str', i + 1, n, ascii(b.subarray(i + 1, i + 1 + n)));
    i += 1 + n;
  }
}
