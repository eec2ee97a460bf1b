// Protobuf with a `.proto` schema. The bytes are encoded by hand from the encoding guide
// (protobuf.dev/programming-guides/encoding): tags are (field << 3) | wire type, sint uses
// zigzag (-2 → 3), packed repeated fields are one LEN record, maps are repeated entry messages
// {1: key, 2: value}, floats are little-endian IEEE 754.

import { describe, expect, it } from 'vitest';
import { parseProto } from '../../../src/decoder/app/proto-schema.js';
import { decodeTyped } from '../../../src/decoder/app/protobuf-typed.js';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { hex } from '../../helpers/pcap-writer.js';
import { serverFrame, wsCapture } from '../../helpers/ws-capture.js';

const PROTO = `
syntax = "proto3";
package demo;
// A chat event.
message Event {
  enum Kind { UNKNOWN = 0; MESSAGE = 1; JOIN = 2; }
  message User { string name = 1; sint32 karma = 2; }
  Kind kind = 1;
  User user = 2;
  repeated int32 scores = 3;          /* packed */
  map<string, int64> counts = 4;
  float ratio = 5;
  oneof body { string text = 6; bytes blob = 7; }
  bool urgent = 8 [deprecated = true];
}
`;

// kind = JOIN           08 02
// user = {name "al", karma -2}: 12 06 | 0a 02 61 6c | 10 03
// scores = [1, 150]     1a 03 01 96 01
// counts = {"a": 7}     22 05 | 0a 01 61 | 10 07
// ratio = 0.5f          2d 00 00 00 3f
// text = "hi"           32 02 68 69
// urgent = true         40 01
// field 9 (unknown) = 5 48 05
const EVENT = hex(
  '08 02 12 06 0a 02 61 6c 10 03 1a 03 01 96 01 22 05 0a 01 61 10 07 2d 00 00 00 3f 32 02 68 69 40 01 48 05',
);

describe('.proto schemas', () => {
  it('parses packages, nested types, enums, maps, oneof and options', () => {
    const r = parseProto(PROTO);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.schema.messages.keys()]).toEqual(['demo.Event', 'demo.Event.User']);
    expect(r.schema.messages.get('demo.Event')?.get(2)?.type).toBe('demo.Event.User');
    expect(r.schema.enums.get('demo.Event.Kind')?.get(2)).toBe('JOIN');
  });

  it('names an unknown type with its line', () => {
    expect(parseProto('syntax = "proto3";\nmessage A {\n  Missing m = 1;\n}')).toEqual({
      ok: false,
      line: 3,
      message: 'unknown type Missing',
    });
  });

  it('decodes every field by name and type; unknown fields keep their number', () => {
    const r = parseProto(PROTO);
    if (!r.ok) throw new Error(r.message);
    expect(decodeTyped(EVENT, r.schema, 'demo.Event')).toEqual({
      ok: true,
      value: {
        kind: 'JOIN',
        user: { name: 'al', karma: -2 },
        scores: [1, 150],
        counts: { a: 7 },
        ratio: 0.5,
        text: 'hi',
        urgent: true,
        '#9': 5,
      },
    });
    expect(decodeTyped(hex('12 09 0a'), r.schema, 'demo.Event')).toEqual({
      ok: false,
      offset: 2,
      message: 'not a demo.Event: length 9 runs past the end',
    });
  });

  it('in a capture: a connection decoded as protobuf with the schema', () => {
    const r = parseProto(PROTO);
    if (!r.ok) throw new Error(r.message);
    const bytes = wsCapture((c) => c.send('server', serverFrame({ opcode: 2, payload: EVENT })));
    const a = analyzeCapture(bytes, {
      app: { overrides: new Map([[1, 'protobuf']]), proto: { schema: r.schema, type: 'demo.Event' } },
    });
    expect(a.messages[0]?.app).toMatchObject({ protocol: 'protobuf', kind: 'protobuf', name: 'demo.Event' });
    expect((a.messages[0]?.app?.data as { user?: unknown } | undefined)?.user).toEqual({ name: 'al', karma: -2 });
  });
});
