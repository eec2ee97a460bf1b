// The TLS layer's cryptography in the browser worker, from @noble/ciphers and @noble/hashes:
// synchronous (WebCrypto is not), with ChaCha20-Poly1305 (WebCrypto has none), and fast on the
// small records WebSocket traffic is made of. Same contract and tests as src/node/tls-crypto.ts.

import { cbc, gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import type { AeadAlg, CbcAlg, HashAlg, TlsCrypto } from '../../decoder/index.js';

const HASHES = { sha1, sha256, sha384 } as const;

export const nobleTlsCrypto: TlsCrypto = {
  hash(alg: HashAlg, data: Uint8Array): Uint8Array {
    return HASHES[alg](data);
  },
  hmac(alg: HashAlg, key: Uint8Array, data: Uint8Array): Uint8Array {
    return hmac(HASHES[alg], key, data);
  },
  aeadOpen(alg: AeadAlg, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    if (sealed.length < 16) return null;
    try {
      const cipher = alg === 'chacha20-poly1305' ? chacha20poly1305(key, nonce, aad) : gcm(key, nonce, aad);
      return cipher.decrypt(sealed);
    } catch {
      return null; // the tag did not verify (noble throws)
    }
  },
  cbcDecrypt(_alg: CbcAlg, key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array | null {
    if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) return null;
    try {
      return cbc(key, iv, { disablePadding: true }).decrypt(ciphertext);
    } catch {
      return null;
    }
  },
};
