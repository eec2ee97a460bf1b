// A shard's frames and messages, sent to the merging thread as numbers, bytes and strings instead
// of cloned objects.
//
// Why: structured cloning a record costs per property on both sides, and for small-message
// traffic that was more than decoding it (the merging thread spent half its time deserializing:
// bench/README.md, "decode on every core"). Here a frame or message becomes a run of numbers in
// one Float64Array, its bytes go into one buffer (both transferred), and its strings (text, close
// reason, finding codes) into one array of strings, which clones as flat copies. In the group's
// event list the record is replaced by a marker. decodeOutputs builds the records back with their
// properties in the order connection/direction.ts gives them, so they serialize the same.
// A frame with its bit-level `fields` (SessionOptions.frameFields) is cloned as an object, only
// its bytes packed.

import type { FindingCode } from '../findings.js';
import type { DecoderEvent, FrameRecord, MessageRecord } from '../records.js';
import { MESSAGE_TYPES, type MessageType } from '../websocket/opcodes.js';
import type { ShardGroup } from './shard-core.js';

export type Outputs = (ShardGroup | ShardGroup[])[];

/** In a group's events: a frame or a message in the numbers. */
const FRAME = 0;
const MESSAGE = 1;

/**
 * In place of a message payload's length: the payload is (a prefix of) the last frame's payload
 * array, its length follows. The assembler hands a one-frame message out with its frame's payload
 * array itself; sent as its own bytes it crossed the threads twice and came back as a copy, so the
 * app's store, which keeps the two once when they are one array, kept them twice.
 */
const SAME_AS_FRAME = -2;

export interface EncodedRecords {
  nums: Float64Array;
  bytes: Uint8Array;
  strs: string[];
}

function groupsOf(outputs: Outputs): ShardGroup[] {
  const list: ShardGroup[] = [];
  for (const out of outputs) {
    if (Array.isArray(out)) list.push(...out);
    else list.push(out);
  }
  return list;
}

class Writer {
  nums = new Float64Array(4096);
  n = 0;
  bytes: Uint8Array;
  b = 0;
  strs: string[] = [];
  /** The payload of the frame written last (SAME_AS_FRAME). */
  lastFramePayload: Uint8Array | null = null;

  constructor(byteLength: number) {
    this.bytes = new Uint8Array(byteLength);
  }

  num(v: number): void {
    if (this.n === this.nums.length) {
      const grown = new Float64Array(this.nums.length * 2);
      grown.set(this.nums);
      this.nums = grown;
    }
    this.nums[this.n++] = v;
  }

  /** Bytes as their length (-1 for null); they follow the previous ones in `bytes`. */
  put(bytes: Uint8Array | null): void {
    if (bytes === null) {
      this.num(-1);
      return;
    }
    this.bytes.set(bytes, this.b);
    this.b += bytes.length;
    this.num(bytes.length);
  }

  codes(codes: readonly FindingCode[]): void {
    this.num(codes.length);
    for (const c of codes) this.strs.push(c);
  }

  framePayload(payload: Uint8Array): void {
    this.put(payload);
    this.lastFramePayload = payload;
  }

  /** A message's payload: a reference to the last frame's when it is a view of it (SAME_AS_FRAME). */
  messagePayload(payload: Uint8Array): void {
    const f = this.lastFramePayload;
    if (
      f !== null &&
      payload.buffer === f.buffer &&
      payload.byteOffset === f.byteOffset &&
      payload.length <= f.length
    ) {
      this.num(SAME_AS_FRAME);
      this.num(payload.length);
    } else this.put(payload);
  }
}

const flag = (b: boolean, bit: number): number => (b ? bit : 0);

function byteLength(groups: ShardGroup[]): number {
  let total = 0;
  for (const g of groups) {
    for (const ev of g.events) {
      if (ev.kind === 'frame') {
        const f = ev.frame;
        total += f.payload.length + f.header.length + (f.maskingKey?.length ?? 0);
      } else if (ev.kind === 'message') total += ev.message.payload.length;
    }
  }
  return total;
}

