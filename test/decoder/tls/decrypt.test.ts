// wss:// decoded like ws://: real TLS streams (streams/*.json, recorded from Node tls + ws and
// openssl on loopback, with the generator's key log and what it sent) through CaptureSession.
// Every expected value is the generator's: the messages it sent, the certificate it made.
import { describe, expect, it } from 'vitest';
import {
  AnalysisCollector,
  analyzeCapture,
  type CaptureAnalysis,
  CaptureSession,
  type SessionOptions,
  type TlsCrypto,
} from '../../../src/decoder/index.js';
import { nodeTlsCrypto } from '../../../src/node/tls-crypto.js';
import { nobleTlsCrypto } from '../../../src/renderer/worker/tls-crypto.js';
import {
  keyLogText,
  loadStream,
  streamPcap,
  streamPcapngWithSecrets,
  type TlsStream,
} from '../../helpers/tls-streams.js';

const options = (s: TlsStream, crypto: TlsCrypto = nodeTlsCrypto): SessionOptions => ({
  tls: { crypto, keyLog: keyLogText(s) },
});

/** Text messages per direction, in order. */
function texts(a: CaptureAnalysis, connectionId?: number) {
  const of = (d: 'client' | 'server') =>
    a.messages
      .filter(
        (m) =>
          m.direction === d && m.type === 'text' && (connectionId === undefined || m.connectionId === connectionId),
      )
      .map((m) => m.text);
  return { client: of('client'), server: of('server') };
}

const sentBy = (s: TlsStream, d: 'client' | 'server') => s.sent.filter((m) => m.from === d).map((m) => m.text);

function noBugs(a: CaptureAnalysis) {
  expect(a.findings.filter((f) => f.code === 'decoder.internal-error')).toEqual([]);
}

