// The TLS layer of one TCP connection: records in, plaintext out (a second data source of the
// connection, mapped back to the capture records), and the TlsInfo the TLS view shows.
//
// Theory of operation
// - Each side's TCP bytes go through a RecordReader (record-layer.ts). Records in clear (hellos,
//   CCS, alerts before encryption, all of the TLS 1.2 handshake up to the CCS) are parsed here.
// - A protected record needs its side's current key: TLS 1.3 moves each side through early →
//   handshake → application secrets (after its Finished), and KeyUpdate to the next application
//   secret; TLS 1.2 turns encryption on at each side's ChangeCipherSpec. keys.ts turns the key
//   log's secrets into a RecordCipher.
// - Records that cannot be decrypted yet (keys not in the key log yet: a key log that grows while
//   capturing, or a pcapng DSB after the packets) are held, up to HOLD_LIMIT bytes per side, and
//   decrypted in capture order when keys arrive (retryKeys).
// - A TCP gap loses the record it falls in: the reader hunts for the next header and the first
//   record after it is tried at the next sequence numbers until one opens (the AEAD tag proves
//   the boundary and the number), or reported.
// - Decrypted application data goes to the host at plaintext offsets, with spans that name the
//   packets the ciphertext came from; the host decodes it as HTTP and WebSocket.

import type { FindingCode } from '../findings.js';
import { sizeText } from '../format.js';
import type { Direction, TlsInfo } from '../records.js';
import type { SegmentSpan, Side } from '../tcp/events.js';
import { describeAlert } from './alerts.js';
import type { TlsCrypto } from './crypto.js';
import {
  type ClientHello,
  groupName as groupText,
  HS,
  parseCertificate,
  parseClientHello,
  parseEncryptedExtensions,
  parseKeyUpdate,
  parseServerHello,
  type ServerHello,
  versionName as versionText,
} from './handshake.js';
import { nextTrafficSecret } from './key-schedule-13.js';
import type { KeyLog } from './keylog.js';
import {
  cipherFromSecret,
  type Installed,
  install12,
  install13,
  label13,
  type Stage,
  trialMidConnection,
} from './keys.js';
import type { KeyBlock } from './prf-12.js';
import type { Opened, RecordCipher } from './record-crypto.js';
import { CONTENT, HandshakeReader, RecordReader, type TlsRecord } from './record-layer.js';
import { TlsSpanMap } from './span-map.js';
import { type CipherSuite, cipherSuite, cipherSuiteName } from './suites.js';
import { newTlsInfo, noKeysHint } from './tls-info.js';

export interface TlsOptions {
  /** The cryptography (src/node/tls-crypto.ts, src/renderer/worker/tls-crypto.ts); null: parse only. */
  crypto: TlsCrypto | null;
  keyLog: KeyLog;
  /**
   * Protected bytes held for keys by all connections of the session together: a capture of many
   * HTTPS connections without keys must not hold a megabyte each.
   */
  held?: { bytes: number; limit: number };
  /**
   * Called with each application-data record once decrypted (ciphertext-view.ts: the hex view's
   * ciphertext of a frame, found by decoding again on demand). Unset in normal decoding.
   */
  recordTap?: (connectionId: number, direction: Direction, record: TlsTapRecord) => void;
}

/** A decrypted application-data record as captured and as opened (views: copy what you keep). */
export interface TlsTapRecord {
  /** The 5 header bytes and the protected body (explicit nonce or IV, ciphertext, tag or MAC). */
  header: Uint8Array;
  body: Uint8Array;
  /** TCP stream offset of the header's first byte. */
  tcpOffset: number;
  /** Where the content starts in the body, and its plaintext stream offset and bytes. */
  contentOffset: number;
  plainOffset: number;
  content: Uint8Array;
}

