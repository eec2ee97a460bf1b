// Generic payload decoders for binary messages with no application protocol of their own:
// MessagePack, CBOR, and protobuf without a schema (protobuf-wire.ts).
//
// Libraries: @msgpack/msgpack (the msgpack organisation's reference TypeScript implementation:
// pure, no Buffer, ext types and 64-bit integers, and it reports trailing bytes as an error),
// cborg (pure JS, strict RFC 8949, `decodeFirst` tells where a value ends, unknown tags kept as
// `Tagged` instead of failing, no Buffer; cbor-x is faster but leans on Buffer and is laxer).
// Both run unchanged in Node, the browser worker and tests.

import { decode as msgpackDecode } from '@msgpack/msgpack';
import { decode as cborDecode, decodeFirst as cborDecodeFirst, Tagged } from 'cborg';
import type { Direction } from '../records.js';
import type { ProtoSchema } from './proto-schema.js';
import { decodeTyped } from './protobuf-typed.js';
import { decodeProtobuf, protobufSummary } from './protobuf-wire.js';
import { type AppResult, malformed, NOTHING, type ProtocolDecoder } from './types.js';
import { brief } from './util.js';

export type GenericFormat = 'msgpack' | 'cbor' | 'protobuf';

export type GenericResult = { ok: true; value: unknown } | { ok: false; offset: number; message: string };

/** Every CBOR tag kept as a Tagged value (cborg otherwise throws on tags it does not know). */
const KEEP_TAGS = new Proxy(
  {},
  { get: (_t, key) => (typeof key === 'string' && /^\d+$/.test(key) ? Tagged.decoder(Number(key)) : undefined) },
);

export function decodeMsgpack(bytes: Uint8Array): GenericResult {
  try {
    return { ok: true, value: msgpackDecode(bytes, { useBigInt64: true }) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const at = /buffer\[(\d+)\]/.exec(why);
    return { ok: false, offset: at ? Number(at[1]) : bytes.length, message: `not MessagePack: ${why}` };
  }
}

export function decodeCbor(bytes: Uint8Array): GenericResult {
  const options = { tags: KEEP_TAGS as never, useMaps: false };
  try {
    return { ok: true, value: cborDecode(bytes, options) };
  } catch (error) {
    let offset = bytes.length;
    try {
      // Where the first whole value ends, when the error is trailing bytes.
      const [, rest] = cborDecodeFirst(bytes, options);
      offset = bytes.length - rest.length;
    } catch {
      // The first value itself is broken: the offset stays the end.
    }
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, offset, message: `not CBOR: ${why}` };
  }
}

/** A `.proto` schema and the message type each binary message is (for protobuf). */
export interface ProtoChoice {
  schema: ProtoSchema;
  type: string;
}

export function decodeGeneric(format: GenericFormat, bytes: Uint8Array, proto?: ProtoChoice): GenericResult {
  if (format === 'msgpack') return decodeMsgpack(bytes);
  if (format === 'cbor') return decodeCbor(bytes);
  return proto ? decodeTyped(bytes, proto.schema, proto.type) : decodeProtobuf(bytes);
}

/** Decodes each binary message as one value of `format`; text messages are left alone. */
export class GenericDecoder implements ProtocolDecoder {
  constructor(
    private readonly format: GenericFormat,
    private readonly proto?: ProtoChoice,
  ) {}

  decode(_dir: Direction, payload: Uint8Array, text: string | null): AppResult {
    if (text !== null) return NOTHING;
    const r = decodeGeneric(this.format, payload, this.proto);
    if (!r.ok) return malformed(r.offset, r.message);
    const schemaLess = this.format === 'protobuf' && !this.proto;
    const summary = schemaLess ? protobufSummary(r.value) : brief(r.value);
    const name = this.proto?.type ?? null;
    return { packets: [{ kind: this.format, name, id: null, summary, data: r.value }], malformed: null };
  }
}
