// What a connection carries, and the hand-over from HTTP to WebSocket (RFC 6455 §4), driven with
// the tracker's events directly.
import { describe, expect, it } from 'vitest';
import {
  ACCEPT,
  BINARY,
  CLOSE,
  clientFrame,
  closePayload,
  concat,
  Pair,
  serverFrame,
  switching,
  TEXT,
  upgradeRequest,
} from './pair.js';

const text = (s: string) => new TextEncoder().encode(s);
const decoded = (c: Pair) => c.messages().map((m) => `${m.direction} ${m.type} ${m.text ?? ''}`);

describe('classification: what the connection carries', () => {
  it('an upgrade request and its 101 make a WebSocket connection opened by the server', () => {
    const c = new Pair();
    const req = c.data('a', upgradeRequest(), 1.25);
    const res = c.data('b', switching(), 1.5);
    const r = c.record();
    expect(r.kind).toBe('websocket');
    expect(r.rolesGuessed).toBe(false);
    expect(r.handshake?.upgraded).toBe(true);
    expect(r.handshake?.accept.valid).toBe(true);
    expect(r.handshake?.accept.received).toBe(ACCEPT);
    expect(r.handshake?.request?.record).toBe(req);
    expect(r.handshake?.response?.record).toBe(res);
    expect(c.lifecycle()).toEqual([
      'CONNECTING@1 client: TCP SYN sent by the client',
      'OPEN@1.5 server: 101 Switching Protocols',
    ]);
    expect(c.codes()).toEqual([]);
  });

  it('plain HTTP without an upgrade stays http, with its exchange recorded', () => {
    const c = new Pair();
    c.data('a', 'GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n', 1.25);
    c.data('b', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', 1.5);
    c.close('fin', 2);
    const r = c.record();
    expect(r.kind).toBe('http');
    expect(r.httpExchanges.map((x) => `${x.request.target} → ${x.response?.status}`)).toEqual(['/index.html → 200']);
    expect(c.frames()).toEqual([]);
    expect(c.lifecycle()).toEqual([
      'CONNECTING@1 client: TCP SYN sent by the client',
      'CLOSED@2 -: TCP connection closed',
    ]);
  });

  it('frames without a handshake (capture started mid-connection) are decoded and reported', () => {
    const c = new Pair({ synSeen: false });
    // Two frames per side, so each side's framing is plausible on its own; 'a' masks: the client.
    c.data('a', concat(clientFrame(TEXT, 'one'), clientFrame(TEXT, 'two')), 2.25);
    c.data('b', concat(serverFrame(TEXT, 'ONE'), serverFrame(TEXT, 'TWO')), 2.5);
    c.close('end-of-capture', 3);
    const r = c.record();
    expect(r.kind).toBe('websocket-no-handshake');
    expect(r.rolesGuessed).toBe(true);
    expect(r.client).toEqual({ address: '10.0.0.1', port: 50000 });
    expect(c.codes()).toEqual(['handshake.not-seen']);
    expect(decoded(c)).toEqual(['client text one', 'client text two', 'server text ONE', 'server text TWO']);
    expect(c.lifecycle()).toEqual([
      'CONNECTING@1 -: first packet seen (capture started mid-connection)',
      // Decided on the client's two frames alone, at the packet that carried them.
      'OPEN@2.25 -: handshake not captured (first WebSocket frame seen)',
    ]);
  });

  it('mid-connection, masking names the client even when it is the side seen second', () => {
    const c = new Pair({ synSeen: false });
    // Binary payloads prove nothing by themselves: four carrying frames each way, masked by
    // direction, are the evidence (ws-guess.ts: medium), judged once both sides ended.
    const four = (f: typeof serverFrame) => concat(f(BINARY, 'xy'), f(BINARY, 'zw'), f(BINARY, 'uv'), f(BINARY, 'st'));
    c.data('a', four(serverFrame), 2.25);
    c.data('b', four(clientFrame), 2.5);
    c.close('end-of-capture', 3);
    const r = c.record();
    expect(r.kind).toBe('websocket-no-handshake');
    expect(r.guess?.confidence).toBe('medium');
    expect(r.client).toEqual({ address: '10.0.0.2', port: 80 });
    expect(r.server).toEqual({ address: '10.0.0.1', port: 50000 });
    expect(c.messages().map((m) => `${m.direction} ${m.payload.length}`)).toEqual([
      'server 2',
      'server 2',
      'server 2',
      'server 2',
      'client 2',
      'client 2',
      'client 2',
      'client 2',
    ]);
  });

  it('frame-like bytes from the first byte of a captured connection are not WebSocket (RFC 6455 §4: it opens with its upgrade)', () => {
    const c = new Pair(); // the SYN was seen: both streams start in the capture
    c.data('a', concat(clientFrame(TEXT, 'one'), clientFrame(TEXT, 'two')), 1.25);
    c.data('b', concat(serverFrame(TEXT, 'ONE'), serverFrame(TEXT, 'TWO')), 1.5);
    c.close('end-of-capture', 3);
    expect(c.record().kind).toBe('tcp');
    expect(c.frames()).toEqual([]);
    expect(c.codes()).toEqual([]);
  });

  it('after a gap at the start of a captured connection, frames may still be guessed', () => {
    const c = new Pair();
    c.gap('a', 300, 1.25); // the upgrade request was lost, so the start is not in the capture
    c.data('a', concat(clientFrame(TEXT, 'one'), clientFrame(TEXT, 'two')), 2.25);
    c.data('b', concat(serverFrame(TEXT, 'ONE'), serverFrame(TEXT, 'TWO')), 2.5);
    c.close('end-of-capture', 3);
    expect(c.record().kind).toBe('websocket-no-handshake');
    expect(decoded(c)).toEqual(['client text one', 'client text two', 'server text ONE', 'server text TWO']);
  });

  it('bytes that are neither HTTP nor frames are left alone once both sides end', () => {
    const c = new Pair();
    c.data('a', 'SSH-2.0-OpenSSH_9.6\r\n', 1.25);
    c.data('b', 'SSH-2.0-OpenSSH_9.7\r\n', 1.5);
    c.control('a', 'fin', 2);
    c.control('b', 'fin', 2.25);
    c.close('fin', 2.25);
    const r = c.record();
    expect(r.kind).toBe('tcp');
    expect(c.frames()).toEqual([]);
    expect(c.codes()).toEqual([]);
    expect(r.stats.client.bytes).toBe(21);
    expect(r.stats.server.bytes).toBe(21);
  });
});

describe('hand-over: the bytes around the 101 (RFC 6455 §4.1)', () => {
  it('a 101 and the first frame in one segment: the frame starts right after the head', () => {
    const c = new Pair();
    c.data('a', upgradeRequest(), 1.25);
    const head = switching();
    const rec = c.data('b', concat(text(head), serverFrame(TEXT, 'hello')), 1.5);
    const [frame] = c.frames();
    expect(frame?.direction).toBe('server');
    expect(frame?.streamOffset).toBe(head.length);
    expect(frame?.packets).toEqual([rec]);
    expect(decoded(c)).toEqual(['server text hello']);
  });

  it('client frames sent before the 101 are held, then decoded after it, at their own offsets', () => {
    const c = new Pair();
    const req = upgradeRequest();
    c.data('a', req, 1.25);
    const early = c.data('a', clientFrame(TEXT, 'eager'), 1.375);
    expect(c.frames()).toEqual([]);
    c.data('b', switching(), 1.5);
    const [frame] = c.frames();
    expect(frame?.direction).toBe('client');
    expect(frame?.streamOffset).toBe(req.length);
    expect(frame?.packets).toEqual([early]);
    expect(frame?.masked).toBe(true);
    expect(decoded(c)).toEqual(['client text eager']);
  });

  it('a request and an early frame in one segment: the frame is held too', () => {
    const c = new Pair();
    const req = upgradeRequest();
    c.data('a', concat(text(req), clientFrame(TEXT, 'same segment')), 1.25);
    c.data('b', switching(), 1.5);
    expect(c.frames()[0]?.streamOffset).toBe(req.length);
    expect(decoded(c)).toEqual(['client text same segment']);
  });

  it('a refused upgrade (403) returns the connection to HTTP, and a retry on it succeeds', () => {
    const c = new Pair();
    c.data('a', upgradeRequest('/first'), 1.25);
    c.data('b', 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n', 1.5);
    expect(c.record().kind).toBe('rejected');
    c.data('a', upgradeRequest('/second'), 2.25);
    c.data('b', concat(text(switching()), serverFrame(TEXT, 'welcome')), 2.5);
    const r = c.record();
    expect(r.kind).toBe('websocket');
    expect(r.handshake?.request?.target).toBe('/second');
    expect(r.httpExchanges.map((x) => `${x.request.target} → ${x.response?.status}`)).toEqual(['/first → 403']);
    expect(c.findings().map((f) => `${f.code}: ${f.message}`)).toEqual([
      'handshake.rejected: server answered 403 Forbidden instead of 101',
    ]);
    expect(decoded(c)).toEqual(['server text welcome']);
    expect(c.lifecycle()).toEqual([
      'CONNECTING@1 client: TCP SYN sent by the client',
      'OPEN@2.5 server: 101 Switching Protocols',
    ]);
  });

  it('a retry the client sent before the 426 arrived is read as HTTP once the refusal is seen', () => {
    const c = new Pair();
    c.data('a', upgradeRequest('/v8'), 1.25);
    // Held: the client may not send HTTP or frames until the response, but this one did.
    c.data('a', upgradeRequest('/v13'), 1.375);
    c.data('b', 'HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n', 1.5);
    c.data('b', switching(), 1.625);
    const r = c.record();
    expect(r.kind).toBe('websocket');
    expect(r.handshake?.request?.target).toBe('/v13');
    expect(c.findings().map((f) => `${f.code}: ${f.message}`)).toEqual([
      'handshake.rejected: server answered 426 Upgrade Required instead of 101 (it supports sec-websocket-version 13)',
    ]);
  });

  it('held bytes replayed after a refusal may be held again: a retry and a frame sent before both answers', () => {
    const c = new Pair();
    const first = upgradeRequest('/v8');
    const retry = upgradeRequest('/v13');
    c.data('a', first, 1.25);
    c.data('a', concat(text(retry), clientFrame(TEXT, 'eager')), 1.375);
    c.data('b', 'HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n', 1.5);
    expect(c.frames()).toEqual([]);
    c.data('b', switching(), 1.625);
    expect(c.record().handshake?.request?.target).toBe('/v13');
    expect(c.frames()[0]?.streamOffset).toBe(first.length + retry.length);
    expect(decoded(c)).toEqual(['client text eager']);
  });

  it('a request pipelined before the upgrade request gets the first response (RFC 7230 §6.3.2)', () => {
    const c = new Pair();
    c.data('a', `GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n${upgradeRequest()}`, 1.25);
    c.data('b', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 1.5);
    c.data('b', concat(text(switching()), serverFrame(TEXT, 'hi')), 1.75);
    const r = c.record();
    expect(c.codes()).toEqual([]);
    expect(r.kind).toBe('websocket');
    expect(r.httpExchanges.map((x) => `${x.request.target} → ${x.response?.status}`)).toEqual(['/a → 200']);
    expect(r.handshake?.response?.status).toBe(101);
    expect(decoded(c)).toEqual(['server text hi']);
  });

  it('an upgrade request without a response: handshake.no-response at the end, located at the request', () => {
    const c = new Pair();
    const req = c.data('a', upgradeRequest('/silent'), 1.25);
    c.close('rst', 4);
    const [f] = c.findings();
    expect(c.codes()).toEqual(['handshake.no-response']);
    expect(f?.message).toBe('upgrade request for /silent got no response in the capture');
    expect(f?.packet).toBe(req);
    expect(f?.time).toBe(1.25);
    expect(f?.direction).toBe('client');
    const r = c.record();
    // Not refused: nothing answered it in the capture (issue 14 point 5).
    expect(r.kind).toBe('no-response');
    expect(r.handshake?.upgraded).toBe(false);
    expect(r.handshake?.response).toBeNull();
    expect(r.httpExchanges.map((x) => [x.request.target, x.response])).toEqual([['/silent', null]]);
    expect(c.lifecycle()).toEqual(['CONNECTING@1 client: TCP SYN sent by the client', 'CLOSED@4 -: TCP reset']);
  });

  it('a gap in the client stream while waiting for the 101: frames before it decode, the parser then hunts', () => {
    const c = new Pair();
    const req = upgradeRequest();
    c.data('a', req, 1.25);
    c.data('a', clientFrame(TEXT, 'before the gap'), 1.375);
    c.gap('a', 10, 1.4);
    c.data('b', switching(), 1.5);
    const after = c.data('a', clientFrame(TEXT, 'after the 101'), 1.625);
    expect(decoded(c)).toEqual(['client text before the gap']);
    // 'before the gap' is 2 + 4 + 14 = 20 bytes: the gap starts right after it. One frame after
    // the gap is not enough to trust a frame boundary again.
    expect(c.findings().map((f) => `${f.code} ${f.direction} ${f.packet}: ${f.message}`)).toEqual([
      `frame.unsynchronized client ${after}: frame boundaries lost: a gap of 10 bytes at stream offset ${req.length + 20} hides a frame header`,
    ]);
  });

  it('frames after a 101 in the same segment as the response head of a close are decoded in order', () => {
    const c = new Pair();
    c.data('a', upgradeRequest(), 1.25);
    c.data('b', concat(text(switching()), serverFrame(CLOSE, closePayload(1001, 'going away'))), 1.5);
    expect(c.messages()[0]?.close).toEqual({ code: 1001, reason: 'going away' });
  });
});

describe('a 101 with wrong headers: reported, and the frames that follow still decoded (issue 8)', () => {
  const MUST_FAIL = 'a client must fail the connection (RFC 6455 §4.1)';

  it('no Upgrade: websocket: bad-headers, frames both ways decoded, OPEN says it was not properly opened', () => {
    const c = new Pair();
    c.data('a', upgradeRequest(), 1.25);
    const res = c.data(
      'b',
      concat(text(switching(`Connection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n`)), serverFrame(TEXT, 'hi')),
      1.5,
    );
    c.data('a', clientFrame(TEXT, 'hello'), 1.75);
    const r = c.record();
    expect(c.findings().map((f) => `${f.code} ${f.direction} ${f.packet}: ${f.message}`)).toEqual([
      `handshake.bad-headers server ${res}: 101 response upgrade header is missing; expected websocket`,
    ]);
    expect(r.kind).toBe('websocket');
    expect(r.handshake?.upgraded).toBe(false);
    expect(decoded(c)).toEqual(['server text hi', 'client text hello']);
    expect(c.lifecycle()).toEqual([
      'CONNECTING@1 client: TCP SYN sent by the client',
      `OPEN@1.5 server: 101 Switching Protocols, but Upgrade does not name websocket: ${MUST_FAIL}`,
    ]);
  });

  it('no Connection: Upgrade: the same, naming that header', () => {
    const c = new Pair();
    c.data('a', upgradeRequest(), 1.25);
    c.data('b', switching(`Upgrade: websocket\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n`), 1.5);
    c.data('b', serverFrame(BINARY, 'x'), 1.625);
    expect(c.codes()).toEqual(['handshake.bad-headers']);
    expect(decoded(c)).toEqual(['server binary ']);
    expect(c.lifecycle()[1]).toBe(
      `OPEN@1.5 server: 101 Switching Protocols, but Connection does not name Upgrade: ${MUST_FAIL}`,
    );
  });

  it('a wrong Sec-WebSocket-Accept: accept-mismatch, frames decoded, OPEN says so', () => {
    const c = new Pair();
    c.data('a', upgradeRequest(), 1.25);
    c.data(
      'b',
      switching('Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n'),
      1.5,
    );
    c.data('b', serverFrame(TEXT, 'ok'), 1.625);
    expect(c.codes()).toEqual(['handshake.accept-mismatch']);
    expect(decoded(c)).toEqual(['server text ok']);
    expect(c.lifecycle()[1]).toBe(
      `OPEN@1.5 server: 101 Switching Protocols, but Sec-WebSocket-Accept is wrong: ${MUST_FAIL}`,
    );
  });
});
