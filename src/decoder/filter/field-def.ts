// How a filter field is declared: once, with its type, its meaning and how to read it at each
// level where it has a natural value (Wireshark's hf_register_info, plus the getters).
//
// A layer adds its fields with ONE declaration: a FieldLayer (fields/*.ts) appended to
// FIELD_LAYERS in registry.ts. The parser, the type checks, `wsscope fields`, the app's
// completion and the evaluator all read that list; nothing else names fields.
//
// Getters return a value, a list of values (a field that occurs several times, like Wireshark's
// ip.addr), or null when the field is absent for this record. A field is read at the row's own
// level when it declares a getter there; else through the row's connection when it declares a
// connection getter; else from the records below or beside the row (compile.ts: "marks").

import type { Finding } from '../findings.js';
import type { ConnectionRecord, Direction } from '../records.js';
import type { ByteSpan, FindingCursor, FrameCursor, Level, MessageCursor } from './cursors.js';

/**
 * Value types, as Wireshark's FT_* families. `time` is seconds (a float); `protocol` is a
 * protocol's name alone (`websocket`, `http`): it can only be tested for presence.
 */
export type FieldType = 'uint' | 'float' | 'time' | 'bool' | 'string' | 'bytes' | 'ipv4' | 'ipv6' | 'protocol';

export type Scalar = number | boolean | string | Uint8Array;
export type FieldValue = Scalar | readonly Scalar[] | null;

/** What getters may need beyond the record. */
export interface FilterEnv {
  /** Time origin of frame.time_relative: the capture's first packet (seconds since the epoch). */
  origin: number;
}

export interface FilterFieldDef {
  /** The field's name: Wireshark's where it has one (`tcp.port`), else under `ws.`. */
  name: string;
  type: FieldType;
  /** One line: what the field is. */
  blurb: string;
  /** Named numbers, usable as values (`websocket.opcode == text`). */
  names?: Readonly<Record<string, number>>;
  /** The values a string field takes, for completion and checks (`ws.direction`). */
  values?: readonly string[];
  /** For fields readable at several finer levels: which one a connection row reads. */
  prefer?: Level;
  connection?: (c: ConnectionRecord, env: FilterEnv) => FieldValue;
  /**
   * For a message, frame or finding: the field as its connection shows it from the record's
   * side (ip.src is the sender's address). Evaluated once per connection and direction, not per
   * row (a million frames of one connection read it twice).
   */
  side?: (c: ConnectionRecord, sender: Direction | null) => FieldValue;
  message?: (m: MessageCursor, env: FilterEnv) => FieldValue;
  frame?: (f: FrameCursor, env: FilterEnv) => FieldValue;
  finding?: (x: FindingCursor, env: FilterEnv) => FieldValue;
  /**
   * For a field whose value is one byte string (or the UTF-8 decoding of one): those bytes in
   * place, so `contains` searches them without a view or a decoded string per row. null: read
   * the getter instead.
   */
  span?: { message?: (m: MessageCursor) => ByteSpan | null; frame?: (f: FrameCursor) => ByteSpan | null };
}

/** One protocol layer's fields (Wireshark: one proto_register_field_array). */
export interface FieldLayer {
  /** The protocol prefix, e.g. "tcp", "websocket", "ws". */
  protocol: string;
  /** One line for `wsscope fields`. */
  title: string;
  fields: readonly FilterFieldDef[];
}

export type { Finding };
