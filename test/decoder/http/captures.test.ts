// The opening handshakes of the shared captures as raw wire bytes (extracted by tshark's own TCP
// reassembly: fixtures/extract-handshakes.py), fed through the stream parser and the checks.
// Expected verdicts come from the oracle (tshark) and intent files, never from our code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../../src/decoder/http/index.js';
import { checkHandshake, HttpStream } from '../../../src/decoder/http/index.js';
import { httpHeadEnd } from '../../helpers/pcap-reader.js';

const FIXTURES = join(__dirname, '../../../fixtures/shared');

interface RawCase {
  file: string;
  tcp_stream: number;
  client_hex: string;
  server_hex: string;
}

const raw: { cases: RawCase[] } = JSON.parse(readFileSync(join(__dirname, 'fixtures/handshakes.json'), 'utf8'));

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

/** Push in pieces of 1..17 bytes (deterministic), each piece a new "packet" record. */
function feed(stream: HttpStream, bytes: Uint8Array): HttpEvent[] {
  const events: HttpEvent[] = [];
  let record = 1;
  for (let i = 0; i < bytes.length; record++) {
    const n = 1 + ((record * 7) % 17);
    stream.push(bytes.subarray(i, i + n), record, record / 10);
    i += n;
    for (let e = stream.next(); e !== null; e = stream.next()) events.push(e);
  }
  return events;
}

function oracleFor(c: RawCase) {
  const oracle = JSON.parse(readFileSync(join(FIXTURES, `${c.file}.oracle.json`), 'utf8'));
  return oracle.handshakes.find((h: { tcp_stream: number }) => h.tcp_stream === c.tcp_stream);
}

describe('RFC 6455 §4 handshakes of the shared captures, from the wire bytes', () => {
  it('has every handshake', () => {
    expect(raw.cases).toHaveLength(22);
  });

  it.each(raw.cases.map((c) => [`${c.file} stream ${c.tcp_stream}`, c] as const))('%s', (_name, c) => {
    const hs = oracleFor(c);
    const client = fromHex(c.client_hex);
    const server = fromHex(c.server_hex);

    const requests = new HttpStream('request', { maxHeaderBytes: 65536 });
    const requestEvents = feed(requests, client);
    expect(requestEvents.map((e) => e.type)).toEqual(['request']);
    const request = requestEvents[0]!.type === 'request' ? requestEvents[0]!.head : null;
    expect(request!.raw).toEqual(client.subarray(0, httpHeadEnd(client)));
    expect(request!.target).toBe(hs.requests[0]['http.request.uri']);
    // The upgrade request pauses the stream: what follows is frames, handed over untouched.
    expect(requests.detach()).toEqual(client.subarray(httpHeadEnd(client)));

    const responses = new HttpStream('response', { maxHeaderBytes: 65536 });
    responses.expectResponseTo(request!.method);
    const responseEvents = feed(responses, server);
    const response = responseEvents[0]?.type === 'response' ? responseEvents[0].head : null;
    expect(response!.status).toBe(Number(hs.responses[0]['http.response.code']));
    expect(response!.reason).toBe(hs.responses[0]['http.response.phrase']);

    const result = checkHandshake(request!, response);
    const codes = result.findings.map((f) => f.code);
    if (response!.status === 101) {
      expect(responseEvents).toHaveLength(1);
      expect(responses.detach()).toEqual(server.subarray(httpHeadEnd(server)));
      expect(result.handshake.upgraded).toBe(true);
      expect(result.handshake.accept.valid).toBe(hs.accept_matches);
      expect(result.handshake.accept.expected).toBe(hs.accept_expected_from_key);
      expect(result.handshake.accept.received).toBe(hs.responses[0]['http.sec_websocket_accept']);
      expect(codes).toEqual(hs.accept_matches ? [] : ['handshake.accept-mismatch']);
    } else {
      const length = Number(hs.responses[0]['http.content_length_header']);
      expect(responseEvents.slice(1)).toEqual([{ type: 'body', length, complete: true }]);
      expect(result.handshake.upgraded).toBe(false);
      expect(codes).toContain('handshake.rejected');
    }
  });

  it('names what the 426 of 07c says it supports, and the version 8 the client asked for', () => {
    const c = raw.cases.find((x) => x.file.startsWith('07c_') && x.tcp_stream === 1)!;
    const requests = new HttpStream('request', { maxHeaderBytes: 65536 });
    const responses = new HttpStream('response', { maxHeaderBytes: 65536 });
    const [req] = feed(requests, fromHex(c.client_hex));
    const [res] = feed(responses, fromHex(c.server_hex));
    if (req?.type !== 'request' || res?.type !== 'response') throw new Error('heads not parsed');
    expect(checkHandshake(req.head, res.head).findings).toEqual([
      { code: 'handshake.bad-headers', message: 'request sec-websocket-version is "8"; expected 13', sender: 'client' },
      {
        code: 'handshake.rejected',
        message: 'server answered 426 Upgrade Required instead of 101 (it supports sec-websocket-version 13)',
      },
    ]);
  });
});
