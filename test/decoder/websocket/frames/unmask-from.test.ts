// unmaskFrom (unmask.ts): payloads read back from the file by the app's worker, four bytes at a time where the buffer
// allows: the same bytes as RFC 6455 §5.3's byte-by-byte rule, whatever the payload's alignment
// in its buffer, its length, and where its key sits.

import { describe, expect, it } from 'vitest';
import { unmaskFrom as unmask } from '../../../../src/decoder/websocket/frames/unmask.js';

/** §5.3: "octet i of the transformed data is the XOR of octet i of the original data with octet at index i modulo 4 of the masking key". */
function rfcMask(data: Uint8Array, key: readonly number[]): Uint8Array {
  return data.map((b, i) => b ^ key[i % 4]);
}

describe('unmaskFrom (RFC 6455 §5.3)', () => {
  it('unmasks the RFC\'s own example, a masked "Hello" (§5.7)', () => {
    // 0x81 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58: key 37 fa 21 3d, then the payload
    const frame = new Uint8Array([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);
    unmask(frame, 6, 11, frame, 2);
    expect(new TextDecoder().decode(frame.subarray(6))).toBe('Hello');
  });

  it('unmasks long payloads at every alignment, leaving the bytes around them alone', () => {
    const key = [0x37, 0xfa, 0x21, 0x3d];
    const text = new TextEncoder().encode('The quick brown fox jumps over the lazy dog. '.repeat(8));
    for (const length of [0, 1, 3, 4, 63, 64, 65, 66, 67, 68, 127, 300]) {
      const plain = text.subarray(0, length);
      const masked = rfcMask(plain, key);
      for (let viewAt = 0; viewAt < 4; viewAt++) {
        for (let from = 0; from < 6; from++) {
          const buffer = new Uint8Array(viewAt + from + length + 5).fill(0xee);
          const bytes = buffer.subarray(viewAt);
          bytes.set(masked, from);
          // the key in a header elsewhere, at an odd place
          const header = new Uint8Array([0, 0, 0, ...key, 0]);
          unmask(bytes, from, from + length, header, 3);
          const name = `length ${length}, view at ${viewAt}, from ${from}`;
          expect([...bytes.subarray(from, from + length)], name).toEqual([...plain]);
          expect(
            [...buffer.subarray(0, viewAt + from), ...buffer.subarray(viewAt + from + length)].every((b) => b === 0xee),
            name,
          ).toBe(true);
        }
      }
    }
  });
});
