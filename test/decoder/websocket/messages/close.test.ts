import { describe, expect, it } from 'vitest';
import { describeCloseCode, isValidCloseCode } from '../../../../src/decoder/index.js';
import { parseClosePayload } from '../../../../src/decoder/websocket/messages/close.js';
import { hex } from '../../../helpers/pcap-writer.js';

describe('RFC 6455 §5.5.1 close frame body', () => {
  it('reads an empty body as no status code', () => {
    expect(parseClosePayload(new Uint8Array(0))).toEqual({ close: { code: null, reason: '' }, problems: [] });
  });

  it('reads code 1000 with reason "bye"', () => {
    // 03 e8 = 1000; 62 79 65 = "bye"
    expect(parseClosePayload(hex('03e8627965'))).toEqual({ close: { code: 1000, reason: 'bye' }, problems: [] });
  });

  it('reads code 4000 with a UTF-8 reason', () => {
    // 0f a0 = 4000; "é" = c3 a9
    expect(parseClosePayload(hex('0fa0c3a9')).close).toEqual({ code: 4000, reason: 'é' });
  });

  it('reports a 1-byte body', () => {
    const r = parseClosePayload(hex('03'));
    expect(r.close.code).toBeNull();
    expect(r.problems).toEqual([
      {
        code: 'close.invalid-payload',
        message: 'close frame body of 1 byte; expected 0 or at least 2 (a status code)',
      },
    ]);
  });

  it('reports a reason that is not UTF-8 and decodes it lossily', () => {
    // 03 e8 = 1000; "a" ff "b"
    const r = parseClosePayload(hex('03e861ff62'));
    expect(r.close).toEqual({ code: 1000, reason: 'a\uFFFDb' });
    expect(r.problems).toEqual([
      { code: 'close.invalid-payload', message: 'close reason is not valid utf-8 (invalid sequence at reason byte 1)' },
    ]);
  });

  it('reports 1005 on the wire, naming the code and why', () => {
    // 03 ed = 1005
    expect(parseClosePayload(hex('03ed')).problems).toEqual([
      {
        code: 'close.invalid-code',
        message: "close code 1005 is reserved for 'no status received' and must not be sent",
      },
    ]);
  });
});

describe('RFC 6455 §7.4 close codes', () => {
  const valid = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999];
  const invalid = [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535];

  it.each(valid)('accepts %i', (code) => expect(isValidCloseCode(code)).toBe(true));
  it.each(invalid)('rejects %i', (code) => expect(isValidCloseCode(code)).toBe(false));

  it.each([
    [999, 'close code 999 is below 1000 and unused'],
    [1004, 'close code 1004 is reserved and must not be sent'],
    [1006, "close code 1006 is reserved for 'abnormal closure' and must not be sent"],
    [1015, "close code 1015 is reserved for 'tls handshake failure' and must not be sent"],
    [1016, 'close code 1016 is reserved for future websocket rfcs (1016-2999)'],
    [2999, 'close code 2999 is reserved for future websocket rfcs (1016-2999)'],
    [5000, 'close code 5000 is above 4999 and undefined'],
  ])('explains why %i is invalid', (code, message) => {
    const body = new Uint8Array([code >> 8, code & 0xff]);
    expect(parseClosePayload(body).problems).toEqual([{ code: 'close.invalid-code', message }]);
  });

  it.each([
    [1000, 'Normal Closure'],
    [1001, 'Going Away'],
    [1005, 'No Status Received'],
    [1011, 'Internal Error'],
    [1012, 'Service Restart'],
    [1013, 'Try Again Later'],
    [1014, 'Bad Gateway'],
    [1015, 'TLS Handshake'],
    [3000, 'Registered'],
    [4000, 'Private use'],
    [2000, 'Invalid'],
  ])('names %i', (code, name) => expect(describeCloseCode(code).name).toBe(name));

  it('keeps one table: wire flag, name and meaning of each registered code', () => {
    // RFC 6455 §7.4.1: 1005, 1006 and 1015 are for APIs; 1004 is reserved.
    expect([1004, 1005, 1006, 1015].map((c) => describeCloseCode(c).wire)).toEqual([false, false, false, false]);
    expect(describeCloseCode(1007)).toMatchObject({ name: 'Invalid Frame Payload Data', wire: true });
    expect(describeCloseCode(3001)).toMatchObject({ name: 'Registered', wire: true });
    expect(describeCloseCode(4001)).toMatchObject({ name: 'Private use', wire: true });
    expect(describeCloseCode(2000)).toMatchObject({ name: 'Invalid', wire: false });
    expect(describeCloseCode(null)).toMatchObject({ name: 'No code', wire: true });
  });
});
