// RFC 6455 §5.3 unmasking in pieces: byte i of the payload is XORed with key byte i mod 4,
// whatever the piece boundaries, alignment or lengths.
import { describe, expect, it } from 'vitest';
import { unmaskRange } from '../../../../src/decoder/websocket/frames/unmask.js';
import { mulberry32 } from '../../../helpers/rng.js';

/** The RFC's definition, one byte at a time: the reference. */
function reference(masked: Uint8Array, key: number[]): Uint8Array {
  return masked.map((b, i) => b ^ (key[i % 4] as number));
}

describe('RFC 6455 §5.3 unmasking in pieces', () => {
  it('the example of §5.7: masked "Hello" with key 37 fa 21 3d', () => {
    // 0x81 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58: the payload part is 7f 9f 4d 51 58.
    const header = new Uint8Array([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d]);
    const payload = new Uint8Array([0x7f, 0x9f, 0x4d, 0x51, 0x58]);
    unmaskRange(payload, header, 2, 0, 2);
    unmaskRange(payload, header, 2, 2, 5);
    expect(new TextDecoder().decode(payload)).toBe('Hello');
  });

  it('random payloads split at random points match the byte-by-byte definition', () => {
    const r = mulberry32(6455);
    for (let trial = 0; trial < 300; trial++) {
      const length = Math.floor(r() * 5000);
      const key = [0, 1, 2, 3].map(() => Math.floor(r() * 256));
      const keyBuf = new Uint8Array([0xaa, ...key]);
      // Payload at an 8-aligned offset of a bigger buffer, as the parser's slab blocks are.
      const store = new Uint8Array(length + 16);
      const payload = store.subarray(8, 8 + length);
      for (let i = 0; i < length; i++) payload[i] = Math.floor(r() * 256);
      const expected = reference(payload, key);
      let at = 0;
      while (at < length) {
        const next = Math.min(length, at + 1 + Math.floor(r() * (r() < 0.5 ? 7 : 2000)));
        unmaskRange(payload, keyBuf, 1, at, next);
        at = next;
      }
      expect(payload).toEqual(expected);
      expect(store.subarray(0, 8)).toEqual(new Uint8Array(8));
      expect(store.subarray(8 + length)).toEqual(new Uint8Array(8));
    }
  });
});
