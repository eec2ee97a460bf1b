// The UI's message rows as growable typed-array COLUMNS indexed by message id, plus per
// connection id lists (IdList). Row objects (MessageRow) are built on demand, only for what a
// view shows: the visible timeline marks, a selected message, a connection's close frames.
//
// Why: a million MessageRow objects (each with its own frameIds array) lived on the UI heap
// while a capture loaded; the CDP profile showed the garbage collector tracing them as the main
// cost, stalling the UI thread for seconds at a time. Typed arrays are one object each, which
// the collector does not walk. Only `preview` stays an array of strings (the worker sends it so).
//
// Message ids are dense from 1 and a message row arrives once (only frame rows are updated).

import type { Direction, MessageType } from '../../decoder/records.js';
import type { MessageRow } from '../worker/protocol.js';
import type { MessageRowColumns } from '../worker/row-codec.js';

const MESSAGE_TYPES: readonly MessageType[] = ['text', 'binary', 'close', 'ping', 'pong', 'reserved'];
const TYPE_INDEX: Readonly<Record<MessageType, number>> = {
  text: 0,
  binary: 1,
  close: 2,
  ping: 3,
  pong: 4,
  reserved: 5,
};

/** Flags bits, as in row-codec.ts. */
const SERVER = 1;
const COMPRESSED = 2;
const COMPLETE = 4;

export function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let n = Math.max(16, a.length);
  while (n < need) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** A growable list of ids (one connection's messages, in arrival order). */
export class IdList {
  length = 0;
  private ids = new Int32Array(16);

  push(id: number): void {
    this.ids = grown(this.ids, this.length + 1);
    this.ids[this.length++] = id;
  }

  at(i: number): number {
    return this.ids[i];
  }

  /** A copy, for tests and small lists. */
  toArray(): number[] {
    return Array.from(this.ids.subarray(0, this.length));
  }
}

export class MessageColumns {
  /** One past the largest id held. */
  size = 0;
  private present = new Uint8Array(0);
  private connectionId = new Int32Array(0);
  private opcode = new Uint8Array(0);
  private type = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private firstTime = new Float64Array(0);
  private time = new Float64Array(0);
  private wireLength = new Float64Array(0);
  private length = new Float64Array(0);
  private closeCode = new Int32Array(0);
  private pingId = new Int32Array(0);
  private rtt = new Float64Array(0);
  private findingCount = new Int32Array(0);
  /** Frame ids of message `id` are framePool[frameStart[id] .. frameStart[id] + frameCount[id]). */
  private frameStart = new Int32Array(0);
  private frameCount = new Int32Array(0);
  private framePool = new Int32Array(0);
  private poolUsed = 0;
  private preview: string[] = [];

  /** Copies a batch's columns in, calling `onRow` for each message in order. */
  add(c: MessageRowColumns, onRow: (id: number, connectionId: number) => void): void {
    let maxId = this.size - 1;
    for (let i = 0; i < c.count; i++) if (c.id[i] > maxId) maxId = c.id[i];
    this.reserve(maxId + 1);
    this.framePool = grown(this.framePool, this.poolUsed + c.frameIds.length);
    for (let i = 0; i < c.count; i++) {
      const id = c.id[i];
      this.present[id] = 1;
      this.connectionId[id] = c.connectionId[i];
      this.opcode[id] = c.opcode[i];
      this.type[id] = c.type[i];
      this.flags[id] = c.flags[i];
      this.firstTime[id] = c.firstTime[i];
      this.time[id] = c.time[i];
      this.wireLength[id] = c.wireLength[i];
      this.length[id] = c.length[i];
      this.closeCode[id] = c.closeCode[i];
      this.pingId[id] = c.pingId[i];
      this.rtt[id] = c.rtt[i];
      this.findingCount[id] = c.findingCount[i];
      const from = c.frameStart[i];
      const n = c.frameStart[i + 1] - from;
      this.frameStart[id] = this.poolUsed;
      this.frameCount[id] = n;
      this.framePool.set(c.frameIds.subarray(from, from + n), this.poolUsed);
      this.poolUsed += n;
      this.preview[id] = c.preview[i];
      onRow(id, c.connectionId[i]);
    }
    if (maxId + 1 > this.size) this.size = maxId + 1;
  }

  private reserve(n: number): void {
    if (n <= this.present.length) return;
    this.present = grown(this.present, n);
    this.connectionId = grown(this.connectionId, n);
    this.opcode = grown(this.opcode, n);
    this.type = grown(this.type, n);
    this.flags = grown(this.flags, n);
    this.firstTime = grown(this.firstTime, n);
    this.time = grown(this.time, n);
    this.wireLength = grown(this.wireLength, n);
    this.length = grown(this.length, n);
    this.closeCode = grown(this.closeCode, n);
    this.pingId = grown(this.pingId, n);
    this.rtt = grown(this.rtt, n);
    this.findingCount = grown(this.findingCount, n);
    this.frameStart = grown(this.frameStart, n);
    this.frameCount = grown(this.frameCount, n);
  }

  has(id: number): boolean {
    return id > 0 && id < this.size && this.present[id] === 1;
  }

  // Column readers for hot loops (no objects built).
  timeOf(id: number): number {
    return this.time[id];
  }
  firstTimeOf(id: number): number {
    return this.firstTime[id];
  }
  directionOf(id: number): Direction {
    return this.flags[id] & SERVER ? 'server' : 'client';
  }
  typeOf(id: number): MessageType {
    return MESSAGE_TYPES[this.type[id]];
  }
  isType(id: number, type: MessageType): boolean {
    return this.type[id] === TYPE_INDEX[type];
  }
  firstFrameOf(id: number): number | null {
    return this.frameCount[id] > 0 ? this.framePool[this.frameStart[id]] : null;
  }

  /** The row object for one message, or undefined when the id is unknown. */
  row(id: number): MessageRow | undefined {
    if (!this.has(id)) return undefined;
    const f = this.flags[id];
    const start = this.frameStart[id];
    return {
      id,
      connectionId: this.connectionId[id],
      direction: f & SERVER ? 'server' : 'client',
      type: MESSAGE_TYPES[this.type[id]],
      opcode: this.opcode[id],
      firstTime: this.firstTime[id],
      time: this.time[id],
      frameIds: Array.from(this.framePool.subarray(start, start + this.frameCount[id])),
      wireLength: this.wireLength[id],
      length: this.length[id],
      compressed: (f & COMPRESSED) !== 0,
      preview: this.preview[id],
      closeCode: this.closeCode[id] < 0 ? null : this.closeCode[id],
      pingId: this.pingId[id] < 0 ? null : this.pingId[id],
      rtt: Number.isNaN(this.rtt[id]) ? null : this.rtt[id],
      complete: (f & COMPLETE) !== 0,
      findingCount: this.findingCount[id],
    };
  }

  /** Every row, in id order: for tests and small captures only (it builds every object). */
  all(): MessageRow[] {
    const out: MessageRow[] = [];
    for (let id = 1; id < this.size; id++) {
      const r = this.row(id);
      if (r) out.push(r);
    }
    return out;
  }

  /** Rows for a list of ids that pass `keep` (built only for those). */
  rows(ids: IdList, keep: (id: number) => boolean = () => true): MessageRow[] {
    const out: MessageRow[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids.at(i);
      if (keep(id)) {
        const r = this.row(id);
        if (r) out.push(r);
      }
    }
    return out;
  }
}
