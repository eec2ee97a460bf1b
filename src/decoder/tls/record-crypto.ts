// Decryption of one direction's protected records with one key (RFC 8446 §5.2-5.4 for TLS 1.3,
// RFC 5246 §6.2.3 + RFC 5288 / RFC 7905 for TLS 1.2).
//
//   TLS 1.3: nonce = iv XOR seq; AAD = the record header; the plaintext is content || type || zeros.
//   TLS 1.2 AES-GCM: nonce = 4-byte salt || the record's 8-byte explicit nonce;
//     AAD = seq || type || version || plaintext length.
//   TLS 1.2 ChaCha20-Poly1305: nonce = iv XOR seq; the same AAD.
//   TLS 1.2 CBC: the record's first 16 bytes are the IV; the plaintext is content || MAC ||
//     padding || padding length, and the MAC is HMAC(mac key, seq || type || version || length || content).
//     With encrypt_then_mac (RFC 7366, OpenSSL's default) the MAC follows the ciphertext instead
//     and covers seq || type || version || length(IV + ciphertext) || IV || ciphertext.
//
// The sequence number counts records of this direction since the key was installed; it is not on
// the wire, so after a TCP gap the caller tries a few (see tls-connection.ts).
// Per record this allocates the plaintext (and what the crypto library does); the AEAD opener
// (key schedule, GHASH key) is made once per key, and nonce and AAD buffers are reused.

import { type AeadOpener, HASH_LENGTH, type TlsCrypto } from './crypto.js';
import { xorNonce } from './key-schedule-13.js';
import type { CipherSuite } from './suites.js';

export interface Opened {
  /** The content (for TLS 1.3, without the inner type and padding). */
  content: Uint8Array;
  /** The real content type (TLS 1.3 hides it inside the ciphertext). */
  type: number;
  /** Offset of the content's first byte in the record body (the explicit nonce or IV before it). */
  bodyOffset: number;
}

export class RecordCipher {
  /** The sequence number of the next record. */
  seq = 0;
  private readonly nonce = new Uint8Array(12);
  private readonly aad12 = new Uint8Array(13);
  private opener: AeadOpener | null = null;

  constructor(
    private readonly crypto: TlsCrypto,
    readonly suite: CipherSuite,
    readonly tls13: boolean,
    readonly key: Uint8Array,
    /** 1.3 / ChaCha20: the 12-byte IV; 1.2 GCM: the 4-byte salt; CBC: unused. */
    readonly iv: Uint8Array,
    readonly macKey: Uint8Array = new Uint8Array(0),
    readonly encryptThenMac = false,
  ) {}

  /** Decrypt a record at sequence number `seq` (default: the next one) without advancing. */
  tryOpen(type: number, header: Uint8Array, body: Uint8Array, seq = this.seq): Opened | null {
    const c = this.suite.cipher;
    if (c.kind === 'cbc') return this.openCbc(type, header, body, seq);
    this.opener ??= this.crypto.aead(c.alg, this.key);
    if (this.tls13) {
      const pt = this.opener.open(xorNonce(this.iv, seq, this.nonce), header, body);
      if (!pt) return null;
      let end = pt.length;
      while (end > 0 && pt[end - 1] === 0) end--;
      if (end === 0) return null; // all padding: no content type (an error per §5.4)
      return this.result(pt.subarray(0, end - 1), pt[end - 1] as number, 0);
    }
    const gcm = this.suite.explicitIvLength === 8;
    const explicit = gcm ? 8 : 0;
    if (body.length < explicit + 16) return null;
    let nonce: Uint8Array;
    if (gcm) {
      nonce = this.nonce;
      nonce.set(this.iv, 0);
      nonce.set(body.subarray(0, 8), 4);
    } else nonce = xorNonce(this.iv, seq, this.nonce);
    this.fillAad(seq, type, header, body.length - explicit - 16);
    const pt = this.opener.open(nonce, this.aad12, body.subarray(explicit));
    return pt ? this.result(pt, type, explicit) : null;
  }

  /**
   * A new object per record on purpose: one reused across records would live in the old
   * generation, and each young content view stored in it would then survive (be promoted by)
   * the next scavenge.
   */
  private result(content: Uint8Array, type: number, bodyOffset: number): Opened {
    return { content, type, bodyOffset };
  }

  /** Decrypt the next record and advance the sequence number (whether or not it decrypted). */
  open(type: number, header: Uint8Array, body: Uint8Array): Opened | null {
    const out = this.tryOpen(type, header, body);
    this.seq++;
    return out;
  }

  private fillAad(seq: number, type: number, header: Uint8Array, length: number): void {
    const a = this.aad12;
    const hi = Math.floor(seq / 0x100000000);
    const lo = seq >>> 0;
    a[0] = hi >>> 24;
    a[1] = (hi >>> 16) & 0xff;
    a[2] = (hi >>> 8) & 0xff;
    a[3] = hi & 0xff;
    a[4] = lo >>> 24;
    a[5] = (lo >>> 16) & 0xff;
    a[6] = (lo >>> 8) & 0xff;
    a[7] = lo & 0xff;
    a[8] = type;
    a[9] = header[1] as number;
    a[10] = header[2] as number;
    a[11] = length >> 8;
    a[12] = length & 0xff;
  }

  private openCbc(type: number, header: Uint8Array, body: Uint8Array, seq: number): Opened | null {
    const c = this.suite.cipher;
    if (c.kind !== 'cbc') return null;
    if (this.encryptThenMac) return this.openEtm(type, header, body, seq);
    if (body.length < 32 || body.length % 16 !== 0) return null;
    const pt = this.crypto.cbcDecrypt(c.alg, this.key, body.subarray(0, 16), body.subarray(16));
    if (!pt) return null;
    const pad = pt[pt.length - 1] as number;
    const macLength = HASH_LENGTH[c.mac];
    const contentLength = pt.length - pad - 1 - macLength;
    if (contentLength < 0) return null;
    for (let i = pt.length - pad - 1; i < pt.length; i++) if (pt[i] !== pad) return null;
    const content = pt.subarray(0, contentLength);
    this.fillAad(seq, type, header, contentLength);
    const input = new Uint8Array(13 + contentLength);
    input.set(this.aad12, 0);
    input.set(content, 13);
    const mac = this.crypto.hmac(c.mac, this.macKey, input);
    const sent = pt.subarray(contentLength, contentLength + macLength);
    for (let i = 0; i < macLength; i++) if (mac[i] !== sent[i]) return null;
    return this.result(content, type, 16);
  }

  private openEtm(type: number, header: Uint8Array, body: Uint8Array, seq: number): Opened | null {
    const c = this.suite.cipher;
    if (c.kind !== 'cbc') return null;
    const macLength = HASH_LENGTH[c.mac];
    const sealed = body.length - macLength;
    if (sealed < 32 || sealed % 16 !== 0) return null;
    this.fillAad(seq, type, header, sealed);
    const input = new Uint8Array(13 + sealed);
    input.set(this.aad12, 0);
    input.set(body.subarray(0, sealed), 13);
    const mac = this.crypto.hmac(c.mac, this.macKey, input);
    for (let i = 0; i < macLength; i++) if (mac[i] !== body[sealed + i]) return null;
    const pt = this.crypto.cbcDecrypt(c.alg, this.key, body.subarray(0, 16), body.subarray(16, sealed));
    if (!pt) return null;
    const pad = pt[pt.length - 1] as number;
    const contentLength = pt.length - pad - 1;
    if (contentLength < 0) return null;
    return this.result(pt.subarray(0, contentLength), type, 16);
  }
}
