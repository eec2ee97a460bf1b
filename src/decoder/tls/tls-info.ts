// The TlsInfo record a TLS connection starts with, and the hint for connections without keys.

import type { TlsInfo } from '../records.js';

export function newTlsInfo(): TlsInfo {
  return {
    version: null,
    cipher: null,
    sni: null,
    alpn: null,
    alpnOffered: [],
    group: null,
    decrypted: false,
    reason: 'waiting for the handshake',
    keyLogLine: null,
    clientRandom: null,
    resumption: null,
    helloRetry: false,
    earlyData: null,
    extendedMasterSecret: false,
    certificate: null,
    records: { client: 0, server: 0 },
    recordBytes: { client: 0, server: 0 },
    decryptedRecords: 0,
    alerts: [],
    keyUpdates: 0,
    midConnection: false,
    keySchedule: [],
  };
}

/** Why there are no keys, and how to get them, in one line. */
export function noKeysHint(haveKeyLog: boolean, clientRandom: string | null): string {
  const how = 'run the client with SSLKEYLOGFILE=/path/keys.log and pass --keylog (or drop the file on the app)';
  if (!haveKeyLog) return `no keys: no key log given; ${how}`;
  const id = clientRandom ? ` (client random ${clientRandom.slice(0, 16)}…)` : '';
  return `no keys: the key log has no secrets for this connection${id}; ${how}`;
}
