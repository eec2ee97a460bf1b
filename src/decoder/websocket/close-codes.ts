// The one table of close codes: RFC 6455 §7.4.1 and the IANA "WebSocket Close Code Number
// Registry". The decoder's checks (close.ts) and the UI's close card both read it.
//
// `wire`: may an endpoint send the code in a close frame? 1004 is reserved, and 1005, 1006 and
// 1015 "MUST NOT be set as a status code in a Close control frame by an endpoint" (§7.4.1): they
// exist for APIs to report what happened. 1012-1014 are IANA additions that servers send and
// browsers and ws accept.

export interface CloseCodeDoc {
  /** The registry's name, e.g. "Normal Closure". */
  name: string;
  /** One line for a reader. */
  meaning: string;
  /** May be sent in a close frame. */
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
    name: 'Invalid Frame Payload Data',
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

const REGISTERED: CloseCodeDoc = {
  name: 'Registered',
  meaning: 'for libraries and frameworks (IANA registry)',
  wire: true,
};
const PRIVATE: CloseCodeDoc = { name: 'Private use', meaning: 'application-defined', wire: true };
const NO_CODE: CloseCodeDoc = { name: 'No code', meaning: 'the close frame carried no status code', wire: true };
const INVALID: CloseCodeDoc = {
  name: 'Invalid',
  meaning: 'not a code an endpoint may send (RFC 6455 §7.4.2)',
  wire: false,
};

/** What a close code means; `null` is a close frame without a body. */
export function describeCloseCode(code: number | null): CloseCodeDoc {
  if (code === null) return NO_CODE;
  const known = CLOSE_CODES[code];
  if (known !== undefined) return known;
  if (code >= 3000 && code <= 3999) return REGISTERED;
  if (code >= 4000 && code <= 4999) return PRIVATE;
  return INVALID;
}

/** RFC 6455 §7.4: may this code appear in a close frame? */
export function isValidCloseCode(code: number): boolean {
  return Number.isInteger(code) && describeCloseCode(code).wire;
}
