// The TLS layer's cryptography from node:crypto (OpenSSL): for the CLI, the browser-mode server
// and Electron main. Same contract and tests as the worker's (src/renderer/worker/tls-crypto.ts).
//
// Small records (most WebSocket messages) are the problem: node:crypto cannot give a decipher a
// new nonce, so each record pays a createDecipheriv (cipher fetch, key schedule, GHASH key, a
// stream object with a weak handle for the GC) of ~3-4 µs, more than the rest of decoding the
// message. For ChaCha20-Poly1305, @stablelib's per-key object opens a small record in about
// half that, into memory we hand it (no Buffer per record); AES-GCM has no library that beats
// OpenSSL's per-record setup here (bench/tls-crypto-bench.mjs), so node:crypto serves it at
// every size, with the key prepared once as a KeyObject.

import { createDecipheriv, createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { ChaCha20Poly1305 } from '@stablelib/chacha20poly1305';
import {
  type AeadAlg,
  type AeadOpener,
  allocBytes,
  type CbcAlg,
  type HashAlg,
  type TlsCrypto,
} from '../decoder/index.js';

const TAG = 16;
/**
 * Sealed records up to this many bytes open with @stablelib (per-key state); larger ones with
 * node:crypto, whose per-record setup is then paid back by OpenSSL's faster bulk decryption.
 */
export const NODE_SMALL_RECORD: Readonly<Record<AeadAlg, number>> = {
  'aes-128-gcm': 0,
  'aes-256-gcm': 0,
  'chacha20-poly1305': 512,
};

/** Buffers as plain Uint8Arrays: the decoder's records compare and serialize them as such. */
const plain = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);

class NodeOpener implements AeadOpener {
  private readonly keyObject: KeyObject;
  private readonly small: ChaCha20Poly1305 | null;

  constructor(
    private readonly alg: AeadAlg,
    key: Uint8Array,
    private readonly smallMax: number,
  ) {
    this.keyObject = createSecretKey(key);
    this.small = alg === 'chacha20-poly1305' && smallMax > 0 ? new ChaCha20Poly1305(key) : null;
  }

  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    if (sealed.length < TAG) return null;
    if (this.small && sealed.length <= this.smallMax) {
      return this.small.open(nonce, sealed, aad, allocBytes(sealed.length - TAG));
    }
    try {
      // The 'chacha20-poly1305' and 'aes-*-gcm' typings differ only in the auth tag length option.
      const d = createDecipheriv(this.alg as 'aes-128-gcm', this.keyObject, nonce, { authTagLength: TAG });
      d.setAAD(aad);
      d.setAuthTag(sealed.subarray(sealed.length - TAG));
      const head = d.update(sealed.subarray(0, sealed.length - TAG));
      const tail = d.final();
      return plain(tail.length === 0 ? head : Buffer.concat([head, tail]));
    } catch {
      return null; // the tag did not verify
    }
  }
}

/** An opener for `key`; `smallMax` other than the default only for tests of each path. */
export function nodeAeadOpener(alg: AeadAlg, key: Uint8Array, smallMax = NODE_SMALL_RECORD[alg]): AeadOpener {
  return new NodeOpener(alg, key, smallMax);
}

export const nodeTlsCrypto: TlsCrypto = {
  hash(alg: HashAlg, data: Uint8Array): Uint8Array {
    return plain(createHash(alg).update(data).digest());
  },
  hmac(alg: HashAlg, key: Uint8Array, data: Uint8Array): Uint8Array {
    return plain(createHmac(alg, key).update(data).digest());
  },
  aead(alg: AeadAlg, key: Uint8Array): AeadOpener {
    return nodeAeadOpener(alg, key);
  },
  cbcDecrypt(alg: CbcAlg, key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array | null {
    if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) return null;
    try {
      const d = createDecipheriv(alg, key, iv);
      d.setAutoPadding(false);
      return plain(Buffer.concat([d.update(ciphertext), d.final()]));
    } catch {
      return null;
    }
  },
};
