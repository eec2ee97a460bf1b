// Protocol Buffers without a schema: the wire format (protobuf.dev/programming-guides/encoding)
// read as a tree. Each field is a varint tag (field number << 3 | wire type) and a value: 0
// VARINT, 1 I64, 2 LEN (a string, bytes, a nested message or packed numbers: unknowable without
// the schema, so guessed), 3/4 SGROUP/EGROUP (deprecated groups), 5 I32.
//
// Guesses for LEN, in order: a nested message when its bytes parse whole as fields with sane
// field numbers; text when they are valid printable UTF-8; else bytes. Shown with `?` marks.

import type { GenericResult } from './generic.js';

export interface ProtoField {
  field: number;
  wire: 'varint' | 'i64' | 'len' | 'group' | 'i32';
  /** varint: the number (text beyond 2^53); i64/i32: hex; len: text, hex or null for a message. */
  value: string | number | null;
  /** LEN read as a message, or a group's fields. */
  fields?: ProtoField[];
  guess?: 'message' | 'string' | 'bytes';
  offset: number;
  length: number;
}

class Short extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function varint(b: Uint8Array, at: { pos: number }, end: number): bigint {
  let v = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (at.pos >= end) throw new Short(at.pos, 'varint runs past the end');
    const x = b[at.pos++] as number;
    v |= BigInt(x & 0x7f) << shift;
    if ((x & 0x80) === 0) return v;
    shift += 7n;
  }
  throw new Short(at.pos, 'varint longer than 10 bytes');
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function fields(
  b: Uint8Array,
  start: number,
  end: number,
  depth: number,
  group: number | null,
): { list: ProtoField[]; end: number } {
  const at = { pos: start };
  const list: ProtoField[] = [];
  while (at.pos < end) {
    const offset = at.pos;
    const tag = varint(b, at, end);
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (field === 0 || field > 536_870_911) throw new Short(offset, `field number ${field} out of range`);
    switch (wire) {
      case 0: {
        const v = varint(b, at, end);
        list.push({
          field,
          wire: 'varint',
          value: v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString(),
          offset,
          length: at.pos - offset,
        });
        break;
      }
      case 1:
      case 5: {
        const n = wire === 1 ? 8 : 4;
        if (at.pos + n > end) throw new Short(at.pos, 'fixed-width value runs past the end');
        const bytes = b.subarray(at.pos, at.pos + n);
        at.pos += n;
        list.push({ field, wire: wire === 1 ? 'i64' : 'i32', value: hex(bytes), offset, length: at.pos - offset });
        break;
      }
      case 2: {
        const n = Number(varint(b, at, end));
        if (at.pos + n > end) throw new Short(at.pos, `length ${n} runs past the end`);
        const body = b.subarray(at.pos, at.pos + n);
        list.push({
          ...guessLen(b, at.pos, at.pos + n, body, depth),
          field,
          wire: 'len',
          offset,
          length: at.pos + n - offset,
        });
        at.pos += n;
        break;
      }
      case 3: {
        if (depth >= MAX_DEPTH) throw new Short(offset, 'groups nested too deep');
        const inner = fields(b, at.pos, end, depth + 1, field);
        at.pos = inner.end;
        list.push({ field, wire: 'group', value: null, fields: inner.list, offset, length: at.pos - offset });
        break;
      }
      case 4:
        if (group !== field) throw new Short(offset, `end of group ${field} without its start`);
        return { list, end: at.pos };
      default:
        throw new Short(offset, `wire type ${wire} does not exist`);
    }
  }
  if (group !== null) throw new Short(end, `group ${group} not ended`);
  return { list, end: at.pos };
}

function guessLen(
  b: Uint8Array,
  start: number,
  end: number,
  body: Uint8Array,
  depth: number,
): Pick<ProtoField, 'value' | 'fields' | 'guess'> {
  if (body.length > 0 && depth < MAX_DEPTH) {
    try {
      const inner = fields(b, start, end, depth + 1, null);
      return { value: null, fields: inner.list, guess: 'message' };
    } catch {
      // Not a message: try text.
    }
  }
  try {
    const text = utf8.decode(body);
    if (!/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { value: text, guess: 'string' };
  } catch {
    // Not UTF-8: bytes.
  }
  return { value: hex(body), guess: 'bytes' };
}

export function decodeProtobuf(bytes: Uint8Array): GenericResult {
  try {
    return { ok: true, value: fields(bytes, 0, bytes.length, 0, null).list };
  } catch (error) {
    if (error instanceof Short) return { ok: false, offset: error.offset, message: `not protobuf: ${error.message}` };
    throw error;
  }
}

/** `1: 150, 2: "testing", 3: {1: 1}` */
export function protobufSummary(v: unknown, max = 120): string {
  const one = (f: ProtoField): string =>
    f.fields
      ? `${f.field}: {${f.fields.map(one).join(', ')}}`
      : `${f.field}: ${typeof f.value === 'string' && f.guess === 'string' ? JSON.stringify(f.value) : f.wire === 'len' ? `0x${f.value}` : f.value}`;
  const s = Array.isArray(v) ? (v as ProtoField[]).map(one).join(', ') : String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