export interface TlsHost {
  dir(side: Side): Direction;
  plaintext(side: Side, offset: number, bytes: Uint8Array, spans: SegmentSpan[], record: number, time: number): void;
  plaintextGap(side: Side, offset: number, length: number, record: number, time: number): void;
  finding(code: FindingCode, message: string, side: Side | null, packet: number, time: number): void;
  /** The record changed beyond its counters. */
  touched(): void;
  /** The ClientHello (or a matching CLIENT_* secret) shows which side is the client. */
  clientIs(side: Side): void;
  /** "example.com:443" for sentences. */
  serverName(): string;
  /** The connection's id (for TlsOptions.recordTap). */
  connectionId(): number;
}

/** Protected bytes held per side while their keys are unknown. */
const HOLD_LIMIT = 1024 * 1024;
/** Sequence numbers tried on the first record of a connection captured mid-way. */
const MID_SEQ_TRIES = 64;

interface Held {
  type: number;
  header: Uint8Array;
  body: Uint8Array;
  streamOffset: number;
  afterGap: boolean;
  record: number;
  time: number;
}

class SideState {
  readonly spans = new TlsSpanMap();
  readonly hs = new HandshakeReader();
  cipher: RecordCipher | null = null;
  stage: Stage = 'handshake';
  /** TLS 1.2: this side sent its ChangeCipherSpec; everything after it is protected. */
  ccs = false;
  appSecret: Uint8Array | null = null;
  plain = 0;
  held: Held[] = [];
  heldBytes = 0;
  /** Records lost (gap or hold overflow) since the last decrypted one: bounds the sequence trial. */
  lost = 0;
  resync = false;
  failures = 0;
  /** Key log version of the last mid-connection trial (tried again when keys arrive). */
  midVersion = -1;
  last = { record: 0, time: 0 };
  constructor(readonly reader: RecordReader) {}
}

export class TlsConnection {
  readonly info: TlsInfo = newTlsInfo();
  private readonly sides: Record<Side, SideState>;
  private clientHello: ClientHello | null = null;
  private serverHello: ServerHello | null = null;
  private suite: CipherSuite | null = null;
  private tls13 = false;
  private readonly block: { block: KeyBlock | null } = { block: null };
  private keyLogVersion = -1;
  private ended = false;
  private unsupportedReported = false;
  private midReported = false;

  constructor(
    private readonly options: TlsOptions,
    private readonly host: TlsHost,
    hunting: Record<Side, boolean>,
  ) {
    this.sides = { a: new SideState(new RecordReader(hunting.a)), b: new SideState(new RecordReader(hunting.b)) };
    this.info.reason = options.crypto ? 'waiting for the handshake' : 'no TLS cryptography in this decoder';
  }

  /**
   * A side's state. Not `this.sides[side]`: a keyed load whose key alternates between two names
   * goes megamorphic, and this runs several times per record.
   */
  private of(side: Side): SideState {
    return side === 'a' ? this.sides.a : this.sides.b;
  }

  push(side: Side, offset: number, bytes: Uint8Array, spans: readonly SegmentSpan[], record: number, time: number) {
    const s = this.of(side);
    s.spans.add(spans);
    s.last.record = record;
    s.last.time = time;
    s.reader.push(bytes, offset);
    for (;;) {
      const r = s.reader.next();
      if (!r) break;
      this.onRecord(side, r, record, time);
    }
  }

  gap(side: Side, offset: number, length: number, record: number, time: number): void {
    const s = this.of(side);
    s.reader.gap(offset, length);
    s.lost += Math.ceil(length / 22) + 1;
    s.resync = true;
    const who = this.host.dir(side);
    this.host.finding(
      'tls.gap',
      `${length} bytes of the ${who}'s TLS stream are missing at offset ${offset}: the records there are lost; reading resumes at the next record header, its sequence number confirmed by decryption`,
      side,
      record,
      time,
    );
    this.host.plaintextGap(side, s.plain, length, record, time);
    s.plain += length;
  }

  /** Protected records wait for keys (the connection's end waits for them too). */
  get holding(): boolean {
    return this.sides.a.held.length > 0 || this.sides.b.held.length > 0;
  }

  /** New keys may be in the key log: decrypt what was held, in capture order. */
  retryKeys(): void {
    if (this.options.keyLog.version === this.keyLogVersion) return;
    this.keyLogVersion = this.options.keyLog.version;
    this.drainHeld();
  }

