// A TLS "cryptography" that opens a record by copying it, for the wss twins generated with
// `--tls null` (bench/tls-wrap.mjs: records are content || type || 16 zero bytes). With it the
// decoder runs its whole TLS layer (records, key schedule, span mapping, the plaintext's second
// trip through the connection) without decrypting anything: the layer's own cost, measured
// against the same traffic in plaintext. A copy, not a view, because the real providers return
// memory of their own. Hashes come from node:crypto (the key schedule needs real ones).
// Bench only: it checks no tag, so it proves nothing about a key.

import type { AeadOpener, TlsCrypto } from '../src/decoder/index.js';
import { nodeTlsCrypto as nodeCrypto } from '../src/node/tls-crypto.js';

const TAG = 16;

const copyOpener: AeadOpener = {
  open(_nonce: Uint8Array, _aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    return sealed.length < TAG ? null : sealed.slice(0, sealed.length - TAG);
  },
};

export const nullTlsCrypto: TlsCrypto = {
  ...nodeCrypto,
  aead: () => copyOpener,
};

/** Under the name the CLI imports: bench/run.mjs rebuilds the CLI with this file in its place. */
export { nullTlsCrypto as nodeTlsCrypto };
