// The conversation across both directions: ping/pong (RFC 6455 §5.5.2-3), the close handshake
// (§5.5.1, §7) and the lifecycle (CONNECTING → OPEN → CLOSING → CLOSED). Times are chosen to be
// exact in binary, so round trips are compared exactly.
import { describe, expect, it } from 'vitest';
import { CLOSE, clientFrame, closePayload, opened, PING, PONG, serverFrame, TEXT } from './pair.js';

const OPENING = ['CONNECTING@1 client: TCP SYN sent by the client', 'OPEN@1.5 server: 101 Switching Protocols'];

describe('RFC 6455 §5.5.2-3 ping and pong', () => {
  it('a pong answers the other side’s ping with the same payload; the round trip is the time between them', () => {
    const c = opened();
    c.data('a', clientFrame(PING, 'p1'), 2);
    c.data('b', serverFrame(PONG, 'p1'), 2.125);
    c.data('b', serverFrame(PING, 's'), 3.5);
    c.data('a', clientFrame(PONG, 's'), 3.75);
    const [ping1, pong1, ping2, pong2] = c.messages();
    expect(pong1?.pingId).toBe(ping1?.id);
    expect(pong1?.rtt).toBe(0.125);
    expect(pong2?.pingId).toBe(ping2?.id);
    expect(pong2?.rtt).toBe(0.25);
    expect(ping1?.rtt).toBeNull();
    expect(c.codes()).toEqual([]);
  });

  it('pongs answering two outstanding pings out of order pair by payload', () => {
    const c = opened();
    c.data('a', clientFrame(PING, 'first'), 2);
    c.data('a', clientFrame(PING, 'second'), 2.5);
    c.data('b', serverFrame(PONG, 'second'), 2.625);
    c.data('b', serverFrame(PONG, 'first'), 3);
    const [first, second, pongSecond, pongFirst] = c.messages();
    expect([pongSecond?.pingId, pongSecond?.rtt]).toEqual([second?.id, 0.125]);
    expect([pongFirst?.pingId, pongFirst?.rtt]).toEqual([first?.id, 1]);
  });

  it('a pong that matches no ping is unsolicited (allowed as a heartbeat, but reported)', () => {
    const c = opened();
    const rec = c.data('b', serverFrame(PONG, 'beat'), 2);
    const [pong] = c.messages();
    expect(pong?.pingId).toBeNull();
    expect(pong?.rtt).toBeNull();
    expect(pong?.findings).toEqual(['pong.unsolicited']);
    expect(c.findings().map((f) => `${f.code} ${f.direction} ${f.packet} ${f.messageId}: ${f.message}`)).toEqual([
      `pong.unsolicited server ${rec} ${pong?.id}: pong from the server matches no ping from the client`,
    ]);
  });

  it('a pong does not answer a ping from its own side', () => {
    const c = opened();
    c.data('a', clientFrame(PING, 'x'), 2);
    c.data('a', clientFrame(PONG, 'x'), 2.5);
    expect(c.messages()[1]?.pingId).toBeNull();
    expect(c.codes()).toEqual(['pong.unsolicited']);
    // The ping is still waiting for the server's answer.
    c.data('b', serverFrame(PONG, 'x'), 3);
    expect(c.messages()[2]?.rtt).toBe(1);
  });
});

describe('RFC 6455 §7 the close handshake and the lifecycle', () => {
  it('client closes first, the server answers, then TCP ends: a clean close', () => {
    const c = opened();
    c.data('a', clientFrame(CLOSE, closePayload(1000, 'bye')), 5);
    c.data('b', serverFrame(CLOSE, closePayload(1000)), 5.25);
    c.close('fin', 6);
    const r = c.record();
    expect(r.closedBy).toBe('client');
    expect(r.cleanClose).toBe(true);
    expect(c.lifecycle()).toEqual([
      ...OPENING,
      'CLOSING@5 client: client sent close 1000 "bye"',
      'CLOSED@6 -: TCP FIN after a clean close handshake',
    ]);
    expect(c.codes()).toEqual([]);
  });

  it('the server closes first and the TCP reset follows before any answer: a one-sided close', () => {
    const c = opened();
    c.data('b', serverFrame(CLOSE, closePayload(1001, 'going away')), 5);
    c.close('rst', 5.5);
    const r = c.record();
    expect(r.closedBy).toBe('server');
    expect(r.cleanClose).toBe(false);
    expect(c.lifecycle()).toEqual([
      ...OPENING,
      'CLOSING@5 server: server sent close 1001 "going away"',
      'CLOSED@5.5 -: TCP reset after a one-sided close',
    ]);
    expect(c.codes()).toEqual([]);
  });

  it('a close frame without a code says so in the lifecycle', () => {
    const c = opened();
    c.data('b', serverFrame(CLOSE), 5);
    expect(c.lifecycle()[2]).toBe('CLOSING@5 server: server sent close');
  });

  it('TCP FIN without any close frame: close.missing', () => {
    const c = opened();
    c.data('a', clientFrame(TEXT, 'hi'), 2);
    c.close('fin', 3);
    expect(c.findings().map((f) => `${f.code} ${f.packet} ${f.time}: ${f.message}`)).toEqual([
      'close.missing 5 3: connection ended by TCP FIN without a WebSocket close frame',
    ]);
    expect(c.lifecycle()).toEqual([...OPENING, 'CLOSED@3 -: TCP FIN without a close handshake']);
  });

  it('TCP reset without any close frame: close.missing names the reset', () => {
    const c = opened();
    c.close('rst', 3);
    expect(c.findings().map((f) => f.message)).toEqual([
      'connection ended by a TCP reset without a WebSocket close frame',
    ]);
  });

  it('the end of the capture is not the end of the connection: no close.missing, no CLOSED', () => {
    const c = opened();
    c.close('end-of-capture', 3);
    expect(c.codes()).toEqual([]);
    expect(c.lifecycle()).toEqual(OPENING);
  });

  it('a data frame after the sender’s own close: close.data-after-close on the frame and as a finding', () => {
    const c = opened();
    c.data('a', clientFrame(CLOSE, closePayload(1000)), 5);
    const rec = c.data('a', clientFrame(TEXT, 'one more thing'), 5.125);
    const late = c.frames()[1];
    expect(late?.findings).toEqual(['close.data-after-close']);
    expect(c.findings().map((f) => `${f.code} ${f.direction} ${f.packet} ${f.frameId}: ${f.message}`)).toEqual([
      `close.data-after-close client ${rec} ${late?.id}: client sent a text frame after its close frame`,
    ]);
    // The other side may still send until it answers the close.
    c.data('b', serverFrame(TEXT, 'still talking'), 5.25);
    expect(c.frames()[2]?.findings).toEqual([]);
  });

  it('an earlier close that surfaces late (bytes released out of order) takes over CLOSING', () => {
    const c = opened();
    c.data('b', serverFrame(CLOSE, closePayload(1000)), 5.5);
    // The client's close was captured at t=5 but reaches the decoder after the server's.
    c.data('a', clientFrame(CLOSE, closePayload(1000)), 5);
    const r = c.record();
    expect(r.closedBy).toBe('client');
    expect(r.cleanClose).toBe(true);
    expect(c.lifecycle()).toEqual([...OPENING, 'CLOSING@5 client: client sent close 1000']);
  });
});