  /** Try the held records again (keys arrived, or the ServerHello named the suite), in capture order. */
  private drainHeld(): void {
    const a = this.sides.a.held;
    const b = this.sides.b.held;
    if (a.length === 0 && b.length === 0) return;
    this.sides.a.held = [];
    this.sides.b.held = [];
    if (this.options.held) this.options.held.bytes -= this.sides.a.heldBytes + this.sides.b.heldBytes;
    this.sides.a.heldBytes = 0;
    this.sides.b.heldBytes = 0;
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      const takeA = j >= b.length || (i < a.length && (a[i] as Held).record <= (b[j] as Held).record);
      const side: Side = takeA ? 'a' : 'b';
      const h = (takeA ? a[i++] : b[j++]) as Held;
      this.onProtected(side, h, h.record, h.time);
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    const held = this.sides.a.held.length + this.sides.b.held.length;
    // Records still waiting will never be read: give their bytes back to the session's budget.
    if (this.options.held) this.options.held.bytes -= this.sides.a.heldBytes + this.sides.b.heldBytes;
    for (const s of [this.sides.a, this.sides.b]) {
      s.held = [];
      s.heldBytes = 0;
    }
    const total = this.info.records.client + this.info.records.server;
    // Still "waiting" at the end: the wait is over, say how far the handshake got (a connection
    // reset mid-handshake kept "waiting for the handshake" forever).
    if (this.info.reason === 'waiting for the handshake') {
      this.info.reason =
        total === 0
          ? 'the connection ended before a whole TLS record'
          : this.info.cipher === null
            ? 'the handshake never completed: the connection ended before the ServerHello'
            : 'the handshake never completed: the connection ended before the Finished messages';
      this.host.touched();
    }
    if (this.info.decrypted || (held === 0 && this.info.decryptedRecords > 0) || total === 0) return;
    if (this.info.reason.startsWith('cipher suite')) return;
    const last = this.sides.a.last.record > this.sides.b.last.record ? this.sides.a.last : this.sides.b.last;
    const bytes = this.info.recordBytes.client + this.info.recordBytes.server;
    const what = `${this.info.version ?? 'TLS'} to ${this.info.sni ?? this.host.serverName()}`;
    if (!this.options.crypto || !this.hasKeysFor()) {
      this.info.reason = noKeysHint(this.options.keyLog.size > 0, this.info.clientRandom);
      this.host.finding(
        'tls.no-keys',
        `${what}, no keys: ${total} records, ${sizeText(bytes)}; ${this.info.reason}`,
        null,
        last.record,
        last.time,
      );
      this.host.touched();
    }
  }

  // ------------------------------------------------------------------ records

  private onRecord(side: Side, r: TlsRecord, record: number, time: number): void {
    // Named, not keyed by `who`, for the reason given at of().
    if (this.host.dir(side) === 'client') {
      this.info.records.client++;
      this.info.recordBytes.client += 5 + r.body.length;
    } else {
      this.info.records.server++;
      this.info.recordBytes.server += 5 + r.body.length;
    }
    if (!this.isProtected(side, r.type)) {
      this.onClear(side, r.type, r.body, record, time);
      return;
    }
    this.onProtected(side, r, record, time);
  }

  private isProtected(side: Side, type: number): boolean {
    if (type === CONTENT.ccs) return false;
    if (this.serverHello && !this.tls13) return this.of(side).ccs;
    return type === CONTENT.applicationData;
  }

  private onClear(side: Side, type: number, body: Uint8Array, record: number, time: number): void {
    if (type === CONTENT.handshake) {
      for (const m of this.of(side).hs.push(body)) this.onHandshake(side, m.type, m.body, false, record, time);
    } else if (type === CONTENT.ccs) {
      if (this.serverHello && !this.tls13) {
        const s = this.of(side);
        s.ccs = true;
        s.cipher = null;
        s.hs.reset();
      }
    } else if (type === CONTENT.alert) this.onAlert(side, body, record, time);
  }

