// UTF-8 validation for text messages and close reasons (RFC 6455 §8.1, RFC 3629 §4).
//
// Rules
// - Validation runs on a whole message after defragmentation and inflation: a code point may be
//   split across fragments, and that is legal (RFC 6455 §5.6).
// - The fast path is the platform's fatal TextDecoder (native code). Only when it rejects do we
//   walk the bytes ourselves to find where the first bad sequence starts, which the analyzer shows.
// - A message known to be cut short (bytes missing, size limit) may end in the middle of a code
//   point; `allowTruncatedEnd` accepts such an unfinished last sequence.

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The text when `bytes` are valid UTF-8, else null: one native pass in the common case. */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

/** Decode, replacing each invalid sequence with U+FFFD (WHATWG "replacement" semantics). */
export function decodeUtf8Lossy(bytes: Uint8Array): string {
  return lossy.decode(bytes);
}

export interface Utf8Check {
  valid: boolean;
  /** Byte offset where the first invalid sequence starts, or null when valid. */
  invalidAt: number | null;
  /** True when the only problem is an unfinished sequence at the very end. */
  truncatedEnd: boolean;
}

/** Validate; on failure find the offset of the first invalid sequence (RFC 3629 §4 grammar). */
export function checkUtf8(bytes: Uint8Array): Utf8Check {
  if (isValidUtf8(bytes)) return { valid: true, invalidAt: null, truncatedEnd: false };
  const at = firstInvalidOffset(bytes);
  if (at === null) return { valid: true, invalidAt: null, truncatedEnd: false };
  return { valid: false, invalidAt: at.offset, truncatedEnd: at.truncatedEnd };
}

/**
 * Walk the RFC 3629 §4 grammar:
 *   UTF8-2 = %xC2-DF UTF8-tail
 *   UTF8-3 = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) / %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail )
 *   UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) / %xF4 %x80-8F 2( UTF8-tail )
 */
function firstInvalidOffset(bytes: Uint8Array): { offset: number; truncatedEnd: boolean } | null {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates U+D800..DFFF
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return { offset: i, truncatedEnd: false };
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return { offset: i, truncatedEnd: true };
      const c = bytes[i + k] as number;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return { offset: i, truncatedEnd: false };
    }
    i += need + 1;
  }
  return null;
}
