// Finding marks (views/frame/finding-marks.ts): the bits and bytes a finding points at, on
// frames written byte by byte by the test helpers and decoded by the real decoder. Expected
// offsets are counted by hand from RFC 6455 §5.2's layout (MASK is bit 8, the opcode bits 4-7,
// RSV1 bit 1, the 64-bit length's top bit is bit 16) and RFC 3629 (UTF-8).

import { describe, expect, it } from 'vitest';
import { buildFrameFields, type FindingCode, type FrameRecord } from '../../../src/decoder/index.js';
import {
  findingMarks,
  firstInvalidUtf8,
  invalidUtf8Ranges,
  utf8BreakInFrame,
} from '../../../src/renderer/views/frame/finding-marks.js';
import { frame, text } from '../../helpers/frame-writer.js';

/** A FrameRecord from written bytes (header parsed by the decoder's field builder). */
function record(bytes: Uint8Array, headerLength: number, payloadLength = bytes.length - headerLength): FrameRecord {
  const header = bytes.subarray(0, headerLength);
  const masked = (header[1] & 0x80) !== 0;
  const key = masked ? header.subarray(headerLength - 4, headerLength) : null;
  const payload = bytes.subarray(headerLength).map((b, i) => (key ? b ^ key[i % 4] : b));
  return {
    header,
    headerLength,
    payloadLength,
    payload,
    fields: buildFrameFields(header, payloadLength),
  } as unknown as FrameRecord;
}

const sorted = (s: ReadonlySet<number>) => [...s].sort((a, b) => a - b);

describe('UTF-8 validation (RFC 3629)', () => {
  it('finds each invalid sequence, stopping at the first byte that cannot continue it', () => {
    expect(firstInvalidUtf8(text('héllo ✓'))).toBeNull();
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xff]))).toEqual([1, 2]);
    // e2 82 then 'a': a 3-byte sequence cut after 2 bytes
    expect(firstInvalidUtf8(new Uint8Array([0xe2, 0x82, 0x61]))).toEqual([0, 2]);
    // ed a0 80: a UTF-16 surrogate, not allowed in UTF-8
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toEqual([0, 1]);
    // c0 80: an overlong NUL
    expect(firstInvalidUtf8(new Uint8Array([0xc0, 0x80]))).toEqual([0, 1]);
    // a sequence cut by the end only counts when the text is final
    expect(firstInvalidUtf8(new Uint8Array([0xe2, 0x82]), false)).toBeNull();
    expect(invalidUtf8Ranges(new Uint8Array([0xff, 0xfe, 0x61]))).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('places a break in the frame that holds it', () => {
    // "a✓b" = 61 e2 9c 93 62, but the ✓'s last byte is wrong (e2 9c 41): bytes 1-2 are invalid
    const message = new Uint8Array([0x61, 0xe2, 0x9c, 0x41, 0x62]);
    expect(utf8BreakInFrame(message, 0, 2)).toEqual([[1, 2]]);
    expect(utf8BreakInFrame(message, 2, 3)).toEqual([[0, 1]]);
    expect(utf8BreakInFrame(message, 3, 2)).toEqual([]);
  });
});

describe('finding marks', () => {
  const marks = (f: FrameRecord, codes: FindingCode[], utf8: [number, number][] = []) => findingMarks(f, codes, utf8);

  it('marks the MASK bit of an unmasked client frame', () => {
    const f = record(frame({ opcode: 1, payload: text('hi') }), 2);
    const m = marks(f, ['frame.client-unmasked']);
    expect(sorted(m.bits)).toEqual([8]);
    expect(sorted(m.bytes)).toEqual([1]);
    expect([...m.fields.keys()]).toEqual(['websocket.mask']);
  });

  it('marks only the RSV bits that are set, and the opcode bits of a reserved opcode', () => {
    const f = record(frame({ opcode: 3, rsv: 0b101, payload: text('x') }), 2);
    expect(sorted(marks(f, ['frame.rsv-without-extension']).bits)).toEqual([1, 3]);
    expect(sorted(marks(f, ['frame.reserved-opcode']).bits)).toEqual([4, 5, 6, 7]);
  });

  it('marks the top bit of a 64-bit length, alone', () => {
    const f = record(frame({ opcode: 2, declaredLength: 2n ** 63n + 16n }), 10, 0);
    const m = marks(f, ['frame.length-top-bit']);
    expect(sorted(m.bits)).toEqual([16]);
    expect(sorted(m.bytes)).toEqual([2]);
  });

  it('marks the two code bytes of a close code that must not be sent', () => {
    // close 1005 "x": 88 03 | 03 ed 78 → payload bytes 0-1 are wire bytes 2-3
    const f = record(frame({ opcode: 8, payload: new Uint8Array([0x03, 0xed, 0x78]) }), 2);
    expect(sorted(marks(f, ['close.invalid-code']).bytes)).toEqual([2, 3]);
  });

  it('marks invalid UTF-8 in a masked frame at its wire offsets (after the 6-byte header)', () => {
    const f = record(frame({ opcode: 1, mask: [1, 2, 3, 4], payload: new Uint8Array([0x61, 0xff, 0x62]) }), 6);
    const m = marks(f, ['message.invalid-utf8'], invalidUtf8Ranges(f.payload));
    expect(sorted(m.bytes)).toEqual([7]);
  });

  it('marks nothing for findings that point nowhere in the frame', () => {
    const f = record(frame({ opcode: 1, payload: text('hi') }), 2);
    expect(marks(f, ['tcp.gap']).bytes.size).toBe(0);
  });
});