/** Replaces the groups' frames and messages by markers; what they held is in the result. */
export function encodeOutputs(outputs: Outputs): EncodedRecords {
  const groups = groupsOf(outputs);
  const w = new Writer(byteLength(groups));
  for (const g of groups) {
    const events = g.events as unknown[];
    for (let i = 0; i < events.length; i++) {
      const ev = events[i] as DecoderEvent;
      if (ev.kind === 'frame') {
        if (ev.frame.fields.length > 0) {
          packObjectFrame(ev.frame, w);
          continue;
        }
        encodeFrame(ev.frame, w);
        events[i] = FRAME;
      } else if (ev.kind === 'message') {
        encodeMessage(ev.message, w);
        events[i] = MESSAGE;
      }
    }
  }
  return { nums: w.nums.slice(0, w.n), bytes: w.bytes, strs: w.strs };
}

function encodeFrame(f: FrameRecord, w: Writer): void {
  w.num(f.id);
  w.num(f.connectionId);
  w.num(f.direction === 'client' ? 0 : 1);
  w.num(f.index);
  w.num(
    flag(f.fin, 1) |
      flag(f.rsv1, 2) |
      flag(f.rsv2, 4) |
      flag(f.rsv3, 8) |
      flag(f.messageCompressed, 16) |
      flag(f.masked, 32) |
      flag(f.complete, 64) |
      flag(f.messageId !== null, 128),
  );
  w.num(f.opcode);
  w.num(f.dataOpcode);
  w.num(f.payloadLength);
  w.num(f.lengthForm);
  w.num(f.headerLength);
  w.num(f.streamOffset);
  w.num(f.time);
  w.num(f.messageId ?? 0);
  w.put(f.maskingKey);
  w.put(f.header);
  w.framePayload(f.payload);
  w.num(f.packets.length);
  for (const p of f.packets) w.num(p);
  w.num(f.spans.length);
  for (const s of f.spans) {
    w.num(s.record);
    w.num(s.offset);
    w.num(s.length);
  }
  w.codes(f.findings);
}

/** A frame sent as an object (it has fields): only its bytes go into the buffer. */
function packObjectFrame(f: FrameRecord, w: Writer): void {
  const loose = f as unknown as Record<string, Uint8Array | null>;
  w.put(f.maskingKey);
  w.put(f.header);
  w.framePayload(f.payload);
  loose.maskingKey = null;
  loose.header = null;
  loose.payload = null;
}

function encodeMessage(m: MessageRecord, w: Writer): void {
  w.num(m.id);
  w.num(m.connectionId);
  w.num(m.direction === 'client' ? 0 : 1);
  w.num(m.index);
  w.num(m.opcode);
  w.num(MESSAGE_TYPES.indexOf(m.type));
  w.num(
    flag(m.compressed, 1) |
      flag(m.complete, 2) |
      flag(m.text !== null, 4) |
      flag(m.close !== null, 8) |
      flag(m.close?.code === null, 16) |
      flag(m.pingId !== null, 32) |
      flag(m.rtt !== null, 64),
  );
  w.num(m.frameIds.length);
  for (const id of m.frameIds) w.num(id);
  w.num(m.firstTime);
  w.num(m.time);
  w.num(m.wireLength);
  w.num(m.pingId ?? 0);
  w.num(m.rtt ?? 0);
  w.num(m.close?.code ?? 0);
  w.messagePayload(m.payload);
  if (m.text !== null) w.strs.push(m.text);
  if (m.close !== null) w.strs.push(m.close.reason);
  w.codes(m.findings);
}

class Reader {
  n = 0;
  b = 0;
  s = 0;
  constructor(
    readonly nums: Float64Array,
    readonly bytes: Uint8Array,
    readonly strs: string[],
  ) {}

  num(): number {
    return this.nums[this.n++] as number;
  }

  /** The payload of the frame read last (SAME_AS_FRAME). */
  lastFramePayload: Uint8Array = new Uint8Array(0);

  bytesOrNull(): Uint8Array | null {
    const length = this.num();
    if (length < 0) return null;
    const view = this.bytes.subarray(this.b, this.b + length);
    this.b += length;
    return view;
  }

  framePayload(): Uint8Array {
    this.lastFramePayload = this.bytesOrNull() as Uint8Array;
    return this.lastFramePayload;
  }

  messagePayload(): Uint8Array {
    if (this.nums[this.n] !== SAME_AS_FRAME) return this.bytesOrNull() as Uint8Array;
    this.n++;
    return this.lastFramePayload.subarray(0, this.num());
  }

