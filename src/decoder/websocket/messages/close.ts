// Close frame bodies (RFC 6455 §5.5.1) and what may be wrong with their close code (§7.4; the
// codes themselves are in ../close-codes.ts).
//
// Rules
// - Body: empty, or a 2-byte big-endian code followed by a UTF-8 reason. A 1-byte body is malformed.
// - A code may appear on the wire when it is 1000-1003, 1007-1011, one of the IANA-registered
//   1012-1014 (sent by servers, accepted by browsers and ws), or 3000-4999.
//   1004 is reserved, 1005/1006/1015 are reserved for reporting and "MUST NOT be set as a status
//   code in a Close control frame by an endpoint" (§7.4.1); 0-999 are unused; 1016-2999 are
//   reserved for future RFCs; 5000 and up are undefined.

import type { FindingCode } from '../../findings.js';
import type { CloseInfo } from '../../records.js';
import { isValidCloseCode } from '../close-codes.js';
import { checkUtf8, decodeUtf8Lossy } from './utf8.js';

/** Why a code may not be sent, or null when it may. */
export function closeCodeProblem(code: number): string | null {
  if (isValidCloseCode(code)) return null;
  switch (code) {
    case 1004:
      return 'close code 1004 is reserved and must not be sent';
    case 1005:
      return "close code 1005 is reserved for 'no status received' and must not be sent";
    case 1006:
      return "close code 1006 is reserved for 'abnormal closure' and must not be sent";
    case 1015:
      return "close code 1015 is reserved for 'tls handshake failure' and must not be sent";
  }
  if (code < 1000) return `close code ${code} is below 1000 and unused`;
  if (code <= 2999) return `close code ${code} is reserved for future websocket rfcs (1016-2999)`;
  return `close code ${code} is above 4999 and undefined`;
}

export function parseClosePayload(payload: Uint8Array): {
  close: CloseInfo;
  problems: { code: FindingCode; message: string }[];
} {
  const problems: { code: FindingCode; message: string }[] = [];
  if (payload.length === 0) return { close: { code: null, reason: '' }, problems };
  if (payload.length === 1) {
    problems.push({
      code: 'close.invalid-payload',
      message: 'close frame body of 1 byte; expected 0 or at least 2 (a status code)',
    });
    return { close: { code: null, reason: '' }, problems };
  }
  // RFC 6455 §5.5.1: "the first two bytes of the body MUST be a 2-byte unsigned integer (in
  // network byte order)".
  const code = ((payload[0] as number) << 8) | (payload[1] as number);
  const why = closeCodeProblem(code);
  if (why !== null) problems.push({ code: 'close.invalid-code', message: why });
  const reasonBytes = payload.subarray(2);
  const utf8 = checkUtf8(reasonBytes);
  if (!utf8.valid) {
    problems.push({
      code: 'close.invalid-payload',
      message: `close reason is not valid utf-8 (invalid sequence at reason byte ${utf8.invalidAt})`,
    });
  }
  return { close: { code, reason: decodeUtf8Lossy(reasonBytes) }, problems };
}
