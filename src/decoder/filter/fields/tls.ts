// Fields of the TLS layer under wss:// (tls/), Wireshark's names where it has them. Read at the
// connection: a frame or message reads its connection's. The record-level TLS fields
// (tls.record.*, with byte offsets) are in tls/field-registry.ts, for the views; a filter tests
// what the connection says.

import type { FieldLayer } from '../field-def.js';

export const TLS_LAYER: FieldLayer = {
  protocol: 'tls',
  title: 'TLS under wss:// (from the handshake; decrypted with a key log)',
  fields: [
    { name: 'tls', type: 'protocol', blurb: 'TLS', connection: (c) => (c.tls ? true : null) },
    {
      name: 'tls.handshake.extensions_server_name',
      type: 'string',
      blurb: 'the server name the client asked for (SNI)',
      connection: (c) => c.tls?.sni ?? null,
    },
    {
      name: 'tls.handshake.extensions_alpn_str',
      type: 'string',
      blurb: 'the application protocol negotiated by ALPN (http/1.1, h2)',
      connection: (c) => c.tls?.alpn ?? null,
    },
    {
      name: 'tls.handshake.ciphersuite',
      type: 'string',
      blurb: 'the negotiated cipher suite, by its IANA name (TLS_AES_128_GCM_SHA256)',
      connection: (c) => c.tls?.cipher ?? null,
    },
    {
      name: 'ws.tls.version',
      type: 'string',
      blurb: 'the negotiated TLS version ("TLS 1.3", "TLS 1.2")',
      connection: (c) => c.tls?.version ?? null,
    },
    {
      name: 'ws.tls.decrypted',
      type: 'bool',
      blurb: 'the connection was decrypted with a key log',
      connection: (c) => (c.tls ? c.tls.decrypted : null),
    },
  ],
};
