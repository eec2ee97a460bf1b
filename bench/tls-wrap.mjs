// TLS 1.3 around the benchmark generator's connections (bench/generate.mjs --tls SUITE): the same
// WebSocket traffic, byte for byte, carried in TLS records instead of in the clear, with an NSS
// key log beside the capture.
//
// Theory of operation
// - Each connection gets a TLS 1.3 handshake as a server resuming a PSK sends it (RFC 8446 §2.2,
//   no certificate): ClientHello (x25519 key share, ALPN http/1.1), ServerHello, change_cipher_spec,
//   then EncryptedExtensions (ALPN) + Finished under the server handshake traffic secret, and
//   the client's change_cipher_spec + Finished under its own. The traffic secrets are random (a
//   seeded PRNG): a reader learns them only from the key log, as from a real stack's. Finished
//   carries random verify_data (no reader checks it without the transcript's PSK).
// - Application bytes from one write of the generator become records of at most 2^14 plaintext
//   bytes (TLSInnerPlaintext with content type 23, no padding), sealed with AES-128-GCM,
//   AES-256-GCM (SHA-384 secrets) or ChaCha20-Poly1305 from node:crypto: key and IV from
//   HKDF-Expand-Label (RFC 8446 §7.1, §7.3),
//   nonce = IV xor the record sequence number (§5.3), additional data = the record header (§5.2).
// - Independent of the decoder on purpose: nothing is imported from src/.

import { createCipheriv, createHmac } from 'node:crypto';

export const TLS_SUITES = {
  aes128gcm: { id: 0x1301, name: 'TLS_AES_128_GCM_SHA256', cipher: 'aes-128-gcm', keyLength: 16, hash: 'sha256' },
  aes256gcm: { id: 0x1302, name: 'TLS_AES_256_GCM_SHA384', cipher: 'aes-256-gcm', keyLength: 32, hash: 'sha384' },
  chacha20: {
    id: 0x1303,
    name: 'TLS_CHACHA20_POLY1305_SHA256',
    cipher: 'chacha20-poly1305',
    keyLength: 32,
    hash: 'sha256',
  },
  // Not a cipher: TLS_AES_128_GCM_SHA256 on the wire, but records "sealed" as content || type ||
  // 16 zero bytes. With a provider that opens a record by copying it (bench/null-tls-crypto.ts),
  // the decoder runs its whole TLS layer without decrypting: what the layer itself costs.
  null: { id: 0x1301, name: 'TLS_AES_128_GCM_SHA256', cipher: null, keyLength: 16, hash: 'sha256' },
};

const MAX_PLAINTEXT = 16384;
const TAG = 16;

/** HKDF-Expand-Label (RFC 8446 §7.1), for outputs up to one HMAC block (32 or 48 bytes). */
function expandLabel(hash, secret, label, length) {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([0, 1])]);
  return createHmac(hash, secret).update(info).digest().subarray(0, length);
}

const u16 = (n) => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
const vec8 = (b) => Buffer.concat([Buffer.from([b.length]), b]);
const vec16 = (b) => Buffer.concat([u16(b.length), b]);
const ext = (type, body) => Buffer.concat([u16(type), vec16(body)]);
const handshake = (type, body) => Buffer.concat([Buffer.from([type]), u24(body.length), body]);
const record = (type, body, legacy = 0x0303) =>
  Buffer.concat([Buffer.from([type]), u16(legacy), u16(body.length), body]);
const ALPN = ext(0x0010, vec16(vec8(Buffer.from('http/1.1'))));
const CCS = record(0x14, Buffer.from([1]));

/** One direction's record protection: key, IV and the record sequence number. */
class Sealer {
  constructor(suite, secret) {
    this.suite = suite;
    this.key = expandLabel(suite.hash, secret, 'key', suite.keyLength);
    this.iv = expandLabel(suite.hash, secret, 'iv', 12);
    this.seq = 0;
  }

  /** One TLSCiphertext record of `content` (inner type `type`). */
  seal(content, type) {
    const inner = Buffer.concat([content, Buffer.from([type])]);
    const header = Buffer.from([0x17, 0x03, 0x03, 0, 0]);
    header.writeUInt16BE(inner.length + TAG, 3);
    const nonce = Buffer.from(this.iv);
    const seq = this.seq++;
    nonce.writeUInt32BE((nonce.readUInt32BE(4) ^ Math.floor(seq / 2 ** 32)) >>> 0, 4);
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
    if (this.suite.cipher === null) return Buffer.concat([header, inner, Buffer.alloc(TAG)]);
    const c = createCipheriv(this.suite.cipher, this.key, nonce, { authTagLength: TAG });
    c.setAAD(header);
    const body = Buffer.concat([c.update(inner), c.final(), c.getAuthTag()]);
    return Buffer.concat([header, body]);
  }
}

