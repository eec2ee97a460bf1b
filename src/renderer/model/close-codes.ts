// RFC 6455 §7.4.1 close codes (and the IANA registry's later additions), for the close card and
// tooltips. "wire: false" codes are reserved for APIs and must never appear in a close frame.

export interface CloseCodeDoc {
  name: string;
  meaning: string;
  wire: boolean;
}

export const CLOSE_CODES: Readonly<Record<number, CloseCodeDoc>> = {
  1000: { name: 'Normal Closure', meaning: 'the purpose of the connection has been fulfilled', wire: true },
  1001: { name: 'Going Away', meaning: 'the endpoint is going away (server shutting down, page left)', wire: true },
  1002: { name: 'Protocol Error', meaning: 'the endpoint saw a protocol error', wire: true },
  1003: { name: 'Unsupported Data', meaning: 'the endpoint received a type of data it cannot accept', wire: true },
  1004: { name: 'Reserved', meaning: 'reserved; meaning may be defined in the future', wire: false },
  1005: { name: 'No Status Received', meaning: 'API-only: the close frame had no code', wire: false },
  1006: { name: 'Abnormal Closure', meaning: 'API-only: the connection dropped without a close frame', wire: false },
  1007: {
    name: 'Invalid Payload Data',
    meaning: 'data inconsistent with the message type (e.g. bad UTF-8)',
    wire: true,
  },
  1008: { name: 'Policy Violation', meaning: 'a message violated the endpoint policy', wire: true },
  1009: { name: 'Message Too Big', meaning: 'a message was too big to process', wire: true },
  1010: {
    name: 'Mandatory Extension',
    meaning: 'the client expected an extension the server did not negotiate',
    wire: true,
  },
  1011: { name: 'Internal Error', meaning: 'the server hit an unexpected condition', wire: true },
  1012: { name: 'Service Restart', meaning: 'the service is restarting', wire: true },
  1013: { name: 'Try Again Later', meaning: 'temporary condition such as overload', wire: true },
  1014: { name: 'Bad Gateway', meaning: 'a gateway received an invalid upstream response', wire: true },
  1015: { name: 'TLS Handshake', meaning: 'API-only: the TLS handshake failed', wire: false },
};

export function describeCloseCode(code: number | null): CloseCodeDoc {
  if (code == null) return { name: 'No code', meaning: 'the close frame carried no status code', wire: true };
  const known = CLOSE_CODES[code];
  if (known) return known;
  if (code >= 3000 && code <= 3999)
    return { name: 'Registered', meaning: 'for libraries and frameworks (IANA registry)', wire: true };
  if (code >= 4000 && code <= 4999) return { name: 'Private use', meaning: 'application-defined', wire: true };
  return { name: 'Invalid', meaning: 'not a code an endpoint may send (RFC 6455 §7.4.2)', wire: false };
}
