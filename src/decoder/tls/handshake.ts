// TLS handshake messages, as far as the TLS view and the decryption need them (RFC 8446 §4,
// RFC 5246 §7.4): ClientHello and ServerHello (version, cipher suite, SNI, ALPN, key share group,
// session id / ticket / PSK, HelloRetryRequest), EncryptedExtensions (ALPN in TLS 1.3),
// Certificate (1.2 and 1.3 layouts) and KeyUpdate. Every reader checks its bounds: a truncated
// or malformed message gives null (the caller reports it), never an exception.

import { type CertificateSummary, summarizeCertificate } from './der.js';
import { toHex } from './keylog.js';

export const HS = {
  clientHello: 1,
  serverHello: 2,
  newSessionTicket: 4,
  endOfEarlyData: 5,
  encryptedExtensions: 8,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateVerify: 15,
  clientKeyExchange: 16,
  finished: 20,
  keyUpdate: 24,
} as const;

const EXT = {
  serverName: 0,
  supportedGroups: 10,
  alpn: 16,
  encryptThenMac: 22,
  extendedMasterSecret: 23,
  sessionTicket: 35,
  preSharedKey: 41,
  earlyData: 42,
  supportedVersions: 43,
  keyShare: 51,
} as const;

/** SHA-256("HelloRetryRequest"): a ServerHello with this random is a HelloRetryRequest (§4.1.3). */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

const GROUPS: Record<number, string> = {
  23: 'secp256r1',
  24: 'secp384r1',
  25: 'secp521r1',
  29: 'x25519',
  30: 'x448',
  256: 'ffdhe2048',
  257: 'ffdhe3072',
  258: 'ffdhe4096',
  4588: 'X25519MLKEM768',
  25497: 'X25519Kyber768Draft00',
};

export function groupName(id: number): string {
  return GROUPS[id] ?? `0x${id.toString(16).padStart(4, '0')}`;
}

export function versionName(v: number): string {
  if (v === 0x0304) return 'TLS 1.3';
  if (v === 0x0303) return 'TLS 1.2';
  if (v === 0x0302) return 'TLS 1.1';
  if (v === 0x0301) return 'TLS 1.0';
  if (v === 0x0300) return 'SSL 3.0';
  return `0x${v.toString(16).padStart(4, '0')}`;
}

