// Protocol Buffers decoded with a schema (proto-schema.ts): field names, scalar types (zigzag
// sint, bool, float/double, fixed and sfixed), enum names, nested messages, packed repeated
// scalars, maps. Fields the schema does not know keep their number (`#7`) and a raw value.
// Encoding rules: protobuf.dev/programming-guides/encoding.

import type { GenericResult } from './generic.js';
import { isScalar, type ProtoFieldDef, type ProtoSchema } from './proto-schema.js';

class Bad extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 32;
const utf8 = new TextDecoder();

function varint(b: Uint8Array, at: { pos: number }, end: number): bigint {
  let v = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (at.pos >= end) throw new Bad(at.pos, 'varint runs past the end');
    const x = b[at.pos++] as number;
    v |= BigInt(x & 0x7f) << shift;
    if ((x & 0x80) === 0) return v;
    shift += 7n;
  }
  throw new Bad(at.pos, 'varint longer than 10 bytes');
}

const num = (v: bigint): number | string =>
  v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function scalarFromVarint(type: string, v: bigint): unknown {
  switch (type) {
    case 'bool':
      return v !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, v));
    case 'int64':
      return num(BigInt.asIntN(64, v));
    case 'uint32':
      return Number(BigInt.asUintN(32, v));
    case 'sint32':
    case 'sint64': // zigzag: (n >> 1) ^ -(n & 1)
      return num((v >> 1n) ^ -(v & 1n));
    default:
      return num(v);
  }
}

function scalarFromFixed(type: string, bytes: Uint8Array): unknown {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  switch (type) {
    case 'float':
      return dv.getFloat32(0, true);
    case 'double':
      return dv.getFloat64(0, true);
    case 'fixed32':
      return dv.getUint32(0, true);
    case 'sfixed32':
      return dv.getInt32(0, true);
    case 'fixed64':
      return num(dv.getBigUint64(0, true));
    case 'sfixed64':
      return num(dv.getBigInt64(0, true));
    default:
      return hex(bytes);
  }
}

const FIXED: Record<string, number> = { float: 4, fixed32: 4, sfixed32: 4, double: 8, fixed64: 8, sfixed64: 8 };

export function decodeTyped(bytes: Uint8Array, schema: ProtoSchema, type: string): GenericResult {
  if (!schema.messages.has(type)) return { ok: false, offset: 0, message: `the schema has no message ${type}` };
  try {
    return { ok: true, value: message(bytes, 0, bytes.length, schema, type, 0) };
  } catch (error) {
    if (error instanceof Bad) return { ok: false, offset: error.offset, message: `not a ${type}: ${error.message}` };
    throw error;
  }
}

function message(b: Uint8Array, start: number, end: number, schema: ProtoSchema, type: string, depth: number) {
  if (depth > MAX_DEPTH) throw new Bad(start, 'messages nested too deep');
  const fields = schema.messages.get(type) ?? new Map<number, ProtoFieldDef>();
  const out: Record<string, unknown> = {};
  const at = { pos: start };
  /** The list a repeated field collects into (made on its first value). */
  const list = (key: string): unknown[] => {
    const l = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
    out[key] = l;
    return l;
  };
  const put = (def: ProtoFieldDef | undefined, key: string, value: unknown) => {
    if (def?.repeated) list(key).push(value);
    else out[key] = value;
  };
  while (at.pos < end) {
    const offset = at.pos;
    const tag = varint(b, at, end);
    const number = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (number === 0) throw new Bad(offset, 'field number 0');
    const def = fields.get(number);
    const key = def?.name ?? `#${number}`;
    const ftype = def?.type;
    if (wire === 0) {
      const v = varint(b, at, end);
      const enumValues = ftype ? schema.enums.get(ftype) : undefined;
      put(def, key, enumValues ? (enumValues.get(Number(v)) ?? Number(v)) : scalarFromVarint(ftype ?? 'uint64', v));
    } else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (at.pos + n > end) throw new Bad(at.pos, 'fixed-width value runs past the end');
      put(def, key, scalarFromFixed(ftype && FIXED[ftype] === n ? ftype : '', b.subarray(at.pos, at.pos + n)));
      at.pos += n;
    } else if (wire === 2) {
      const n = Number(varint(b, at, end));
      if (at.pos + n > end) throw new Bad(at.pos, `length ${n} runs past the end`);
      const body = b.subarray(at.pos, at.pos + n);
      if (def?.map) {
        const entry = message(b, at.pos, at.pos + n, entrySchema(schema, def), '', depth + 1);
        const map = (out[key] ?? {}) as Record<string, unknown>;
        map[String(entry.key)] = entry.value;
        out[key] = map;
      } else if (ftype === 'string') put(def, key, utf8.decode(body));
      else if (ftype && schema.messages.has(ftype))
        put(def, key, message(b, at.pos, at.pos + n, schema, ftype, depth + 1));
      else if (ftype && (isScalar(ftype) || schema.enums.has(ftype)) && ftype !== 'bytes' && def?.repeated) {
        // Packed repeated scalars (proto3's default).
        const inner = { pos: at.pos };
        const values = list(key);
        const size = FIXED[ftype];
        while (inner.pos < at.pos + n) {
          if (size) {
            values.push(scalarFromFixed(ftype, b.subarray(inner.pos, inner.pos + size)));
            inner.pos += size;
          } else {
            const v = varint(b, inner, at.pos + n);
            const e = schema.enums.get(ftype);
            values.push(e ? (e.get(Number(v)) ?? Number(v)) : scalarFromVarint(ftype, v));
          }
        }
      } else put(def, key, { $bytes: hex(body) });
      at.pos += n;
    } else
      throw new Bad(
        offset,
        `wire type ${wire} ${wire === 3 || wire === 4 ? '(groups) is not supported with a schema' : 'does not exist'}`,
      );
  }
  return out;
}

const entries = new WeakMap<ProtoFieldDef, ProtoSchema>();

/** The implicit entry message of a map field: key = 1, value = 2 (made once per field). */
function entrySchema(schema: ProtoSchema, def: ProtoFieldDef): ProtoSchema {
  const known = entries.get(def);
  if (known) return known;
  const map = def.map as { key: string; value: string };
  const fields = new Map<number, ProtoFieldDef>([
    [1, { name: 'key', number: 1, type: map.key, repeated: false }],
    [2, { name: 'value', number: 2, type: map.value, repeated: false }],
  ]);
  const made = { messages: new Map([...schema.messages, ['', fields]]), enums: schema.enums };
  entries.set(def, made);
  return made;
}
