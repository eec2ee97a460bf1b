import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../../src/decoder/http/index.js';
import { HttpStream, looksLikeHttpRequest, looksLikeHttpResponse } from '../../../src/decoder/http/index.js';
import { pieces, randomSplit, type Split, sameUnderChunking, whole } from '../../helpers/chunking.js';
import { concat } from '../../helpers/pcap-writer.js';

/** ISO-8859-1 both ways (one byte per char), so "\x81" in a literal is the byte 0x81. */
const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array) => String.fromCharCode(...b);

/** Events in a comparable form: heads without raw bytes but with the raw text. */
type Seen =
  | { type: 'request'; line: string; headers: [string, string][]; raw: string }
  | { type: 'response'; line: string; headers: [string, string][]; raw: string }
  | Exclude<HttpEvent, { type: 'request' } | { type: 'response' }>;

function simplify(e: HttpEvent): Seen {
  if (e.type === 'request') {
    const h = e.head;
    return { type: 'request', line: `${h.method} ${h.target} ${h.version}`, headers: h.headers, raw: text(h.raw) };
  }
  if (e.type === 'response') {
    const h = e.head;
    return { type: 'response', line: `${h.version} ${h.status} ${h.reason}`, headers: h.headers, raw: text(h.raw) };
  }
  return e;
}

function drain(stream: HttpStream): Seen[] {
  const out: Seen[] = [];
  for (let e = stream.next(); e !== null; e = stream.next()) out.push(simplify(e));
  return out;
}

interface Run {
  events: Seen[];
  rest: string;
}

type Role = 'request' | 'response';

function run(role: Role, chunks: Uint8Array[], setup?: (s: HttpStream) => void, maxHeaderBytes = 1024): Run {
  const stream = new HttpStream(role, { maxHeaderBytes });
  setup?.(stream);
  const events: Seen[] = [];
  for (const chunk of chunks) {
    stream.push(chunk, 1, 0);
    events.push(...drain(stream));
  }
  return { events, rest: text(stream.detach()) };
}

/**
 * The shared h11 tr() harness: whole, byte at a time and random splits must all give the same
 * result. Where the stream hands bytes back (paused after an upgrade, or a head still waiting),
 * bytes after the input must join them untouched.
 */
function expectSameUnderChunking(role: Role, input: string, setup?: (s: HttpStream) => void, max = 1024): Run {
  const bytes = enc(input);
  const feed = (split: Split, trailing: Uint8Array = new Uint8Array(0)) =>
    run(role, pieces(concat(bytes, trailing), split), setup, max);
  const handsBack = feed(whole).rest !== '';
  return sameUnderChunking(feed, {
    withTrailing: handsBack ? (r, trailing) => ({ ...r, rest: r.rest + text(trailing) }) : undefined,
  });
}

/** One seeded random split of the input (for the tests that drive the stream by hand). */
const randomSplits = (bytes: Uint8Array, seed: number): Uint8Array[] => pieces(bytes, randomSplit(seed));

const UPGRADE_REQUEST =
  'GET /chat HTTP/1.1\r\n' +
  'Host: server.example.com\r\n' +
  'Upgrade: websocket\r\n' +
  'Connection: Upgrade\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
  'Sec-WebSocket-Version: 13\r\n\r\n';

const SWITCHING =
  'HTTP/1.1 101 Switching Protocols\r\n' +
  'Upgrade: websocket\r\n' +
  'Connection: Upgrade\r\n' +
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n';

