// wsscope on the damaged wss captures of fixtures/tls/damaged/ (real Node recordings, then a key
// log line broken, a packet deleted or the start cut off by the generator, which records what it
// did): the findings the issue names (tls.decrypt-failed, tls.gap, tls.mid-connection), and
// everything the damage did not touch decoded exactly as it was sent.
import { describe, expect, it } from 'vitest';
import type { CaptureAnalysis, ConnectionRecord } from '../../../src/decoder/index.js';
import { type CaptureMessage, cachedAnalyses, readCaptureIn, readIntentIn, sha256 } from '../../helpers/intent.js';
import { connectionOn, DAMAGED, type TlsConnection, tlsOptions, versionNumber } from './tls-fixtures.js';

const analysis = cachedAnalyses((name) => readCaptureIn(DAMAGED, name), tlsOptions(DAMAGED));
type Sent = CaptureMessage & { lost?: boolean };
type Connection = Omit<TlsConnection, 'messages'> & { messages: Sent[] };
const intentOf = (name: string) => readIntentIn<{ connections: Connection[] }>(DAMAGED, name);
const codesOn = (a: CaptureAnalysis, conn: ConnectionRecord) =>
  a.findings.filter((f) => f.connectionId === conn.id).map((f) => f.code);

/** The complete data messages of one direction, as `opcode length sha256`. */
function dataMessages(a: CaptureAnalysis, conn: ConnectionRecord, direction: 'client' | 'server') {
  return a.messages
    .filter(
      (m) => m.connectionId === conn.id && m.direction === direction && m.opcode > 0 && m.opcode < 8 && m.complete,
    )
    .map((m) => `${m.opcode} ${m.payload.length} ${sha256(m.payload)}`);
}
const sent = (
  c: Connection,
  dir: 'c2s' | 's2c',
  keep: (m: CaptureMessage & { lost?: boolean }) => boolean = () => true,
) => c.messages.filter((m) => m.dir === dir && keep(m)).map((m) => `${m.opcode} ${m.length} ${m.sha256}`);

describe.each(['node-wrong-key.pcap', 'node-wrong-key.pcapng'])('%s: a key log with wrong lines', (name) => {
  const [good, wrong13, wrong12] = intentOf(name).connections;

  it('decrypts the connection whose lines are right, every message as sent', () => {
    const a = analysis(name);
    const conn = connectionOn(a.connections, good);
    expect(conn.tls?.decrypted).toBe(true);
    expect(dataMessages(a, conn, 'client')).toEqual(sent(good, 'c2s'));
    expect(dataMessages(a, conn, 'server')).toEqual(sent(good, 's2c'));
    expect(codesOn(a, conn)).not.toContain('tls.decrypt-failed');
  });

  it('TLS 1.3 with wrong application secrets: tls.decrypt-failed, the handshake still read (ALPN)', () => {
    const a = analysis(name);
    const conn = connectionOn(a.connections, wrong13);
    expect(codesOn(a, conn)).toContain('tls.decrypt-failed');
    expect(conn.tls?.decrypted).toBe(false);
    expect(versionNumber(conn.tls?.version)).toBe('1.3');
    expect(conn.tls?.cipher).toBe(wrong13.tls?.cipher);
    // EncryptedExtensions is under the handshake secrets, which are right.
    expect(conn.tls?.alpn).toBe('http/1.1');
    expect(a.messages.filter((m) => m.connectionId === conn.id)).toEqual([]);
  });

  it('TLS 1.2 with a wrong master secret: tls.decrypt-failed, suite from the clear ServerHello', () => {
    const a = analysis(name);
    const conn = connectionOn(a.connections, wrong12);
    expect(codesOn(a, conn)).toContain('tls.decrypt-failed');
    expect(conn.tls?.decrypted).toBe(false);
    expect(versionNumber(conn.tls?.version)).toBe('1.2');
    expect(conn.tls?.cipher).toBe(wrong12.tls?.cipher);
    expect(a.messages.filter((m) => m.connectionId === conn.id)).toEqual([]);
  });
});

describe.each([
  'node-tls13-lost-packet.pcap',
  'node-tls13-lost-packet.pcapng',
  'node-tls12-lost-packet.pcap',
  'node-tls12-lost-packet.pcapng',
])('%s: one packet (one whole TLS record) missing from the file', (name) => {
  const [c] = intentOf(name).connections;

  it('reports tls.gap on the connection and still decrypts it', () => {
    const a = analysis(name);
    const conn = connectionOn(a.connections, c);
    expect(codesOn(a, conn)).toContain('tls.gap');
    expect(conn.tls?.decrypted).toBe(true);
    expect(conn.tls?.cipher).toBe(c.tls?.cipher);
  });

  it('decodes every message the missing packet did not carry, the ones after the gap included', () => {
    const a = analysis(name);
    const conn = connectionOn(a.connections, c);
    expect(dataMessages(a, conn, 'client')).toEqual(sent(c, 'c2s'));
    expect(dataMessages(a, conn, 'server')).toEqual(sent(c, 's2c', (m) => !m.lost));
    const lost = c.messages.find((m) => m.lost);
    expect(lost, 'the generator marked the lost message').toBeTruthy();
    const closes = a.messages.filter((m) => m.connectionId === conn.id && m.opcode === 8).map((m) => m.close?.code);
    expect(closes).toEqual([1000, 1000]);
  });
});

describe.each(['node-tls13-mid-connection.pcap', 'node-tls13-mid-connection.pcapng'])(
  '%s: the capture starts after the handshake',
  (name) => {
    const [c] = intentOf(name).connections;

    it('reports tls.mid-connection and finds the keys by trying the key log on the first records', () => {
      const a = analysis(name);
      const conn = connectionOn(a.connections, c);
      expect(codesOn(a, conn)).toContain('tls.mid-connection');
      expect(conn.synSeen).toBe(false);
      expect(conn.tls?.decrypted).toBe(true);
    });

    it('decodes every message left in the file, as it was sent', () => {
      const a = analysis(name);
      const conn = connectionOn(a.connections, c);
      expect(dataMessages(a, conn, 'client')).toEqual(sent(c, 'c2s'));
      expect(dataMessages(a, conn, 'server')).toEqual(sent(c, 's2c'));
      const closes = a.messages.filter((m) => m.connectionId === conn.id && m.opcode === 8);
      expect(closes.map((m) => `${m.direction} ${m.close?.code} ${m.close?.reason}`)).toEqual([
        'client 1000 done',
        'server 1000 done',
      ]);
    });
  },
);