/** A bounds-checked cursor; any read past the end sets `bad` and returns 0 / an empty view. */
class Cursor {
  bad = false;
  constructor(
    private readonly b: Uint8Array,
    public at = 0,
    private readonly end = b.length,
  ) {}
  get left(): number {
    return this.end - this.at;
  }
  u8(): number {
    if (this.at + 1 > this.end) return this.fail();
    return this.b[this.at++] as number;
  }
  u16(): number {
    if (this.at + 2 > this.end) return this.fail();
    const v = ((this.b[this.at] as number) << 8) | (this.b[this.at + 1] as number);
    this.at += 2;
    return v;
  }
  u24(): number {
    if (this.at + 3 > this.end) return this.fail();
    const v =
      ((this.b[this.at] as number) << 16) | ((this.b[this.at + 1] as number) << 8) | (this.b[this.at + 2] as number);
    this.at += 3;
    return v;
  }
  bytes(n: number): Uint8Array {
    if (this.at + n > this.end) {
      this.fail();
      return new Uint8Array(0);
    }
    const v = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  /** A sub-cursor over the next `n` bytes (a length-prefixed vector's contents). */
  sub(n: number): Cursor {
    const c = new Cursor(this.b, this.at, Math.min(this.at + n, this.end));
    if (this.at + n > this.end) this.fail();
    this.at = Math.min(this.at + n, this.end);
    return c;
  }
  private fail(): number {
    this.bad = true;
    this.at = this.end;
    return 0;
  }
}

export interface ClientHello {
  random: Uint8Array;
  randomHex: string;
  sessionId: Uint8Array;
  cipherSuites: number[];
  sni: string | null;
  alpn: string[];
  /** supported_versions, or [] when absent (then legacy_version is the version). */
  versions: number[];
  legacyVersion: number;
  keyShareGroups: number[];
  pskOffered: boolean;
  earlyData: boolean;
  ticket: boolean;
  extendedMasterSecret: boolean;
}

export interface ServerHello {
  random: Uint8Array;
  helloRetry: boolean;
  sessionId: Uint8Array;
  cipherSuite: number;
  /** The negotiated version (supported_versions when present, else legacy_version). */
  version: number;
  keyShareGroup: number | null;
  pskAccepted: boolean;
  alpn: string | null;
  extendedMasterSecret: boolean;
  /** RFC 7366: CBC records are MACed after encryption. */
  encryptThenMac: boolean;
}

const latin1 = new TextDecoder('latin1');

function forEachExtension(c: Cursor, fn: (type: number, data: Cursor) => void): void {
  if (c.left < 2) return;
  const all = c.sub(c.u16());
  while (all.left >= 4 && !all.bad) {
    const type = all.u16();
    fn(type, all.sub(all.u16()));
  }
}

function readAlpn(d: Cursor): string[] {
  const list = d.sub(d.u16());
  const out: string[] = [];
  while (list.left > 0 && !list.bad) out.push(latin1.decode(list.bytes(list.u8())));
  return out;
}

export function parseClientHello(body: Uint8Array): ClientHello | null {
  const c = new Cursor(body);
  const legacyVersion = c.u16();
  const random = c.bytes(32).slice();
  const sessionId = c.bytes(c.u8()).slice();
  const suites = c.sub(c.u16());
  const cipherSuites: number[] = [];
  while (suites.left >= 2) cipherSuites.push(suites.u16());
  c.bytes(c.u8()); // compression methods
  const hello: ClientHello = {
    random,
    randomHex: toHex(random),
    sessionId,
    cipherSuites,
    sni: null,
    alpn: [],
    versions: [],
    legacyVersion,
    keyShareGroups: [],
    pskOffered: false,
    earlyData: false,
    ticket: false,
    extendedMasterSecret: false,
  };
  forEachExtension(c, (type, d) => {
    if (type === EXT.serverName) {
      const list = d.sub(d.u16());
      while (list.left >= 3) {
        const kind = list.u8();
        const name = list.bytes(list.u16());
        if (kind === 0 && hello.sni === null) hello.sni = latin1.decode(name);
      }
    } else if (type === EXT.alpn) hello.alpn = readAlpn(d);
    else if (type === EXT.supportedVersions) {
      const list = d.sub(d.u8());
      while (list.left >= 2) hello.versions.push(list.u16());
    } else if (type === EXT.keyShare) {
      const list = d.sub(d.u16());
      while (list.left >= 4) {
        hello.keyShareGroups.push(list.u16());
        list.bytes(list.u16());
      }
    } else if (type === EXT.preSharedKey) hello.pskOffered = true;
    else if (type === EXT.earlyData) hello.earlyData = true;
    else if (type === EXT.sessionTicket) hello.ticket = d.left > 0;
    else if (type === EXT.extendedMasterSecret) hello.extendedMasterSecret = true;
  });
  return c.bad || random.length !== 32 ? null : hello;
}

export function parseServerHello(body: Uint8Array): ServerHello | null {
  const c = new Cursor(body);
  const legacyVersion = c.u16();
  const random = c.bytes(32).slice();
  const sessionId = c.bytes(c.u8()).slice();
  const cipherSuite = c.u16();
  c.u8(); // compression method
  const hello: ServerHello = {
    random,
    helloRetry: toHex(random) === HRR_RANDOM,
    sessionId,
    cipherSuite,
    version: legacyVersion,
    keyShareGroup: null,
    pskAccepted: false,
    alpn: null,
    extendedMasterSecret: false,
    encryptThenMac: false,
  };
  forEachExtension(c, (type, d) => {
    if (type === EXT.encryptThenMac) hello.encryptThenMac = true;
    else if (type === EXT.supportedVersions) hello.version = d.u16();
    else if (type === EXT.keyShare) hello.keyShareGroup = d.u16();
    else if (type === EXT.preSharedKey) hello.pskAccepted = true;
    else if (type === EXT.alpn) hello.alpn = readAlpn(d)[0] ?? null;
    else if (type === EXT.extendedMasterSecret) hello.extendedMasterSecret = true;
  });
  return c.bad || random.length !== 32 ? null : hello;
}

/** EncryptedExtensions (TLS 1.3): the negotiated ALPN and whether early data was accepted. */
export function parseEncryptedExtensions(body: Uint8Array): { alpn: string | null; earlyData: boolean } {
  const out = { alpn: null as string | null, earlyData: false };
  forEachExtension(new Cursor(body), (type, d) => {
    if (type === EXT.alpn) out.alpn = readAlpn(d)[0] ?? null;
    else if (type === EXT.earlyData) out.earlyData = true;
  });
  return out;
}

/** The end-entity certificate of a Certificate message (`tls13`: the 1.3 layout with a context and per-entry extensions). */
export function parseCertificate(body: Uint8Array, tls13: boolean): CertificateSummary | null {
  const c = new Cursor(body);
  if (tls13) c.bytes(c.u8());
  const list = c.sub(c.u24());
  if (list.left < 3) return null;
  const der = list.bytes(list.u24());
  return list.bad ? null : summarizeCertificate(der);
}

/** KeyUpdate (§4.6.3): true when the sender asks the peer to update too. */
export function parseKeyUpdate(body: Uint8Array): boolean {
  return body[0] === 1;
}
