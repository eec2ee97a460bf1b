// Findings: everything that breaks RFC 6455 / RFC 7692 / TCP or the capture file, as data.
//
// Rules (Wireshark's expert info + ws's stable codes):
// - A layer never throws for bad input; it records a Finding and carries on.
// - The codes below are a public contract: the CLI prints them and users filter on them.
//   Add new codes freely; never rename or remove one.
// - `message` is one readable, lower-case sentence that names the offending value
//   ("invalid close code 1005 on the wire"), never a generic "bad frame".
// - Any other exception is a bug (h11's rule), never bad input: it is thrown as (or wrapped in)
//   DecoderBug and turned into `decoder.internal-error` where the session can carry on (one packet,
//   one connection). Tests assert that code never appears, so a bug cannot pass as a finding.

export type Severity = 'error' | 'warning' | 'note';

export type FindingGroup =
  | 'capture'
  | 'tcp'
  | 'handshake'
  | 'frame'
  | 'message'
  | 'close'
  | 'extension'
  | 'limit'
  | 'decoder'
  | 'tls'
  | 'app';

export interface FindingSpec {
  readonly severity: Severity;
  readonly group: FindingGroup;
  /** RFC section, e.g. "6455 §5.1", or null when no RFC applies. */
  readonly rfc: string | null;
  readonly summary: string;
  /** Close code a compliant endpoint would send on seeing this (RFC 6455 §7.4.1), if any. */
  readonly closeCode?: number;
}

