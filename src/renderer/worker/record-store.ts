// Compact storage of decoded frames and messages for the worker.
//
// Why: a FrameRecord / MessageRecord as the decoder hands it out costs ~1.5 KB of small objects
// (typed arrays with their own buffers, span objects, arrays of ids); a capture with a million
// frames would need gigabytes. Here each record becomes one slot in typed-array columns plus its
// bytes in a shared arena (~80 bytes a frame plus its payload), and is rebuilt on demand, exactly
// as the decoder made it (tests compare every rebuilt record with analyzeCapture's).
//
// What is stored out of line (in `extras`, only when present): frames with several spans or
// findings; messages with several frames, findings, close info, or text that is not simply the
// UTF-8 decoding of the payload. Field records are not stored at all: the engine rebuilds them
// from the header bytes (decoder's buildFrameFields).

import type { FindingCode } from '../../decoder/findings.js';
import type { CloseInfo, Direction, FrameRecord, MessageRecord, MessageType } from '../../decoder/records.js';

/** Arena block size; payloads larger than this get a block of their own. */
const BLOCK = 4 * 1024 * 1024;
/** A reference packs block index and offset into one double: block * 2^27 + offset. */
const REF_SCALE = 2 ** 27;

export class ByteArena {
  private readonly blocks: Uint8Array[] = [];
  /** The block small byte strings are packed into, and how much of it is used. */
  private current = -1;
  private used = BLOCK;

  /** Copies `bytes` in; returns a reference for get(). */
  add(bytes: Uint8Array): number {
    if (bytes.length === 0) return 0;
    if (bytes.length > BLOCK / 4) {
      // Big payloads: their own block, so blocks never waste more than a quarter.
      this.blocks.push(bytes.slice());
      return (this.blocks.length - 1) * REF_SCALE;
    }
    if (this.used + bytes.length > BLOCK) {
      this.blocks.push(new Uint8Array(BLOCK));
      this.current = this.blocks.length - 1;
      this.used = 0;
    }
    const ref = this.current * REF_SCALE + this.used;
    this.blocks[this.current].set(bytes, this.used);
    this.used += bytes.length;
    return ref;
  }

  /** A view (no copy) of `length` bytes at `ref`. */
  view(ref: number, length: number): Uint8Array {
    if (length === 0) return new Uint8Array(0);
    const block = Math.floor(ref / REF_SCALE);
    const offset = ref - block * REF_SCALE;
    return this.blocks[block].subarray(offset, offset + length);
  }

  /** A copy the caller owns (records handed out own their bytes, as the decoder's do). */
  get(ref: number, length: number): Uint8Array {
    return this.view(ref, length).slice();
  }
}

/** Typed-array columns that double as they fill. */
class Columns<T extends Record<string, Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor>> {
  capacity = 1024;
  readonly c: { [K in keyof T]: InstanceType<T[K]> };

  constructor(private readonly spec: T) {
    this.c = {} as { [K in keyof T]: InstanceType<T[K]> };
    for (const k of Object.keys(spec) as (keyof T)[])
      this.c[k] = new spec[k](this.capacity) as InstanceType<T[keyof T]>;
  }

  ensure(index: number): void {
    if (index < this.capacity) return;
    let next = this.capacity * 2;
    while (next <= index) next *= 2;
    for (const k of Object.keys(this.spec) as (keyof T)[]) {
      const grown = new this.spec[k](next) as InstanceType<T[keyof T]>;
      grown.set(this.c[k] as never);
      this.c[k] = grown;
    }
    this.capacity = next;
  }
}

const F_FIN = 1;
const F_RSV1 = 2;
const F_RSV2 = 4;
const F_RSV3 = 8;
const F_MASKED = 16;
const F_COMPLETE = 32;
const F_SERVER = 64;
const F_PRESENT = 128;

interface FrameExtras {
  packets: number[];
  spans: { record: number; offset: number; length: number }[];
  findings: FindingCode[];
}

