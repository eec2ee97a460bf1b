// What a stream is, from its first bytes (recognize.ts). Each opening is written here from its
// spec, byte by byte, not taken from the code under test.
import { describe, expect, it } from 'vitest';
import { looksLikeHttpRequestLine, looksLikeTlsRecord, recognize } from '../../../src/decoder/connection/recognize.js';
import { hex, bytes as latin1 } from '../../helpers/pcap-writer.js';

const what = (b: Uint8Array, final = false) => {
  const r = recognize(b, final);
  return typeof r === 'string' || r === null ? r : `${r.protocol}/${r.role ?? '-'}`;
};

describe('TLS records (RFC 8446 §5.1)', () => {
  // handshake(22), legacy_record_version 0x0301, length 0x00c8, ClientHello(1)
  const clientHello = hex('16 03 01 00 c8 01 00 00 c4 03 03');
  it('a ClientHello record is TLS sent by the client', () => {
    expect(looksLikeTlsRecord(clientHello)).toBe('yes');
    expect(what(clientHello)).toBe('tls/client');
  });
  it('a ServerHello record is TLS sent by the server; application data has no role', () => {
    expect(what(hex('16 03 03 00 5a 02 00 00 56 03 03'))).toBe('tls/server');
    expect(what(hex('17 03 03 01 00 aa bb'))).toBe('tls/-');
  });
  it('waits for the five header bytes, and rejects other versions and oversized lengths', () => {
    expect(looksLikeTlsRecord(hex('16 03'))).toBe('need-more');
    expect(looksLikeTlsRecord(hex('16 02 01 00 10'))).toBe('no');
    expect(looksLikeTlsRecord(hex('17 03 03 ff ff'))).toBe('no'); // 65535 > 2^14 + 2048
    expect(looksLikeTlsRecord(hex('17 03 03 00 00'))).toBe('no');
  });
  it('an SSLv2-compatible ClientHello whose lengths add up (RFC 5246 E.2)', () => {
    // length 0x2e = 46 = 9 + 21 (7 cipher specs) + 0 (session id) + 16 (challenge)
    expect(looksLikeTlsRecord(hex('80 2e 01 03 01 00 15 00 00 00 10'))).toBe('yes');
    expect(looksLikeTlsRecord(hex('80 2f 01 03 01 00 15 00 00 00 10'))).toBe('no');
  });
});

describe('HTTP/1.x and HTTP/2 (RFC 9112 §3-4, RFC 9113 §3.4)', () => {
  it('a request line and a status line', () => {
    expect(what(latin1('GET /chat HTTP/1.1\r\nHost: x\r\n'))).toBe('http/client');
    expect(what(latin1('HTTP/1.1 200 OK\r\n'))).toBe('http/server');
  });
  it('waits for the whole request line, and a token and a space alone are not a request', () => {
    expect(looksLikeHttpRequestLine(latin1('GET /cha'))).toBe('need-more');
    expect(looksLikeHttpRequestLine(latin1('USER anonymous\r\n'))).toBe('no');
    expect(looksLikeHttpRequestLine(latin1('OPTIONS rtsp://h/ RTSP/1.0\r\n'))).toBe('no');
  });
  it('the HTTP/2 client preface', () => {
    expect(what(latin1('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'))).toBe('http2/client');
    expect(what(latin1('PRI * HTTP/2.0\r\n'))).toBe('need-more');
  });
});

describe('other openings', () => {
  it('SSH identification strings (RFC 4253 §4.2)', () => {
    expect(what(latin1('SSH-2.0-OpenSSH_9.6\r\n'))).toBe('ssh/-');
  });
  it('SOCKS5 method negotiation and request (RFC 1928 §3-4), and the server side', () => {
    expect(what(hex('05 01 00'))).toBe('socks5/client');
    // greeting, then CONNECT to a domain name (ATYP 3)
    expect(what(hex('05 01 00 05 01 00 03 0b'))).toBe('socks5/client');
    expect(what(hex('05 00'))).toBe('socks5/server');
    expect(what(hex('05 00 05 00 00 01 7f 00 00 01 04 38'))).toBe('socks5/server');
  });
  it('SOCKS4 CONNECT with a NUL-terminated user id', () => {
    expect(what(hex('04 01 00 50 0a 00 00 01 62 6f 62 00'))).toBe('socks4/client');
  });
  it('FTP, SMTP, POP3 and IMAP greetings and commands', () => {
    expect(what(latin1('220 (vsFTPd 3.0.3)\r\n'))).toBe('ftp/server');
    expect(what(latin1('220 mail.example.com ESMTP Postfix\r\n'))).toBe('smtp/server');
    expect(what(latin1('USER anonymous\r\n'))).toBe('ftp/client');
    expect(what(latin1('EHLO client.example\r\n'))).toBe('smtp/client');
    expect(what(latin1('+OK POP3 ready\r\n'))).toBe('pop3/server');
    expect(what(latin1('* OK IMAP4rev1 ready\r\n'))).toBe('imap/server');
    expect(what(latin1('220 ready'))).toBe('need-more');
  });
  it('SMB, MQTT CONNECT, BitTorrent and XMPP', () => {
    expect(what(hex('00 00 00 54 ff 53 4d 42 72'))).toBe('smb/-');
    // CONNECT, remaining length 16, protocol name length 4 "MQTT"
    expect(what(hex('10 10 00 04 4d 51 54 54 04 02'))).toBe('mqtt/client');
    expect(what(latin1('\x13BitTorrent protocol'))).toBe('bittorrent/-');
    expect(what(latin1("<?xml version='1.0'?><stream:stream"))).toBe('xmpp/-');
  });
  it('WebSocket frames and random bytes are none of these', () => {
    // RFC 6455 §5.7: a single-frame unmasked text message "Hello"
    expect(what(hex('81 05 48 65 6c 6c 6f'), true)).toBeNull();
    expect(what(hex('82 7e 01 00 9c 3b'), true)).toBeNull();
    expect(what(new Uint8Array(64), true)).toBeNull();
  });
});
