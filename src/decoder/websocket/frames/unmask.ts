// RFC 6455 §5.3 client-to-server masking: "octet i of the transformed data is the XOR of octet i
// of the original data with octet at index i modulo 4 of the masking key".
//
// Rules
// - Never touches the caller's input: the parser copies payload bytes into a buffer it owns (a
//   memcpy via Uint8Array.set) and unmasks each copied piece at once, while it is still in the
//   CPU cache (unmasking a multi-megabyte payload after the last piece meant reading it all
//   back from memory).
// - Works 4 bytes at a time through a Uint32Array view, four words per loop turn: the payload
//   buffer starts at payload offset 0 and is word-aligned, so every aligned word lines up with
//   the key in order (key phase 0). Bytes before the first aligned word and after the last one
//   go one at a time. The key word is assembled in the platform's byte order.

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Below this many bytes a plain loop beats creating a Uint32Array view. */
const WORD_LOOP_THRESHOLD = 32;

/**
 * XOR `buf[from..to)` in place with the 4-byte key at `key[keyOffset..]`; `buf[0]` is payload
 * byte 0 (so byte i takes key byte i mod 4). `buf` must be owned by the caller.
 */
export function unmaskRange(buf: Uint8Array, key: Uint8Array, keyOffset: number, from: number, to: number): void {
  let i = from;
  // Up to the first word boundary of the payload (payload offsets, which are key phases too).
  for (; i < to && (i & 3) !== 0; i++) buf[i] ^= key[keyOffset + (i & 3)];
  const words = (to - i) >>> 2;
  if (words > 0 && words * 4 >= WORD_LOOP_THRESHOLD && ((buf.byteOffset + i) & 3) === 0) {
    const k0 = key[keyOffset];
    const k1 = key[keyOffset + 1];
    const k2 = key[keyOffset + 2];
    const k3 = key[keyOffset + 3];
    const keyWord = LITTLE_ENDIAN ? k0 | (k1 << 8) | (k2 << 16) | (k3 << 24) : (k0 << 24) | (k1 << 16) | (k2 << 8) | k3;
    const view = new Uint32Array(buf.buffer, buf.byteOffset + i, words);
    let w = 0;
    for (; w + 4 <= words; w += 4) {
      view[w] ^= keyWord;
      view[w + 1] ^= keyWord;
      view[w + 2] ^= keyWord;
      view[w + 3] ^= keyWord;
    }
    for (; w < words; w++) view[w] ^= keyWord;
    i += words * 4;
  }
  for (; i < to; i++) buf[i] ^= key[keyOffset + (i & 3)];
}

/** Below this many bytes unmaskFrom's word view costs more than it saves. */
const WORDS_FROM = 64;

/**
 * XOR `bytes[from..to)` in place with the 4-byte key at `key[keyOffset..]`, `bytes[from]` being
 * payload byte 0 (byte i takes key byte (i - from) mod 4), whatever `from` and the buffer's
 * alignment: for payloads read back into a buffer that holds other bytes around them (the app's
 * worker: renderer/worker/file-payloads.ts). The word loop starts at the buffer's first 4-byte
 * boundary with the key turned to that phase.
 */
export function unmaskFrom(bytes: Uint8Array, from: number, to: number, key: Uint8Array, keyOffset: number): void {
  let i = from;
  if (to - from >= WORDS_FROM) {
    for (; ((bytes.byteOffset + i) & 3) !== 0; i++) bytes[i] ^= key[keyOffset + ((i - from) & 3)];
    const words = (to - i) >>> 2;
    const j = i - from;
    const b0 = key[keyOffset + (j & 3)];
    const b1 = key[keyOffset + ((j + 1) & 3)];
    const b2 = key[keyOffset + ((j + 2) & 3)];
    const b3 = key[keyOffset + ((j + 3) & 3)];
    const k = LITTLE_ENDIAN ? b0 | (b1 << 8) | (b2 << 16) | (b3 << 24) : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let n = 0; n < words; n++) view[n] ^= k;
    i += words * 4;
  }
  for (; i < to; i++) bytes[i] ^= key[keyOffset + ((i - from) & 3)];
}
