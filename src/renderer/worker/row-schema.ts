// The row schema: every column a frame or message row carries from the worker to the UI,
// declared once. The worker's encoder (row-codec.ts), the UI's column stores (frame-columns.ts,
// message-columns.ts), the frames table's sort and filter order (frame-order.ts) and the table's
// columns (views/frames/) are all derived from the declarations here.
//
// Two levels, because they are not one to one:
// - FIELDS are what is stored: one typed array each, read from the worker's store by id. Several
//   bits share the `flags` byte (FLAG), so one field can feed several table columns.
// - FRAME_TABLE lists the frames table's columns: what a reader sees, sorts and filters on.
//
// Adding a frames-table column: one FRAME_TABLE entry here. When it shows a value not stored yet,
// also one FRAME_FIELDS entry, with the FrameRowSource method it reads (FrameStore must then
// answer it: the compiler says so). A column that draws more than its value's text adds its cell
// to cells() in views/frames/columns.tsx.

import { type Direction, MESSAGE_TYPES, type MessageType, OPCODE, opcodeName } from '../../decoder/index.js';
import { DIRECTION_ARROW, type TimeMode } from '../model/labels.js';

/** The bits of a frame's `flags` byte. */
export const FLAG = {
  fin: 1 << 0,
  rsv1: 1 << 1,
  rsv2: 1 << 2,
  rsv3: 1 << 3,
  mask: 1 << 4,
  complete: 1 << 5,
  server: 1 << 6,
} as const;

/** The bits of a message's `flags` byte. */
export const MESSAGE_FLAG = {
  server: 1 << 0,
  compressed: 1 << 1,
  complete: 1 << 2,
} as const;

/** Message types in the order their index is stored: the decoder's one list. */
export { MESSAGE_TYPES };

/** RSV1..3 as the table shows them ("100" = RSV1 set), indexed by the three RSV flag bits. */
const RSV_TEXT = ['000', '100', '010', '110', '001', '101', '011', '111'] as const;

export function rsvText(flags: number): string {
  return RSV_TEXT[(flags >> 1) & 7];
}

export type ArrayType = Int32ArrayConstructor | Float64ArrayConstructor | Uint8ArrayConstructor;

/** One stored column: its typed array and how the worker reads its value for frame/message `id`. */
export interface FieldSpec<Source> {
  readonly array: ArrayType;
  readonly read: (source: Source, id: number) => number;
}

/** The typed arrays of a set of fields, by field name. */
export type FieldArrays<F extends Record<string, { array: ArrayType }>> = {
  [K in keyof F]: InstanceType<F[K]['array']>;
};

// ---------------------------------------------------------------- frames

/** What the worker's FrameStore answers per frame id, without building a record. */
export interface FrameRowSource {
  connectionOf(id: number): number;
  indexOf(id: number): number;
  /** -1 while the frame has no message. */
  messageIdOf(id: number): number;
  findingCount(id: number): number;
  timeOf(id: number): number;
  payloadLengthOf(id: number): number;
  opcodeOf(id: number): number;
  /** FLAG bits. */
  flagsOf(id: number): number;
}

export const FRAME_FIELDS = {
  connectionId: { array: Int32Array, read: (s, id) => s.connectionOf(id) },
  index: { array: Int32Array, read: (s, id) => s.indexOf(id) },
  /** -1 for none. */
  messageId: { array: Int32Array, read: (s, id) => s.messageIdOf(id) },
  findingCount: { array: Int32Array, read: (s, id) => s.findingCount(id) },
  time: { array: Float64Array, read: (s, id) => s.timeOf(id) },
  payloadLength: { array: Float64Array, read: (s, id) => s.payloadLengthOf(id) },
  opcode: { array: Uint8Array, read: (s, id) => s.opcodeOf(id) },
  flags: { array: Uint8Array, read: (s, id) => s.flagsOf(id) },
} as const satisfies Record<string, FieldSpec<FrameRowSource>>;

export type FrameField = keyof typeof FRAME_FIELDS;
export const FRAME_FIELD_NAMES = Object.keys(FRAME_FIELDS) as FrameField[];

