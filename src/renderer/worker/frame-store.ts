// The worker's frames: one slot in typed-array columns per frame plus its bytes in the arena
// (record-store.ts says why), rebuilt on demand exactly as the decoder made it.
//
// A frame found in a capture that can be read again by range (frame-locator.ts) keeps, instead of
// its payload, where the payload is in the file; the engine reads such payloads back
// (file-payloads.ts) and hands them in as `resident` for the synchronous reads that need them.

import type { ByteSpan, FindingCode, FrameRecord } from '../../decoder/index.js';
import type { PayloadsById } from './file-payloads.js';
import { type ByteArena, Columns } from './record-store.js';
import { FLAG, type FrameRowSource } from './row-schema.js';

const NO_FINDINGS: readonly FindingCode[] = [];

/** Beside the row's FLAG bits (row-schema.ts), the store marks the ids it holds. */
const F_PRESENT = 1 << 7;

/** The parts of a frame record a row summary reads (FrameStore.peek). */
export type FramePeek = Pick<FrameRecord, 'id' | 'opcode' | 'payload' | 'payloadLength' | 'messageId'>;

interface FrameExtras {
  packets: number[];
  spans: { record: number; offset: number; length: number }[];
  findings: FindingCode[];
  /** The payload's places in the file, [offset, length, …], when in more than one piece. */
  pieces?: Float64Array;
}

/** Where a frame's payload is (the `where` column). */
const IN_ARENA = 0;
/** In the file, in one piece: payloadRef is its file offset. */
const IN_FILE = 1;
/** In the file, in several pieces (FrameExtras.pieces). */
const IN_FILE_PIECES = 2;

const EMPTY = new Uint8Array(0);
const NO_PIECES: readonly number[] = [];

export class FrameStore implements FrameRowSource {
  private readonly cols = new Columns({
    time: Float64Array,
    streamOffset: Float64Array,
    payloadLength: Float64Array,
    headerRef: Float64Array,
    payloadRef: Float64Array,
    conn: Int32Array,
    index: Int32Array,
    messageId: Int32Array,
    spanRecord: Int32Array,
    spanLength: Int32Array,
    captured: Int32Array,
    flags: Uint8Array,
    opcode: Uint8Array,
    headerLength: Uint8Array,
    lengthForm: Uint8Array,
    /** Opaque per-frame byte for the engine (continuation context). */
    tag: Uint8Array,
    where: Uint8Array,
  });
  private readonly extras = new Map<number, FrameExtras>();
  /** About what `extras` holds, in bytes (a map entry and its small arrays). */
  private extrasBytes = 0;
  private maxId = 0;

  /**
   * Payloads read back from the file for the reads under way (the engine sets it around them);
   * a located frame not in it reads as empty and sets `missed`.
   */
  resident: PayloadsById | null = null;
  missed = false;

  constructor(private readonly arena: ByteArena) {}

  get size(): number {
    return this.maxId;
  }

  /** About the bytes held, beside the payloads in the arena (the worker's memory budget). */
  get heldBytes(): number {
    return this.cols.bytes + this.extrasBytes;
  }

  /** Decoding ended: the columns let go of the room they grew ahead. */
  trim(): void {
    this.cols.trim(this.maxId + 1);
  }

  has(id: number): boolean {
    return id > 0 && id <= this.maxId && (this.cols.c.flags[id] & F_PRESENT) !== 0;
  }

  /** `pieces`: where the payload is in the file (frame-locator.ts); it is then not kept. */
  put(f: FrameRecord, tag = 0, pieces: number[] | null = null): void {
    this.cols.ensure(f.id);
    const c = this.cols.c;
    const i = f.id;
    if (i > this.maxId) this.maxId = i;
    c.time[i] = f.time;
    c.streamOffset[i] = f.streamOffset;
    c.payloadLength[i] = f.payloadLength;
    c.headerRef[i] = this.arena.add(f.header);
    const where = pieces === null ? IN_ARENA : pieces.length === 2 ? IN_FILE : IN_FILE_PIECES;
    c.where[i] = where;
    c.payloadRef[i] = where === IN_ARENA ? this.arena.add(f.payload) : where === IN_FILE ? pieces![0] : 0;
    c.conn[i] = f.connectionId;
    c.index[i] = f.index;
    c.messageId[i] = f.messageId ?? -1;
    c.captured[i] = f.payload.length;
    c.flags[i] =
      F_PRESENT |
      (f.fin ? FLAG.fin : 0) |
      (f.rsv1 ? FLAG.rsv1 : 0) |
      (f.rsv2 ? FLAG.rsv2 : 0) |
      (f.rsv3 ? FLAG.rsv3 : 0) |
      (f.masked ? FLAG.mask : 0) |
      (f.complete ? FLAG.complete : 0) |
      (f.direction === 'server' ? FLAG.server : 0);
    c.opcode[i] = f.opcode;
    c.headerLength[i] = f.header.length;
    c.lengthForm[i] = f.lengthForm;
    c.tag[i] = tag;
    const span = f.spans[0];
    const simple =
      f.spans.length === 1 &&
      span.offset === 0 &&
      f.packets.length === 1 &&
      f.packets[0] === span.record &&
      f.findings.length === 0 &&
      f.headerLength === f.header.length &&
      where !== IN_FILE_PIECES;
    if (simple) {
      c.spanRecord[i] = span.record;
      c.spanLength[i] = span.length;
    } else {
      c.spanRecord[i] = -1;
      this.extras.set(i, {
        packets: f.packets.slice(),
        spans: f.spans.map((s) => ({ ...s })),
        findings: f.findings.slice(),
        pieces: where === IN_FILE_PIECES ? Float64Array.from(pieces!) : undefined,
      });
      this.extrasBytes +=
        160 + 8 * f.packets.length + 48 * f.spans.length + 8 * f.findings.length + 8 * (pieces?.length ?? 0);
      // headerLength as declared may differ from the captured header bytes (cut frames)
      c.spanLength[i] = f.headerLength;
    }
  }