/**
 * One connection's TLS: `hello()` gives the handshake flights, `seal(side, bytes)` the records
 * of one application write; `keyLogLines()` the four NSS key log lines for this connection.
 * `rng.fill(buffer)` supplies randoms and secrets.
 */
export class TlsSession {
  constructor(suiteName, rng) {
    const suite = TLS_SUITES[suiteName];
    if (!suite) throw new Error(`unknown TLS suite ${suiteName} (${Object.keys(TLS_SUITES).join(', ')})`);
    this.suite = suite;
    this.clientRandom = rng.fill(Buffer.alloc(32));
    this.serverRandom = rng.fill(Buffer.alloc(32));
    this.sessionId = rng.fill(Buffer.alloc(32));
    this.shares = [rng.fill(Buffer.alloc(32)), rng.fill(Buffer.alloc(32))];
    // Finished and the secrets are as long as the suite's hash.
    const h = suite.hash === 'sha384' ? 48 : 32;
    this.finished = [rng.fill(Buffer.alloc(h)), rng.fill(Buffer.alloc(h))];
    this.secrets = {
      CLIENT_HANDSHAKE_TRAFFIC_SECRET: rng.fill(Buffer.alloc(h)),
      SERVER_HANDSHAKE_TRAFFIC_SECRET: rng.fill(Buffer.alloc(h)),
      CLIENT_TRAFFIC_SECRET_0: rng.fill(Buffer.alloc(h)),
      SERVER_TRAFFIC_SECRET_0: rng.fill(Buffer.alloc(h)),
    };
    this.app = [
      new Sealer(suite, this.secrets.CLIENT_TRAFFIC_SECRET_0),
      new Sealer(suite, this.secrets.SERVER_TRAFFIC_SECRET_0),
    ];
  }

  /** [client's first flight, server's flight, client's second flight] as wire bytes. */
  hello() {
    const s = this.suite;
    const clientHello = handshake(
      1,
      Buffer.concat([
        u16(0x0303),
        this.clientRandom,
        vec8(this.sessionId),
        vec16(u16(s.id)),
        vec8(Buffer.from([0])),
        vec16(
          Buffer.concat([
            ext(0x000a, vec16(u16(0x001d))), // supported_groups: x25519
            ext(0x000d, vec16(u16(0x0804))), // signature_algorithms: rsa_pss_rsae_sha256
            ALPN,
            ext(0x002b, vec8(u16(0x0304))), // supported_versions: TLS 1.3
            ext(0x0033, vec16(Buffer.concat([u16(0x001d), vec16(this.shares[0])]))), // key_share
          ]),
        ),
      ]),
    );
    const serverHello = handshake(
      2,
      Buffer.concat([
        u16(0x0303),
        this.serverRandom,
        vec8(this.sessionId),
        u16(s.id),
        Buffer.from([0]),
        vec16(
          Buffer.concat([ext(0x002b, u16(0x0304)), ext(0x0033, Buffer.concat([u16(0x001d), vec16(this.shares[1])]))]),
        ),
      ]),
    );
    const serverHs = new Sealer(s, this.secrets.SERVER_HANDSHAKE_TRAFFIC_SECRET);
    const clientHs = new Sealer(s, this.secrets.CLIENT_HANDSHAKE_TRAFFIC_SECRET);
    const encryptedExtensions = handshake(8, vec16(ALPN));
    return [
      record(0x16, clientHello, 0x0301),
      Buffer.concat([
        record(0x16, serverHello),
        CCS,
        serverHs.seal(Buffer.concat([encryptedExtensions, handshake(20, this.finished[1])]), 0x16),
      ]),
      Buffer.concat([CCS, clientHs.seal(handshake(20, this.finished[0]), 0x16)]),
    ];
  }

  /** The records of one application write from side 0 (client) or 1 (server). */
  seal(side, bytes) {
    const out = [];
    for (let at = 0; at < bytes.length; at += MAX_PLAINTEXT) {
      out.push(this.app[side].seal(bytes.subarray(at, Math.min(bytes.length, at + MAX_PLAINTEXT)), 0x17));
    }
    return out.length === 1 ? out[0] : Buffer.concat(out);
  }

  keyLogLines() {
    const cr = this.clientRandom.toString('hex');
    return Object.entries(this.secrets)
      .map(([label, secret]) => `${label} ${cr} ${secret.toString('hex')}\n`)
      .join('');
  }
}
