// Other projects' captures that were not filtered to a WebSocket port (../shared/real-captures,
// read in place, never copied here): a connection whose start is captured and is not an HTTP
// upgrade must not become a guessed WebSocket connection. Expected values come from SOURCES.md
// and from tshark -Y websocket on the same files, never from wsscope.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { REAL_CAPTURES } from '../../helpers/real-captures.js';

const DIR = REAL_CAPTURES ?? '';

function webSocketPorts(name: string): number[] {
  const { connections } = analyzeCapture(new Uint8Array(readFileSync(`${DIR}/${name}`)));
  return connections.filter((c) => c.kind.startsWith('websocket')).map((c) => c.server.port);
}

describe.skipIf(REAL_CAPTURES === null)('no WebSocket connection is invented on a captured connection start', () => {
  it('ndpi__443-curl: one curl HTTPS session, SYN to FIN (TLS records look like frames)', () => {
    expect(webSocketPorts('ndpi__443-curl.pcap')).toEqual([]);
  });

  it('ndpi__ftp: an FTP session and its passive-mode data connection (zero bytes look like frames)', () => {
    expect(webSocketPorts('ndpi__ftp.pcap')).toEqual([]);
  });

  it('ndpi__tls_heur__vmess-websocket: only the VMess WebSocket on :1234, not the SOCKS5 or TLS connections', () => {
    expect(webSocketPorts('ndpi__tls_heur__vmess-websocket.pcapng')).toEqual([1234]);
  });

  it('says what the other connections are (SOURCES.md): TLS, FTP, SOCKS5 carrying TLS', () => {
    const protocols = (name: string) =>
      analyzeCapture(new Uint8Array(readFileSync(`${DIR}/${name}`)))
        .connections.map((c) => `${c.server.port} ${c.protocol}`)
        .sort();
    expect(protocols('ndpi__443-curl.pcap')).toEqual(['443 tls']);
    // The control connection on :21 is FTP (it was 'http': "220 …" passed as a request line);
    // the passive-mode data connections carry zero bytes: an unknown stream, not WebSocket.
    expect(protocols('ndpi__ftp.pcap').filter((p) => p.startsWith('21 '))).toEqual(['21 ftp']);
    expect(protocols('ndpi__tls_heur__vmess-websocket.pcapng')).toEqual(['1080 socks5', '1234 websocket', '443 tls']);
  });
});
