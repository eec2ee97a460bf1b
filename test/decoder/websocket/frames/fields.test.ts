// The field records are the contract with the bit-level UI: every position below is written out
// by hand from the RFC 6455 §5.2 diagram (FIN = bit 0, RSV1-3 = bits 1-3, opcode = bits 4-7,
// MASK = bit 8, Payload len = bits 9-15, extended length from bit 16, then the masking key), and
// every value from the bytes of the example.
import { describe, expect, it } from 'vitest';
import { FIELD_KEYS, type FrameField, WS_FIELDS } from '../../../../src/decoder/index.js';
import { buildFrameFields } from '../../../../src/decoder/websocket/frames/index.js';
import { hexBytes, makeParser } from './helpers.js';

type Where = [
  key: string,
  byteOffset: number,
  byteLength: number,
  bitOffset: number,
  bitLength: number,
  value: FrameField['value'],
];
const where = (fields: FrameField[]): Where[] =>
  fields.map((f) => [f.key, f.byteOffset, f.byteLength, f.bitOffset, f.bitLength, f.value]);

const byKey = (fields: FrameField[], key: string): FrameField => fields.find((f) => f.key === key)!;

describe('RFC 6455 §5.2 field positions for every header shape', () => {
  it('7-bit length, unmasked: 0x81 0x05 ("Hello")', () => {
    expect(where(buildFrameFields(hexBytes('8105'), 5))).toEqual([
      ['websocket.fin', 0, 1, 0, 1, true],
      ['websocket.rsv1', 0, 1, 1, 1, false],
      ['websocket.rsv2', 0, 1, 2, 1, false],
      ['websocket.rsv3', 0, 1, 3, 1, false],
      ['websocket.opcode', 0, 1, 4, 4, 1],
      ['websocket.mask', 1, 1, 8, 1, false],
      ['websocket.payload_length', 1, 1, 9, 7, 5],
      ['websocket.payload', 2, 5, 16, 40, 5],
    ]);
  });

  it('7-bit length, masked: 0x81 0x85 key 37 fa 21 3d', () => {
    expect(where(buildFrameFields(hexBytes('818537fa213d'), 5))).toEqual([
      ['websocket.fin', 0, 1, 0, 1, true],
      ['websocket.rsv1', 0, 1, 1, 1, false],
      ['websocket.rsv2', 0, 1, 2, 1, false],
      ['websocket.rsv3', 0, 1, 3, 1, false],
      ['websocket.opcode', 0, 1, 4, 4, 1],
      ['websocket.mask', 1, 1, 8, 1, true],
      ['websocket.payload_length', 1, 1, 9, 7, 5],
      ['websocket.masking_key', 2, 4, 16, 32, 0x37fa213d],
      ['websocket.payload', 6, 5, 48, 40, 5],
    ]);
  });

  it('16-bit length, unmasked: 0x82 0x7e 0x0100 (256 bytes)', () => {
    expect(where(buildFrameFields(hexBytes('827e0100'), 256)).slice(4)).toEqual([
      ['websocket.opcode', 0, 1, 4, 4, 2],
      ['websocket.mask', 1, 1, 8, 1, false],
      ['websocket.payload_length', 1, 1, 9, 7, 126],
      ['websocket.payload_length_ext16', 2, 2, 16, 16, 256],
      ['websocket.payload', 4, 256, 32, 2048, 256],
    ]);
  });

  it('16-bit length, masked: 0x82 0xfe 0x0100 key 01 02 03 04', () => {
    expect(where(buildFrameFields(hexBytes('82fe010001020304'), 256)).slice(5)).toEqual([
      ['websocket.mask', 1, 1, 8, 1, true],
      ['websocket.payload_length', 1, 1, 9, 7, 126],
      ['websocket.payload_length_ext16', 2, 2, 16, 16, 256],
      ['websocket.masking_key', 4, 4, 32, 32, 0x01020304],
      ['websocket.payload', 8, 256, 64, 2048, 256],
    ]);
  });

  it('64-bit length, unmasked: 0x82 0x7f 0x0000000000010000 (64 KiB)', () => {
    expect(where(buildFrameFields(hexBytes('827f0000000000010000'), 65536)).slice(5)).toEqual([
      ['websocket.mask', 1, 1, 8, 1, false],
      ['websocket.payload_length', 1, 1, 9, 7, 127],
      ['websocket.payload_length_ext64', 2, 8, 16, 64, 65536],
      ['websocket.payload', 10, 65536, 80, 524288, 65536],
    ]);
  });

  it('64-bit length, masked: 0x02 0xff 0x0000000000010000 key a1 b2 c3 d4', () => {
    const fields = buildFrameFields(hexBytes('02ff0000000000010000a1b2c3d4'), 65536);
    expect(where(fields)).toEqual([
      ['websocket.fin', 0, 1, 0, 1, false],
      ['websocket.rsv1', 0, 1, 1, 1, false],
      ['websocket.rsv2', 0, 1, 2, 1, false],
      ['websocket.rsv3', 0, 1, 3, 1, false],
      ['websocket.opcode', 0, 1, 4, 4, 2],
      ['websocket.mask', 1, 1, 8, 1, true],
      ['websocket.payload_length', 1, 1, 9, 7, 127],
      ['websocket.payload_length_ext64', 2, 8, 16, 64, 65536],
      ['websocket.masking_key', 10, 4, 80, 32, 0xa1b2c3d4],
      ['websocket.payload', 14, 65536, 112, 524288, 65536],
    ]);
  });

  it('reads RSV bits and a reserved opcode from byte 0: 0x7b = RSV1 RSV2 RSV3, opcode 0xb', () => {
    expect(where(buildFrameFields(hexBytes('7b00'), 0)).slice(0, 5)).toEqual([
      ['websocket.fin', 0, 1, 0, 1, false],
      ['websocket.rsv1', 0, 1, 1, 1, true],
      ['websocket.rsv2', 0, 1, 2, 1, true],
      ['websocket.rsv3', 0, 1, 3, 1, true],
      ['websocket.opcode', 0, 1, 4, 4, 11],
    ]);
  });

  it('gives parsed frames the same fields as buildFrameFields', () => {
    const p = makeParser({ direction: 'client' });
    p.push(hexBytes('818537fa213d7f9f4d5158'), 0);
    const f = p.next()!;
    expect(f.fields).toEqual(buildFrameFields(hexBytes('818537fa213d'), 5));
  });
});

