import { describe, expect, it } from 'vitest';
import { scoreWebSocketStream } from '../../../../src/decoder/websocket/frames/index.js';
import { concat, frame, hexBytes, randomBytes, text } from './helpers.js';

const KEY = [0x37, 0xfa, 0x21, 0x3d];

describe('scoreWebSocketStream on hand-built frames', () => {
  it('finds two consecutive server frames plausible', () => {
    // 0x81 0x05 "Hello", 0x89 0x00 (empty ping)
    expect(scoreWebSocketStream(hexBytes('810548656c6c6f 8900'))).toEqual({
      frames: 2,
      masked: false,
      plausible: true,
    });
  });

  it('finds one masked text frame covering the buffer exactly plausible', () => {
    // RFC 6455 §5.7 masked "Hello"
    expect(scoreWebSocketStream(hexBytes('818537fa213d7f9f4d5158'))).toEqual({
      frames: 1,
      masked: true,
      plausible: true,
    });
  });

  it('does not trust one ping frame, or one frame that is cut short, alone', () => {
    expect(scoreWebSocketStream(hexBytes('890548656c6c6f')).plausible).toBe(false);
    expect(scoreWebSocketStream(hexBytes('810548656c')).plausible).toBe(false);
  });

  it('counts a final partial frame and stays plausible', () => {
    const bytes = concat(
      frame({ opcode: 1, payload: text('one') }),
      frame({ opcode: 1, payload: text('two') }),
      hexBytes('8205aabb'),
    );
    expect(scoreWebSocketStream(bytes)).toEqual({ frames: 3, masked: false, plausible: true });
  });

  it('accepts RSV1 on data frames (permessage-deflate) but not RSV2/RSV3', () => {
    const rsv1 = concat(frame({ opcode: 1, rsv: 0b100, payload: text('a') }), frame({ opcode: 2, rsv: 0b100 }));
    expect(scoreWebSocketStream(rsv1).plausible).toBe(true);
    const rsv2 = concat(frame({ opcode: 1, rsv: 0b010, payload: text('a') }), frame({ opcode: 2 }));
    expect(scoreWebSocketStream(rsv2)).toMatchObject({ frames: 0, plausible: false });
  });

  it('reports mixed masking and finds it implausible', () => {
    const bytes = concat(
      frame({ opcode: 1, mask: KEY, payload: text('a') }),
      frame({ opcode: 1, payload: text('b') }),
      frame({ opcode: 1, payload: text('c') }),
    );
    expect(scoreWebSocketStream(bytes)).toEqual({ frames: 1, masked: 'mixed', plausible: false });
  });

  it('rejects long or fragmented control frames, non-minimal lengths and broken fragmentation order', () => {
    const ok = frame({ opcode: 1, payload: text('x') });
    expect(scoreWebSocketStream(concat(ok, frame({ opcode: 9, payload: new Uint8Array(126) }))).plausible).toBe(false);
    expect(scoreWebSocketStream(concat(ok, frame({ opcode: 9, fin: false }))).plausible).toBe(false);
    expect(scoreWebSocketStream(concat(ok, frame({ opcode: 1, payload: text('y'), lengthForm: 16 }))).plausible).toBe(
      false,
    );
    // a continuation after a final frame
    expect(scoreWebSocketStream(concat(ok, frame({ opcode: 0, payload: text('y') }))).plausible).toBe(false);
    // a new text message inside a fragmented one
    expect(scoreWebSocketStream(concat(frame({ opcode: 1, fin: false }), ok)).plausible).toBe(false);
    // a fragmented message with a ping in between is fine
    expect(
      scoreWebSocketStream(
        concat(frame({ opcode: 1, fin: false }), frame({ opcode: 9 }), frame({ opcode: 0, payload: text('z') })),
      ).plausible,
    ).toBe(true);
  });

  it('rejects a chain whose declared length does not land on a header', () => {
    // 0x81 0x05 then only "Hel" and junk 0xff: the length runs to a reserved-opcode byte
    expect(scoreWebSocketStream(hexBytes('810548656c6c6f ff00 8100')).plausible).toBe(false);
  });
});

describe('scoreWebSocketStream on things that are not WebSocket framing', () => {
  it('finds HTTP text implausible', () => {
    for (const s of [
      'GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n\r\n',
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n',
      'POST /api HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}',
      '{"hello":"world"}',
    ]) {
      expect(scoreWebSocketStream(text(s)).plausible).toBe(false);
    }
  });

  it('finds random bytes implausible (1000 seeded buffers)', () => {
    let plausible = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      if (scoreWebSocketStream(randomBytes(64 + (seed % 1000), seed)).plausible) plausible++;
    }
    // Two chained random headers pass with roughly 1/2000 odds; allow a handful, not more.
    expect(plausible).toBeLessThanOrEqual(3);
  });

  it('finds an empty buffer implausible', () => {
    expect(scoreWebSocketStream(new Uint8Array(0))).toEqual({ frames: 0, masked: false, plausible: false });
  });

  it('walks at most a bounded number of frames on a huge buffer', () => {
    const many = concat(...Array.from({ length: 5000 }, () => frame({ opcode: 2, payload: new Uint8Array(3) })));
    expect(scoreWebSocketStream(many)).toEqual({ frames: 256, masked: false, plausible: true });
  });
});