const SUITES = [
  ['tls13-aes128gcm', 'TLS 1.3', 'TLS_AES_128_GCM_SHA256'],
  ['tls13-aes256gcm', 'TLS 1.3', 'TLS_AES_256_GCM_SHA384'],
  ['tls13-chacha20', 'TLS 1.3', 'TLS_CHACHA20_POLY1305_SHA256'],
  ['tls12-aes128gcm', 'TLS 1.2', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
  ['tls12-aes256gcm', 'TLS 1.2', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
  ['tls12-chacha20', 'TLS 1.2', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
  ['tls12-cbc', 'TLS 1.2', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256'],
] as const;

describe.each(SUITES)('%s', (name, version, cipher) => {
  const s = loadStream(name);

  it.each([
    ['node:crypto', nodeTlsCrypto],
    ['@noble', nobleTlsCrypto],
  ] as const)('decodes the WebSocket messages the peers sent (%s)', (_p, crypto) => {
    const a = analyzeCapture(streamPcap(s), options(s, crypto));
    noBugs(a);
    expect(texts(a)).toEqual({ client: sentBy(s, 'client'), server: sentBy(s, 'server') });
    const c = a.connections[0]!;
    expect(c.kind).toBe('websocket');
    expect(c.handshake?.accept.valid).toBe(true);
    expect(c.tls).toMatchObject({ version, cipher, sni: 'localhost', decrypted: true, reason: 'decrypted' });
    expect(c.tls?.certificate).toEqual(s.certificate);
    expect(a.findings.filter((f) => f.code.startsWith('tls.'))).toEqual([]);
  });

  it('gives the same records whatever the TCP segment size (records split across segments)', () => {
    const whole = analyzeCapture(streamPcap(s), options(s));
    for (const segmentSize of [1, 7, 100]) {
      const a = analyzeCapture(streamPcap(s, { segmentSize }), options(s));
      expect(texts(a)).toEqual(texts(whole));
      expect(a.connections[0]?.tls?.decryptedRecords).toBe(whole.connections[0]?.tls?.decryptedRecords);
    }
  });
});

describe('plaintext keeps pointing at the capture records it came from', () => {
  it("a frame's packets and spans cover its bytes, in records that carry TLS application data", () => {
    const s = loadStream('tls13-aes128gcm');
    const pcap = streamPcap(s, { segmentSize: 13 });
    const a = analyzeCapture(pcap, options(s));
    expect(a.frames.length).toBeGreaterThan(0);
    for (const f of a.frames) {
      const total = f.spans.reduce((n, sp) => n + sp.length, 0);
      expect(total).toBe(f.headerLength + f.payload.length);
      let at = 0;
      for (const sp of f.spans) {
        expect(sp.offset).toBe(at);
        at += sp.length;
      }
      expect(f.packets).toEqual([...new Set(f.spans.map((sp) => sp.record))].sort((x, y) => x - y));
      // With 13-byte segments a frame of n bytes spans at least n / 13 packets.
      expect(f.packets.length).toBeGreaterThanOrEqual(Math.ceil(total / 13));
    }
  });
});

describe('keys that arrive late', () => {
  const s = loadStream('tls13-chacha20');
  const expected = { client: sentBy(s, 'client'), server: sentBy(s, 'server') };

  it('addKeyLog after the packets, before the end: held records are decrypted in order', () => {
    const session = new CaptureSession({ tls: { crypto: nodeTlsCrypto } });
    const c = new AnalysisCollector();
    session.push(streamPcap(s));
    c.add(session.drain());
    expect(c.analysis.messages).toEqual([]);
    expect(session.addKeyLog(keyLogText(s))).toBe(s.keylog.length);
    session.end();
    c.add(session.drain());
    expect(texts(c.finish())).toEqual(expected);
  });

  it('a key log that grows line by line (as SSLKEYLOGFILE does while capturing)', () => {
    const session = new CaptureSession({ tls: { crypto: nodeTlsCrypto } });
    const c = new AnalysisCollector();
    const pcap = streamPcap(s);
    session.push(pcap.subarray(0, 2000));
    for (const line of s.keylog) session.addKeyLog(`${line}\n`);
    session.push(pcap.subarray(2000));
    session.end();
    c.add(session.drain());
    expect(texts(c.finish())).toEqual(expected);
  });

  it.each([
    ['one DSB before the packets', [0]],
    ['one DSB after the first 6 packets', [6]],
    ['the key log split over two DSBs', [0, 9]],
  ])('pcapng Decryption Secrets Blocks: %s', (_n, places) => {
    const lines = keyLogText(s).trim().split('\n');
    const half = Math.ceil(lines.length / 2);
    const secrets =
      places.length === 1
        ? [{ at: places[0] as number, text: keyLogText(s) }]
        : [
            { at: places[0] as number, text: `${lines.slice(0, half).join('\n')}\n` },
            { at: places[1] as number, text: `${lines.slice(half).join('\n')}\n` },
          ];
    const a = analyzeCapture(streamPcapngWithSecrets(s, secrets), { tls: { crypto: nodeTlsCrypto } });
    noBugs(a);
    expect(texts(a)).toEqual(expected);
  });
});

describe('without keys', () => {
  it('the connection is listed with its handshake, not decrypted, with how to get keys', () => {
    const s = loadStream('tls12-aes128gcm');
    const a = analyzeCapture(streamPcap(s), { tls: { crypto: nodeTlsCrypto } });
    expect(a.connections).toHaveLength(1);
    const c = a.connections[0]!;
    expect(c.kind).toBe('tcp');
    expect(c.tls).toMatchObject({ version: 'TLS 1.2', sni: 'localhost', decrypted: false });
    expect(c.tls?.reason).toMatch(/SSLKEYLOGFILE/);
    // TLS 1.2 sends the certificate in clear.
    expect(c.tls?.certificate?.subject).toBe(s.certificate?.subject);
    expect(a.messages).toEqual([]);
  });

  it('a session without TLS options still lists TLS connections', () => {
    const s = loadStream('tls13-aes128gcm');
    const a = analyzeCapture(streamPcap(s));
    expect(a.connections[0]?.tls).toMatchObject({
      version: 'TLS 1.3',
      cipher: 'TLS_AES_128_GCM_SHA256',
      decrypted: false,
    });
    expect(a.connections[0]?.tls?.certificate).toBeNull(); // encrypted in TLS 1.3
  });
});

describe('handshake variants', () => {
  it('HelloRetryRequest: the client offered a P-384 share, the server asked for x25519', () => {
    const s = loadStream('tls13-hrr');
    const a = analyzeCapture(streamPcap(s), options(s));
    expect(a.connections[0]?.tls).toMatchObject({ helloRetry: true, group: 'x25519', decrypted: true });
    expect(texts(a).client).toEqual(sentBy(s, 'client'));
  });

  it.each([
    ['tls13-resumed', 'psk'],
    ['tls12-resumed', 'ticket'],
  ])('%s: the second connection resumes (%s)', (name, how) => {
    const s = loadStream(name);
    const a = analyzeCapture(streamPcap(s), options(s));
    noBugs(a);
    expect(a.connections.map((c) => c.tls?.resumption)).toEqual([null, how]);
    expect(a.connections.map((c) => c.tls?.decrypted)).toEqual([true, true]);
    expect(texts(a, a.connections[1]?.id).client).toEqual(['first', 'bye']);
  });

  it('KeyUpdate: records after it decrypt with the next secret ("traffic upd")', () => {
    const s = loadStream('tls13-keyupdate');
    const a = analyzeCapture(streamPcap(s), options(s));
    const t = a.connections[0]?.tls;
    expect(t?.keyUpdates).toBe(1);
    expect(t?.keySchedule.map((k) => k.label)).toContain('CLIENT_TRAFFIC_SECRET_0 after KeyUpdate 1 ("traffic upd")');
    expect(a.findings.filter((f) => f.code === 'tls.decrypt-failed')).toEqual([]);
    // The lines openssl s_client sent, before and after the update, reach the plaintext.
    expect(a.connections[0]?.httpExchanges.length ?? 0).toBeGreaterThanOrEqual(0);
  });

  it('ALPN h2 is reported as HTTP/2, not read as HTTP/1.1', () => {
    const s = loadStream('tls13-h2');
    const a = analyzeCapture(streamPcap(s), options(s));
    expect(a.connections[0]?.tls?.alpn).toBe('h2');
    expect(a.connections[0]?.kind).toBe('tcp');
    expect(a.findings.map((f) => f.code)).toContain('tls.http2');
  });
});

describe('lost and missing bytes', () => {
  const s = loadStream('tls13-aes128gcm');
  const spaced = loadStream('tls13-spaced');

  it('a TCP gap loses its records only: later messages still decode', () => {
    // Chunk 7 is the server's record carrying "echo: two" (streams/tls13-spaced.json).
    const a = analyzeCapture(streamPcap(spaced, { drop: { from: 'server', chunk: 7 } }), options(spaced));
    noBugs(a);
    expect(a.findings.map((f) => f.code)).toContain('tls.gap');
    expect(a.findings.map((f) => f.code)).not.toContain('tls.decrypt-failed');
    expect(texts(a).client).toEqual(sentBy(spaced, 'client'));
    expect(texts(a).server).toEqual(sentBy(spaced, 'server').filter((t) => t !== 'echo: two'));
  });

  it('after the handshake and without keys: said once; a key log added later is tried then', () => {
    const session = new CaptureSession({ tls: { crypto: nodeTlsCrypto } });
    const c = new AnalysisCollector();
    const pcap = streamPcap(spaced, { skipChunks: 4 });
    session.push(pcap.subarray(0, 600));
    c.add(session.drain());
    session.addKeyLog(keyLogText(spaced));
    session.push(pcap.subarray(600));
    session.end();
    c.add(session.drain());
    const a = c.finish();
    const mid = a.findings.filter((f) => f.code === 'tls.mid-connection').map((f) => f.message);
    expect(mid[0]).toMatch(/the key log holds no TLS 1\.3 application traffic secrets to try/);
    expect(mid.slice(1).every((m) => / opened with (CLIENT|SERVER)_TRAFFIC_SECRET_0/.test(m))).toBe(true);
    expect(a.connections[0]?.tls?.decrypted).toBe(true);
    expect(texts(a).client).toEqual(sentBy(spaced, 'client'));
  });

  it('a capture that starts after the handshake: the key log secrets are tried and match', () => {
    const a = analyzeCapture(streamPcap(s, { skipChunks: 4 }), options(s));
    noBugs(a);
    const t = a.connections[0]?.tls;
    expect(t?.midConnection).toBe(true);
    expect(t?.decrypted).toBe(true);
    const all = [...texts(a).client, ...texts(a).server];
    expect(all.length).toBeGreaterThan(0);
    expect([...sentBy(s, 'client'), ...sentBy(s, 'server')]).toEqual(expect.arrayContaining(all));
  });
});

describe('a connection that ends during its handshake', () => {
  // The recorded stream cut after the client's first flight (its ClientHello), then closed: what a
  // browser's reset mid-handshake leaves. The keys are there; nothing more can be decrypted.
  const cut = (s: TlsStream, chunks: number): TlsStream => ({ ...s, streams: [s.streams[0]!.slice(0, chunks)] });

  it('says the handshake never completed instead of still waiting for it', () => {
    const s = loadStream('tls13-aes128gcm');
    expect(s.streams[0]![0]!.from).toBe('client');
    const a = analyzeCapture(streamPcap(cut(s, 1)), options(s));
    noBugs(a);
    expect(a.connections).toHaveLength(1);
    expect(a.connections[0]!.tls).toMatchObject({
      decrypted: false,
      reason: 'the handshake never completed: the connection ended before the ServerHello',
    });
  });
});
