// Findings of the TLS layer, each from real TLS bytes (test/decoder/tls/streams, recorded from
// Node's tls/ws and openssl over loopback) in a capture written by the pcap writer, or a pcapng
// with Decryption Secrets Blocks (see ../findings-coverage.test.ts).

import { nodeTlsCrypto } from '../../../src/node/tls-crypto.js';
import { TcpConversation, writePcap, writePcapngBlocks } from '../../helpers/pcap-writer.js';
import { keyLogText, loadStream, sshSecretsBlock, streamPcap, streamRecords } from '../../helpers/tls-streams.js';
import type { FindingCase } from '../../helpers/ws-capture.js';

const tls = (keyLog?: string) => ({ tls: { crypto: nodeTlsCrypto, keyLog } });
const aes = () => loadStream('tls13-aes128gcm');

/** The key log with one hex digit of one secret changed. */
function wrongSecret(text: string, label: string): string {
  return text.replace(
    new RegExp(`^(${label} \\S+ )(.)`, 'm'),
    (_m, head: string, c: string) => head + (c === '0' ? '1' : '0'),
  );
}

/** tls13-aes128gcm with the ServerHello's cipher suite changed to TLS_AES_128_CCM_SHA256 (0x1304). */
function ccmCapture(): Uint8Array {
  const s = aes();
  const first = s.streams[0]!.find((c) => c.from === 'server')!;
  // ServerHello: record header 5, handshake header 4, version 2, random 32, session id (1 + n), suite.
  const bytes = Buffer.from(first.hex, 'hex');
  const at = 5 + 4 + 2 + 32 + 1 + (bytes[5 + 4 + 2 + 32] as number);
  bytes.writeUInt16BE(0x1304, at);
  first.hex = bytes.toString('hex');
  return streamPcap(s);
}

/** A ClientHello whose body is 10 bytes (no room for its 32-byte random). */
function shortClientHello(): Uint8Array {
  const c = new TcpConversation({ client: ['127.0.0.1', 40000], server: ['127.0.0.2', 443] });
  c.handshake();
  c.send(
    'client',
    new Uint8Array([0x16, 0x03, 0x01, 0x00, 0x0e, 0x01, 0x00, 0x00, 0x0a, 3, 3, 1, 2, 3, 4, 5, 6, 7, 8]),
  );
  c.close('client');
  return writePcap(c.records);
}

export const TLS_CASES: Record<string, FindingCase> = {
  'tls.no-keys': {
    input: () => streamPcap(aes()),
    options: tls(),
    message: /^TLS 1\.3 to localhost, no keys: 20 records, .*no key log given; run the client with SSLKEYLOGFILE/,
  },
  'tls.decrypt-failed': {
    input: () => streamPcap(aes()),
    options: tls(wrongSecret(keyLogText(aes()), 'SERVER_HANDSHAKE_TRAFFIC_SECRET')),
    message: /^server record at stream offset \d+ did not decrypt with the key log's SERVER_HANDSHAKE_TRAFFIC_SECRET/,
    direction: 'server',
  },
  'tls.unsupported-cipher': {
    input: ccmCapture,
    options: tls(keyLogText(aes())),
    message: /^TLS 1\.3 with TLS_AES_128_CCM_SHA256: wsscope decrypts/,
    direction: 'server',
  },
  'tls.gap': {
    // Chunk 5 is the server's first WebSocket data after the handshake.
    input: () => streamPcap(aes(), { drop: { from: 'server', chunk: 5 } }),
    options: tls(keyLogText(aes())),
    message: /^\d+ bytes of the server's TLS stream are missing at offset \d+/,
    direction: 'server',
  },
  'tls.alert': {
    input: () => streamPcap(loadStream('tls13-alert')),
    options: tls(keyLogText(loadStream('tls13-alert'))),
    message: /^client sent TLS alert fatal unknown_ca \(48\)$/,
    direction: 'client',
  },
  'tls.mid-connection': {
    input: () => streamPcap(aes(), { skipChunks: 4 }),
    options: tls(keyLogText(aes())),
    message:
      /^capture starts after the TLS handshake: the (client|server)'s first record opened with (CLIENT|SERVER)_TRAFFIC_SECRET_0/,
  },
  'tls.key-update': {
    input: () => streamPcap(loadStream('tls13-keyupdate')),
    options: tls(keyLogText(loadStream('tls13-keyupdate'))),
    message: /^client sent KeyUpdate \(update_requested: the peer updates too\)/,
    direction: 'client',
  },
  'tls.keylog-line': {
    input: () => streamPcap(aes()),
    options: tls(`# a comment\r\nFOO 00 11\r\n${keyLogText(aes())}`),
    message: /^key log line 2: unknown label "FOO", line ignored$/,
  },
  'tls.http2': {
    input: () => streamPcap(loadStream('tls13-h2')),
    options: tls(keyLogText(loadStream('tls13-h2'))),
    message: /^ALPN selected h2: this TLS 1\.3 connection carries HTTP\/2/,
    direction: 'server',
  },
  'tls.malformed': {
    input: shortClientHello,
    options: tls(),
    message: /^client sent a ClientHello that could not be parsed$/,
    direction: 'client',
  },
  'capture.secrets-skipped': {
    input: () =>
      writePcapngBlocks([
        { block: 'shb' },
        { block: 'idb', linkType: 1 },
        sshSecretsBlock(),
        ...streamRecords(aes()).map((r) => ({
          block: 'epb' as const,
          timestamp: BigInt(r.seconds ?? 0) * 1_000_000n,
          data: r.data,
        })),
      ]),
    options: tls(),
    message: /^decryption secrets block of type SSHK \(SSH key log\) \(\d+ bytes\) skipped/,
  },
};