  private hold(side: Side, r: TlsRecord | Held, record: number, time: number): void {
    const s = this.of(side);
    const shared = this.options.held;
    if (s.heldBytes + r.body.length > HOLD_LIMIT || (shared && shared.bytes + r.body.length > shared.limit)) {
      s.lost++;
      s.resync = true;
      return;
    }
    s.heldBytes += r.body.length;
    if (shared) shared.bytes += r.body.length;
    const h: Held =
      'record' in r
        ? r
        : {
            type: r.type,
            header: r.header.slice(),
            body: r.body.slice(),
            streamOffset: r.streamOffset,
            afterGap: r.afterGap,
            record,
            time,
          };
    s.held.push(h);
    if (this.info.reason === 'waiting for the handshake' || this.info.reason.startsWith('no keys')) {
      this.info.reason = noKeysHint(this.options.keyLog.size > 0, this.info.clientRandom);
    }
  }

  private onProtected(side: Side, r: TlsRecord | Held, record: number, time: number): void {
    const s = this.of(side);
    if (s.held.length > 0 && !('record' in r)) {
      this.hold(side, r, record, time);
      return;
    }
    const c = this.options.crypto;
    if (!c) return;
    if (!this.serverHello && !this.clientHello) {
      if (!this.midConnection(side, r, record, time)) {
        this.hold(side, r, record, time);
        return;
      }
    }
    const cipher = s.cipher ?? this.install(side);
    if (!cipher) {
      if (this.suite || !this.serverHello) this.hold(side, r, record, time);
      return;
    }
    const opened = this.open(side, cipher, r);
    if (opened) {
      this.onOpened(side, r, opened, record, time);
      return;
    }
    // Early data the server refused, or a handshake secret missing from the log: the next stage's key.
    if (this.tls13 && s.stage !== 'application') {
      const next: Stage = s.stage === 'early' ? 'handshake' : 'application';
      const saved = s.stage;
      s.stage = next;
      s.cipher = null;
      const other = this.install(side);
      const again = other ? this.open(side, other, r, 3) : null;
      if (again) {
        this.onOpened(side, r, again, record, time);
        return;
      }
      s.stage = saved;
      s.cipher = cipher;
      if (saved === 'early') return; // refused 0-RTT data: the server skipped it too
    }
    this.decryptFailed(side, r, record, time);
  }

  /** Decrypt at the next sequence number, or (after a gap) at the first of the next few that opens. */
  private open(side: Side, cipher: RecordCipher, r: TlsRecord | Held, tries?: number): Opened | null {
    const s = this.of(side);
    if (!s.resync && !r.afterGap && tries === undefined) return cipher.open(r.type, r.header, r.body);
    const bound = Math.min(tries ?? s.lost + 2, 100_000);
    for (let k = 0; k < bound; k++) {
      const opened = cipher.tryOpen(r.type, r.header, r.body, cipher.seq + k);
      if (opened) {
        cipher.seq += k + 1;
        s.resync = false;
        s.lost = 0;
        return opened;
      }
    }
    return null;
  }

  private decryptFailed(side: Side, r: TlsRecord | Held, record: number, time: number): void {
    const s = this.of(side);
    s.failures++;
    this.info.reason = `decryption failed: the ${this.host.dir(side)}'s records do not open with the key log's secrets (wrong key log line, or corrupted records)`;
    if (s.resync || r.afterGap) s.reader.rehunt();
    if (s.failures > 1) return;
    const label = this.tls13 ? label13(this.host.dir(side), s.stage) : 'CLIENT_RANDOM';
    this.host.finding(
      'tls.decrypt-failed',
      `${this.host.dir(side)} record at stream offset ${r.streamOffset} did not decrypt with the key log's ${label} for client random ${this.info.clientRandom?.slice(0, 16) ?? '?'}…`,
      side,
      record,
      time,
    );
    this.host.touched();
  }

