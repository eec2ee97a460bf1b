// The cryptography the TLS layer needs, injected: the decoder stays pure (no node:crypto, no
// WebCrypto) and every primitive comes from a well-kept library chosen by the shell.
//   - src/node/tls-crypto.ts: node:crypto (CLI, server, Electron main)
//   - src/renderer/worker/tls-crypto.ts: @noble/ciphers + @noble/hashes (the browser worker;
//     WebCrypto is asynchronous, has no ChaCha20, and is slow per small record)
// Both pass the same tests (test/decoder/tls/crypto-providers.test.ts).
//
// Everything is synchronous: a record is decrypted while the connection's bytes are pushed.

export type HashAlg = 'sha1' | 'sha256' | 'sha384';
export type AeadAlg = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';
export type CbcAlg = 'aes-128-cbc' | 'aes-256-cbc';

export const HASH_LENGTH: Readonly<Record<HashAlg, number>> = { sha1: 20, sha256: 32, sha384: 48 };

/** AEAD decryption under one key: made once per traffic key, used for every record under it. */
export interface AeadOpener {
  /**
   * The plaintext of `sealed` (ciphertext followed by its 16-byte tag), in memory of its own (the
   * caller may keep it), or null when the tag does not verify (wrong key, wrong sequence number,
   * corrupted record).
   */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null;
}

export interface TlsCrypto {
  hash(alg: HashAlg, data: Uint8Array): Uint8Array;
  hmac(alg: HashAlg, key: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * An opener for `key`. Per-key work (AES key schedule, GHASH key) is done here once, not per
   * record: WebSocket traffic is mostly records of a few dozen bytes, where that work costs more
   * than decrypting the bytes.
   */
  aead(alg: AeadAlg, key: Uint8Array): AeadOpener;
  /** Raw AES-CBC decryption without padding removal (TLS checks its own padding), or null on bad input. */
  cbcDecrypt(alg: CbcAlg, key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array | null;
}
