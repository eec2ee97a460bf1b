// Both TlsCrypto providers (node:crypto and @noble/@stablelib) against published vectors: RFC
// 8439's AEAD example, RFC 8448's TLS 1.3 traffic keys and records, and a TLS 1.2 key block and
// records computed independently in Python (vectors.ts says how). The worker opens small records
// with @stablelib and large ones with @noble: the vectors run through each path (the threshold
// forced to 0 and to no limit), and records sealed by node:crypto's cipher on either side of the
// real threshold (and at 0, 100 and 16,385 bytes with either provider) must open to what was sealed.
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AeadAlg, AeadOpener, TlsCrypto } from '../../../src/decoder/index.js';
import { nextTrafficSecret, trafficKeys } from '../../../src/decoder/tls/key-schedule-13.js';
import { keyBlock12 } from '../../../src/decoder/tls/prf-12.js';
import { RecordCipher } from '../../../src/decoder/tls/record-crypto.js';
import { cipherSuite } from '../../../src/decoder/tls/suites.js';
import { nodeTlsCrypto } from '../../../src/node/tls-crypto.js';
import { nobleTlsCrypto, WORKER_SMALL_RECORD, workerAeadOpener } from '../../../src/renderer/worker/tls-crypto.js';
import { RFC8439_AEAD, RFC8448, TLS12 } from './vectors.js';

type OpenerFor = (alg: AeadAlg, key: Uint8Array, smallMax?: number) => AeadOpener;
const withThreshold = (c: TlsCrypto, make: OpenerFor, smallMax: number): TlsCrypto => ({
  ...c,
  aead: (alg, key) => make(alg, key, smallMax),
});

const PROVIDERS: [string, TlsCrypto][] = [
  ['node:crypto', nodeTlsCrypto],
  ['worker', nobleTlsCrypto],
  ['worker, every record as large (@noble)', withThreshold(nobleTlsCrypto, workerAeadOpener, 0)],
  [
    'worker, every record as small (@stablelib)',
    withThreshold(nobleTlsCrypto, workerAeadOpener, Number.POSITIVE_INFINITY),
  ],
];

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

