// The TLS layer's cryptography from node:crypto (OpenSSL): for the CLI, the browser-mode server
// and Electron main. Same contract and tests as the worker's (src/renderer/worker/tls-crypto.ts).

import { createDecipheriv, createHash, createHmac } from 'node:crypto';
import type { AeadAlg, CbcAlg, HashAlg, TlsCrypto } from '../decoder/index.js';

const TAG = 16;
/** Buffers as plain Uint8Arrays: the decoder's records compare and serialize them as such. */
const plain = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);

export const nodeTlsCrypto: TlsCrypto = {
  hash(alg: HashAlg, data: Uint8Array): Uint8Array {
    return plain(createHash(alg).update(data).digest());
  },
  hmac(alg: HashAlg, key: Uint8Array, data: Uint8Array): Uint8Array {
    return plain(createHmac(alg, key).update(data).digest());
  },
  aeadOpen(alg: AeadAlg, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    if (sealed.length < TAG) return null;
    try {
      // createDecipheriv per record is the cost on small records (Node cannot give a decipher a
      // new nonce), yet @noble/ciphers measured 2.5-5x slower per record at every size from 60 B
      // to 16 KiB (bench/tls-crypto-bench.mjs), so node:crypto serves every suite and size.
      // The 'chacha20-poly1305' and 'aes-*-gcm' typings differ only in the auth tag length option.
      const d = createDecipheriv(alg as 'aes-128-gcm', key, nonce, { authTagLength: TAG });
      d.setAAD(aad);
      d.setAuthTag(sealed.subarray(sealed.length - TAG));
      const head = d.update(sealed.subarray(0, sealed.length - TAG));
      const tail = d.final();
      return plain(tail.length === 0 ? head : Buffer.concat([head, tail]));
    } catch {
      return null; // the tag did not verify
    }
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
