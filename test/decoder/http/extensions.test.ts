import { describe, expect, it } from 'vitest';
import { checkDeflateParams, negotiateDeflate, parseExtensions } from '../../../src/decoder/http/index.js';
import type { ExtensionOffer } from '../../../src/decoder/model.js';

function parsed(value: string): ExtensionOffer[] {
  const result = parseExtensions(value);
  if (!result.ok) throw new Error(`expected a valid header, got: ${result.message}`);
  return result.extensions;
}

describe('RFC 6455 §9.1 Sec-WebSocket-Extensions grammar', () => {
  it('parses the examples of §9.1', () => {
    expect(parsed('mux; max-channels=4; flow-control, deflate-stream')).toEqual([
      {
        name: 'mux',
        params: [
          ['max-channels', '4'],
          ['flow-control', null],
        ],
      },
      { name: 'deflate-stream', params: [] },
    ]);
    expect(parsed('private-extension')).toEqual([{ name: 'private-extension', params: [] }]);
  });

  it('unquotes quoted-string values', () => {
    expect(parsed('foo; bar="baz"; q="a\\bc"')).toEqual([
      {
        name: 'foo',
        params: [
          ['bar', 'baz'],
          ['q', 'abc'],
        ],
      },
    ]);
  });

  it('allows optional whitespace around ";", "=" and ","', () => {
    expect(parsed(' a ;b = 1\t;  c ,\tz ')).toEqual([
      {
        name: 'a',
        params: [
          ['b', '1'],
          ['c', null],
        ],
      },
      { name: 'z', params: [] },
    ]);
  });

  it('reads several header lines joined with commas as one list, empty elements ignored', () => {
    expect(parsed('permessage-deflate, , x-webkit-deflate-frame,')).toEqual([
      { name: 'permessage-deflate', params: [] },
      { name: 'x-webkit-deflate-frame', params: [] },
    ]);
  });

  it.each([
    ['an empty value', '', 'no extension in ""'],
    ['only commas', ' , ,', 'no extension in " , ,"'],
    ['a missing parameter name', 'foo; =1', 'expected a parameter name at offset 5 ("=1") in "foo; =1"'],
    ['a missing value', 'foo; bar=', 'expected a value for bar at the end in "foo; bar="'],
    ['an unterminated quoted string', 'foo; bar="baz', 'unterminated quoted value for bar in "foo; bar=\\"baz"'],
    ['a quoted value that is not a token', 'foo; bar="a b"', 'quoted value "a b" of bar is not a token'],
    ['a separator inside a name', 'foo/bar', 'expected ";" or "," at offset 3 ("/bar") in "foo/bar"'],
    ['two names without a comma', 'foo bar', 'expected ";" or "," at offset 4 ("bar") in "foo bar"'],
    ['a leading semicolon', '; foo', 'expected an extension name at offset 0 ("; foo") in "; foo"'],
  ])('rejects %s', (_what, value, message) => {
    expect(parseExtensions(value)).toEqual({ ok: false, message });
  });
});