  private onOpened(side: Side, r: TlsRecord | Held, o: Opened, record: number, time: number): void {
    const s = this.of(side);
    s.failures = 0;
    this.info.decryptedRecords++;
    if (o.type === CONTENT.applicationData) {
      if (!this.info.decrypted) {
        this.info.decrypted = true;
        this.info.reason = 'decrypted';
        this.host.touched();
      }
      if (o.content.length === 0) return;
      const tap = this.options.recordTap;
      if (tap) {
        tap(this.host.connectionId(), this.host.dir(side), {
          header: r.header,
          body: r.body,
          tcpOffset: r.streamOffset,
          contentOffset: o.bodyOffset,
          plainOffset: s.plain,
          content: o.content,
        });
      }
      // A new array per record: it dies young. One reused in the long-lived side state had to be
      // emptied twice per record, and setting an array's length is a runtime call.
      const out: SegmentSpan[] = [];
      s.spans.take(r.streamOffset + 5 + o.bodyOffset, o.content.length, s.plain, out);
      this.host.plaintext(side, s.plain, o.content, out, s.spans.lastRecord || record, s.spans.lastTime || time);
      s.plain += o.content.length;
    } else if (o.type === CONTENT.handshake) {
      for (const m of s.hs.push(o.content)) this.onHandshake(side, m.type, m.body, true, record, time);
    } else if (o.type === CONTENT.alert) this.onAlert(side, o.content, record, time);
  }

  // ------------------------------------------------------------------ keys

  private hasKeysFor(): boolean {
    const r = this.info.clientRandom;
    return r !== null && this.options.keyLog.get(r) !== undefined;
  }

  private install(side: Side): RecordCipher | null {
    const c = this.options.crypto;
    const suite = this.suite;
    const ch = this.clientHello;
    const sh = this.serverHello;
    if (!c || !suite || !ch || !sh) return null;
    const s = this.of(side);
    const who = this.host.dir(side);
    const entries = this.options.keyLog.get(ch.randomHex);
    let got: Installed | null;
    if (this.tls13) {
      if (s.stage === 'application' && s.appSecret) {
        const next = cipherFromSecret(
          c,
          suite,
          who,
          `${label13(who, 'application')} after ${this.info.keyUpdates} KeyUpdate(s)`,
          s.appSecret,
        );
        s.cipher = next.cipher;
        return s.cipher;
      }
      got = install13(c, suite, who, s.stage, entries);
      if (got?.step) this.info.keySchedule.push(got.step);
      if (got && s.stage === 'application') s.appSecret = got.entry.secret;
    } else got = install12(c, suite, who, entries, ch.random, sh.random, this.block, sh.encryptThenMac);
    if (!got) return null;
    if (!this.info.keyLogLine) this.info.keyLogLine = got.entry.where;
    else if (!this.info.keyLogLine.includes(got.entry.where)) this.info.keyLogLine += `, ${got.entry.where}`;
    s.cipher = got.cipher;
    this.host.touched();
    return s.cipher;
  }