describe('RFC 7230 §3 message heads', () => {
  it('parses an upgrade request into method, target, version and headers in wire order', () => {
    const { events } = expectSameUnderChunking('request', UPGRADE_REQUEST);
    expect(events).toEqual([
      {
        type: 'request',
        line: 'GET /chat HTTP/1.1',
        headers: [
          ['Host', 'server.example.com'],
          ['Upgrade', 'websocket'],
          ['Connection', 'Upgrade'],
          ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
          ['Sec-WebSocket-Version', '13'],
        ],
        raw: UPGRADE_REQUEST,
      },
    ]);
  });

  it('keeps repeated header lines separately, names as sent, values without OWS', () => {
    const input =
      'GET / HTTP/1.1\r\nX-A:  one \t\r\nx-a:two\r\nSec-WebSocket-Protocol: chat\r\nsec-websocket-protocol: superchat\r\n\r\n';
    const { events } = expectSameUnderChunking('request', input);
    expect(events[0]).toMatchObject({
      headers: [
        ['X-A', 'one'],
        ['x-a', 'two'],
        ['Sec-WebSocket-Protocol', 'chat'],
        ['sec-websocket-protocol', 'superchat'],
      ],
    });
  });

  it('joins obs-fold continuation lines with one space (RFC 7230 §3.2.4)', () => {
    const input = 'GET / HTTP/1.1\r\nX-Long: first\r\n   second\r\n\tthird\r\nHost: h\r\n\r\n';
    const { events } = expectSameUnderChunking('request', input);
    expect(events[0]).toMatchObject({
      headers: [
        ['X-Long', 'first second third'],
        ['Host', 'h'],
      ],
    });
  });

  it('tolerates LF-only line endings', () => {
    const input = 'GET /lf HTTP/1.1\nHost: h\nUpgrade: websocket\n\nHTTP';
    const { events } = expectSameUnderChunking('request', input);
    expect(events).toEqual([
      {
        type: 'request',
        line: 'GET /lf HTTP/1.1',
        headers: [
          ['Host', 'h'],
          ['Upgrade', 'websocket'],
        ],
        raw: 'GET /lf HTTP/1.1\nHost: h\nUpgrade: websocket\n\n',
      },
    ]);
  });

  it('tolerates mixed CRLF and LF line endings', () => {
    const { events } = expectSameUnderChunking('response', 'HTTP/1.1 204 No Content\nServer: x\r\n\n');
    expect(events).toMatchObject([{ type: 'response', line: 'HTTP/1.1 204 No Content', headers: [['Server', 'x']] }]);
  });

  it('ignores empty lines before a request line (RFC 7230 §3.5)', () => {
    const { events } = expectSameUnderChunking('request', '\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(events).toMatchObject([{ type: 'request', line: 'GET / HTTP/1.1' }]);
  });

  it('accepts a status line without a reason phrase', () => {
    const { events } = expectSameUnderChunking('response', 'HTTP/1.1 204\r\n\r\n');
    expect(events).toMatchObject([{ type: 'response', line: 'HTTP/1.1 204 ' }]);
  });

  it('gives a head the record and time of the packet that completed it', () => {
    const stream = new HttpStream('request', { maxHeaderBytes: 1024 });
    stream.push(enc('GET / HTTP/1.1\r\nHost: h\r\n'), 4, 10.5);
    expect(stream.next()).toBeNull();
    stream.push(enc('\r'), 5, 10.6);
    stream.push(enc('\nGET /two HTTP/1.1\r\n\r\n'), 6, 10.7);
    const first = stream.next();
    const second = stream.next();
    expect(first?.type === 'request' && [first.head.record, first.head.time]).toEqual([6, 10.7]);
    expect(second?.type === 'request' && [second.head.target, second.head.record]).toEqual(['/two', 6]);
  });
});

describe('malformed input', () => {
  it.each([
    ['binary garbage', '\x81\x05hello\r\n\r\n', 'invalid request line'],
    [
      'a request line with two spaces in the target',
      'GET /a b HTTP/1.1\r\n\r\n',
      'invalid request line "GET /a b HTTP/1.1"',
    ],
    ['a bad version', 'GET / HTTP/x\r\n\r\n', 'invalid http version "HTTP/x"'],
    ['whitespace before the colon', 'GET / HTTP/1.1\r\nHost : h\r\n\r\n', 'invalid header name "Host "'],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nnocolon\r\n\r\n', 'header line "nocolon" has no colon'],
    [
      'a continuation line first',
      'GET / HTTP/1.1\r\n folded\r\n\r\n',
      'continuation line " folded" before any header field',
    ],
    [
      'differing content-lengths',
      'POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n',
      'invalid content-length "5, 6"',
    ],
    ['a non-numeric content-length', 'POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n', 'invalid content-length "-1"'],
    [
      'a request transfer-encoding not ending in chunked',
      'POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n',
      'request transfer-encoding "gzip" does not end in chunked',
    ],
  ])('reports %s as handshake.malformed and stops', (_what, input, message) => {
    const { events } = expectSameUnderChunking('request', input + 'GET / HTTP/1.1\r\n\r\n');
    const last = events[events.length - 1];
    expect(last).toMatchObject({ type: 'error', code: 'handshake.malformed' });
    expect(last?.type === 'error' && last.message).toContain(message);
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
  });

  it('reports a bad status line', () => {
    const { events } = expectSameUnderChunking('response', 'HTTP/1.1 ok\r\n\r\n');
    expect(events).toEqual([
      { type: 'error', code: 'handshake.malformed', message: 'invalid status line "HTTP/1.1 ok"' },
    ]);
  });

  it('reports a head without an end beyond the limit as handshake.too-large', () => {
    const input = 'GET / HTTP/1.1\r\n' + 'X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'.repeat(10);
    const { events } = expectSameUnderChunking('request', input, undefined, 200);
    expect(events).toEqual([
      { type: 'error', code: 'handshake.too-large', message: 'http request head longer than the limit of 200 bytes' },
    ]);
  });

  it('reports a complete head beyond the limit the same way, however it is split', () => {
    const input = 'GET / HTTP/1.1\r\nX: ' + 'a'.repeat(300) + '\r\n\r\n';
    const { events } = expectSameUnderChunking('request', input, undefined, 200);
    expect(events).toEqual([
      { type: 'error', code: 'handshake.too-large', message: 'http request head longer than the limit of 200 bytes' },
    ]);
  });

  it('accepts a head of exactly the limit', () => {
    const input = 'GET / HTTP/1.1\r\nX: ' + 'a'.repeat(100) + '\r\n\r\n';
    expect(input.length).toBe(123);
    const { events } = expectSameUnderChunking('request', input, undefined, 123);
    expect(events.map((e) => e.type)).toEqual(['request']);
    expect(expectSameUnderChunking('request', input, undefined, 122).events.map((e) => e.type)).toEqual(['error']);
  });

  it('reports a chunk size line beyond the limit', () => {
    const input = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;' + 'x'.repeat(300) + '\r\nhello\r\n';
    const { events } = expectSameUnderChunking('request', input, undefined, 200);
    expect(events[1]).toEqual({
      type: 'error',
      code: 'handshake.too-large',
      message: 'chunk size line longer than 200 bytes',
    });
  });

  it('parses a head of 60 kB pushed one byte at a time in linear time', () => {
    const input = enc(
      'GET / HTTP/1.1\r\n' + 'X-Filler: 0123456789012345678901234567890123456789\r\n'.repeat(1200) + '\r\n',
    );
    const stream = new HttpStream('request', { maxHeaderBytes: 65536 });
    const started = performance.now();
    for (let i = 0; i < input.length; i++) stream.push(input.subarray(i, i + 1), i + 1, 0);
    expect(performance.now() - started).toBeLessThan(2000);
    const event = stream.next();
    expect(event?.type === 'request' && [event.head.headers.length, event.head.record]).toEqual([1200, input.length]);
  });

  it('ignores input after an error', () => {
    const stream = new HttpStream('request', { maxHeaderBytes: 1024 });
    stream.push(enc('BAD\r\n\r\n'), 1, 0);
    stream.push(enc('GET / HTTP/1.1\r\n\r\n'), 2, 0);
    expect(drain(stream).map((e) => e.type)).toEqual(['error']);
  });
});

describe('RFC 7230 §3.3.3 message bodies', () => {
  it('skips Content-Length bodies of pipelined keep-alive requests', () => {
    const input =
      'POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello' +
      'POST /b HTTP/1.1\r\nContent-Length: 12\r\n\r\nGET / HTTP/1' +
      'GET /c HTTP/1.1\r\nContent-Length: 0\r\n\r\n';
    const { events, rest } = expectSameUnderChunking('request', input);
    expect(events.map((e) => (e.type === 'request' ? e.line : e))).toEqual([
      'POST /a HTTP/1.1',
      { type: 'body', length: 5, complete: true },
      'POST /b HTTP/1.1',
      { type: 'body', length: 12, complete: true },
      'GET /c HTTP/1.1',
    ]);
    expect(rest).toBe('');
  });

  it('skips chunked bodies with chunk extensions and trailers (RFC 7230 §4.1)', () => {
    const input =
      'POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5;name=value;flag\r\nhello\r\n' +
      'A \r\n0123456789\r\n' +
      '0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n' +
      'GET /next HTTP/1.1\r\n\r\n';
    const { events } = expectSameUnderChunking('request', input);
    expect(events.map((e) => (e.type === 'request' ? e.line : e))).toEqual([
      'POST /up HTTP/1.1',
      { type: 'body', length: 15, complete: true },
      'GET /next HTTP/1.1',
    ]);
  });

  it('lets chunked win over Content-Length', () => {
    const input =
      'POST / HTTP/1.1\r\nContent-Length: 100\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n';
    const { events } = expectSameUnderChunking('request', input);
    expect(events.map((e) => e.type)).toEqual(['request', 'body', 'request']);
  });

  it('tolerates LF-only chunk framing', () => {
    const input = 'HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\nHTTP/1.1 204 No Content\n\n';
    const { events } = expectSameUnderChunking('response', input, (s) => {
      s.expectResponseTo('GET');
      s.expectResponseTo('GET');
    });
    expect(events.map((e) => (e.type === 'response' ? e.line : e))).toEqual([
      'HTTP/1.1 200 OK',
      { type: 'body', length: 3, complete: true },
      'HTTP/1.1 204 No Content',
    ]);
  });

  it('reports a bad chunk size', () => {
    const { events } = expectSameUnderChunking(
      'request',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    );
    expect(events[1]).toEqual({ type: 'error', code: 'handshake.malformed', message: 'invalid chunk size line "zz"' });
  });

  it('reports chunk data not followed by CRLF', () => {
    const { events } = expectSameUnderChunking(
      'request',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n',
    );
    expect(events[1]).toEqual({
      type: 'error',
      code: 'handshake.malformed',
      message: 'chunk data not followed by crlf but by byte 0x63',
    });
  });

  it('gives no body to responses to HEAD, nor to 204 and 304, whatever Content-Length says', () => {
    const input =
      'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' +
      'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n' +
      'HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
    const { events } = expectSameUnderChunking('response', input, (s) => {
      for (const m of ['HEAD', 'GET', 'GET', 'GET']) s.expectResponseTo(m);
    });
    expect(events.map((e) => (e.type === 'response' ? e.line : e))).toEqual([
      'HTTP/1.1 200 OK',
      'HTTP/1.1 204 No Content',
      'HTTP/1.1 304 Not Modified',
      'HTTP/1.1 200 OK',
      { type: 'body', length: 2, complete: true },
    ]);
  });

  it('treats 100 Continue as interim: the final response still answers the same request', () => {
    const input = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc';
    const { events, rest } = expectSameUnderChunking('response', input, (s) => s.expectResponseTo('HEAD'));
    // The 200 answers the HEAD, so its three bytes are not a body: they wait as the next head.
    expect(events.map((e) => e.type)).toEqual(['response', 'response']);
    expect(rest).toBe('abc');
  });

  it('reads a response without length until the connection closes', () => {
    const stream = new HttpStream('response', { maxHeaderBytes: 1024 });
    stream.push(enc('HTTP/1.0 200 OK\r\n\r\nsome'), 1, 0);
    stream.push(enc(' body'), 2, 0);
    expect(drain(stream).map((e) => e.type)).toEqual(['response']);
    stream.end();
    expect(drain(stream)).toEqual([{ type: 'body', length: 9, complete: true }]);
  });

  it('reports a body cut short by the end of the connection as incomplete', () => {
    const stream = new HttpStream('response', { maxHeaderBytes: 1024 });
    stream.push(enc('HTTP/1.1 401 Unauthorized\r\nContent-Length: 24\r\n\r\nnot'), 1, 0);
    stream.end();
    expect(drain(stream).slice(1)).toEqual([{ type: 'body', length: 3, complete: false }]);
  });
});

describe('RFC 7230 §6.7 protocol switch', () => {
  it('stops at a 101 and hands over the frame bytes that came in the same push', () => {
    // 81 05 48 65 6c 6c 6f: an unmasked text frame "Hello" (RFC 6455 §5.7)
    const frame = new Uint8Array([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
    const bytes = new Uint8Array([...enc(SWITCHING), ...frame]);
    for (const chunks of [[bytes], Array.from(bytes, (_b, i) => bytes.subarray(i, i + 1)), randomSplits(bytes, 7)]) {
      const stream = new HttpStream('response', { maxHeaderBytes: 1024 });
      stream.expectResponseTo('GET');
      const events: Seen[] = [];
      for (const chunk of chunks) {
        stream.push(chunk, 1, 0);
        events.push(...drain(stream));
      }
      expect(events).toMatchObject([{ type: 'response', line: 'HTTP/1.1 101 Switching Protocols' }]);
      expect(stream.detach()).toEqual(frame);
      stream.push(enc('more'), 2, 0);
      expect(stream.next()).toBeNull();
      expect(stream.detach()).toEqual(new Uint8Array(0));
    }
  });

  it('pauses after an upgrade request so frames sent before the 101 are not read as HTTP', () => {
    // 81 82 37 fa 21 3d 7f 9f: a masked text frame "Hi" (RFC 6455 §5.7 masking key)
    const frame = '\x81\x82\x37\xfa\x21\x3d\x7f\x93';
    const { events, rest } = expectSameUnderChunking('request', UPGRADE_REQUEST + frame);
    expect(events.map((e) => e.type)).toEqual(['request']);
    expect(rest).toBe(frame);
  });

  it('stays paused after an upgrade request: later bytes are kept for detach(), never parsed as HTTP', () => {
    // The connection detaches at once and holds the client's bytes itself until the response;
    // after a refusal it reads them with a new stream (test/decoder/connection/handover.test.ts).
    const stream = new HttpStream('request', { maxHeaderBytes: 1024 });
    stream.push(enc(UPGRADE_REQUEST), 1, 0);
    stream.push(enc('GET /again HTTP/1.1\r\n\r\n'), 2, 0);
    expect(drain(stream).map((e) => e.type)).toEqual(['request']);
    expect(new TextDecoder().decode(stream.detach())).toBe('GET /again HTTP/1.1\r\n\r\n');
  });

  it('reads 401 and 426 rejections with their bodies and keeps going', () => {
    const input =
      'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="ws"\r\nContent-Type: text/plain\r\nContent-Length: 24\r\n\r\n' +
      'missing or invalid token' +
      'HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 2\r\n\r\nno';
    const { events } = expectSameUnderChunking('response', input);
    expect(events.map((e) => (e.type === 'response' ? e.line : e))).toEqual([
      'HTTP/1.1 401 Unauthorized',
      { type: 'body', length: 24, complete: true },
      'HTTP/1.1 426 Upgrade Required',
      { type: 'body', length: 2, complete: true },
    ]);
  });
});

describe('TCP gaps', () => {
  it('skips a gap inside a Content-Length body and marks the body incomplete', () => {
    const stream = new HttpStream('request', { maxHeaderBytes: 1024 });
    stream.push(enc('POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nab'), 1, 0);
    stream.gap(5);
    stream.push(enc('cdeGET /after HTTP/1.1\r\n\r\n'), 2, 0);
    expect(drain(stream).map((e) => (e.type === 'request' ? e.line : e))).toEqual([
      'POST / HTTP/1.1',
      { type: 'body', length: 10, complete: false },
      'GET /after HTTP/1.1',
    ]);
  });

  it('stops when a gap hits a head', () => {
    const stream = new HttpStream('request', { maxHeaderBytes: 1024 });
    stream.push(enc('GET / HTTP/1.1\r\nHo'), 1, 0);
    stream.gap(3);
    stream.push(enc('\r\n\r\n'), 2, 0);
    expect(stream.next()).toBeNull();
  });

  it('stops when a gap is longer than the rest of the body', () => {
    const stream = new HttpStream('request', { maxHeaderBytes: 1024 });
    stream.push(enc('POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab'), 1, 0);
    stream.gap(10);
    expect(drain(stream).slice(1)).toEqual([{ type: 'body', length: 2, complete: false }]);
  });

  it('keeps counting a body read until close across a gap', () => {
    const stream = new HttpStream('response', { maxHeaderBytes: 1024 });
    stream.push(enc('HTTP/1.1 200 OK\r\n\r\nab'), 1, 0);
    stream.gap(100);
    stream.push(enc('cd'), 2, 0);
    stream.end();
    expect(drain(stream).slice(1)).toEqual([{ type: 'body', length: 104, complete: false }]);
  });
});

describe('sniffing a stream', () => {
  it.each([
    ['GET /', 'yes'],
    ['M-SEARCH * HTTP/1.1', 'yes'],
    ['GE', 'need-more'],
    ['', 'need-more'],
    ['\x81\x05Hello', 'no'],
    [' GET', 'no'],
    ['HTTP/1.1 101', 'no'],
    ['A'.repeat(21), 'no'],
  ])('says whether %j starts a request: %s', (prefix, verdict) => {
    expect(looksLikeHttpRequest(enc(prefix))).toBe(verdict);
  });

  it.each([
    ['HTTP/1.1 101 Switching Protocols', 'yes'],
    ['HTTP/1.0', 'yes'],
    ['HTTP/', 'need-more'],
    ['', 'need-more'],
    ['HTTP/2 200', 'no'],
    ['GET / HTTP/1.1', 'no'],
  ])('says whether %j starts a response: %s', (prefix, verdict) => {
    expect(looksLikeHttpResponse(enc(prefix))).toBe(verdict);
  });
});

describe('properties (fast-check)', () => {
  it('never throws on arbitrary bytes in either role, and only reports known codes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, isRequest) => {
        const stream = new HttpStream(isRequest ? 'request' : 'response', { maxHeaderBytes: 128 });
        stream.push(bytes, 1, 0);
        stream.gap(3);
        stream.push(bytes, 2, 0);
        stream.end();
        for (let e = stream.next(); e !== null; e = stream.next()) {
          if (e.type === 'error') expect(['handshake.malformed', 'handshake.too-large']).toContain(e.code);
        }
        stream.detach();
      }),
    );
  });

  it('gives the same events for any split of a keep-alive conversation', () => {
    const conversation = enc(
      'HTTP/1.1 100 Continue\r\n\r\n' +
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;a=b\r\nWiki\r\n5\r\npedia\r\n0\r\nX-T: 1\r\n\r\n' +
        'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n' +
        'HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found' +
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x00',
    );
    const methods = ['POST', 'HEAD', 'GET', 'GET'];
    const whole = run('response', [conversation], (s) => {
      for (const m of methods) s.expectResponseTo(m);
    });
    expect(whole.events.map((e) => e.type)).toEqual([
      'response',
      'response',
      'body',
      'response',
      'response',
      'body',
      'response',
    ]);
    expect(whole.rest).toBe('\x81\x00');
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: conversation.length - 1 }), { maxLength: 30 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), conversation.length];
        const chunks = points.slice(1).map((end, i) => conversation.subarray(points[i], end));
        expect(
          run('response', chunks, (s) => {
            for (const m of methods) s.expectResponseTo(m);
          }),
        ).toEqual(whole);
      }),
    );
  });
});

describe('upgrades to other protocols', () => {
  it('does not pause after a request to upgrade to something other than websocket', () => {
    const input =
      'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\nGET /next HTTP/1.1\r\n\r\n';
    const { events } = expectSameUnderChunking('request', input);
    expect(events.map((e) => (e.type === 'request' ? e.line : e.type))).toEqual([
      'GET / HTTP/1.1',
      'GET /next HTTP/1.1',
    ]);
  });

  it('pauses after any 101: what follows is another protocol', () => {
    const input = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\nPRI * HTTP/2.0';
    const { events, rest } = expectSameUnderChunking('response', input);
    expect(events.map((e) => e.type)).toEqual(['response']);
    expect(rest).toBe('PRI * HTTP/2.0');
  });
});
