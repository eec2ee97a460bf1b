// TLS 1.2 key derivation from the master secret a key log's CLIENT_RANDOM line gives (RFC 5246):
//   PRF(secret, label, seed) = P_<hash>(secret, label + seed)                           (§5)
//   P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + …,
//     A(0) = seed, A(i) = HMAC(secret, A(i-1))
//   key_block = PRF(master_secret, "key expansion", server_random + client_random)     (§6.3)
// cut into client/server MAC keys, client/server write keys, client/server IVs, in that order.
// The hash is SHA-256 unless the suite names SHA-384 (RFC 5288 §3, RFC 5289 §3.2).
// The extended master secret (RFC 7627) changes how the master secret is made, not this.

import type { HashAlg, TlsCrypto } from './crypto.js';
import { HASH_LENGTH } from './crypto.js';
import type { CipherSuite } from './suites.js';

const encoder = new TextEncoder();

export function prf12(
  c: TlsCrypto,
  hash: HashAlg,
  secret: Uint8Array,
  label: string,
  seed: Uint8Array,
  length: number,
): Uint8Array {
  const labelBytes = encoder.encode(label);
  const fullSeed = new Uint8Array(labelBytes.length + seed.length);
  fullSeed.set(labelBytes, 0);
  fullSeed.set(seed, labelBytes.length);
  const out = new Uint8Array(length);
  let a: Uint8Array = fullSeed;
  for (let at = 0; at < length; ) {
    a = c.hmac(hash, secret, a);
    const input = new Uint8Array(a.length + fullSeed.length);
    input.set(a, 0);
    input.set(fullSeed, a.length);
    const block = c.hmac(hash, secret, input);
    out.set(block.subarray(0, Math.min(block.length, length - at)), at);
    at += block.length;
  }
  return out;
}

export interface KeyBlock {
  clientMac: Uint8Array;
  serverMac: Uint8Array;
  clientKey: Uint8Array;
  serverKey: Uint8Array;
  clientIv: Uint8Array;
  serverIv: Uint8Array;
}

export function keyBlock12(
  c: TlsCrypto,
  suite: CipherSuite,
  masterSecret: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
): KeyBlock {
  const macLength = suite.cipher.kind === 'cbc' ? HASH_LENGTH[suite.cipher.mac] : 0;
  const k = suite.keyLength;
  const iv = suite.fixedIvLength;
  const seed = new Uint8Array(64);
  seed.set(serverRandom, 0);
  seed.set(clientRandom, 32);
  const block = prf12(c, suite.hash, masterSecret, 'key expansion', seed, 2 * (macLength + k + iv));
  let at = 0;
  const take = (n: number) => {
    at += n;
    return block.slice(at - n, at);
  };
  return {
    clientMac: take(macLength),
    serverMac: take(macLength),
    clientKey: take(k),
    serverKey: take(k),
    clientIv: take(iv),
    serverIv: take(iv),
  };
}