  setMessageId(id: number, messageId: number): void {
    if (this.has(id) && this.cols.c.messageId[id] < 0) this.cols.c.messageId[id] = messageId;
  }

  messageId(id: number): number | null {
    const m = this.cols.c.messageId[id];
    return m < 0 ? null : m;
  }

  tag(id: number): number {
    return this.cols.c.tag[id];
  }

  /** Where the payload is in the arena (a one-frame message shares it: MessageStore.put). */
  payloadRefOf(id: number): number {
    return this.cols.c.payloadRef[id];
  }

  /** Payload bytes captured (the payload's length unless the frame was cut). */
  capturedOf(id: number): number {
    return this.cols.c.captured[id];
  }

  /** True when the payload is not kept but read back from the file (filePieces). */
  isLocated(id: number): boolean {
    return this.cols.c.where[id] !== IN_ARENA;
  }

  /**
   * Where a located frame's payload is in the file: [offset, length, …] in payload order (a shared
   * array for a frame in one piece, as most are: read, never keep or modify).
   */
  filePieces(id: number): ArrayLike<number> {
    const c = this.cols.c;
    if (c.where[id] === IN_FILE) {
      this.onePiece[0] = c.payloadRef[id];
      this.onePiece[1] = c.captured[id];
      return this.onePiece;
    }
    return this.extras.get(id)?.pieces ?? NO_PIECES;
  }
  private readonly onePiece = [0, 0];

  /**
   * The masking key in place: its 4 bytes from `out.start` of `out.buf` (no view made), or false
   * when the frame is not masked (or its key was not captured).
   */
  maskingKeySpan(id: number, out: ByteSpan): boolean {
    const c = this.cols.c;
    if ((c.flags[id] & FLAG.mask) === 0) return false;
    const headerLength = this.extras.has(id) ? c.spanLength[id] : c.headerLength[id];
    if (c.headerLength[id] < headerLength || headerLength < 6) return false;
    this.arena.span(c.headerRef[id], c.headerLength[id], out);
    out.start += headerLength - 4;
    out.end = out.start + 4;
    return true;
  }

  /** Payload bytes as a view (no copy), for summaries and search. */
  payloadView(id: number): Uint8Array {
    if (this.cols.c.where[id] !== IN_ARENA) return this.residentPayload(id);
    return this.arena.view(this.cols.c.payloadRef[id], this.cols.c.captured[id]);
  }

  /** Payload bytes in place, written into `out` (for the display filter: no view per row). */
  payloadSpan(id: number, out: ByteSpan): void {
    if (this.cols.c.where[id] !== IN_ARENA) {
      if (this.resident?.span(id, out)) return;
      if (this.cols.c.captured[id] > 0) this.missed = true;
      out.buf = EMPTY;
      out.start = out.end = 0;
      return;
    }
    this.arena.span(this.cols.c.payloadRef[id], this.cols.c.captured[id], out);
  }

  private residentPayload(id: number): Uint8Array {
    const bytes = this.resident?.get(id);
    if (bytes) return bytes;
    if (this.cols.c.captured[id] > 0) this.missed = true;
    return EMPTY;
  }

  findingCount(id: number): number {
    return this.extras.get(id)?.findings.length ?? 0;
  }

  /** The captured header bytes as a view (no copy): a 64-bit length's exact digits. */
  headerView(id: number): Uint8Array {
    return this.arena.view(this.cols.c.headerRef[id], this.cols.c.headerLength[id]);
  }