  str(): string {
    return this.strs[this.s++] as string;
  }

  codes(): FindingCode[] {
    const count = this.num();
    const codes: FindingCode[] = new Array(count);
    for (let i = 0; i < count; i++) codes[i] = this.str() as FindingCode;
    return codes;
  }
}

/** Puts the groups' frames and messages back, from what encodeOutputs made of them. */
export function decodeOutputs(outputs: Outputs, encoded: EncodedRecords): void {
  const r = new Reader(encoded.nums, encoded.bytes, encoded.strs);
  for (const g of groupsOf(outputs)) {
    const events = g.events as unknown[];
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      if (ev === FRAME) events[i] = { kind: 'frame', frame: decodeFrame(r) };
      else if (ev === MESSAGE) events[i] = { kind: 'message', message: decodeMessage(r) };
      else if ((ev as DecoderEvent).kind === 'frame') {
        const loose = (ev as { frame: Record<string, Uint8Array | null> }).frame;
        loose.maskingKey = r.bytesOrNull();
        loose.header = r.bytesOrNull();
        loose.payload = r.framePayload();
      }
    }
  }
}

const NO_FIELDS: FrameRecord['fields'] = [];

function decodeFrame(r: Reader): FrameRecord {
  const id = r.num();
  const connectionId = r.num();
  const direction = r.num() === 0 ? 'client' : 'server';
  const index = r.num();
  const flags = r.num();
  const opcode = r.num();
  const dataOpcode = r.num();
  const payloadLength = r.num();
  const lengthForm = r.num() as FrameRecord['lengthForm'];
  const headerLength = r.num();
  const streamOffset = r.num();
  const time = r.num();
  const messageId = r.num();
  const maskingKey = r.bytesOrNull();
  const header = r.bytesOrNull() as Uint8Array;
  const payload = r.framePayload();
  const packets: number[] = new Array(r.num());
  for (let i = 0; i < packets.length; i++) packets[i] = r.num();
  const spans: FrameRecord['spans'] = new Array(r.num());
  for (let i = 0; i < spans.length; i++) spans[i] = { record: r.num(), offset: r.num(), length: r.num() };
  // In connection/direction.ts's order.
  return {
    id,
    connectionId,
    direction,
    index,
    fin: (flags & 1) !== 0,
    rsv1: (flags & 2) !== 0,
    rsv2: (flags & 4) !== 0,
    rsv3: (flags & 8) !== 0,
    opcode,
    dataOpcode,
    messageCompressed: (flags & 16) !== 0,
    masked: (flags & 32) !== 0,
    maskingKey,
    payloadLength,
    lengthForm,
    headerLength,
    header,
    payload,
    streamOffset,
    packets,
    spans,
    time,
    complete: (flags & 64) !== 0,
    fields: NO_FIELDS,
    findings: r.codes(),
    messageId: (flags & 128) !== 0 ? messageId : null,
  };
}

function decodeMessage(r: Reader): MessageRecord {
  const id = r.num();
  const connectionId = r.num();
  const direction = r.num() === 0 ? 'client' : 'server';
  const index = r.num();
  const opcode = r.num();
  const type = MESSAGE_TYPES[r.num()] as MessageType;
  const flags = r.num();
  const frameIds: number[] = new Array(r.num());
  for (let i = 0; i < frameIds.length; i++) frameIds[i] = r.num();
  const firstTime = r.num();
  const time = r.num();
  const wireLength = r.num();
  const pingId = r.num();
  const rtt = r.num();
  const code = r.num();
  const payload = r.messagePayload();
  const text = (flags & 4) !== 0 ? r.str() : null;
  const close = (flags & 8) !== 0 ? { code: (flags & 16) !== 0 ? null : code, reason: r.str() } : null;
  // In connection/direction.ts's order.
  return {
    id,
    connectionId,
    direction,
    index,
    opcode,
    type,
    frameIds,
    firstTime,
    time,
    payload,
    wireLength,
    compressed: (flags & 1) !== 0,
    text,
    close,
    pingId: (flags & 32) !== 0 ? pingId : null,
    rtt: (flags & 64) !== 0 ? rtt : null,
    complete: (flags & 2) !== 0,
    findings: r.codes(),
  };
}
