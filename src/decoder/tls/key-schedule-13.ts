// TLS 1.3 key schedule, the part a key log leaves to the reader (RFC 8446 §7.1-7.3): the log gives
// the traffic secrets, and each secret gives its record key and IV:
//   key = HKDF-Expand-Label(secret, "key", "", key_length)
//   iv  = HKDF-Expand-Label(secret, "iv", "", 12)
//   next secret after a KeyUpdate = HKDF-Expand-Label(secret, "traffic upd", "", Hash.length)
// and the per-record nonce is the IV XOR the 64-bit record sequence number, left-padded (§5.3).
// HKDF (RFC 5869) is built here on the injected HMAC: Extract is one HMAC, Expand a loop of them.

import { HASH_LENGTH, type HashAlg, type TlsCrypto } from './crypto.js';

const encoder = new TextEncoder();

export function hkdfExtract(c: TlsCrypto, hash: HashAlg, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return c.hmac(hash, salt.length > 0 ? salt : new Uint8Array(HASH_LENGTH[hash]), ikm);
}

/** HKDF-Expand (RFC 5869 §2.3): T(i) = HMAC(PRK, T(i-1) | info | i), concatenated and cut to `length`. */
export function hkdfExpand(c: TlsCrypto, hash: HashAlg, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let t = new Uint8Array(0);
  for (let i = 1, at = 0; at < length; i++) {
    const input = new Uint8Array(t.length + info.length + 1);
    input.set(t, 0);
    input.set(info, t.length);
    input[input.length - 1] = i;
    t = c.hmac(hash, prk, input) as Uint8Array<ArrayBuffer>;
    out.set(t.subarray(0, Math.min(t.length, length - at)), at);
    at += t.length;
  }
  return out;
}

/** The HkdfLabel structure (§7.1): uint16 length, opaque label<7..255> = "tls13 " + label, opaque context<0..255>. */
export function hkdfLabel(label: string, context: Uint8Array, length: number): Uint8Array {
  const full = encoder.encode(`tls13 ${label}`);
  const out = new Uint8Array(2 + 1 + full.length + 1 + context.length);
  out[0] = length >> 8;
  out[1] = length & 0xff;
  out[2] = full.length;
  out.set(full, 3);
  out[3 + full.length] = context.length;
  out.set(context, 4 + full.length);
  return out;
}

export function hkdfExpandLabel(
  c: TlsCrypto,
  hash: HashAlg,
  secret: Uint8Array,
  label: string,
  context: Uint8Array,
  length: number,
): Uint8Array {
  return hkdfExpand(c, hash, secret, hkdfLabel(label, context, length), length);
}

export interface TrafficKeys {
  key: Uint8Array;
  iv: Uint8Array;
}

const EMPTY = new Uint8Array(0);

export function trafficKeys(c: TlsCrypto, hash: HashAlg, secret: Uint8Array, keyLength: number): TrafficKeys {
  return {
    key: hkdfExpandLabel(c, hash, secret, 'key', EMPTY, keyLength),
    iv: hkdfExpandLabel(c, hash, secret, 'iv', EMPTY, 12),
  };
}

/** application_traffic_secret_N+1 (§7.2). */
export function nextTrafficSecret(c: TlsCrypto, hash: HashAlg, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(c, hash, secret, 'traffic upd', EMPTY, HASH_LENGTH[hash]);
}

/**
 * The per-record nonce (§5.3; RFC 7905 §2 for ChaCha20 in 1.2): the 64-bit sequence number,
 * left-padded to the IV's length, XOR the IV. Written into `out` (reused per record).
 */
export function xorNonce(iv: Uint8Array, seq: number, out: Uint8Array): Uint8Array {
  // A byte loop, not out.set(iv): this runs once per record, and the builtin's call cost showed
  // in profiles of small-record captures.
  for (let i = 0; i < iv.length; i++) out[i] = iv[i] as number;
  // Sequence numbers stay far below 2^53; the high 32 bits come from a division.
  const hi = Math.floor(seq / 0x100000000);
  const lo = seq >>> 0;
  const n = out.length;
  out[n - 8] = (out[n - 8] as number) ^ (hi >>> 24);
  out[n - 7] = (out[n - 7] as number) ^ ((hi >>> 16) & 0xff);
  out[n - 6] = (out[n - 6] as number) ^ ((hi >>> 8) & 0xff);
  out[n - 5] = (out[n - 5] as number) ^ (hi & 0xff);
  out[n - 4] = (out[n - 4] as number) ^ (lo >>> 24);
  out[n - 3] = (out[n - 3] as number) ^ ((lo >>> 16) & 0xff);
  out[n - 2] = (out[n - 2] as number) ^ ((lo >>> 8) & 0xff);
  out[n - 1] = (out[n - 1] as number) ^ (lo & 0xff);
  return out;
}