export class FrameStore {
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
  });
  private readonly extras = new Map<number, FrameExtras>();
  private maxId = 0;

  constructor(private readonly arena: ByteArena) {}

  get size(): number {
    return this.maxId;
  }

  has(id: number): boolean {
    return id > 0 && id <= this.maxId && (this.cols.c.flags[id] & F_PRESENT) !== 0;
  }

  put(f: FrameRecord, tag = 0): void {
    this.cols.ensure(f.id);
    const c = this.cols.c;
    const i = f.id;
    if (i > this.maxId) this.maxId = i;
    c.time[i] = f.time;
    c.streamOffset[i] = f.streamOffset;
    c.payloadLength[i] = f.payloadLength;
    c.headerRef[i] = this.arena.add(f.header);
    c.payloadRef[i] = this.arena.add(f.payload);
    c.conn[i] = f.connectionId;
    c.index[i] = f.index;
    c.messageId[i] = f.messageId ?? -1;
    c.captured[i] = f.payload.length;
    c.flags[i] =
      F_PRESENT |
      (f.fin ? F_FIN : 0) |
      (f.rsv1 ? F_RSV1 : 0) |
      (f.rsv2 ? F_RSV2 : 0) |
      (f.rsv3 ? F_RSV3 : 0) |
      (f.masked ? F_MASKED : 0) |
      (f.complete ? F_COMPLETE : 0) |
      (f.direction === 'server' ? F_SERVER : 0);
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
      f.headerLength === f.header.length;
    if (simple) {
      c.spanRecord[i] = span.record;
      c.spanLength[i] = span.length;
    } else {
      c.spanRecord[i] = -1;
      this.extras.set(i, {
        packets: f.packets.slice(),
        spans: f.spans.map((s) => ({ ...s })),
        findings: f.findings.slice(),
      });
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

  /** Payload bytes as a view (no copy), for summaries and search. */
  payloadView(id: number): Uint8Array {
    return this.arena.view(this.cols.c.payloadRef[id], this.cols.c.captured[id]);
  }

  findingCount(id: number): number {
    return this.extras.get(id)?.findings.length ?? 0;
  }

  /** Connection id and time of a frame, for lookups that must not copy payloads. */
  connectionOf(id: number): number {
    return this.cols.c.conn[id];
  }
  timeOf(id: number): number {
    return this.cols.c.time[id];
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
    const masked = (flags & F_MASKED) !== 0;
    const extra = this.extras.get(id);
    const headerLength = extra ? c.spanLength[id] : c.headerLength[id];
    return {
      id,
      connectionId: c.conn[id],
      direction: flags & F_SERVER ? 'server' : 'client',
      index: c.index[id],
      fin: (flags & F_FIN) !== 0,
      rsv1: (flags & F_RSV1) !== 0,
      rsv2: (flags & F_RSV2) !== 0,
      rsv3: (flags & F_RSV3) !== 0,
      opcode: c.opcode[id],
      // The engine's tag keeps the frame's data opcode in its low four bits.
      dataOpcode: c.tag[id] & 0x0f,
      masked,
      maskingKey: masked && header.length >= headerLength ? header.slice(headerLength - 4, headerLength) : null,
      payloadLength: c.payloadLength[id],
      lengthForm: c.lengthForm[id] as 7 | 16 | 64,
      headerLength,
      header,
      payload: this.arena.get(c.payloadRef[id], c.captured[id]),
      streamOffset: c.streamOffset[id],
      packets: extra ? extra.packets.slice() : [c.spanRecord[id]],
      spans: extra
        ? extra.spans.map((s) => ({ ...s }))
        : [{ record: c.spanRecord[id], offset: 0, length: c.spanLength[id] }],
      time: c.time[id],
      complete: (flags & F_COMPLETE) !== 0,
      fields: [],
      findings: extra ? extra.findings.slice() : [],
      messageId: this.messageId(id),
    };
  }
}

const TYPES: readonly MessageType[] = ['text', 'binary', 'close', 'ping', 'pong', 'reserved'];
const M_SERVER = 1;
const M_COMPRESSED = 2;
const M_COMPLETE = 4;
const M_PRESENT = 8;

interface MessageExtras {
  frameIds?: number[];
  /** Present when the decoder's text is not simply the UTF-8 decoding of the payload. */
  text?: string | null;
  close?: CloseInfo | null;
  findings?: FindingCode[];
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class MessageStore {
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
  });
  private readonly extras = new Map<number, MessageExtras>();
  private maxId = 0;

  constructor(private readonly arena: ByteArena) {}

  get size(): number {
    return this.maxId;
  }

  has(id: number): boolean {
    return id > 0 && id <= this.maxId && (this.cols.c.flags[id] & M_PRESENT) !== 0;
  }

  put(m: MessageRecord): void {
    this.cols.ensure(m.id);
    const c = this.cols.c;
    const i = m.id;
    if (i > this.maxId) this.maxId = i;
    c.firstTime[i] = m.firstTime;
    c.time[i] = m.time;
    c.wireLength[i] = m.wireLength;
    c.payloadRef[i] = this.arena.add(m.payload);
    c.rtt[i] = m.rtt ?? Number.NaN;
    c.conn[i] = m.connectionId;
    c.index[i] = m.index;
    c.length[i] = m.payload.length;
    c.pingId[i] = m.pingId ?? -1;
    c.firstFrame[i] = m.frameIds[0] ?? -1;
    c.opcode[i] = m.opcode;
    c.type[i] = TYPES.indexOf(m.type);
    c.flags[i] =
      M_PRESENT |
      (m.direction === 'server' ? M_SERVER : 0) |
      (m.compressed ? M_COMPRESSED : 0) |
      (m.complete ? M_COMPLETE : 0);
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
    if (any) this.extras.set(i, extra);
  }

  connectionId(id: number): number {
    return this.cols.c.conn[id];
  }

  frameIds(id: number): number[] {
    const extra = this.extras.get(id);
    return extra?.frameIds ? extra.frameIds.slice() : [this.cols.c.firstFrame[id]];
  }

  isCompressed(id: number): boolean {
    return (this.cols.c.flags[id] & M_COMPRESSED) !== 0;
  }

  /** The message's text (decoded on demand), or null for non-text messages. */
  text(id: number): string | null {
    const extra = this.extras.get(id);
    if (extra && 'text' in extra) return extra.text ?? null;
    if (TYPES[this.cols.c.type[id]] !== 'text') return null;
    return utf8.decode(this.payloadView(id));
  }

  closeInfo(id: number): CloseInfo | null {
    return this.extras.get(id)?.close ?? null;
  }

  payloadView(id: number): Uint8Array {
    return this.arena.view(this.cols.c.payloadRef[id], this.cols.c.length[id]);
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
    const direction: Direction = flags & M_SERVER ? 'server' : 'client';
    return {
      id,
      connectionId: c.conn[id],
      direction,
      index: c.index[id],
      opcode: c.opcode[id],
      type: TYPES[c.type[id]],
      frameIds: this.frameIds(id),
      firstTime: c.firstTime[id],
      time: c.time[id],
      payload: this.arena.get(c.payloadRef[id], Math.min(c.length[id], maxBytes)),
      wireLength: c.wireLength[id],
      compressed: (flags & M_COMPRESSED) !== 0,
      text: this.text(id),
      close: extra?.close ? { ...extra.close } : null,
      pingId: c.pingId[id] < 0 ? null : c.pingId[id],
      rtt: Number.isNaN(c.rtt[id]) ? null : c.rtt[id],
      complete: (flags & M_COMPLETE) !== 0,
      findings: extra?.findings ? extra.findings.slice() : [],
    };
  }
}