/**
 * A frame's stored columns: the fields, plus its summary text. A summary is null for a row sent
 * without one (the worker sends texts only for the first rows, engine.ts EAGER_PREVIEWS): the UI
 * asks for the rows it shows (frame-columns.ts).
 */
export type FrameArrays = FieldArrays<typeof FRAME_FIELDS> & { summary: (string | null)[] };

/**
 * Frame rows as they cross postMessage: `count` rows, `id[i]` the frame of row i. `exact` lists
 * the rare frames whose payload length is beyond 2^53 - 1 (not exact as a number) with the
 * length's exact decimal text, so tables print the integer the header holds.
 */
export type FrameRowColumns = FrameArrays & { count: number; id: Int32Array; exact?: [number, string][] };

/** One frame row read back from the columns (FrameColumns.row): the table's visible rows. */
export interface FrameRow {
  id: number;
  connectionId: number;
  direction: Direction;
  index: number;
  time: number;
  fin: boolean;
  /** RSV1..3 as "000". */
  rsv: string;
  opcode: number;
  masked: boolean;
  payloadLength: number;
  complete: boolean;
  messageId: number | null;
  /** First characters of the payload (text) or first bytes (hex), for the summary column. */
  summary: string;
  findingCount: number;
}

// ---------------------------------------------------------------- the frames table

export type Value = number | string;

export interface FrameTableColumn {
  readonly id: string;
  readonly header: string | ((timeMode: TimeMode) => string);
  /** Width in em (the font-size control scales it); none = the column takes the rest. */
  readonly width?: number;
  /** What the column sorts and filters on, and shows unless its cell draws more. */
  readonly value: (c: FrameArrays, id: number) => Value;
  /** The first click sorts largest first (numbers: newest, longest). */
  readonly descFirst?: boolean;
  readonly alignRight?: boolean;
  /** `select`: equal to one of `options` (case-insensitive); `text`: contains the typed text. */
  readonly filter?:
    | { kind: 'select'; options: readonly string[]; all: string; label?: (option: string) => string }
    | { kind: 'text' };
  /** `search`: only in search results (they span connections); `wide`: dropped in a narrow pane. */
  readonly show?: 'search' | 'wide';
}

const bit = (c: FrameArrays, id: number, mask: number): string => ((c.flags[id] & mask) !== 0 ? '1' : '0');
const BIT_FILTER = { kind: 'select', options: ['1', '0'], all: '*' } as const;

export const FRAME_TABLE = [
  { id: 'id', header: '#', width: 3.4, value: (_, id) => id, descFirst: true, alignRight: true },
  { id: 'conn', header: 'C', width: 2.4, value: (c, id) => c.connectionId[id], descFirst: true, show: 'search' },
  {
    id: 'time',
    header: (mode) => (mode === 'relative' ? 'Time (s)' : 'Time (UTC)'),
    width: 6.4,
    value: (c, id) => c.time[id],
    descFirst: true,
  },
  {
    id: 'direction',
    header: 'Dir',
    width: 2.8,
    value: (c, id) => ((c.flags[id] & FLAG.server) !== 0 ? 'server' : 'client'),
    filter: { kind: 'select', options: ['client', 'server'], all: '*', label: (d) => DIRECTION_ARROW[d as Direction] },
  },
  { id: 'fin', header: 'FIN', width: 2.8, value: (c, id) => bit(c, id, FLAG.fin), filter: BIT_FILTER },
  {
    id: 'rsv',
    header: 'RSV',
    width: 3.2,
    value: (c, id) => rsvText(c.flags[id]),
    filter: { kind: 'select', options: ['000', '100', '010', '001', '110', '101', '011', '111'], all: '*' },
    show: 'wide',
  },
  {
    id: 'opcode',
    header: 'Opcode',
    width: 5.6,
    value: (c, id) => opcodeName(c.opcode[id]),
    filter: { kind: 'select', options: Object.keys(OPCODE), all: 'all' },
  },
  {
    id: 'masked',
    header: 'MASK',
    width: 4.2,
    value: (c, id) => bit(c, id, FLAG.mask),
    filter: BIT_FILTER,
    show: 'wide',
  },
  {
    id: 'payloadLength',
    header: 'Length',
    width: 5.4,
    value: (c, id) => c.payloadLength[id],
    descFirst: true,
    alignRight: true,
  },
  { id: 'summary', header: 'Summary', value: (c, id) => c.summary[id] ?? '', filter: { kind: 'text' } },
] as const satisfies readonly FrameTableColumn[];

