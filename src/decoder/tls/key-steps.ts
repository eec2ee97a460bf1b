// The TLS 1.3 walkthrough the UI shows: a traffic secret from the key log, worked step by step
// to the record key, the IV and the first nonces (RFC 8446 §7.3, §5.3), with the intermediate
// HkdfLabel structures, all computed by the injected crypto for this connection.
//
// The key and IV are needed to decrypt; the hex texts of the walkthrough only when someone reads
// them (the TLS card of one connection). They are written on first read: every connection
// installs four keys, and their texts, kept for the connection's life, were a tenth of what
// survived the young generation on a capture of many short wss connections. The fields are own
// enumerable accessors, so spreading, JSON and structured cloning (worker → UI) see plain strings.

import type { Direction, TlsKeyStep } from '../records.js';
import type { TlsCrypto } from './crypto.js';
import { hkdfLabel, trafficKeys, xorNonce } from './key-schedule-13.js';
import { toHex } from './keylog.js';
import type { CipherSuite } from './suites.js';

const EMPTY = new Uint8Array(0);

type HexField = 'secret' | 'keyInfo' | 'ivInfo' | 'key' | 'iv' | 'nonce1';

interface StepBytes {
  secret: Uint8Array;
  keyLength: number;
  key: Uint8Array;
  iv: Uint8Array;
}

const HEX_FIELDS: Record<HexField, (b: StepBytes) => string> = {
  secret: (b) => toHex(b.secret),
  keyInfo: (b) => toHex(hkdfLabel('key', EMPTY, b.keyLength)),
  ivInfo: () => toHex(hkdfLabel('iv', EMPTY, 12)),
  key: (b) => toHex(b.key),
  iv: (b) => toHex(b.iv),
  nonce1: (b) => toHex(xorNonce(b.iv, 1, new Uint8Array(12))),
};

/** Replace the accessor by the value, keeping the field's place in the key order. */
function settle(step: TlsKeyStep, name: HexField, value: string): string {
  Object.defineProperty(step, name, { value, enumerable: true, writable: true, configurable: true });
  return value;
}

export function keyStep(
  c: TlsCrypto,
  suite: CipherSuite,
  direction: Direction,
  label: string,
  secret: Uint8Array,
): { step: TlsKeyStep; key: Uint8Array; iv: Uint8Array } {
  const { key, iv } = trafficKeys(c, suite.hash, secret, suite.keyLength);
  const bytes: StepBytes = { secret, keyLength: suite.keyLength, key, iv };
  const step = { direction, label, hash: suite.hash } as TlsKeyStep;
  for (const name of Object.keys(HEX_FIELDS) as HexField[]) {
    Object.defineProperty(step, name, {
      enumerable: true,
      configurable: true,
      get: () => settle(step, name, HEX_FIELDS[name](bytes)),
      set: (value: string) => settle(step, name, value),
    });
  }
  return { step, key, iv };
}
