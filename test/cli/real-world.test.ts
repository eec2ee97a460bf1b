// What the CLI says about traffic that is not WebSocket (issue 14): each TCP connection named by
// what it carries under --all, no accept verdict where nothing was checked, an unanswered upgrade
// called so, TCP anomalies of other connections left to --all, and packets it did not decode.
// Captures are written here with the test helpers (TLS and HTTP bytes per their RFCs).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { concatList, hex, type PcapRecordSpec, TcpConversation, writePcap } from '../helpers/pcap-writer.js';
import { ethernet, outerIpv4 } from '../helpers/tunnel-writer.js';
import { upgradeRequest } from '../helpers/ws-capture.js';
import { buildCli, runCli } from './helpers.js';

let bin: string;
let mixed: string;
let esp: string;

function conversation(client: [string, number], server: [string, number], body: (c: TcpConversation) => void) {
  const c = new TcpConversation({ client, server });
  c.handshake();
  body(c);
  c.close('client');
  return c.records;
}

beforeAll(() => {
  bin = buildCli();
  const dir = mkdtempSync(join(tmpdir(), 'wsscope-real-world-'));
  const records: PcapRecordSpec[] = [
    // 1: TLS: a ClientHello record (RFC 8446 §5.1: type 22, version 0x0301) and a ServerHello.
    ...conversation(['10.0.0.1', 40001], ['10.0.0.9', 443], (c) => {
      c.send('client', hex('16 03 01 00 08 01 00 00 04 03 03 00 00'));
      c.send('server', hex('16 03 03 00 08 02 00 00 04 03 03 00 00'));
    }),
    // 2: an upgrade request that nothing answers in the capture.
    ...conversation(['10.0.0.1', 40002], ['10.0.0.9', 80], (c) => c.send('client', upgradeRequest())),
    // 3: plain HTTP whose request is sent twice (a retransmission).
    ...conversation(['10.0.0.1', 40003], ['10.0.0.9', 8080], (c) => {
      const seq = c.next.client;
      c.send('client', 'GET /page HTTP/1.1\r\nHost: h\r\n\r\n');
      c.packet('client', { flags: 'PA', seq, payload: 'GET /page HTTP/1.1\r\nHost: h\r\n\r\n' });
      c.send('server', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    }),
  ];
  mixed = join(dir, 'mixed.pcap');
  writeFileSync(mixed, writePcap(records));
  // Two ESP packets (IP protocol 50, RFC 4303: SPI, sequence, encrypted data): not decoded.
  esp = join(dir, 'esp.pcap');
  const espPacket = (n: number) =>
    ethernet(0x0800, outerIpv4(50, concatList([hex('00 00 10 01 00 00 00'), Uint8Array.of(n), hex('de ad')])));
  writeFileSync(esp, writePcap([{ data: espPacket(1) }, { data: espPacket(2) }]));
});

interface Conn {
  id: number;
  kind: string;
  protocol: string | null;
  accept: { valid: boolean | null };
}

describe('connections', () => {
  it('--all names what each TCP connection carries; accept.valid is null where nothing was checked', async () => {
    const r = await runCli(bin, ['connections', mixed, '--all', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const conns = JSON.parse(r.stdout) as Conn[];
    expect(conns.map((c) => [c.kind, c.protocol, c.accept.valid])).toEqual([
      ['tcp', 'tls', null],
      ['no-response', 'http', null],
      ['http', 'http', null],
    ]);
  });

  it('the table marks the TLS connection; without --all it lists the upgrade and the TLS connection without keys (it may be wss://)', async () => {
    const all = await runCli(bin, ['connections', mixed, '--all', '--format', 'table']);
    expect(all.stdout).toContain('🔒 TLS');
    expect(all.stdout).toContain('no keys');
    const ws = await runCli(bin, ['connections', mixed, '--format', 'csv']);
    expect(
      ws.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[1]),
    ).toEqual(['tcp', 'no-response']);
  });
});

describe('findings', () => {
  it('TCP anomalies of connections without WebSocket need --all', async () => {
    const r = await runCli(bin, ['findings', mixed, '--format', 'ndjson']);
    expect(r.code, r.stderr).toBe(0);
    const codes = r.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { code: string }).code);
    // The TLS connection without keys is listed (it may be wss://), so its TLS findings are too.
    expect(codes.filter((c) => !c.startsWith('tls.'))).toEqual(['handshake.no-response']);
    expect(r.stderr).toContain('1 finding on TCP connections without WebSocket traffic not listed (--all lists them)');
    const all = await runCli(bin, ['findings', mixed, '--all', '--format', 'ndjson']);
    expect(all.stdout).toContain('tcp.retransmission');
  });
});

describe('packets not decoded', () => {
  it('an encapsulation wsscope does not open is named on stderr with its count', async () => {
    const r = await runCli(bin, ['connections', esp]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('2 esp packets not decoded (may carry TCP that wsscope cannot see)');
    expect(r.stderr).toContain('no WebSocket connections');
  });
});