  /** Connection id and time of a frame, for lookups that must not copy payloads. */
  connectionOf(id: number): number {
    return this.cols.c.conn[id];
  }
  timeOf(id: number): number {
    return this.cols.c.time[id];
  }

  // The row's columns (FrameRowSource, row-schema.ts), read without building a record.
  indexOf(id: number): number {
    return this.cols.c.index[id];
  }
  messageIdOf(id: number): number {
    return this.cols.c.messageId[id];
  }
  payloadLengthOf(id: number): number {
    return this.cols.c.payloadLength[id];
  }
  opcodeOf(id: number): number {
    return this.cols.c.opcode[id];
  }
  flagsOf(id: number): number {
    return this.cols.c.flags[id] & ~F_PRESENT;
  }

  /**
   * What a row's summary needs of frame `id`, payload as a view: ONE object reused by every call,
   * valid until the next call (summaries are made one frame at a time, a batch at once).
   */
  peek(id: number): FramePeek {
    const p = this.peeked;
    p.id = id;
    p.opcode = this.cols.c.opcode[id];
    p.payload = this.payloadView(id);
    p.payloadLength = this.cols.c.payloadLength[id];
    p.messageId = this.messageId(id);
    return p;
  }
  private readonly peeked: FramePeek = {
    id: 0,
    opcode: 0,
    payload: new Uint8Array(0),
    payloadLength: 0,
    messageId: null,
  };

  // For the display filter (filter-cursors.ts): what a FrameRecord holds, read without building it.
  lengthFormOf(id: number): number {
    return this.cols.c.lengthForm[id];
  }
  /** The masking key as a view into the stored header, or null when unmasked. */
  maskingKeyOf(id: number): Uint8Array | null {
    const c = this.cols.c;
    if ((c.flags[id] & FLAG.mask) === 0) return null;
    const headerLength = this.extras.has(id) ? c.spanLength[id] : c.headerLength[id];
    if (c.headerLength[id] < headerLength || headerLength < 6) return null;
    return this.arena.view(c.headerRef[id], c.headerLength[id]).subarray(headerLength - 4, headerLength);
  }
  /** Capture records that carried the frame (a shared array: read, never keep or modify). */
  packetsOf(id: number): readonly number[] {
    const extra = this.extras.get(id);
    if (extra) return extra.packets;
    this.onePacket[0] = this.cols.c.spanRecord[id];
    return this.onePacket;
  }
  private readonly onePacket = [0];
  findingsOf(id: number): readonly FindingCode[] {
    return this.extras.get(id)?.findings ?? NO_FINDINGS;
  }

  /** Does capture record `packet` carry any byte of this frame? (no copies) */
  carriedBy(id: number, packet: number): boolean {
    const extra = this.extras.get(id);
    return extra ? extra.packets.includes(packet) : this.cols.c.spanRecord[id] === packet;
  }

  /** The frame as the decoder made it, `fields` empty (the engine rebuilds them). */
  get(id: number): FrameRecord | null {
    if (!this.has(id)) return null;
    const c = this.cols.c;
    const flags = c.flags[id];
    const header = this.arena.get(c.headerRef[id], c.headerLength[id]);
    const masked = (flags & FLAG.mask) !== 0;
    const extra = this.extras.get(id);
    const headerLength = extra ? c.spanLength[id] : c.headerLength[id];
    return {
      id,
      connectionId: c.conn[id],
      direction: flags & FLAG.server ? 'server' : 'client',
      index: c.index[id],
      fin: (flags & FLAG.fin) !== 0,
      rsv1: (flags & FLAG.rsv1) !== 0,
      rsv2: (flags & FLAG.rsv2) !== 0,
      rsv3: (flags & FLAG.rsv3) !== 0,
      opcode: c.opcode[id],
      // The engine's tag keeps the frame's data opcode in its low four bits, compression in 0x10.
      dataOpcode: c.tag[id] & 0x0f,
      messageCompressed: (c.tag[id] & 0x10) !== 0,
      masked,
      maskingKey: masked && header.length >= headerLength ? header.slice(headerLength - 4, headerLength) : null,
      payloadLength: c.payloadLength[id],
      lengthForm: c.lengthForm[id] as 7 | 16 | 64,
      headerLength,
      header,
      payload: this.payloadView(id).slice(),
      streamOffset: c.streamOffset[id],
      packets: extra ? extra.packets.slice() : [c.spanRecord[id]],
      spans: extra
        ? extra.spans.map((s) => ({ ...s }))
        : [{ record: c.spanRecord[id], offset: 0, length: c.spanLength[id] }],
      time: c.time[id],
      complete: (flags & FLAG.complete) !== 0,
      fields: [],
      findings: extra ? extra.findings.slice() : [],
      messageId: this.messageId(id),
    };
  }
}
