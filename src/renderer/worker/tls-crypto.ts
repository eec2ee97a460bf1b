// The TLS layer's cryptography in the browser worker: synchronous (WebCrypto is not), with
// ChaCha20-Poly1305 (WebCrypto has none). Same contract and tests as src/node/tls-crypto.ts.
//
// Small records (most WebSocket messages) open with @stablelib's per-key objects: the AES key
// schedule and GHASH key are computed once per traffic key, and the plaintext goes into memory
// we hand it. @noble/ciphers redoes that per-key work on every call (its GCM builds GHASH tables
// each time: 20-35 µs for a 100-byte record against 4-10 µs), but is faster in bulk, so it opens
// the large records (bench/tls-crypto-bench.mjs measures where the two cross).

import { cbc, gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { AES } from '@stablelib/aes';
import { ChaCha20Poly1305 } from '@stablelib/chacha20poly1305';
import { GCM } from '@stablelib/gcm';
import {
  type AeadAlg,
  type AeadOpener,
  allocBytes,
  type CbcAlg,
  type HashAlg,
  type TlsCrypto,
} from '../../decoder/index.js';

const HASHES = { sha1, sha256, sha384 } as const;
const TAG = 16;

/** Sealed records up to this many bytes open with @stablelib; larger ones with @noble. */
export const WORKER_SMALL_RECORD: Readonly<Record<AeadAlg, number>> = {
  'aes-128-gcm': 1024,
  'aes-256-gcm': 1024,
  'chacha20-poly1305': 4096,
};

class WorkerOpener implements AeadOpener {
  private readonly small: GCM | ChaCha20Poly1305;

  constructor(
    private readonly alg: AeadAlg,
    private readonly key: Uint8Array,
    private readonly smallMax: number,
  ) {
    this.small = alg === 'chacha20-poly1305' ? new ChaCha20Poly1305(key) : new GCM(new AES(key, true));
  }

  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    if (sealed.length < TAG) return null;
    if (sealed.length <= this.smallMax) return this.small.open(nonce, sealed, aad, allocBytes(sealed.length - TAG));
    try {
      const c = this.alg === 'chacha20-poly1305' ? chacha20poly1305(this.key, nonce, aad) : gcm(this.key, nonce, aad);
      return c.decrypt(sealed);
    } catch {
      return null; // the tag did not verify (noble throws)
    }
  }
}

/** An opener for `key`; `smallMax` other than the default only for tests of each path. */
export function workerAeadOpener(alg: AeadAlg, key: Uint8Array, smallMax = WORKER_SMALL_RECORD[alg]): AeadOpener {
  return new WorkerOpener(alg, key, smallMax);
}

export const nobleTlsCrypto: TlsCrypto = {
  hash(alg: HashAlg, data: Uint8Array): Uint8Array {
    return HASHES[alg](data);
  },
  hmac(alg: HashAlg, key: Uint8Array, data: Uint8Array): Uint8Array {
    return hmac(HASHES[alg], key, data);
  },
  aead(alg: AeadAlg, key: Uint8Array): AeadOpener {
    return workerAeadOpener(alg, key);
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