describe.each(PROVIDERS)('TlsCrypto from %s', (_name, c) => {
  it('opens the RFC 8439 §2.8.2 ChaCha20-Poly1305 example and refuses a changed tag', () => {
    const v = RFC8439_AEAD;
    const sealed = concat(v.ciphertext, v.tag);
    const opener = c.aead('chacha20-poly1305', v.key);
    expect(opener.open(v.nonce, v.aad, sealed)).toEqual(v.plaintext);
    const bad = sealed.slice();
    bad[bad.length - 1] ^= 1;
    expect(opener.open(v.nonce, v.aad, bad)).toBeNull();
    expect(opener.open(v.nonce, v.aad, sealed.subarray(0, 10))).toBeNull();
    // The opener keeps no state from a record: the good one opens again after the bad one.
    expect(opener.open(v.nonce, v.aad, sealed)).toEqual(v.plaintext);
  });

  it('derives RFC 8448 §3 record keys and IVs from the traffic secrets (HKDF-Expand-Label)', () => {
    const hs = trafficKeys(c, 'sha256', RFC8448.serverHandshakeSecret, 16);
    expect(hs.key).toEqual(RFC8448.serverHandshakeKey);
    expect(hs.iv).toEqual(RFC8448.serverHandshakeIv);
    const ca = trafficKeys(c, 'sha256', RFC8448.clientAppSecret, 16);
    expect(ca.key).toEqual(RFC8448.clientAppKey);
    expect(ca.iv).toEqual(RFC8448.clientAppIv);
    const sa = trafficKeys(c, 'sha256', RFC8448.serverAppSecret, 16);
    expect(sa.key).toEqual(RFC8448.serverAppKey);
    expect(sa.iv).toEqual(RFC8448.serverAppIv);
    expect(nextTrafficSecret(c, 'sha256', RFC8448.clientAppSecret)).toEqual(RFC8448.clientAppSecret1);
  });

  it("decrypts RFC 8448 §3's application_data records to 00 01 … 31", () => {
    const suite = cipherSuite(0x1301)!;
    // The client's is its first record under the application keys; the server's comes after
    // its NewSessionTicket, so it is the second (sequence number 1).
    for (const [secret, record, seq] of [
      [RFC8448.clientAppSecret, RFC8448.clientAppRecord, 0],
      [RFC8448.serverAppSecret, RFC8448.serverAppRecord, 1],
    ] as const) {
      const k = trafficKeys(c, 'sha256', secret, 16);
      const cipher = new RecordCipher(c, suite, true, k.key, k.iv);
      const opened = cipher.tryOpen(23, record.subarray(0, 5), record.subarray(5), seq);
      expect(opened?.type).toBe(23);
      expect(opened?.content).toEqual(RFC8448.appPayload);
      // A wrong sequence number fails the tag.
      expect(cipher.tryOpen(23, record.subarray(0, 5), record.subarray(5), seq + 1)).toBeNull();
    }
  });

  it.each([
    ['AES-128-GCM', TLS12.aes128gcm],
    ['AES-256-GCM (SHA-384 PRF)', TLS12.aes256gcm],
    ['ChaCha20-Poly1305 (RFC 7905)', TLS12.chacha],
  ])('TLS 1.2 %s: key block from the master secret, and a client record at sequence 1', (_n, v) => {
    const suite = cipherSuite(v.suite)!;
    const kb = keyBlock12(c, suite, TLS12.master, TLS12.clientRandom, TLS12.serverRandom);
    const n = suite.keyLength;
    const iv = suite.fixedIvLength;
    expect(kb.clientKey).toEqual(v.keyBlock.subarray(0, n));
    expect(kb.serverKey).toEqual(v.keyBlock.subarray(n, 2 * n));
    expect(kb.clientIv).toEqual(v.keyBlock.subarray(2 * n, 2 * n + iv));
    expect(kb.serverIv).toEqual(v.keyBlock.subarray(2 * n + iv, 2 * n + 2 * iv));
    const cipher = new RecordCipher(c, suite, false, kb.clientKey, kb.clientIv);
    expect(cipher.tryOpen(23, v.record.subarray(0, 5), v.record.subarray(5), 0)).toBeNull();
    expect(cipher.tryOpen(23, v.record.subarray(0, 5), v.record.subarray(5), 1)?.content).toEqual(TLS12.plaintext);
  });

  it('hashes and HMACs as RFC 4231 test case 2 says', () => {
    const key = new TextEncoder().encode('Jefe');
    const data = new TextEncoder().encode('what do ya want for nothing?');
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(hex(c.hmac('sha256', key, data))).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(hex(c.hash('sha256', new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

const KEY_LENGTH: Record<AeadAlg, number> = { 'aes-128-gcm': 16, 'aes-256-gcm': 32, 'chacha20-poly1305': 32 };

/** Deterministic bytes (the values do not matter, only that sealer and opener agree). */
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17 + 7) & 0xff);

/** Sealed by node:crypto's cipher (the sealing side, not the opener under test). */
function seal(alg: AeadAlg, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  const c = createCipheriv(alg as 'aes-128-gcm', key, nonce, { authTagLength: 16 });
  c.setAAD(aad);
  return new Uint8Array(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]));
}

describe.each([
  ['node:crypto', nodeTlsCrypto, { 'aes-128-gcm': 0, 'aes-256-gcm': 0, 'chacha20-poly1305': 0 }],
  ['worker', nobleTlsCrypto, WORKER_SMALL_RECORD],
] as const)('%s opens records of every size, on both sides of a small-record threshold', (_name, c, small) => {
  it.each(['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'] as const)('%s', (alg) => {
    const key = bytes(KEY_LENGTH[alg], 1);
    const opener = c.aead(alg, key);
    const limit = small[alg];
    // Sealed lengths: the threshold itself and one past it, a typical chat message, the largest
    // TLS 1.3 record (2^14 content + type byte) and an empty plaintext.
    const plaintextLengths = [0, 100, 16385, ...(limit > 16 ? [limit - 16, limit - 15] : [])];
    const opened: [Uint8Array, Uint8Array][] = [];
    for (const [i, n] of plaintextLengths.entries()) {
      const nonce = bytes(12, 100 + i);
      const aad = Uint8Array.of(23, 3, 3, (n + 16) >> 8, (n + 16) & 0xff);
      const pt = bytes(n, i);
      const sealed = seal(alg, key, nonce, aad, pt);
      const got = opener.open(nonce, aad, sealed);
      expect(got).toEqual(pt);
      opened.push([got as Uint8Array, pt]);
      const bad = sealed.slice();
      bad[0] ^= 1;
      expect(opener.open(nonce, aad, bad)).toBeNull();
      expect(opener.open(nonce, Uint8Array.of(22, 3, 3, 0, 0), sealed)).toBeNull();
    }
    // Each plaintext is the caller's to keep: later records did not overwrite it.
    for (const [got, pt] of opened) expect(got).toEqual(pt);
  });
});
