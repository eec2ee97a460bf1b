// The TLS 1.3 walkthrough the UI shows: a traffic secret from the key log, worked step by step
// to the record key, the IV and the first nonces (RFC 8446 §7.3, §5.3), with the intermediate
// HkdfLabel structures, all computed by the injected crypto for this connection.

import type { Direction, TlsKeyStep } from '../records.js';
import type { TlsCrypto } from './crypto.js';
import { hkdfLabel, trafficKeys, xorNonce } from './key-schedule-13.js';
import { toHex } from './keylog.js';
import type { CipherSuite } from './suites.js';

const EMPTY = new Uint8Array(0);

export function keyStep(
  c: TlsCrypto,
  suite: CipherSuite,
  direction: Direction,
  label: string,
  secret: Uint8Array,
): { step: TlsKeyStep; key: Uint8Array; iv: Uint8Array } {
  const { key, iv } = trafficKeys(c, suite.hash, secret, suite.keyLength);
  const step: TlsKeyStep = {
    direction,
    label,
    hash: suite.hash,
    secret: toHex(secret),
    keyInfo: toHex(hkdfLabel('key', EMPTY, suite.keyLength)),
    ivInfo: toHex(hkdfLabel('iv', EMPTY, 12)),
    key: toHex(key),
    iv: toHex(iv),
    nonce1: toHex(xorNonce(iv, 1, new Uint8Array(12))),
  };
  return { step, key, iv };
}
