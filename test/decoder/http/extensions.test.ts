import { describe, expect, it } from 'vitest';
import { checkDeflateParams, negotiateDeflate, parseExtensions } from '../../../src/decoder/http/index.js';
import type { ExtensionOffer } from '../../../src/decoder/records.js';

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

describe('RFC 7692 §7 the response answers one of the offers', () => {
  /** Negotiate a response header value against an offer header value. */
  const negotiate = (offers: string, response: string) => negotiateDeflate(parsed(offers), parsed(response)[0]!);

  describe('§7.1.1.1 server_no_context_takeover', () => {
    it('is accepted only by echoing it', () => {
      const result = negotiate('permessage-deflate; server_no_context_takeover', 'permessage-deflate');
      expect(result.problems).toEqual([
        'server accepted permessage-deflate without echoing server_no_context_takeover that the client requested (RFC 7692 §7.1.1.1)',
      ]);
      // Not agreed, so the server may keep its window: inflate its messages with context takeover.
      expect(result.params.serverNoContextTakeover).toBe(false);
    });

    it('is in force when echoed', () => {
      const result = negotiate(
        'permessage-deflate; server_no_context_takeover',
        'permessage-deflate; server_no_context_takeover',
      );
      expect(result.problems).toEqual([]);
      expect(result.params.serverNoContextTakeover).toBe(true);
    });

    it('may be sent by the server when the client did not ask for it', () => {
      const result = negotiate('permessage-deflate', 'permessage-deflate; server_no_context_takeover');
      expect(result.problems).toEqual([]);
      expect(result.params.serverNoContextTakeover).toBe(true);
    });
  });

  describe('§7.1.1.2 client_no_context_takeover', () => {
    it('need not be echoed, and only the response sets it', () => {
      const result = negotiate('permessage-deflate; client_no_context_takeover', 'permessage-deflate');
      expect(result.problems).toEqual([]);
      expect(result.params.clientNoContextTakeover).toBe(false);
    });

    it('may be sent by the server unasked', () => {
      const result = negotiate('permessage-deflate', 'permessage-deflate; client_no_context_takeover');
      expect(result.problems).toEqual([]);
      expect(result.params.clientNoContextTakeover).toBe(true);
    });
  });

  describe('§7.1.2.1 server_max_window_bits', () => {
    it('is accepted only by answering it', () => {
      const result = negotiate('permessage-deflate; server_max_window_bits=10', 'permessage-deflate');
      expect(result.problems).toEqual([
        'server accepted permessage-deflate without server_max_window_bits though the client offered server_max_window_bits=10 (RFC 7692 §7.1.2.1)',
      ]);
      // The server did not agree to a smaller window.
      expect(result.params.serverMaxWindowBits).toBe(15);
    });

    it('is accepted with the same or a smaller value', () => {
      for (const [answer, bits] of [
        ['10', 10],
        ['8', 8],
      ] as const) {
        const result = negotiate(
          'permessage-deflate; server_max_window_bits=10',
          `permessage-deflate; server_max_window_bits=${answer}`,
        );
        expect(result.problems, answer).toEqual([]);
        expect(result.params.serverMaxWindowBits, answer).toBe(bits);
      }
    });

    it('may be sent by the server when the client did not ask for it', () => {
      const result = negotiate('permessage-deflate', 'permessage-deflate; server_max_window_bits=12');
      expect(result.problems).toEqual([]);
      expect(result.params.serverMaxWindowBits).toBe(12);
    });

    it('is not reported twice when the answer has no value', () => {
      expect(
        negotiate('permessage-deflate; server_max_window_bits=10', 'permessage-deflate; server_max_window_bits')
          .problems,
      ).toEqual(['server accepted permessage-deflate with server_max_window_bits but no value']);
    });
  });

  describe('§7.1.2.2 client_max_window_bits', () => {
    it('names a response parameter without a value that the client did not offer', () => {
      expect(negotiate('permessage-deflate', 'permessage-deflate; client_max_window_bits').problems).toEqual([
        'server accepted permessage-deflate with client_max_window_bits but no value',
        'server accepted permessage-deflate with client_max_window_bits but the client did not offer client_max_window_bits',
      ]);
    });

    it('takes an offered value as a hint only: the server may answer with a larger one', () => {
      const result = negotiate(
        'permessage-deflate; client_max_window_bits=10',
        'permessage-deflate; client_max_window_bits=12',
      );
      expect(result.problems).toEqual([]);
      expect(result.params.clientMaxWindowBits).toBe(12);
    });
  });

  describe('§7 invalid offers', () => {
    it('reports a server accepting an offer it must decline', () => {
      expect(negotiate('permessage-deflate; foo=1', 'permessage-deflate').problems).toEqual([
        'server accepted the invalid permessage-deflate offer "permessage-deflate; foo=1" that it must decline (RFC 7692 §7)',
      ]);
    });

    it('finds nothing wrong when a valid fallback offer is the one answered', () => {
      expect(negotiate('permessage-deflate; foo=1, permessage-deflate', 'permessage-deflate').problems).toEqual([]);
    });
  });

  describe('§5.1 several offers', () => {
    // The offers of RFC 7692 §7.1.3's example: a preferred one with a small server window, then a fallback.
    const offers =
      'permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate; client_max_window_bits';

    it.each([
      ['the first offer', 'permessage-deflate; server_max_window_bits=10'],
      [
        'the first offer with a client window',
        'permessage-deflate; server_max_window_bits=10; client_max_window_bits=12',
      ],
      ['the fallback', 'permessage-deflate'],
      ['the fallback with a client window', 'permessage-deflate; client_max_window_bits=12'],
    ])('finds nothing wrong with an answer to %s', (_what, response) => {
      expect(negotiate(offers, response).problems).toEqual([]);
    });

    it('reports the problems against the closest offer when the response answers none', () => {
      // Offer 1 misses only the echo of server_no_context_takeover; offer 2 never offered
      // client_max_window_bits and asked for server_max_window_bits=10.
      const result = negotiate(
        'permessage-deflate; server_no_context_takeover; client_max_window_bits, permessage-deflate; server_max_window_bits=10',
        'permessage-deflate; client_max_window_bits=12',
      );
      expect(result.problems).toEqual([
        'server accepted permessage-deflate without echoing server_no_context_takeover that the client requested (RFC 7692 §7.1.1.1); compared with offer 1 of 2, the closest to the response',
      ]);
    });

    it('takes the earlier offer on a tie', () => {
      const result = negotiate(
        'permessage-deflate; server_max_window_bits=9, permessage-deflate; server_max_window_bits=10',
        'permessage-deflate; server_max_window_bits=11',
      );
      expect(result.problems).toEqual([
        'server accepted permessage-deflate with server_max_window_bits=11 above the 9 the client offered; compared with offer 1 of 2, the closest to the response',
      ]);
    });
  });
});