  /** No hello in the capture: find the secret by trial. True when this side now has a cipher. */
  private midConnection(side: Side, r: TlsRecord | Held, record: number, time: number): boolean {
    const s = this.of(side);
    if (s.cipher) return true;
    const c = this.options.crypto;
    if (!c || s.midVersion === this.options.keyLog.version) return false;
    s.midVersion = this.options.keyLog.version;
    this.info.midConnection = true;
    const { match, tried } = trialMidConnection(c, this.options.keyLog, r.header, r.body, MID_SEQ_TRIES);
    const who = this.host.dir(side);
    if (!match) {
      // Said once per connection; a later key log is tried again without repeating it.
      if (this.midReported) return false;
      this.midReported = true;
      const what =
        tried === 0
          ? `the key log holds no TLS 1.3 application traffic secrets to try on the ${who}'s first record`
          : `tried ${tried} TLS 1.3 application traffic secrets from the key log on the ${who}'s first record (sequence numbers 0-${MID_SEQ_TRIES - 1}), none opened it`;
      this.host.finding(
        'tls.mid-connection',
        `capture starts after the TLS handshake (no ClientHello): ${what}; a TLS 1.2 connection cannot be decrypted without its ServerHello random`,
        side,
        record,
        time,
      );
      return false;
    }
    const m = match;
    if (m.direction === 'client') this.host.clientIs(side);
    this.tls13 = true;
    this.suite = m.installed.cipher.suite;
    this.info.version = 'TLS 1.3';
    this.info.cipher = this.suite.name;
    this.info.clientRandom = m.installed.entry.clientRandom;
    this.info.keyLogLine = m.installed.entry.where;
    if (m.installed.step) this.info.keySchedule.push(m.installed.step);
    s.stage = 'application';
    s.appSecret = m.installed.entry.secret;
    s.cipher = m.installed.cipher;
    s.cipher.seq = m.seq;
    this.host.finding(
      'tls.mid-connection',
      `capture starts after the TLS handshake: the ${who}'s first record opened with ${m.installed.entry.label} (${m.installed.entry.where}) at sequence number ${m.seq}, trying ${tried} secrets; ${m.seq} earlier records were not captured`,
      side,
      record,
      time,
    );
    // The other side: its secret is in the same key log entry.
    const o = this.of(side === 'a' ? 'b' : 'a');
    const entries = this.options.keyLog.get(m.installed.entry.clientRandom);
    const other = install13(c, this.suite, m.direction === 'client' ? 'server' : 'client', 'application', entries);
    if (other && !o.cipher) {
      o.stage = 'application';
      o.appSecret = other.entry.secret;
      o.cipher = other.cipher;
      o.midVersion = this.options.keyLog.version;
      o.resync = true;
      o.lost = MID_SEQ_TRIES;
      if (other.step) this.info.keySchedule.push(other.step);
    }
    this.host.touched();
    return true;
  }

  // ------------------------------------------------------------------ handshake and alerts

  private onHandshake(side: Side, type: number, body: Uint8Array, encrypted: boolean, record: number, time: number) {
    const s = this.of(side);
    const info = this.info;
    if (type === HS.clientHello && !encrypted) {
      const ch = parseClientHello(body);
      if (!ch) {
        this.malformed(side, 'ClientHello', record, time);
        return;
      }
      this.host.clientIs(side);
      if (!this.clientHello) {
        this.clientHello = ch;
        info.clientRandom = ch.randomHex;
        info.sni = ch.sni;
        info.alpnOffered = ch.alpn;
        info.earlyData = ch.earlyData ? 'offered' : null;
        info.extendedMasterSecret = ch.extendedMasterSecret;
        if (ch.earlyData) s.stage = 'early';
        if (
          info.reason === 'waiting for the handshake' &&
          !this.options.keyLog.get(ch.randomHex) &&
          this.options.crypto
        )
          info.reason = noKeysHint(this.options.keyLog.size > 0, ch.randomHex);
      }
      this.host.touched();
    } else if (type === HS.serverHello && !encrypted) {
      const sh = parseServerHello(body);
      if (!sh) {
        this.malformed(side, 'ServerHello', record, time);
        return;
      }
      if (sh.helloRetry) {
        info.helloRetry = true;
        if (sh.keyShareGroup !== null) info.group = groupText(sh.keyShareGroup);
        this.host.touched();
        return;
      }
      this.onServerHello(sh, record, time, side);
    } else if (type === HS.encryptedExtensions) {
      const ee = parseEncryptedExtensions(body);
      if (ee.alpn) this.setAlpn(ee.alpn, side, record, time);
      if (info.earlyData === 'offered') info.earlyData = ee.earlyData ? 'accepted' : 'rejected';
      this.host.touched();
    } else if (type === HS.certificate && !info.certificate) {
      info.certificate = parseCertificate(body, this.tls13);
      this.host.touched();
    } else if (type === HS.finished && this.tls13 && encrypted) {
      s.stage = 'application';
      s.cipher = null;
    } else if (type === HS.endOfEarlyData && encrypted) {
      s.stage = 'handshake';
      s.cipher = null;
    } else if (type === HS.keyUpdate && this.tls13 && encrypted) {
      this.onKeyUpdate(side, parseKeyUpdate(body), record, time);
    }
  }

