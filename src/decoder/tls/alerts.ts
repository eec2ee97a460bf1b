// TLS alert descriptions (RFC 8446 §6, RFC 5246 §7.2), for findings and the TLS view.

const NAMES: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  22: 'record_overflow',
  40: 'handshake_failure',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

/** "fatal handshake_failure (40)" from an alert's two bytes; null when it is not two bytes. */
export function describeAlert(body: Uint8Array): { text: string; closeNotify: boolean } | null {
  if (body.length !== 2) return null;
  const level = body[0] === 2 ? 'fatal' : body[0] === 1 ? 'warning' : `level ${body[0]}`;
  const code = body[1] as number;
  return { text: `${level} ${NAMES[code] ?? 'unknown alert'} (${code})`, closeNotify: code === 0 };
}
