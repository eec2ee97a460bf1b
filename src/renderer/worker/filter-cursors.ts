// The display filter's cursors over the worker's column stores: one object per level, moved by
// id, reading typed arrays (no record is built per row). The decoder's filter (src/decoder/filter)
// reads fields only through these methods, so the CLI (records) and the app (columns) share one
// field declaration and one evaluator.

import {
  type AppInfo,
  type ByteSpan,
  type ConnectionRecord,
  type Direction,
  type Finding,
  type FindingCursor,
  type FrameCursor,
  MESSAGE_TYPES,
  type MessageCursor,
  type MessageType,
} from '../../decoder/index.js';
import type { FrameStore } from './frame-store.js';
import type { MessageStore } from './message-store.js';
import { FLAG, MESSAGE_FLAG } from './row-schema.js';

type Lookup = (id: number) => ConnectionRecord | undefined;

export class StoreFrameCursor implements FrameCursor {
  i = 0;
  constructor(
    private readonly s: FrameStore,
    private readonly lookup: Lookup,
  ) {}
  id = (): number => this.i;
  connectionId = (): number => this.s.connectionOf(this.i);
  connection = (): ConnectionRecord | null => this.lookup(this.s.connectionOf(this.i)) ?? null;
  direction = (): Direction => ((this.s.flagsOf(this.i) & FLAG.server) !== 0 ? 'server' : 'client');
  fin = (): boolean => (this.s.flagsOf(this.i) & FLAG.fin) !== 0;
  rsv = (): number => {
    const f = this.s.flagsOf(this.i);
    return (f & FLAG.rsv1 ? 4 : 0) | (f & FLAG.rsv2 ? 2 : 0) | (f & FLAG.rsv3 ? 1 : 0);
  };
  opcode = (): number => this.s.opcodeOf(this.i);
  masked = (): boolean => (this.s.flagsOf(this.i) & FLAG.mask) !== 0;
  maskingKey = (): Uint8Array | null => this.s.maskingKeyOf(this.i);
  payloadLength = (): number => this.s.payloadLengthOf(this.i);
  lengthForm = (): number => this.s.lengthFormOf(this.i);
  payload = (): Uint8Array => this.s.payloadView(this.i);
  private readonly span: ByteSpan = { buf: new Uint8Array(0), start: 0, end: 0 };
  payloadSpan = (): ByteSpan => {
    this.s.payloadSpan(this.i, this.span);
    return this.span;
  };
  time = (): number => this.s.timeOf(this.i);
  packets = (): readonly number[] => this.s.packetsOf(this.i);
  complete = (): boolean => (this.s.flagsOf(this.i) & FLAG.complete) !== 0;
  findings = (): readonly string[] => this.s.findingsOf(this.i);
  messageId = (): number | null => this.s.messageId(this.i);
}

export class StoreMessageCursor implements MessageCursor {
  i = 0;
  constructor(
    private readonly s: MessageStore,
    private readonly lookup: Lookup,
    private readonly apps: (messageId: number) => AppInfo | null = () => null,
  ) {}
  id = (): number => this.i;
  connectionId = (): number => this.s.connectionOf(this.i);
  connection = (): ConnectionRecord | null => this.lookup(this.s.connectionOf(this.i)) ?? null;
  direction = (): Direction => ((this.s.flagsOf(this.i) & MESSAGE_FLAG.server) !== 0 ? 'server' : 'client');
  opcode = (): number => this.s.opcodeOf(this.i);
  type = (): MessageType => MESSAGE_TYPES[this.s.typeIndexOf(this.i)];
  text = (): string | null => this.s.text(this.i);
  payload = (): Uint8Array => this.s.payloadView(this.i);
  private readonly span: ByteSpan = { buf: new Uint8Array(0), start: 0, end: 0 };
  payloadSpan = (): ByteSpan => {
    this.s.payloadSpan(this.i, this.span);
    return this.span;
  };
  textSpan = (): ByteSpan | null => (this.s.textIsPayload(this.i) ? this.payloadSpan() : null);
  app = (): AppInfo | null => this.apps(this.i);
  length = (): number => this.s.payloadLength(this.i);
  wireLength = (): number => this.s.wireLengthOf(this.i);
  compressed = (): boolean => this.s.isCompressed(this.i);
  complete = (): boolean => (this.s.flagsOf(this.i) & MESSAGE_FLAG.complete) !== 0;
  rtt = (): number | null => {
    const r = this.s.rttOf(this.i);
    return Number.isNaN(r) ? null : r;
  };
  closeCode = (): number | null => this.s.closeInfo(this.i)?.code ?? null;
  closeReason = (): string | null => this.s.closeInfo(this.i)?.reason ?? null;
  time = (): number => this.s.timeOf(this.i);
  frameIds = (): readonly number[] => this.s.frameIdsView(this.i);
  findings = (): readonly string[] => this.s.findingsOf(this.i);
}

export class ListFindingCursor implements FindingCursor {
  x!: Finding;
  constructor(private readonly lookup: Lookup) {}
  finding = (): Finding => this.x;
  connection = (): ConnectionRecord | null =>
    this.x.connectionId === null ? null : (this.lookup(this.x.connectionId) ?? null);
}