export const FINDINGS = {
  'capture.damaged': { severity: 'error', group: 'capture', rfc: null, summary: 'capture file is damaged or cut off' },
  'capture.truncated-packet': {
    severity: 'warning',
    group: 'capture',
    rfc: null,
    summary: 'packet shorter on file than on the wire (snaplen)',
  },
  'capture.unknown-link-type': { severity: 'warning', group: 'capture', rfc: null, summary: 'link type not supported' },
  'capture.malformed-packet': {
    severity: 'warning',
    group: 'capture',
    rfc: null,
    summary: 'link, IP or TCP header could not be decoded',
  },
  'capture.unknown-block': { severity: 'note', group: 'capture', rfc: null, summary: 'unknown pcapng block skipped' },
  'capture.ip-fragment': {
    severity: 'note',
    group: 'capture',
    rfc: null,
    summary: 'IP datagram not reassembled (a fragment missing, too late or over a limit)',
  },

  'tcp.gap': {
    severity: 'error',
    group: 'tcp',
    rfc: null,
    summary: 'bytes missing from the TCP stream (not captured)',
  },
  'tcp.retransmission': { severity: 'note', group: 'tcp', rfc: null, summary: 'TCP segment retransmitted' },
  'tcp.out-of-order': { severity: 'note', group: 'tcp', rfc: null, summary: 'TCP segment arrived out of order' },
  'tcp.overlap-conflict': {
    severity: 'warning',
    group: 'tcp',
    rfc: null,
    summary: 'overlapping TCP segments carry different bytes',
  },
  'tcp.buffer-limit': {
    severity: 'error',
    group: 'limit',
    rfc: null,
    summary: 'too many out-of-order bytes buffered; stream skipped ahead',
  },
  'tcp.mid-stream': { severity: 'note', group: 'tcp', rfc: null, summary: 'connection started before the capture' },
  'tcp.reset': { severity: 'note', group: 'tcp', rfc: null, summary: 'connection reset (RST)' },

  'handshake.not-seen': {
    severity: 'warning',
    group: 'handshake',
    rfc: '6455 §4',
    summary: 'WebSocket traffic without its opening handshake in the capture',
  },
  'handshake.rejected': {
    severity: 'warning',
    group: 'handshake',
    rfc: '6455 §4.2.2',
    summary: 'server refused the WebSocket upgrade',
  },
  'handshake.accept-mismatch': {
    severity: 'error',
    group: 'handshake',
    rfc: '6455 §4.2.2',
    summary: 'Sec-WebSocket-Accept does not match the key',
  },
  'handshake.bad-headers': {
    severity: 'error',
    group: 'handshake',
    rfc: '6455 §4.1',
    summary: 'missing or wrong upgrade header',
  },
  'handshake.no-response': {
    severity: 'warning',
    group: 'handshake',
    rfc: '6455 §4.1',
    summary: 'upgrade request without a response in the capture',
  },
  'handshake.malformed': {
    severity: 'error',
    group: 'handshake',
    rfc: '7230 §3',
    summary: 'HTTP head could not be parsed',
  },
  'handshake.too-large': {
    severity: 'error',
    group: 'limit',
    rfc: null,
    summary: 'HTTP head larger than the header size limit',
  },
  'handshake.subprotocol-not-offered': {
    severity: 'error',
    group: 'handshake',
    rfc: '6455 §4.1',
    summary: 'server chose a subprotocol the client did not offer',
  },

  'frame.client-unmasked': {
    severity: 'error',
    group: 'frame',
    rfc: '6455 §5.1',
    summary: 'client frame not masked',
    closeCode: 1002,
  },
  'frame.server-masked': {
    severity: 'error',
    group: 'frame',
    rfc: '6455 §5.1',
    summary: 'server frame masked',
    closeCode: 1002,
  },
  'frame.rsv-without-extension': {
    severity: 'error',
    group: 'frame',
    rfc: '6455 §5.2',
    summary: 'RSV bit set without a negotiated extension',
    closeCode: 1002,
  },
  'frame.reserved-opcode': {
    severity: 'error',
    group: 'frame',
    rfc: '6455 §5.2',
    summary: 'reserved opcode',
    closeCode: 1002,
  },
  'frame.control-too-long': {
    severity: 'error',
    group: 'frame',
    rfc: '6455 §5.5',
    summary: 'control frame payload over 125 bytes',
    closeCode: 1002,
  },
  'frame.control-fragmented': {
    severity: 'error',
    group: 'frame',
    rfc: '6455 §5.5',
    summary: 'control frame without FIN',
    closeCode: 1002,
  },
  'frame.non-minimal-length': {
    severity: 'warning',
    group: 'frame',
    rfc: '6455 §5.2',
    summary: 'payload length not in its shortest form',
    closeCode: 1002,
  },
  'frame.length-top-bit': {
    severity: 'error',
    group: 'frame',
    rfc: '6455 §5.2',
    summary: '64-bit payload length with its most significant bit set',
    closeCode: 1002,
  },
  'frame.incomplete': {
    severity: 'error',
    group: 'frame',
    rfc: null,
    summary: 'frame bytes missing (TCP gap or end of capture)',
  },
  'frame.too-large': {
    severity: 'error',
    group: 'limit',
    rfc: '6455 §10.4',
    summary: 'frame payload larger than the decoder limit',
    closeCode: 1009,
  },
  'frame.resynchronized': {
    severity: 'note',
    group: 'frame',
    rfc: null,
    summary: 'frame boundaries found again after a loss of sync',
  },
  'frame.unsynchronized': {
    severity: 'error',
    group: 'frame',
    rfc: null,
    summary: 'frame boundaries lost; rest of this direction not decoded',
  },

  'message.orphan-continuation': {
    severity: 'error',
    group: 'message',
    rfc: '6455 §5.4',
    summary: 'continuation frame with no message to continue',
    closeCode: 1002,
  },
  'message.interleaved-data': {
    severity: 'error',
    group: 'message',
    rfc: '6455 §5.4',
    summary: 'new data frame inside a fragmented message',
    closeCode: 1002,
  },
  'message.invalid-utf8': {
    severity: 'error',
    group: 'message',
    rfc: '6455 §8.1',
    summary: 'text message is not valid UTF-8',
    closeCode: 1007,
  },
  'message.inflate-failed': {
    severity: 'error',
    group: 'extension',
    rfc: '7692 §7.2.2',
    summary: 'compressed message could not be inflated',
    closeCode: 1007,
  },
  'message.too-large': {
    severity: 'error',
    group: 'limit',
    rfc: '6455 §10.4',
    summary: 'message larger than the decoder limit (possible deflate bomb)',
    closeCode: 1009,
  },
  'message.incomplete': {
    severity: 'warning',
    group: 'message',
    rfc: null,
    summary: 'fragmented message never finished',
  },

  'close.invalid-code': {
    severity: 'error',
    group: 'close',
    rfc: '6455 §7.4',
    summary: 'close code not allowed on the wire',
    closeCode: 1002,
  },
  'close.invalid-payload': {
    severity: 'error',
    group: 'close',
    rfc: '6455 §5.5.1',
    summary: 'close frame body malformed',
    closeCode: 1002,
  },
  'close.data-after-close': {
    severity: 'error',
    group: 'close',
    rfc: '6455 §5.5.1',
    summary: 'frame sent after a close frame',
  },
  'close.missing': {
    severity: 'warning',
    group: 'close',
    rfc: '6455 §7.1.1',
    summary: 'connection ended without a close handshake',
  },
  'pong.unsolicited': {
    severity: 'note',
    group: 'frame',
    rfc: '6455 §5.5.3',
    summary: 'pong with no matching ping',
  },

  'extension.not-negotiated': {
    severity: 'error',
    group: 'extension',
    rfc: '6455 §9.1',
    summary: 'extension in the response that the client did not offer',
  },
  'extension.bad-parameters': {
    severity: 'error',
    group: 'extension',
    rfc: '7692 §7.1',
    summary: 'extension negotiated with invalid parameters',
  },

  'tls.no-keys': {
    severity: 'note',
    group: 'tls',
    rfc: null,
    summary: 'TLS connection without keys: its contents stay encrypted (set SSLKEYLOGFILE, pass --keylog)',
  },
  'tls.decrypt-failed': {
    severity: 'error',
    group: 'tls',
    rfc: '8446 §5.2',
    summary: 'TLS record did not decrypt (wrong key log line, or a corrupted record)',
  },
  'tls.unsupported-cipher': {
    severity: 'warning',
    group: 'tls',
    rfc: null,
    summary: 'TLS cipher suite or version wsscope does not decrypt',
  },
  'tls.gap': {
    severity: 'error',
    group: 'tls',
    rfc: '8446 §5',
    summary: 'TLS records lost in a TCP gap; resynchronized at the next record',
  },
  'tls.alert': { severity: 'warning', group: 'tls', rfc: '8446 §6', summary: 'TLS alert (other than close_notify)' },
  'tls.mid-connection': {
    severity: 'note',
    group: 'tls',
    rfc: null,
    summary: 'TLS connection captured after its ClientHello: secrets tried against its first records',
  },
  'tls.key-update': {
    severity: 'note',
    group: 'tls',
    rfc: '8446 §4.6.3',
    summary: 'TLS 1.3 KeyUpdate: new traffic keys',
  },
  'tls.keylog-line': {
    severity: 'note',
    group: 'tls',
    rfc: null,
    summary: 'key log line not used (unknown label or malformed)',
  },
  'tls.http2': {
    severity: 'note',
    group: 'tls',
    rfc: '7540 §3.3',
    summary: 'TLS connection negotiated HTTP/2 (ALPN h2): its frames are not decoded',
  },
  'tls.malformed': {
    severity: 'warning',
    group: 'tls',
    rfc: '8446 §4',
    summary: 'TLS handshake message or record that could not be parsed',
  },
  'capture.secrets-skipped': {
    severity: 'note',
    group: 'capture',
    rfc: null,
    summary: 'pcapng Decryption Secrets Block of a type other than TLS key log skipped',
  },
  'app.malformed': {
    severity: 'warning',
    group: 'app',
    rfc: null,
    summary: "message does not parse as the connection's application protocol",
  },
  'limit.connection-evicted': {
    severity: 'warning',
    group: 'limit',
    rfc: null,
    summary: 'too many connections at once for the memory budget: the one idle longest was given up',
  },
  'limit.message-frames-unlisted': {
    severity: 'note',
    group: 'limit',
    rfc: null,
    summary: 'message of more fragments than the decoder lists: only the first frame ids are listed',
  },

  'decoder.internal-error': {
    severity: 'error',
    group: 'decoder',
    rfc: null,
    summary: 'wsscope bug: the decoder failed on this input; please report it with the capture',
  },
} as const satisfies Record<string, FindingSpec>;

