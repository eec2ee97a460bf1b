// Which key protects a direction's records now, from the key log (RFC 8446 §7.1 labels, RFC
// 5246 CLIENT_RANDOM): a RecordCipher for the side and stage, or the reason there is none.
// Also the trial decryption for a capture that begins after the ClientHello: every TLS 1.3
// application traffic secret in the key log, with each suite its hash allows, against the first
// records, at the first few sequence numbers.

import type { Direction, TlsKeyStep } from '../records.js';
import type { TlsCrypto } from './crypto.js';
import { keyStep } from './key-steps.js';
import type { KeyLog, KeyLogEntry, KeyLogLabel } from './keylog.js';
import { type KeyBlock, keyBlock12 } from './prf-12.js';
import { RecordCipher } from './record-crypto.js';
import { type CipherSuite, cipherSuite } from './suites.js';

export type Stage = 'early' | 'handshake' | 'application';

const LABEL13: Record<Direction, Record<Stage, KeyLogLabel>> = {
  client: {
    early: 'CLIENT_EARLY_TRAFFIC_SECRET',
    handshake: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
    application: 'CLIENT_TRAFFIC_SECRET_0',
  },
  server: {
    early: 'SERVER_HANDSHAKE_TRAFFIC_SECRET', // the server sends no early data
    handshake: 'SERVER_HANDSHAKE_TRAFFIC_SECRET',
    application: 'SERVER_TRAFFIC_SECRET_0',
  },
};

export interface Installed {
  cipher: RecordCipher;
  entry: KeyLogEntry;
  step: TlsKeyStep | null;
}

export function label13(direction: Direction, stage: Stage): KeyLogLabel {
  return LABEL13[direction][stage];
}

export function install13(
  c: TlsCrypto,
  suite: CipherSuite,
  direction: Direction,
  stage: Stage,
  entries: Partial<Record<KeyLogLabel, KeyLogEntry>> | undefined,
): Installed | null {
  const entry = entries?.[LABEL13[direction][stage]];
  if (!entry) return null;
  const { step, key, iv } = keyStep(c, suite, direction, entry.label, entry.secret);
  return { cipher: new RecordCipher(c, suite, true, key, iv), entry, step };
}

/** A cipher from a secret already in hand (after a KeyUpdate). */
export function cipherFromSecret(
  c: TlsCrypto,
  suite: CipherSuite,
  direction: Direction,
  label: string,
  secret: Uint8Array,
): { cipher: RecordCipher; step: TlsKeyStep } {
  const { step, key, iv } = keyStep(c, suite, direction, label, secret);
  return { cipher: new RecordCipher(c, suite, true, key, iv), step };
}

export function install12(
  c: TlsCrypto,
  suite: CipherSuite,
  direction: Direction,
  entries: Partial<Record<KeyLogLabel, KeyLogEntry>> | undefined,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  cache: { block: KeyBlock | null },
  encryptThenMac: boolean,
): Installed | null {
  const entry = entries?.CLIENT_RANDOM;
  if (!entry) return null;
  cache.block ??= keyBlock12(c, suite, entry.secret, clientRandom, serverRandom);
  const b = cache.block;
  const client = direction === 'client';
  const cipher = new RecordCipher(
    c,
    suite,
    false,
    client ? b.clientKey : b.serverKey,
    client ? b.clientIv : b.serverIv,
    client ? b.clientMac : b.serverMac,
    encryptThenMac,
  );
  return { cipher, entry, step: null };
}

export interface TrialMatch {
  installed: Installed;
  direction: Direction;
  seq: number;
  tried: number;
}

const SUITES_BY_HASH_LENGTH: Record<number, number[]> = { 32: [0x1301, 0x1303], 48: [0x1302] };

/**
 * Mid-connection: which logged application traffic secret opens this record, at which sequence
 * number below `maxSeq`. `tried` counts the secrets tried (reported to the user).
 */
export function trialMidConnection(
  c: TlsCrypto,
  keyLog: KeyLog,
  header: Uint8Array,
  body: Uint8Array,
  maxSeq: number,
): { match: TrialMatch | null; tried: number } {
  let tried = 0;
  for (const entries of keyLog.handshakes()) {
    for (const direction of ['client', 'server'] as const) {
      const entry = entries[LABEL13[direction].application];
      if (!entry) continue;
      tried++;
      for (const id of SUITES_BY_HASH_LENGTH[entry.secret.length] ?? []) {
        const suite = cipherSuite(id) as CipherSuite;
        const installed = install13(c, suite, direction, 'application', entries);
        if (!installed) continue;
        for (let seq = 0; seq < maxSeq; seq++) {
          if (installed.cipher.tryOpen(23, header, body, seq)) {
            return { match: { installed, direction, seq, tried }, tried };
          }
        }
      }
    }
  }
  return { match: null, tried };
}