  private onServerHello(sh: ServerHello, record: number, time: number, side: Side): void {
    const info = this.info;
    const ch = this.clientHello;
    this.serverHello = sh;
    this.tls13 = sh.version === 0x0304;
    info.version = versionText(sh.version);
    info.cipher = cipherSuiteName(sh.cipherSuite);
    if (sh.keyShareGroup !== null) info.group = groupText(sh.keyShareGroup);
    if (sh.alpn) this.setAlpn(sh.alpn, side, record, time);
    info.extendedMasterSecret = sh.extendedMasterSecret;
    if (this.tls13 && sh.pskAccepted) info.resumption = 'psk';
    else if (!this.tls13 && ch && sh.sessionId.length > 0 && equal(sh.sessionId, ch.sessionId))
      info.resumption = ch.ticket ? 'ticket' : 'session-id';
    const suite = cipherSuite(sh.cipherSuite);
    const usable = suite && (suite.tls === 13) === this.tls13 && (this.tls13 || sh.version === 0x0303);
    if (!usable) {
      this.suite = null;
      info.reason = `cipher suite ${info.cipher} with ${info.version} is not decrypted by wsscope`;
      if (!this.unsupportedReported) {
        this.unsupportedReported = true;
        this.host.finding(
          'tls.unsupported-cipher',
          `${info.version} with ${info.cipher}: wsscope decrypts TLS 1.2 and 1.3 with AES-GCM, ChaCha20-Poly1305 and AES-CBC suites only`,
          side,
          record,
          time,
        );
      }
    } else this.suite = suite;
    this.host.touched();
    // 0-RTT early data came before the ServerHello named the suite: it waited for it.
    if (this.suite) this.drainHeld();
  }

  private setAlpn(alpn: string, side: Side, record: number, time: number): void {
    if (this.info.alpn === alpn) return;
    this.info.alpn = alpn;
    if (alpn === 'h2') {
      this.host.finding(
        'tls.http2',
        `ALPN selected h2: this ${this.info.version ?? 'TLS'} connection carries HTTP/2, whose frames wsscope does not decode yet (WebSockets over HTTP/2, RFC 8441, are a later step)`,
        side,
        record,
        time,
      );
    }
  }

  private onKeyUpdate(side: Side, requested: boolean, record: number, time: number): void {
    const s = this.of(side);
    const c = this.options.crypto;
    const suite = this.suite;
    if (!c || !suite || !s.appSecret) return;
    this.info.keyUpdates++;
    s.appSecret = nextTrafficSecret(c, suite.hash, s.appSecret);
    const who = this.host.dir(side);
    const next = cipherFromSecret(
      c,
      suite,
      who,
      `${label13(who, 'application')} after KeyUpdate ${this.info.keyUpdates} ("traffic upd")`,
      s.appSecret,
    );
    this.info.keySchedule.push(next.step);
    s.cipher = next.cipher;
    this.host.finding(
      'tls.key-update',
      `${who} sent KeyUpdate${requested ? ' (update_requested: the peer updates too)' : ''}: its next records use application_traffic_secret_${this.info.keyUpdates} = HKDF-Expand-Label(secret, "traffic upd", "", ${suite.hash === 'sha384' ? 48 : 32})`,
      side,
      record,
      time,
    );
    this.host.touched();
  }

  private onAlert(side: Side, body: Uint8Array, record: number, time: number): void {
    const a = describeAlert(body);
    const who = this.host.dir(side);
    if (!a) {
      this.malformed(side, 'alert', record, time);
      return;
    }
    this.info.alerts.push(`${who}: ${a.text}`);
    this.host.touched();
    if (!a.closeNotify) this.host.finding('tls.alert', `${who} sent TLS alert ${a.text}`, side, record, time);
  }

  private malformed(side: Side, what: string, record: number, time: number): void {
    this.host.finding(
      'tls.malformed',
      `${this.host.dir(side)} sent a ${what} that could not be parsed`,
      side,
      record,
      time,
    );
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
