// HTTP connections captured mid-message (the capture began inside a body): the body's bytes are
// not a head (no handshake.malformed with binary pasted into it); the next message is found at
// a line or segment start and read as HTTP, an upgrade included (RFC 9112 §2.1, RFC 6455 §4).
import { describe, expect, it } from 'vitest';
import { HttpHunter } from '../../../src/decoder/connection/http-hunt.js';
import { Pair, switching, upgradeRequest } from './pair.js';

const latin1 = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const body = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xde, 0xad, 0x0a, 0x3a, 0x20, 0xff);

describe('a connection whose capture begins inside an HTTP body', () => {
  it('the rest of a response body is skipped, and the next request and its upgrade are decoded', () => {
    const c = new Pair({ synSeen: false });
    c.data('b', body, 1.1); // the tail of a PNG the server was sending
    c.data('a', upgradeRequest(), 1.2);
    c.data('b', switching(), 1.3);
    const r = c.record();
    expect(c.codes()).toEqual([]);
    expect(r.kind).toBe('websocket');
    expect(r.handshake?.request?.target).toBe('/chat');
  });

  it('a request body tail without a line break before the next request (it starts a segment)', () => {
    const c = new Pair({ synSeen: false });
    c.data('b', latin1('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'), 1.0);
    c.data('a', body, 1.1);
    c.data('a', latin1('GET /next HTTP/1.1\r\nHost: h\r\n\r\n'), 1.2);
    c.data('b', latin1('HTTP/1.1 204 No Content\r\n\r\n'), 1.3);
    c.close('end-of-capture', 2);
    expect(c.codes()).toEqual([]);
    expect(c.record().httpExchanges.map((x) => `${x.request.target} ${x.response?.status}`)).toEqual(['/next 204']);
  });
});

describe('HttpHunter', () => {
  it('finds a status line at a line start, across pushes', () => {
    const h = new HttpHunter('response');
    expect(h.push(latin1('binary\x00\x01\r\nHTTP/1.'))).toBeNull();
    expect(h.push(latin1('1 200 OK\r\n'))).toEqual(latin1('HTTP/1.1 200 OK\r\n'));
  });
  it('does not take body text that merely contains a method name', () => {
    const h = new HttpHunter('request');
    expect(h.push(latin1('xx GET / HTTP/1.1\r\nnot a GET line\n'))).toBeNull();
  });
});
