// Unmasking payloads read back from the file (file-payloads.ts), in place.
//
// Byte by byte, unmasking was a tenth of a payload filter's CPU on the mixed captures (their
// payloads are large): most bytes now go four at a time through a Uint32Array view, which must
// start on a 4-byte boundary of the buffer, so the bytes before the first boundary and after the
// last go one at a time.

/** The platform's byte order, which a Uint32Array view reads in. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this many bytes a view costs more than it saves. */
const WORDS_FROM = 64;

/**
 * Unmasks bytes[from, to) in place with the 4-byte key at key[at..at+4) (RFC 6455 §5.3: payload
 * byte i is XORed with the key's byte i mod 4, i counted from `from`).
 */
export function unmask(bytes: Uint8Array, from: number, to: number, key: Uint8Array, at: number): void {
  let i = from;
  if (to - from >= WORDS_FROM) {
    for (; ((bytes.byteOffset + i) & 3) !== 0; i++) bytes[i] ^= key[at + ((i - from) & 3)];
    const words = (to - i) >>> 2;
    const j = i - from;
    const b0 = key[at + (j & 3)];
    const b1 = key[at + ((j + 1) & 3)];
    const b2 = key[at + ((j + 2) & 3)];
    const b3 = key[at + ((j + 3) & 3)];
    const k = LITTLE_ENDIAN ? b0 | (b1 << 8) | (b2 << 16) | (b3 << 24) : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let n = 0; n < words; n++) view[n] ^= k;
    i += words * 4;
  }
  for (; i < to; i++) bytes[i] ^= key[at + ((i - from) & 3)];
}
