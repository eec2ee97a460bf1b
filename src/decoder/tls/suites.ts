// Cipher suites wsscope decrypts (IANA TLS Cipher Suites registry), and how.
//
// TLS 1.3 suites name only the AEAD and the hash (RFC 8446 §B.4). TLS 1.2 AEAD suites: AES-GCM
// (RFC 5288/5289) with a 4-byte implicit salt and an 8-byte explicit nonce per record, and
// ChaCha20-Poly1305 (RFC 7905) with a 12-byte IV XORed with the sequence number. CBC suites
// (RFC 5246 §6.2.3.2): MAC-then-encrypt with an explicit IV per record.

import type { AeadAlg, CbcAlg, HashAlg } from './crypto.js';

export interface CipherSuite {
  id: number;
  name: string;
  /** 13: a TLS 1.3 suite; 12: a TLS 1.2 (or earlier) suite. */
  tls: 12 | 13;
  /** The PRF (1.2) or HKDF (1.3) hash. */
  hash: HashAlg;
  cipher: { kind: 'aead'; alg: AeadAlg } | { kind: 'cbc'; alg: CbcAlg; mac: HashAlg };
  keyLength: number;
  /** 1.3 and ChaCha20: the whole 12-byte IV; 1.2 GCM: the 4-byte salt; CBC: 0 (explicit IV). */
  fixedIvLength: number;
  /** Bytes at the start of each record's body that are not ciphertext (GCM's explicit nonce, CBC's IV). */
  explicitIvLength: number;
}

type Row = [id: number, name: string, tls: 12 | 13, hash: HashAlg, cipher: AeadAlg | `${CbcAlg}/${HashAlg}`];

const ROWS: Row[] = [
  [0x1301, 'TLS_AES_128_GCM_SHA256', 13, 'sha256', 'aes-128-gcm'],
  [0x1302, 'TLS_AES_256_GCM_SHA384', 13, 'sha384', 'aes-256-gcm'],
  [0x1303, 'TLS_CHACHA20_POLY1305_SHA256', 13, 'sha256', 'chacha20-poly1305'],
  [0xc02b, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 12, 'sha256', 'aes-128-gcm'],
  [0xc02c, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 12, 'sha384', 'aes-256-gcm'],
  [0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 12, 'sha256', 'aes-128-gcm'],
  [0xc030, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 12, 'sha384', 'aes-256-gcm'],
  [0x009c, 'TLS_RSA_WITH_AES_128_GCM_SHA256', 12, 'sha256', 'aes-128-gcm'],
  [0x009d, 'TLS_RSA_WITH_AES_256_GCM_SHA384', 12, 'sha384', 'aes-256-gcm'],
  [0x009e, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 12, 'sha256', 'aes-128-gcm'],
  [0x009f, 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 12, 'sha384', 'aes-256-gcm'],
  [0xcca8, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 12, 'sha256', 'chacha20-poly1305'],
  [0xcca9, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 12, 'sha256', 'chacha20-poly1305'],
  [0xccaa, 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 12, 'sha256', 'chacha20-poly1305'],
  [0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA', 12, 'sha256', 'aes-128-cbc/sha1'],
  [0x0035, 'TLS_RSA_WITH_AES_256_CBC_SHA', 12, 'sha256', 'aes-256-cbc/sha1'],
  [0x003c, 'TLS_RSA_WITH_AES_128_CBC_SHA256', 12, 'sha256', 'aes-128-cbc/sha256'],
  [0x003d, 'TLS_RSA_WITH_AES_256_CBC_SHA256', 12, 'sha256', 'aes-256-cbc/sha256'],
  [0x0033, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA', 12, 'sha256', 'aes-128-cbc/sha1'],
  [0x0039, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA', 12, 'sha256', 'aes-256-cbc/sha1'],
  [0x0067, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 12, 'sha256', 'aes-128-cbc/sha256'],
  [0x006b, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', 12, 'sha256', 'aes-256-cbc/sha256'],
  [0xc009, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 12, 'sha256', 'aes-128-cbc/sha1'],
  [0xc00a, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 12, 'sha256', 'aes-256-cbc/sha1'],
  [0xc013, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 12, 'sha256', 'aes-128-cbc/sha1'],
  [0xc014, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 12, 'sha256', 'aes-256-cbc/sha1'],
  [0xc023, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 12, 'sha256', 'aes-128-cbc/sha256'],
  [0xc024, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 12, 'sha384', 'aes-256-cbc/sha384'],
  [0xc027, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 12, 'sha256', 'aes-128-cbc/sha256'],
  [0xc028, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 12, 'sha384', 'aes-256-cbc/sha384'],
];

function build([id, name, tls, hash, c]: Row): CipherSuite {
  if (c.includes('/')) {
    const [alg, mac] = c.split('/') as [CbcAlg, HashAlg];
    const keyLength = alg === 'aes-128-cbc' ? 16 : 32;
    return {
      id,
      name,
      tls,
      hash,
      cipher: { kind: 'cbc', alg, mac },
      keyLength,
      fixedIvLength: 0,
      explicitIvLength: 16,
    };
  }
  const alg = c as AeadAlg;
  const keyLength = alg === 'aes-128-gcm' ? 16 : 32;
  const gcm12 = tls === 12 && alg !== 'chacha20-poly1305';
  return {
    id,
    name,
    tls,
    hash,
    cipher: { kind: 'aead', alg },
    keyLength,
    fixedIvLength: gcm12 ? 4 : 12,
    explicitIvLength: gcm12 ? 8 : 0,
  };
}

const SUITES = new Map<number, CipherSuite>(ROWS.map((r) => [r[0], build(r)]));

export function cipherSuite(id: number): CipherSuite | null {
  return SUITES.get(id) ?? null;
}

/** A few well-known suites wsscope does not decrypt, named in findings (others as hex). */
const OTHER_NAMES: Record<number, string> = {
  10: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  5: 'TLS_RSA_WITH_RC4_128_SHA',
  4868: 'TLS_AES_128_CCM_SHA256',
  4869: 'TLS_AES_128_CCM_8_SHA256',
  49324: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM',
};

export function cipherSuiteName(id: number): string {
  return SUITES.get(id)?.name ?? OTHER_NAMES[id] ?? `0x${id.toString(16).padStart(4, '0')}`;
}
