// The worker's messages: one slot in typed-array columns per message plus its payload in the
// arena (record-store.ts says why), rebuilt on demand exactly as the decoder made it.
//
// A message whose payload is its frames' payloads as they are (not compressed) and whose frames
// were all found in the file (frame-locator.ts) keeps no payload: the engine reads its frames
// back (file-payloads.ts) and hands the joined payload in as `resident` for the reads that need it.

import type { ByteSpan, CloseInfo, Direction, FindingCode, MessageRecord } from '../../decoder/index.js';
import type { PayloadsById } from './file-payloads.js';
import { type ByteArena, Columns } from './record-store.js';
import { MESSAGE_FLAG, MESSAGE_TYPES, type MessageRowSource } from './row-schema.js';

/** Beside the row's MESSAGE_FLAG bits (row-schema.ts), the store marks the ids it holds. */
const M_PRESENT = 1 << 3;

interface MessageExtras {
  frameIds?: number[];
  /** Present when the decoder's text is not simply the UTF-8 decoding of the payload. */
  text?: string | null;
  close?: CloseInfo | null;
  findings?: FindingCode[];
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const NO_FINDINGS: readonly FindingCode[] = [];
const EMPTY = new Uint8Array(0);

/**
 * Where a message's payload is: in the arena (its own bytes or its one frame's), or its frames'
 * payloads read back from the file (file-payloads.ts).
 */
export type MessagePayloadSource = { ref: number } | 'frames' | null;

export class MessageStore implements MessageRowSource {
  private readonly cols = new Columns({
    firstTime: Float64Array,
    time: Float64Array,
    wireLength: Float64Array,
    payloadRef: Float64Array,
    rtt: Float64Array,
    conn: Int32Array,
    index: Int32Array,
    length: Int32Array,
    pingId: Int32Array,
    firstFrame: Int32Array,
    opcode: Uint8Array,
    type: Uint8Array,
    flags: Uint8Array,
    /** 1: the payload is its frames' payloads read back from the file; 0: in the arena. */
    fromFrames: Uint8Array,
  });
  private readonly extras = new Map<number, MessageExtras>();
  /** About what `extras` holds, in bytes (a map entry, frame ids, texts, close info). */
  private extrasBytes = 0;
  private maxId = 0;

  /** Payloads read back for the reads under way (the engine sets it); a miss reads as empty and sets `missed`. */
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
    return id > 0 && id <= this.maxId && (this.cols.c.flags[id] & M_PRESENT) !== 0;
  }

  /**
   * `source`: an arena reference already holding exactly `m.payload` (its one frame's payload,
   * which the decoder hands out as the message's own array): kept once, not copied again; or
   * 'frames': the payload is its frames' payloads, read back from the file; null: copied in.
   */
  put(m: MessageRecord, source: MessagePayloadSource = null): void {
    this.cols.ensure(m.id);
    const c = this.cols.c;
    const i = m.id;
    if (i > this.maxId) this.maxId = i;
    c.firstTime[i] = m.firstTime;
    c.time[i] = m.time;
    c.wireLength[i] = m.wireLength;
    c.fromFrames[i] = source === 'frames' ? 1 : 0;
    c.payloadRef[i] = source === 'frames' ? 0 : source ? source.ref : this.arena.add(m.payload);
    c.rtt[i] = m.rtt ?? Number.NaN;
    c.conn[i] = m.connectionId;
    c.index[i] = m.index;
    c.length[i] = m.payload.length;
    c.pingId[i] = m.pingId ?? -1;
    c.firstFrame[i] = m.frameIds[0] ?? -1;
    c.opcode[i] = m.opcode;
    c.type[i] = MESSAGE_TYPES.indexOf(m.type);
    c.flags[i] =
      M_PRESENT |
      (m.direction === 'server' ? MESSAGE_FLAG.server : 0) |
      (m.compressed ? MESSAGE_FLAG.compressed : 0) |
      (m.complete ? MESSAGE_FLAG.complete : 0);
    const extra: MessageExtras = {};
    let any = false;
    if (m.frameIds.length !== 1) {
      extra.frameIds = m.frameIds.slice();
      any = true;
    }
    const derived = m.type === 'text' ? utf8.decode(m.payload) : null;
    if (derived !== m.text) {
      extra.text = m.text;
      any = true;
    }
    if (m.close) {
      extra.close = { ...m.close };
      any = true;
    }
    if (m.findings.length > 0) {
      extra.findings = m.findings.slice();
      any = true;
    }
    if (any) {
      this.extras.set(i, extra);
      this.extrasBytes +=
        160 + 8 * (extra.frameIds?.length ?? 0) + 2 * (extra.text?.length ?? 0) + 8 * (extra.findings?.length ?? 0);
    }
  }