describe('RFC 7692 §7.1 permessage-deflate parameters', () => {
  it('parses the offers of §5.2 / §7.1.3 (two offers, the second a fallback)', () => {
    expect(
      parsed(
        'permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate; client_max_window_bits',
      ),
    ).toEqual([
      {
        name: 'permessage-deflate',
        params: [
          ['client_max_window_bits', null],
          ['server_max_window_bits', '10'],
        ],
      },
      { name: 'permessage-deflate', params: [['client_max_window_bits', null]] },
    ]);
  });

  it('accepts a quoted window bits value (RFC 7692 §7.1.2: quoted-string is allowed)', () => {
    const [offer] = parsed('permessage-deflate; server_max_window_bits="10"');
    expect(checkDeflateParams(offer!, 'offer')).toEqual([]);
  });

  it('finds nothing wrong with valid offers', () => {
    for (const value of [
      'permessage-deflate',
      'permessage-deflate; client_max_window_bits',
      'permessage-deflate; client_max_window_bits=8',
      'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15',
    ]) {
      expect(checkDeflateParams(parsed(value)[0]!, 'offer'), value).toEqual([]);
    }
  });

  it.each([
    [
      'an unknown parameter',
      'permessage-deflate; max_window_bits=10',
      'offer',
      'client offered permessage-deflate with unknown parameter max_window_bits',
    ],
    [
      'a duplicate parameter',
      'permessage-deflate; client_no_context_takeover; client_no_context_takeover',
      'offer',
      'client offered permessage-deflate with client_no_context_takeover more than once',
    ],
    [
      'a value on a no_context_takeover parameter',
      'permessage-deflate; server_no_context_takeover=1',
      'response',
      'server accepted permessage-deflate with server_no_context_takeover=1; it takes no value',
    ],
    [
      'server_max_window_bits without a value',
      'permessage-deflate; server_max_window_bits',
      'offer',
      'client offered permessage-deflate with server_max_window_bits but no value',
    ],
    [
      'window bits below 8',
      'permessage-deflate; server_max_window_bits=7',
      'response',
      'server accepted permessage-deflate with server_max_window_bits=7; expected 8 to 15',
    ],
    [
      'window bits above 15',
      'permessage-deflate; client_max_window_bits=16',
      'offer',
      'client offered permessage-deflate with client_max_window_bits=16; expected 8 to 15',
    ],
    [
      'a leading zero',
      'permessage-deflate; server_max_window_bits=010',
      'response',
      'server accepted permessage-deflate with server_max_window_bits=010; expected 8 to 15',
    ],
    [
      'client_max_window_bits without a value in a response',
      'permessage-deflate; client_max_window_bits',
      'response',
      'server accepted permessage-deflate with client_max_window_bits but no value',
    ],
  ] as const)('reports %s', (_what, value, role, message) => {
    expect(checkDeflateParams(parsed(value)[0]!, role)).toEqual([message]);
  });

  it('uses 15 bits and context takeover by default', () => {
    const result = negotiateDeflate(parsed('permessage-deflate'), parsed('permessage-deflate')[0]!);
    expect(result).toEqual({
      params: {
        serverNoContextTakeover: false,
        clientNoContextTakeover: false,
        serverMaxWindowBits: 15,
        clientMaxWindowBits: 15,
      },
      problems: [],
    });
  });

  it('takes the parameters the server accepted', () => {
    const offers = parsed('permessage-deflate; client_max_window_bits');
    const accepted = parsed('permessage-deflate; server_max_window_bits=12; client_max_window_bits=12')[0]!;
    expect(negotiateDeflate(offers, accepted)).toEqual({
      params: {
        serverNoContextTakeover: false,
        clientNoContextTakeover: false,
        serverMaxWindowBits: 12,
        clientMaxWindowBits: 12,
      },
      problems: [],
    });
  });

  it('reports client_max_window_bits in a response to an offer without it (RFC 7692 §7.1.2.2)', () => {
    const result = negotiateDeflate(
      parsed('permessage-deflate'),
      parsed('permessage-deflate; client_max_window_bits=10')[0]!,
    );
    expect(result.problems).toEqual([
      'server accepted permessage-deflate with client_max_window_bits=10 but the client did not offer client_max_window_bits',
    ]);
    expect(result.params.clientMaxWindowBits).toBe(10);
  });

  it('reports a server window larger than the client allowed (RFC 7692 §7.1.2.1)', () => {
    const result = negotiateDeflate(
      parsed('permessage-deflate; server_max_window_bits=10'),
      parsed('permessage-deflate; server_max_window_bits=12')[0]!,
    );
    expect(result.problems).toEqual([
      'server accepted permessage-deflate with server_max_window_bits=12 above the 10 the client offered',
    ]);
  });

  it('falls back to the default for an invalid value', () => {
    const result = negotiateDeflate(
      parsed('permessage-deflate'),
      parsed('permessage-deflate; server_max_window_bits=99')[0]!,
    );
    expect(result.params.serverMaxWindowBits).toBe(15);
    expect(result.problems).toEqual([
      'server accepted permessage-deflate with server_max_window_bits=99; expected 8 to 15',
    ]);
  });
});
