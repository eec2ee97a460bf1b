// The TLS layer's cryptography from node:crypto (OpenSSL): for the CLI, the browser-mode server
// and Electron main. Same contract and tests as the worker's (src/renderer/worker/tls-crypto.ts).
//
// Small records (most WebSocket messages) are the cost: node:crypto cannot give a decipher a new
// nonce, so each record pays a createDecipheriv (cipher fetch, key schedule, GHASH key, a stream
// object) of ~3-4 us, about what decoding the message costs. The key is prepared once per traffic
// key (a KeyObject). A per-key-state library for small records measured no better inside the
// decoder: @stablelib's ChaCha20-Poly1305 is twice as fast per record alone (2.3 against 4.4 us
// at 100 B, bench/tls-crypto-bench.mjs) but was 0-10% slower end to end on small-message wss
// captures (its per-call allocations), and its AES-GCM is slower than OpenSSL's setup from 100 B.
// Within node:crypto (callgrind, 100-byte AES-GCM records): createDecipheriv 13.4k instructions,
// setAAD + setAuthTag 1.6k, update 7.6k, final 4.8k; final('latin1') (no empty Buffer), update into
// a reused slab through a latin1 string, a raw key, or no options object each cost more, not less.

import { createDecipheriv, createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { AeadAlg, AeadOpener, CbcAlg, HashAlg, TlsCrypto } from '../decoder/index.js';

const TAG = 16;
/** Buffers as plain Uint8Arrays: the decoder's records compare and serialize them as such. */
const plain = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);

class NodeOpener implements AeadOpener {
  private readonly keyObject: KeyObject;

  constructor(
    private readonly alg: AeadAlg,
    key: Uint8Array,
  ) {
    this.keyObject = createSecretKey(key);
  }

  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    if (sealed.length < TAG) return null;
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

export const nodeTlsCrypto: TlsCrypto = {
  hash(alg: HashAlg, data: Uint8Array): Uint8Array {
    return plain(createHash(alg).update(data).digest());
  },
  hmac(alg: HashAlg, key: Uint8Array, data: Uint8Array): Uint8Array {
    return plain(createHmac(alg, key).update(data).digest());
  },
  aead(alg: AeadAlg, key: Uint8Array): AeadOpener {
    return new NodeOpener(alg, key);
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
