// What a filter reads from the records it tests: one cursor interface per level.
//
// A cursor is one reusable object that points at the current frame, message or finding: the CLI
// moves it over records as they stream (the Record* classes below), the UI worker over its
// column stores by id (renderer/worker/filter-cursors.ts). Field getters (fields/*.ts) read only
// through these methods, so one field declaration serves both, and testing a million rows
// allocates nothing per row.
//
// Levels, from coarse to fine: connection → message → frame; a finding belongs to a connection
// and possibly to one frame or message. A connection is always a plain ConnectionRecord (they
// are few, and both the CLI and the worker hold their latest snapshots).

import type { AppInfo } from '../app/types.js';
import type { Finding } from '../findings.js';
import type { ConnectionRecord, Direction, FrameRecord, MessageRecord, MessageType } from '../records.js';

export type Level = 'connection' | 'message' | 'frame' | 'finding';

/**
 * Bytes in place: buf[start, end). A cursor over column stores hands out one reused span instead
 * of a view per row (a million views are a million objects for the collector); valid until the
 * cursor moves.
 */
export interface ByteSpan {
  buf: Uint8Array;
  start: number;
  end: number;
}
export const LEVELS: readonly Level[] = ['connection', 'message', 'frame', 'finding'];

export interface FrameCursor {
  id(): number;
  connectionId(): number;
  connection(): ConnectionRecord | null;
  direction(): Direction;
  fin(): boolean;
  /** RSV1..3 as Wireshark's websocket.rsv: RSV1 is 4, RSV2 2, RSV3 1. */
  rsv(): number;
  opcode(): number;
  masked(): boolean;
  maskingKey(): Uint8Array | null;
  /** As declared in the header. */
  payloadLength(): number;
  /** Which length form the header used: 7, 16 or 64 bits. */
  lengthForm(): number;
  /** Unmasked payload bytes (the captured part). */
  payload(): Uint8Array;
  /** The same bytes in place. */
  payloadSpan(): ByteSpan;
  time(): number;
  packets(): readonly number[];
  complete(): boolean;
  findings(): readonly string[];
  /** The message the frame belongs to, once known (a streamed frame comes before its message). */
  messageId(): number | null;
}

export interface MessageCursor {
  id(): number;
  connectionId(): number;
  connection(): ConnectionRecord | null;
  direction(): Direction;
  opcode(): number;
  type(): MessageType;
  /** Decoded text of a text message, else null. */
  text(): string | null;
  payload(): Uint8Array;
  /** The same bytes in place. */
  payloadSpan(): ByteSpan;
  /**
   * The bytes text() is the UTF-8 decoding of, in place; null when there are none or when
   * text() is not simply their decoding (then read text()).
   */
  textSpan(): ByteSpan | null;
  /** The application protocol's reading of the message (app/), or null. */
  app(): AppInfo | null;
  /** Application payload length (after inflation). */
  length(): number;
  wireLength(): number;
  compressed(): boolean;
  complete(): boolean;
  rtt(): number | null;
  closeCode(): number | null;
  closeReason(): string | null;
  time(): number;
  frameIds(): readonly number[];
  findings(): readonly string[];
}

export interface FindingCursor {
  finding(): Finding;
  connection(): ConnectionRecord | null;
}

export type ConnectionLookup = (id: number) => ConnectionRecord | undefined;

function wholeSpan(span: ByteSpan, bytes: Uint8Array): ByteSpan {
  span.buf = bytes;
  span.start = 0;
  span.end = bytes.length;
  return span;
}

const RSV = (f: FrameRecord): number => (f.rsv1 ? 4 : 0) | (f.rsv2 ? 2 : 0) | (f.rsv3 ? 1 : 0);

/** A FrameCursor over FrameRecords (CLI, tests): `at(frame)` moves it. */
export class RecordFrameCursor implements FrameCursor {
  f!: FrameRecord;
  constructor(private readonly lookup: ConnectionLookup) {}
  at(f: FrameRecord): this {
    this.f = f;
    return this;
  }
  id = (): number => this.f.id;
  connectionId = (): number => this.f.connectionId;
  connection = (): ConnectionRecord | null => this.lookup(this.f.connectionId) ?? null;
  direction = (): Direction => this.f.direction;
  fin = (): boolean => this.f.fin;
  rsv = (): number => RSV(this.f);
  opcode = (): number => this.f.opcode;
  masked = (): boolean => this.f.masked;
  maskingKey = (): Uint8Array | null => this.f.maskingKey;
  payloadLength = (): number => this.f.payloadLength;
  lengthForm = (): number => this.f.lengthForm;
  payload = (): Uint8Array => this.f.payload;
  private readonly span: ByteSpan = { buf: new Uint8Array(0), start: 0, end: 0 };
  payloadSpan = (): ByteSpan => wholeSpan(this.span, this.f.payload);
  time = (): number => this.f.time;
  packets = (): readonly number[] => this.f.packets;
  complete = (): boolean => this.f.complete;
  findings = (): readonly string[] => this.f.findings;
  messageId = (): number | null => this.f.messageId;
}

/** A MessageCursor over MessageRecords (CLI, tests). */
export class RecordMessageCursor implements MessageCursor {
  m!: MessageRecord;
  constructor(private readonly lookup: ConnectionLookup) {}
  at(m: MessageRecord): this {
    this.m = m;
    return this;
  }
  id = (): number => this.m.id;
  connectionId = (): number => this.m.connectionId;
  connection = (): ConnectionRecord | null => this.lookup(this.m.connectionId) ?? null;
  direction = (): Direction => this.m.direction;
  opcode = (): number => this.m.opcode;
  type = (): MessageType => this.m.type;
  text = (): string | null => (this.m.type === 'text' ? (this.m.text ?? '') : null);
  payload = (): Uint8Array => this.m.payload;
  private readonly span: ByteSpan = { buf: new Uint8Array(0), start: 0, end: 0 };
  payloadSpan = (): ByteSpan => wholeSpan(this.span, this.m.payload);
  // The decoder's text is already a string here: searching it needs no bytes.
  textSpan = (): ByteSpan | null => null;
  app = (): AppInfo | null => this.m.app ?? null;
  length = (): number => this.m.payload.byteLength;
  wireLength = (): number => this.m.wireLength;
  compressed = (): boolean => this.m.compressed;
  complete = (): boolean => this.m.complete;
  rtt = (): number | null => this.m.rtt;
  closeCode = (): number | null => this.m.close?.code ?? null;
  closeReason = (): string | null => this.m.close?.reason ?? null;
  time = (): number => this.m.time;
  frameIds = (): readonly number[] => this.m.frameIds;
  findings = (): readonly string[] => this.m.findings;
}

/** A FindingCursor over Findings. */
export class RecordFindingCursor implements FindingCursor {
  x!: Finding;
  constructor(private readonly lookup: ConnectionLookup) {}
  at(x: Finding): this {
    this.x = x;
    return this;
  }
  finding = (): Finding => this.x;
  connection = (): ConnectionRecord | null =>
    this.x.connectionId === null ? null : (this.lookup(this.x.connectionId) ?? null);
}
