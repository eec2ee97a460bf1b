// RFC 6455 §5.3 client-to-server masking: "octet i of the transformed data is the XOR of octet i
// of the original data with octet at index i modulo 4 of the masking key".
//
// Rules
// - Never touches the caller's input: the parser first copies payload bytes into a buffer it
//   owns (a memcpy via Uint8Array.set) and unmasks that copy once the frame is done.
// - Works 4 bytes at a time through a Uint32Array view: the payload buffer starts at payload
//   offset 0, so every aligned word lines up with the key in order (key phase 0). The key word
//   is assembled in the platform's byte order so the XOR is correct on any endianness.

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Below this many bytes a plain loop beats creating a Uint32Array view. */
const WORD_LOOP_THRESHOLD = 32;

/**
 * XOR `buf[0..length)` in place with the 4-byte key at `key[keyOffset..]`; `buf[0]` is payload
 * byte 0. `buf` must be owned by the caller.
 */
export function unmaskOwned(buf: Uint8Array, key: Uint8Array, keyOffset: number, length: number): void {
  const k0 = key[keyOffset];
  const k1 = key[keyOffset + 1];
  const k2 = key[keyOffset + 2];
  const k3 = key[keyOffset + 3];
  let i = 0;
  if (length >= WORD_LOOP_THRESHOLD && (buf.byteOffset & 3) === 0) {
    const words = length >>> 2;
    const view = new Uint32Array(buf.buffer, buf.byteOffset, words);
    const keyWord = LITTLE_ENDIAN ? k0 | (k1 << 8) | (k2 << 16) | (k3 << 24) : (k0 << 24) | (k1 << 16) | (k2 << 8) | k3;
    for (let w = 0; w < words; w++) view[w] ^= keyWord;
    i = words << 2;
  } else {
    const stop = length & ~3;
    for (; i < stop; i += 4) {
      buf[i] ^= k0;
      buf[i + 1] ^= k1;
      buf[i + 2] ^= k2;
      buf[i + 3] ^= k3;
    }
  }
  for (; i < length; i++) buf[i] ^= key[keyOffset + (i & 3)];
}
