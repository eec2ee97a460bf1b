// Generic payload decoders on byte strings from their specifications: protobuf's encoding guide
// (field 1 = 150 is 08 96 01; field 2 = "testing" is 12 07 74 65 73 74 69 6e 67; field 3 = that
// first message nested is 1a 03 08 96 01), the MessagePack spec (fixmap, fixstr, positive fixint),
// RFC 8949 Appendix A (CBOR examples), and what each does with bytes that are not its format.

import { describe, expect, it } from 'vitest';
import { decodeCbor, decodeMsgpack, GenericDecoder } from '../../../src/decoder/app/generic.js';
import { decodeProtobuf, protobufSummary } from '../../../src/decoder/app/protobuf-wire.js';
import { hex } from '../../helpers/pcap-writer.js';

describe('protobuf without a schema (protobuf.dev encoding guide)', () => {
  it('reads varints, strings and nested messages as a tree', () => {
    const r = decodeProtobuf(hex('08 96 01 12 07 74 65 73 74 69 6e 67 1a 03 08 96 01'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(protobufSummary(r.value)).toBe('1: 150, 2: "testing", 3: {1: 150}');
  });

  it('fixed-width values are shown as their bytes; a 64-bit varint beyond 2^53 stays exact', () => {
    // field 4 fixed32 = 01 00 00 00; field 5 varint 2^63 (ten bytes: 80 … 80 01).
    const r = decodeProtobuf(hex('25 01 00 00 00 28 80 80 80 80 80 80 80 80 80 01'));
    expect(r.ok && protobufSummary(r.value)).toBe('4: 01000000, 5: 9223372036854775808');
  });

  it('field number 0 and a length past the end are errors at their offset', () => {
    expect(decodeProtobuf(hex('00 01'))).toEqual({
      ok: false,
      offset: 0,
      message: 'not protobuf: field number 0 out of range',
    });
    expect(decodeProtobuf(hex('08 01 12 05 61'))).toEqual({
      ok: false,
      offset: 4,
      message: 'not protobuf: length 5 runs past the end',
    });
  });
});

describe('MessagePack and CBOR', () => {
  it('msgpack {"a":1} is 81 a1 61 01; trailing bytes are reported where they start', () => {
    expect(decodeMsgpack(hex('81 a1 61 01'))).toEqual({ ok: true, value: { a: 1 } });
    const r = decodeMsgpack(hex('81 a1 61 01 00'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.offset).toBe(4);
  });

  it('CBOR (RFC 8949 Appendix A): {"a": 1, "b": [2, 3]} and an unknown tag kept', () => {
    expect(decodeCbor(hex('a2 61 61 01 61 62 82 02 03'))).toEqual({ ok: true, value: { a: 1, b: [2, 3] } });
    // Tag 1 (epoch time) 1363896240 → kept as a tagged value, not an error.
    const t = decodeCbor(hex('c1 1a 51 4b 67 b0'));
    expect(t.ok && (t.value as { tag: number }).tag).toBe(1);
    const bad = decodeCbor(hex('a1 61 61 01 00'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.offset).toBe(4);
  });

  it('as a connection protocol: binary messages decode, text messages are left alone', () => {
    const d = new GenericDecoder('msgpack');
    expect(d.decode('server', hex('92 01 a2 68 69'), null).packets[0]?.summary).toBe('[1,"hi"]');
    expect(d.decode('server', new TextEncoder().encode('{}'), '{}').packets).toEqual([]);
    expect(d.decode('server', hex('c1'), null).malformed?.message).toMatch(/^not MessagePack/);
  });
});
