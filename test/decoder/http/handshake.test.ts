import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../../src/decoder/http/index.js';
import { checkHandshake, HttpStream } from '../../../src/decoder/http/index.js';
import type { HttpRequestHead, HttpResponseHead } from '../../../src/decoder/records.js';

const FIXTURES = join(__dirname, '../../../fixtures/shared');
const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Parse one head with the stream parser (so these tests also cover the real path). */
function head(role: 'request', text: string): HttpRequestHead;
function head(role: 'response', text: string): HttpResponseHead;
function head(role: 'request' | 'response', text: string): HttpRequestHead | HttpResponseHead {
  const stream = new HttpStream(role, { maxHeaderBytes: 65536 });
  stream.push(enc(text), 1, 0);
  const event: HttpEvent | null = stream.next();
  if (event?.type === 'request' || event?.type === 'response') return event.head;
  throw new Error(`no head parsed: ${JSON.stringify(event)}`);
}

function request(extra = '', base = true): HttpRequestHead {
  const lines = base
    ? 'GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n'
    : '';
  return head('request', lines + extra + '\r\n');
}

function response(extra = '', status = 'HTTP/1.1 101 Switching Protocols'): HttpResponseHead {
  return head(
    'response',
    `${status}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n${extra}\r\n`,
  );
}

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('RFC 6455 §4.1-§4.2 opening handshake', () => {
  it('accepts the handshake of §1.2/§1.3 and keeps every step of the accept derivation', () => {
    const result = checkHandshake(request(), response());
    expect(result.findings).toEqual([]);
    expect(result.handshake.upgraded).toBe(true);
    expect(result.handshake.accept).toEqual({
      key: 'dGhlIHNhbXBsZSBub25jZQ==',
      keyWithGuid: 'dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11',
      sha1Hex: 'b37a4f2cc0624f1690f64606cf385945b2bec4ea',
      expected: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
      received: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
      valid: true,
    });
    expect(result.handshake.deflate).toBeNull();
    expect(result.handshake.subprotocol).toBeNull();
  });

  it('compares header names and tokens case-insensitively and reads comma lists', () => {
    const req = head(
      'request',
      'GET / HTTP/1.1\r\nhost: h\r\nupgrade: h2c, WebSocket\r\nCONNECTION: keep-alive, UPGRADE\r\n' +
        'sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n',
    );
    const res = head(
      'response',
      'HTTP/1.1 101 Switching Protocols\r\nUPGRADE: WEBSOCKET\r\nconnection: upgrade\r\n' +
        'sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n',
    );
    const result = checkHandshake(req, res);
    expect(result.findings).toEqual([]);
    expect(result.handshake.upgraded).toBe(true);
  });

  it.each([
    [
      'a POST',
      'POST / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n',
      'upgrade request method is "POST"; expected GET',
    ],
    [
      'HTTP/1.0',
      'GET / HTTP/1.0\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n',
      'upgrade request version is "HTTP/1.0"; expected HTTP/1.1',
    ],
    [
      'no Host',
      'GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n',
      'upgrade request has no host header',
    ],
    [
      'no Upgrade',
      'GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n',
      'request upgrade header is missing; expected websocket',
    ],
    [
      'a wrong Upgrade',
      'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n',
      'request upgrade header is "h2c"; expected websocket',
    ],
    [
      'Connection: keep-alive',
      'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n',
      'request connection header is "keep-alive"; expected upgrade',
    ],
    [
      'version 8',
      'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n',
      'request sec-websocket-version is "8"; expected 13',
    ],
    [
      'a short key',
      'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n',
      'sec-websocket-key "c2hvcnQ=" is not 16 bytes in base64',
    ],
    [
      'two keys',
      'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n',
      'request has 2 sec-websocket-key headers: "dGhlIHNhbXBsZSBub25jZQ==, dGhlIHNhbXBsZSBub25jZQ=="',
    ],
  ])('reports a request with %s as handshake.bad-headers', (_what, text, message) => {
    const result = checkHandshake(head('request', text + '\r\n'), null);
    expect(result.findings).toEqual([{ code: 'handshake.bad-headers', message, sender: 'client' }]);
  });

  it('reports a request without a key, and cannot check the accept', () => {
    const req = head(
      'request',
      'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    const result = checkHandshake(req, response());
    expect(result.findings).toEqual([
      { code: 'handshake.bad-headers', message: 'request has no sec-websocket-key header', sender: 'client' },
      {
        code: 'handshake.accept-mismatch',
        message:
          'cannot check sec-websocket-accept "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=": the request has no sec-websocket-key',
      },
    ]);
    expect(result.handshake.accept).toMatchObject({ key: null, expected: null, valid: false });
  });

  it('fills what it can without a response, with no finding for the missing response', () => {
    const result = checkHandshake(request('Sec-WebSocket-Protocol: chat, superchat\r\n'), null);
    expect(result.findings).toEqual([]);
    expect(result.handshake).toMatchObject({
      response: null,
      upgraded: false,
      offeredSubprotocols: ['chat', 'superchat'],
      accept: { expected: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=', received: null, valid: false },
    });
  });

  it('reports a wrong Sec-WebSocket-Accept with both values', () => {
    const res = head(
      'response',
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    const result = checkHandshake(request(), res);
    expect(result.findings).toEqual([
      {
        code: 'handshake.accept-mismatch',
        message: 'sec-websocket-accept is "dGhlIHNhbXBsZSBub25jZQ=="; expected "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="',
      },
    ]);
    expect(result.handshake.upgraded).toBe(true);
    expect(result.handshake.accept.valid).toBe(false);
  });

  it('reports a missing Sec-WebSocket-Accept', () => {
    const res = head(
      'response',
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    );
    expect(checkHandshake(request(), res).findings).toEqual([
      {
        code: 'handshake.accept-mismatch',
        message: '101 response has no sec-websocket-accept; expected "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="',
      },
    ]);
  });

  it('counts a 101 without Connection: upgrade as upgraded, but reports it', () => {
    const res = head(
      'response',
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n',
    );
    const result = checkHandshake(request(), res);
    expect(result.handshake.upgraded).toBe(true);
    expect(result.findings).toEqual([
      { code: 'handshake.bad-headers', message: '101 response connection header is missing; expected upgrade' },
    ]);
  });

  it('reports a 101 in HTTP/1.0', () => {
    const result = checkHandshake(request(), response('', 'HTTP/1.0 101 Switching Protocols'));
    expect(result.findings).toEqual([
      { code: 'handshake.bad-headers', message: '101 response version is "HTTP/1.0"; expected HTTP/1.1' },
    ]);
    expect(result.handshake.upgraded).toBe(true);
  });

  it('does not count a 101 to another protocol as a WebSocket upgrade', () => {
    const res = head('response', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n');
    const result = checkHandshake(request(), res);
    expect(result.handshake.upgraded).toBe(false);
    expect(result.findings).toEqual([
      { code: 'handshake.bad-headers', message: '101 response upgrade header is "h2c"; expected websocket' },
    ]);
  });

  it.each([
    ['HTTP/1.1 200 OK', 'server answered 200 OK instead of 101'],
    ['HTTP/1.1 401 Unauthorized', 'server answered 401 Unauthorized instead of 101'],
    ['HTTP/1.1 403', 'server answered 403 instead of 101'],
  ])('reports %s as handshake.rejected', (status, message) => {
    const result = checkHandshake(request(), head('response', status + '\r\nContent-Length: 0\r\n\r\n'));
    expect(result.findings).toEqual([{ code: 'handshake.rejected', message }]);
    expect(result.handshake.upgraded).toBe(false);
    expect(result.handshake.accept.valid).toBe(false);
  });

  it('names the versions a 426 offers (RFC 6455 §4.4)', () => {
    const res = head('response', 'HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13, 8\r\n\r\n');
    expect(checkHandshake(request(), res).findings).toEqual([
      {
        code: 'handshake.rejected',
        message: 'server answered 426 Upgrade Required instead of 101 (it supports sec-websocket-version 13, 8)',
      },
    ]);
  });
});

describe('RFC 6455 §4.1 subprotocols', () => {
  it('collects the offer from several header lines and takes the server choice', () => {
    const req = request('Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Protocol: v2.json\r\n');
    const result = checkHandshake(req, response('Sec-WebSocket-Protocol: superchat\r\n'));
    expect(result.findings).toEqual([]);
    expect(result.handshake.offeredSubprotocols).toEqual(['chat', 'superchat', 'v2.json']);
    expect(result.handshake.subprotocol).toBe('superchat');
  });

  it('reports a subprotocol the client did not offer', () => {
    const result = checkHandshake(
      request('Sec-WebSocket-Protocol: chat\r\n'),
      response('Sec-WebSocket-Protocol: mqtt\r\n'),
    );
    expect(result.findings).toEqual([
      {
        code: 'handshake.subprotocol-not-offered',
        message: 'server chose subprotocol "mqtt"; the client offered "chat"',
      },
    ]);
    expect(result.handshake.subprotocol).toBe('mqtt');
  });

  it('reports a subprotocol chosen when none was offered', () => {
    expect(codes(checkHandshake(request(), response('Sec-WebSocket-Protocol: chat\r\n')))).toEqual([
      'handshake.subprotocol-not-offered',
    ]);
  });
});

describe('RFC 6455 §9.1 and RFC 7692 extension negotiation', () => {
  it('fills the deflate parameters the server accepted', () => {
    const result = checkHandshake(
      request('Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n'),
      response(
        'Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=12; client_max_window_bits=12\r\n',
      ),
    );
    expect(result.findings).toEqual([]);
    expect(result.handshake.offeredExtensions).toEqual([
      { name: 'permessage-deflate', params: [['client_max_window_bits', null]] },
    ]);
    expect(result.handshake.deflate).toEqual({
      serverNoContextTakeover: false,
      clientNoContextTakeover: false,
      serverMaxWindowBits: 12,
      clientMaxWindowBits: 12,
    });
  });

  it('reports an extension the client did not offer', () => {
    const result = checkHandshake(request(), response('Sec-WebSocket-Extensions: permessage-deflate\r\n'));
    expect(result.findings).toEqual([
      {
        code: 'extension.not-negotiated',
        message: 'server accepted extension "permessage-deflate" that the client did not offer',
      },
    ]);
    // Frames will carry RSV1 anyway: decode them with the defaults.
    expect(result.handshake.deflate).toMatchObject({ serverMaxWindowBits: 15, clientMaxWindowBits: 15 });
  });

  it('reports bad parameters in the offer and in the response', () => {
    const result = checkHandshake(
      request('Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=20\r\n'),
      response(
        'Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; server_no_context_takeover\r\n',
      ),
    );
    expect(result.findings).toEqual([
      {
        code: 'extension.bad-parameters',
        message: 'client offered permessage-deflate with server_max_window_bits=20; expected 8 to 15',
        sender: 'client',
      },
      {
        code: 'extension.bad-parameters',
        message: 'server accepted permessage-deflate with server_no_context_takeover more than once',
      },
      {
        // RFC 7692 §7: a server MUST decline an offer with an invalid parameter value.
        code: 'extension.bad-parameters',
        message:
          'server accepted the invalid permessage-deflate offer "permessage-deflate; server_max_window_bits=20" that it must decline (RFC 7692 §7)',
      },
    ]);
    expect(result.handshake.deflate?.serverNoContextTakeover).toBe(true);
  });

  it('reports the same extension accepted twice', () => {
    const result = checkHandshake(
      request('Sec-WebSocket-Extensions: permessage-deflate\r\n'),
      response('Sec-WebSocket-Extensions: permessage-deflate\r\nSec-WebSocket-Extensions: permessage-deflate\r\n'),
    );
    expect(result.findings).toEqual([
      { code: 'extension.bad-parameters', message: 'server accepted extension "permessage-deflate" twice' },
    ]);
  });

  it('reports an unparsable extensions header', () => {
    const result = checkHandshake(request('Sec-WebSocket-Extensions: permessage-deflate; =\r\n'), null);
    expect(result.findings).toEqual([
      {
        code: 'handshake.bad-headers',
        message:
          'request sec-websocket-extensions: expected a parameter name at offset 20 ("=") in "permessage-deflate; ="',
        sender: 'client',
      },
    ]);
  });

  it('blames the server for a requested server_no_context_takeover it did not echo (RFC 7692 §7.1.1.1)', () => {
    const result = checkHandshake(
      request('Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n'),
      response('Sec-WebSocket-Extensions: permessage-deflate\r\n'),
    );
    // No sender: the offending header is the response's.
    expect(result.findings).toEqual([
      {
        code: 'extension.bad-parameters',
        message:
          'server accepted permessage-deflate without echoing server_no_context_takeover that the client requested (RFC 7692 §7.1.1.1)',
      },
    ]);
    // The server did not agree to drop its window, so it may keep it.
    expect(result.handshake.deflate).toEqual({
      serverNoContextTakeover: false,
      clientNoContextTakeover: false,
      serverMaxWindowBits: 15,
      clientMaxWindowBits: 15,
    });
  });

  it('blames the server for a requested server_max_window_bits it did not answer (RFC 7692 §7.1.2.1)', () => {
    const result = checkHandshake(
      request('Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10\r\n'),
      response('Sec-WebSocket-Extensions: permessage-deflate\r\n'),
    );
    expect(result.findings).toEqual([
      {
        code: 'extension.bad-parameters',
        message:
          'server accepted permessage-deflate without server_max_window_bits though the client offered server_max_window_bits=10 (RFC 7692 §7.1.2.1)',
      },
    ]);
    expect(result.handshake.deflate?.serverMaxWindowBits).toBe(15);
  });

  it('accepts an answer to the fallback offer of several (RFC 7692 §5.1)', () => {
    const result = checkHandshake(
      request(
        'Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; server_max_window_bits=10\r\n' +
          'Sec-WebSocket-Extensions: permessage-deflate\r\n',
      ),
      response('Sec-WebSocket-Extensions: permessage-deflate\r\n'),
    );
    expect(result.findings).toEqual([]);
  });

  it('ignores the extension headers of a rejection', () => {
    const res = head('response', 'HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Extensions: foo\r\n\r\n');
    const result = checkHandshake(request(), res);
    expect(codes(result)).toEqual(['handshake.rejected']);
    expect(result.handshake.extensions).toEqual([]);
  });
});

// ---------------------------------------------------------------- real captures

/** tshark field name -> header name, for rebuilding the heads tshark decoded. */
const HEADER_FIELDS: [string, string][] = [
  ['http.host', 'Host'],
  ['http.upgrade', 'Upgrade'],
  ['http.connection', 'Connection'],
  ['http.sec_websocket_key', 'Sec-WebSocket-Key'],
  ['http.sec_websocket_version', 'Sec-WebSocket-Version'],
  ['http.sec_websocket_extensions', 'Sec-WebSocket-Extensions'],
  ['http.sec_websocket_accept', 'Sec-WebSocket-Accept'],
  ['http.user_agent', 'User-Agent'],
  ['http.content_length_header', 'Content-Length'],
];

type OracleHead = Record<string, string>;

function rebuild(fields: OracleHead, startLine: string): string {
  let text = startLine + '\r\n';
  for (const [field, name] of HEADER_FIELDS) if (fields[field] !== undefined) text += `${name}: ${fields[field]}\r\n`;
  return text + '\r\n';
}

interface Case {
  file: string;
  request: string;
  response: string;
  acceptMatches: boolean | undefined;
  expectedAccept: string | undefined;
  status: number;
}

function fixtureCases(): Case[] {
  const cases: Case[] = [];
  for (const file of readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.oracle.json'))
    .sort()) {
    const oracle = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
    for (const hs of oracle.handshakes) {
      const q: OracleHead = hs.requests[0];
      const r: OracleHead = hs.responses[0];
      cases.push({
        file: `${file} stream ${hs.tcp_stream}`,
        request: rebuild(q, `${q['http.request.method']} ${q['http.request.uri']} ${q['http.request.version']}`),
        response: rebuild(r, `${r['http.response.version']} ${r['http.response.code']} ${r['http.response.phrase']}`),
        acceptMatches: hs.accept_matches,
        expectedAccept: hs.accept_expected_from_key,
        status: Number(r['http.response.code']),
      });
    }
  }
  return cases;
}

describe('handshakes of the shared captures (as tshark decoded them)', () => {
  const cases = fixtureCases();

  it('covers all handshakes', () => {
    expect(cases.length).toBe(22);
  });

  it.each(cases.map((c) => [c.file, c] as const))('agrees with tshark on %s', (_name, c) => {
    const result = checkHandshake(head('request', c.request), head('response', c.response));
    expect(result.handshake.upgraded).toBe(c.status === 101);
    if (c.status === 101) {
      expect(result.handshake.accept.valid).toBe(c.acceptMatches);
      expect(result.handshake.accept.expected).toBe(c.expectedAccept);
      expect(codes(result)).toEqual(c.acceptMatches ? [] : ['handshake.accept-mismatch']);
    } else {
      expect(codes(result)).toContain('handshake.rejected');
    }
  });

  const byFile = (prefix: string) => cases.filter((c) => c.file.startsWith(prefix));
  const check = (c: Case) => checkHandshake(head('request', c.request), head('response', c.response));

  it('finds the deliberately wrong accept of 07a', () => {
    const [c] = byFile('07a_');
    expect(check(c!).findings).toEqual([
      {
        code: 'handshake.accept-mismatch',
        // the expected value is tshark's accept_expected_from_key for this key
        message: 'sec-websocket-accept is "dGhlIHNhbXBsZSBub25jZQ=="; expected "KkhBnFtlqBXzcOIQXncRwBv/ewg="',
      },
    ]);
  });

  it('reads the 401 and the 426 of 07c as rejections (the second request also offers version 8)', () => {
    const [first, second] = byFile('07c_');
    expect(check(first!).findings).toEqual([
      { code: 'handshake.rejected', message: 'server answered 401 Unauthorized instead of 101' },
    ]);
    expect(check(second!).findings).toEqual([
      { code: 'handshake.bad-headers', message: 'request sec-websocket-version is "8"; expected 13', sender: 'client' },
      { code: 'handshake.rejected', message: 'server answered 426 Upgrade Required instead of 101' },
    ]);
  });

  it('reads the deflate parameters of 02a (window bits 12) and 02b (no context takeover)', () => {
    expect(check(byFile('02a_')[0]!).handshake.deflate).toEqual({
      serverNoContextTakeover: false,
      clientNoContextTakeover: false,
      serverMaxWindowBits: 12,
      clientMaxWindowBits: 12,
    });
    expect(check(byFile('02b_')[0]!).handshake.deflate).toEqual({
      serverNoContextTakeover: true,
      clientNoContextTakeover: true,
      serverMaxWindowBits: 15,
      clientMaxWindowBits: 15,
    });
  });
});