export type FrameColumnId = (typeof FRAME_TABLE)[number]['id'];

// ---------------------------------------------------------------- messages

/** What the worker's MessageStore answers per message id, without building a record. */
export interface MessageRowSource {
  connectionOf(id: number): number;
  opcodeOf(id: number): number;
  /** Index into MESSAGE_TYPES. */
  typeIndexOf(id: number): number;
  /** MESSAGE_FLAG bits. */
  flagsOf(id: number): number;
  firstTimeOf(id: number): number;
  timeOf(id: number): number;
  wireLengthOf(id: number): number;
  payloadLength(id: number): number;
  /** -1 for none. */
  closeCodeOf(id: number): number;
  /** -1 for none. */
  pingIdOf(id: number): number;
  /** NaN for none. */
  rttOf(id: number): number;
  findingCount(id: number): number;
  frameIds(id: number): number[];
}

export const MESSAGE_FIELDS = {
  connectionId: { array: Int32Array, read: (s, id) => s.connectionOf(id) },
  opcode: { array: Uint8Array, read: (s, id) => s.opcodeOf(id) },
  /** Index into MESSAGE_TYPES. */
  type: { array: Uint8Array, read: (s, id) => s.typeIndexOf(id) },
  flags: { array: Uint8Array, read: (s, id) => s.flagsOf(id) },
  firstTime: { array: Float64Array, read: (s, id) => s.firstTimeOf(id) },
  time: { array: Float64Array, read: (s, id) => s.timeOf(id) },
  wireLength: { array: Float64Array, read: (s, id) => s.wireLengthOf(id) },
  /** Application payload length (after inflation). */
  length: { array: Float64Array, read: (s, id) => s.payloadLength(id) },
  /** -1 for none. */
  closeCode: { array: Int32Array, read: (s, id) => s.closeCodeOf(id) },
  /** -1 for none. */
  pingId: { array: Int32Array, read: (s, id) => s.pingIdOf(id) },
  /** NaN for none. */
  rtt: { array: Float64Array, read: (s, id) => s.rttOf(id) },
  findingCount: { array: Int32Array, read: (s, id) => s.findingCount(id) },
} as const satisfies Record<string, FieldSpec<MessageRowSource>>;

export type MessageField = keyof typeof MESSAGE_FIELDS;
export const MESSAGE_FIELD_NAMES = Object.keys(MESSAGE_FIELDS) as MessageField[];

/** Message rows as they cross postMessage, with each message's frame ids packed in one array. */
export type MessageRowColumns = FieldArrays<typeof MESSAGE_FIELDS> & {
  count: number;
  id: Int32Array;
  /** Frame ids of row i are frameIds[frameStart[i] .. frameStart[i + 1]). */
  frameStart: Int32Array;
  frameIds: Int32Array;
  /** Null for a row sent without its preview (as frames' summaries). */
  preview: (string | null)[];
  /** Messages whose wire length is beyond 2^53 - 1, with its exact decimal text (as frames). */
  exact?: [number, string][];
};

/** One message row read back from the columns (MessageColumns.row): timeline marks, closes. */
export interface MessageRow {
  id: number;
  connectionId: number;
  direction: Direction;
  type: MessageType;
  opcode: number;
  firstTime: number;
  time: number;
  /** The frame ids, or [] when the row was read without them (MessageColumns.row). */
  frameIds: number[];
  /** How many frames (also when `frameIds` was left empty). */
  frameCount: number;
  wireLength: number;
  /** Application payload length (after inflation). */
  length: number;
  compressed: boolean;
  preview: string;
  closeCode: number | null;
  pingId: number | null;
  rtt: number | null;
  complete: boolean;
  findingCount: number;
}