describe('the field registry (WS_FIELDS)', () => {
  it('declares every header field once, in header order, with a group and an RFC section', () => {
    expect(FIELD_KEYS).toEqual([
      'websocket.fin',
      'websocket.rsv1',
      'websocket.rsv2',
      'websocket.rsv3',
      'websocket.opcode',
      'websocket.mask',
      'websocket.payload_length',
      'websocket.payload_length_ext16',
      'websocket.payload_length_ext64',
      'websocket.masking_key',
      'websocket.payload',
    ]);
    expect(FIELD_KEYS.map((k) => WS_FIELDS[k].group)).toEqual([
      'flag',
      'rsv',
      'rsv',
      'rsv',
      'opcode',
      'mask',
      'length',
      'length',
      'length',
      'key',
      'payload',
    ]);
    // RFC 6455 §5.2 bit masks of the two fixed bytes.
    expect(FIELD_KEYS.slice(0, 7).map((k) => WS_FIELDS[k].at)).toEqual([
      { byte: 0, mask: 0x80 },
      { byte: 0, mask: 0x40 },
      { byte: 0, mask: 0x20 },
      { byte: 0, mask: 0x10 },
      { byte: 0, mask: 0x0f },
      { byte: 1, mask: 0x80 },
      { byte: 1, mask: 0x7f },
    ]);
  });

  it('gives every field a name and a one-line meaning', () => {
    for (const key of FIELD_KEYS) {
      const def = WS_FIELDS[key];
      expect(def.name.length).toBeGreaterThan(0);
      expect(def.rfc).toMatch(/^RFC 6455 §5\.[23]$/);
      expect(def.blurb.length).toBeGreaterThan(0);
      expect(def.blurb).not.toContain('\n');
    }
  });

  it('only produces registered keys', () => {
    for (const f of buildFrameFields(hexBytes('82fe010001020304'), 256)) expect(FIELD_KEYS).toContain(f.key);
  });
});

