// Sec-WebSocket-Accept (RFC 6455 §4.2.2 item 5.4, §1.3):
//   accept = base64( SHA-1( Sec-WebSocket-Key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" ) )
// Every intermediate value is kept so the UI can show the derivation step by step.
//
// Rules
// - The key is used exactly as sent (after OWS trimming by the head parser): it is not decoded.
//   Header text holds one char per wire byte (ISO-8859-1), so it is hashed as those bytes.
// - SHA-1 comes from @noble/hashes (pure JS, runs everywhere); base64 is a small local encoder
//   because the decoder may use neither Buffer nor btoa.

import { sha1 } from '@noble/hashes/legacy.js';
import { hexOf } from '../format.js';

/** RFC 6455 §1.3: the globally unique identifier appended to the key. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 §4 base64 with padding. */
export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      BASE64_ALPHABET[n >> 18]! +
      BASE64_ALPHABET[(n >> 12) & 63]! +
      BASE64_ALPHABET[(n >> 6) & 63]! +
      BASE64_ALPHABET[n & 63]!;
  }
  const left = bytes.length - i;
  if (left === 1) {
    const n = bytes[i]! << 16;
    out += BASE64_ALPHABET[n >> 18]! + BASE64_ALPHABET[(n >> 12) & 63]! + '==';
  } else if (left === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += BASE64_ALPHABET[n >> 18]! + BASE64_ALPHABET[(n >> 12) & 63]! + BASE64_ALPHABET[(n >> 6) & 63]! + '=';
  }
  return out;
}

/**
 * RFC 6455 §4.1: the key "MUST be a nonce consisting of a randomly selected 16-byte value that
 * has been base64-encoded": 22 base64 chars, the last carrying 2 bits only, then "==".
 */
export function isValidKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{21}[AQgw]==$/.test(key);
}

function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

export function computeAccept(key: string): { keyWithGuid: string; sha1Hex: string; accept: string } {
  const keyWithGuid = key + WEBSOCKET_GUID;
  const digest = sha1(latin1Bytes(keyWithGuid));
  return { keyWithGuid, sha1Hex: hexOf(digest), accept: base64Encode(digest) };
}