export type FindingCode = keyof typeof FINDINGS;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  rfc: string | null;
  /** One readable sentence naming the offending value. */
  message: string;
  /** Connection id (1-based, as `connections` shows it), or null for capture-level findings. */
  connectionId: number | null;
  direction: 'client' | 'server' | null;
  /** Capture record number (1-based, as in Wireshark), or null. */
  packet: number | null;
  frameId: number | null;
  messageId: number | null;
  /** Seconds since the epoch, or null when unknown. */
  time: number | null;
}

export interface FindingLocation {
  connectionId?: number | null;
  direction?: 'client' | 'server' | null;
  packet?: number | null;
  frameId?: number | null;
  messageId?: number | null;
  time?: number | null;
}

export function makeFinding(code: FindingCode, message: string, where: FindingLocation = {}): Finding {
  const spec: FindingSpec = FINDINGS[code];
  return {
    code,
    severity: spec.severity,
    rfc: spec.rfc,
    message,
    connectionId: where.connectionId ?? null,
    direction: where.direction ?? null,
    packet: where.packet ?? null,
    frameId: where.frameId ?? null,
    messageId: where.messageId ?? null,
    time: where.time ?? null,
  };
}

export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDINGS, code);
}

/**
 * An exception that is a decoder bug, not bad input: an impossible state transition, or a
 * library that crashed. Bad input never throws (see the rules above).
 */
export class DecoderBug extends Error {
  override name = 'DecoderBug';
}

/** The `decoder.internal-error` finding for an exception caught at a layer boundary. */
export function internalError(error: unknown, what: string, where: FindingLocation = {}): Finding {
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return makeFinding('decoder.internal-error', `wsscope bug while decoding ${what} (${why})`, where);
}