describe('field display', () => {
  it('shows flags as true/false and the RSV bits as sent', () => {
    // 0xf1 = FIN + RSV1 + RSV2 + RSV3 + text
    const fields = buildFrameFields(hexBytes('f100'), 0);
    expect(
      ['websocket.fin', 'websocket.rsv1', 'websocket.rsv2', 'websocket.rsv3'].map((k) => byKey(fields, k).display),
    ).toEqual(['true', 'true', 'true', 'true']);
    expect(byKey(buildFrameFields(hexBytes('0100'), 0), 'websocket.fin').display).toBe('false');
  });

  it('names opcodes, reserved ones included', () => {
    const show = (b0: string) => byKey(buildFrameFields(hexBytes(b0 + '00'), 0), 'websocket.opcode').display;
    expect([show('80'), show('81'), show('82'), show('83'), show('88'), show('89'), show('8a'), show('8f')]).toEqual([
      '0 (continuation)',
      '1 (text)',
      '2 (binary)',
      '3 (reserved-0x3)',
      '8 (close)',
      '9 (ping)',
      '10 (pong)',
      '15 (reserved-0xf)',
    ]);
  });

  it('explains the 7-bit length codes 126 and 127', () => {
    expect(byKey(buildFrameFields(hexBytes('8105'), 5), 'websocket.payload_length').display).toBe('5');
    expect(byKey(buildFrameFields(hexBytes('827e0100'), 256), 'websocket.payload_length').display).toBe(
      '126 = 16-bit length follows',
    );
    expect(byKey(buildFrameFields(hexBytes('827f0000000000010000'), 65536), 'websocket.payload_length').display).toBe(
      '127 = 64-bit length follows',
    );
  });

  it('shows extended lengths in decimal and the masking key in hex', () => {
    expect(byKey(buildFrameFields(hexBytes('827e0100'), 256), 'websocket.payload_length_ext16').display).toBe('256');
    // 0x7fffffffffffffff: the 64-bit display is exact even beyond 2^53
    expect(byKey(buildFrameFields(hexBytes('827f7fffffffffffffff'), 0), 'websocket.payload_length_ext64').display).toBe(
      '9223372036854775807',
    );
    expect(byKey(buildFrameFields(hexBytes('818537fa213d'), 5), 'websocket.masking_key').display).toBe('0x37fa213d');
  });

  it('names a payload beyond 2^53 - 1 by the exact length, as the 64-bit field does', () => {
    // 0x8000000000000010 = 2^63 + 16 = 9223372036854775824; as a number it rounds to ...776000
    const fields = buildFrameFields(hexBytes('827f8000000000000010'), Number(2n ** 63n + 16n));
    expect(byKey(fields, 'websocket.payload_length_ext64').display).toBe('9223372036854775824');
    expect(byKey(fields, 'websocket.payload').display).toBe('9223372036854775824 bytes');
  });

  it('returns only the fields whose bytes are present when the header is cut', () => {
    expect(buildFrameFields(new Uint8Array(0), 0)).toEqual([]);
    // 0x82 0xfe 0x01: masked 16-bit form, cut inside the extended length
    expect(buildFrameFields(hexBytes('82fe01'), 0).map((f) => f.key)).toEqual([
      'websocket.fin',
      'websocket.rsv1',
      'websocket.rsv2',
      'websocket.rsv3',
      'websocket.opcode',
      'websocket.mask',
      'websocket.payload_length',
    ]);
    // cut inside the masking key
    expect(
      buildFrameFields(hexBytes('82fe010001'), 0)
        .map((f) => f.key)
        .slice(-1),
    ).toEqual(['websocket.payload_length_ext16']);
  });
});