  // The row's columns (MessageRowSource, row-schema.ts), read without building a record.
  connectionOf(id: number): number {
    return this.cols.c.conn[id];
  }
  opcodeOf(id: number): number {
    return this.cols.c.opcode[id];
  }
  typeIndexOf(id: number): number {
    return this.cols.c.type[id];
  }
  flagsOf(id: number): number {
    return this.cols.c.flags[id] & ~M_PRESENT;
  }
  firstTimeOf(id: number): number {
    return this.cols.c.firstTime[id];
  }
  timeOf(id: number): number {
    return this.cols.c.time[id];
  }
  wireLengthOf(id: number): number {
    return this.cols.c.wireLength[id];
  }
  closeCodeOf(id: number): number {
    return this.extras.get(id)?.close?.code ?? -1;
  }
  pingIdOf(id: number): number {
    return this.cols.c.pingId[id];
  }
  rttOf(id: number): number {
    return this.cols.c.rtt[id];
  }
  findingCount(id: number): number {
    return this.extras.get(id)?.findings?.length ?? 0;
  }

  /** For the display filter (filter-cursors.ts): the finding codes, without a copy. */
  findingsOf(id: number): readonly FindingCode[] {
    return this.extras.get(id)?.findings ?? NO_FINDINGS;
  }

  /** The frame ids without a copy (a shared one-element array for one-frame messages): read, never keep. */
  frameIdsView(id: number): readonly number[] {
    const extra = this.extras.get(id);
    if (extra?.frameIds) return extra.frameIds;
    this.oneFrame[0] = this.cols.c.firstFrame[id];
    return this.oneFrame;
  }
  private readonly oneFrame = [0];

  frameIds(id: number): number[] {
    const extra = this.extras.get(id);
    return extra?.frameIds ? extra.frameIds.slice() : [this.cols.c.firstFrame[id]];
  }

  isCompressed(id: number): boolean {
    return (this.cols.c.flags[id] & MESSAGE_FLAG.compressed) !== 0;
  }

  /** The message's text (decoded on demand), or null for non-text messages. */
  text(id: number): string | null {
    const extra = this.extras.get(id);
    if (extra && 'text' in extra) return extra.text ?? null;
    if (MESSAGE_TYPES[this.cols.c.type[id]] !== 'text') return null;
    return utf8.decode(this.payloadView(id));
  }

  closeInfo(id: number): CloseInfo | null {
    return this.extras.get(id)?.close ?? null;
  }

  payloadView(id: number): Uint8Array {
    if (this.cols.c.fromFrames[id]) return this.residentPayload(id);
    return this.arena.view(this.cols.c.payloadRef[id], this.cols.c.length[id]);
  }

  /** Payload bytes in place, written into `out` (for the display filter: no view per row). */
  payloadSpan(id: number, out: ByteSpan): void {
    if (this.cols.c.fromFrames[id]) {
      if (this.resident?.span(id, out)) return;
      if (this.cols.c.length[id] > 0) this.missed = true;
      out.buf = EMPTY;
      out.start = out.end = 0;
      return;
    }
    this.arena.span(this.cols.c.payloadRef[id], this.cols.c.length[id], out);
  }

  /** True when the payload is read back from the file: the payloads of frameIds(id), joined. */
  isLocated(id: number): boolean {
    return this.cols.c.fromFrames[id] === 1;
  }

  private residentPayload(id: number): Uint8Array {
    const bytes = this.resident?.get(id);
    if (bytes) return bytes;
    if (this.cols.c.length[id] > 0) this.missed = true;
    return EMPTY;
  }

  /** Is text(id) the UTF-8 decoding of the payload (a text message whose text was not stored apart)? */
  textIsPayload(id: number): boolean {
    if (MESSAGE_TYPES[this.cols.c.type[id]] !== 'text') return false;
    const extra = this.extras.get(id);
    return !(extra && 'text' in extra);
  }

  payloadLength(id: number): number {
    return this.cols.c.length[id];
  }

  /** The message as the decoder made it; payload cut to `maxBytes` when given. */
  get(id: number, maxBytes = Number.POSITIVE_INFINITY): MessageRecord | null {
    if (!this.has(id)) return null;
    const c = this.cols.c;
    const flags = c.flags[id];
    const extra = this.extras.get(id);
    const direction: Direction = flags & MESSAGE_FLAG.server ? 'server' : 'client';
    return {
      id,
      connectionId: c.conn[id],
      direction,
      index: c.index[id],
      opcode: c.opcode[id],
      type: MESSAGE_TYPES[c.type[id]],
      frameIds: this.frameIds(id),
      firstTime: c.firstTime[id],
      time: c.time[id],
      payload: this.payloadView(id).slice(0, Math.min(c.length[id], maxBytes)),
      wireLength: c.wireLength[id],
      compressed: (flags & MESSAGE_FLAG.compressed) !== 0,
      text: this.text(id),
      close: extra?.close ? { ...extra.close } : null,
      pingId: c.pingId[id] < 0 ? null : c.pingId[id],
      rtt: Number.isNaN(c.rtt[id]) ? null : c.rtt[id],
      complete: (flags & MESSAGE_FLAG.complete) !== 0,
      findings: extra?.findings ? extra.findings.slice() : [],
    };
  }
}
