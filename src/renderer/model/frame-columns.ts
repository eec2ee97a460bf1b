// The UI's frame rows as growable typed-array COLUMNS indexed by frame id (like
// message-columns.ts for messages). FrameRow objects are built on demand, only for the rows a
// view shows (the frames table's visible window, a selected frame).
//
// Why: a million FrameRow objects on the UI heap were traced by the garbage collector over and
// over while a capture loaded. Typed arrays are one object each; only `summary` stays an array
// of strings (the worker sends it so).
//
// Frame ids are dense from 1. A frame row may arrive again (updated: its message id, findings):
// the new values overwrite the old ones in place, and `onNew` is called only the first time.

import type { Direction } from '../../decoder/records.js';
import type { FrameRow } from '../worker/protocol.js';
import type { FrameRowColumns } from '../worker/row-codec.js';
import { grown } from './message-columns.js';

/** Flags bits, as in row-codec.ts. */
const FIN = 1;
const MASK = 16;
const COMPLETE = 32;
const SERVER = 64;

const RSV = ['000', '100', '010', '110', '001', '101', '011', '111'];

export class FrameColumns {
  /** One past the largest id held (so `size - 1` frames when none is missing). */
  size = 0;
  private present = new Uint8Array(0);
  private connectionId = new Int32Array(0);
  private index = new Int32Array(0);
  private messageId = new Int32Array(0);
  private findingCount = new Int32Array(0);
  private time = new Float64Array(0);
  private payloadLength = new Float64Array(0);
  private opcode = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private summary: string[] = [];

  /** Copies a batch's columns in, calling `onNew` for each frame id seen for the first time. */
  add(c: FrameRowColumns, onNew: (id: number, connectionId: number) => void): void {
    let maxId = this.size - 1;
    for (let i = 0; i < c.count; i++) if (c.id[i] > maxId) maxId = c.id[i];
    this.reserve(maxId + 1);
    for (let i = 0; i < c.count; i++) {
      const id = c.id[i];
      const known = this.present[id] === 1;
      this.present[id] = 1;
      this.connectionId[id] = c.connectionId[i];
      this.index[id] = c.index[i];
      this.messageId[id] = c.messageId[i];
      this.findingCount[id] = c.findingCount[i];
      this.time[id] = c.time[i];
      this.payloadLength[id] = c.payloadLength[i];
      this.opcode[id] = c.opcode[i];
      this.flags[id] = c.flags[i];
      this.summary[id] = c.summary[i];
      if (!known) onNew(id, c.connectionId[i]);
    }
    if (maxId + 1 > this.size) this.size = maxId + 1;
  }

  private reserve(n: number): void {
    if (n <= this.present.length) return;
    this.present = grown(this.present, n);
    this.connectionId = grown(this.connectionId, n);
    this.index = grown(this.index, n);
    this.messageId = grown(this.messageId, n);
    this.findingCount = grown(this.findingCount, n);
    this.time = grown(this.time, n);
    this.payloadLength = grown(this.payloadLength, n);
    this.opcode = grown(this.opcode, n);
    this.flags = grown(this.flags, n);
  }

  has(id: number): boolean {
    return id > 0 && id < this.size && this.present[id] === 1;
  }

  // Column readers for hot loops (sorting, filtering): no objects built.
  connectionOf(id: number): number {
    return this.connectionId[id];
  }
  timeOf(id: number): number {
    return this.time[id];
  }
  payloadLengthOf(id: number): number {
    return this.payloadLength[id];
  }
  opcodeOf(id: number): number {
    return this.opcode[id];
  }
  directionOf(id: number): Direction {
    return this.flags[id] & SERVER ? 'server' : 'client';
  }
  finOf(id: number): boolean {
    return (this.flags[id] & FIN) !== 0;
  }
  maskedOf(id: number): boolean {
    return (this.flags[id] & MASK) !== 0;
  }
  rsvOf(id: number): string {
    return RSV[(this.flags[id] >> 1) & 7];
  }
  summaryOf(id: number): string {
    return this.summary[id];
  }

  /** The row object for one frame, or undefined when the id is unknown. */
  row(id: number): FrameRow | undefined {
    if (!this.has(id)) return undefined;
    const f = this.flags[id];
    return {
      id,
      connectionId: this.connectionId[id],
      direction: f & SERVER ? 'server' : 'client',
      index: this.index[id],
      time: this.time[id],
      fin: (f & FIN) !== 0,
      rsv: RSV[(f >> 1) & 7],
      opcode: this.opcode[id],
      masked: (f & MASK) !== 0,
      payloadLength: this.payloadLength[id],
      complete: (f & COMPLETE) !== 0,
      messageId: this.messageId[id] < 0 ? null : this.messageId[id],
      summary: this.summary[id],
      findingCount: this.findingCount[id],
    };
  }

  /** Every row, in id order: for tests and small captures only (it builds every object). */
  all(): FrameRow[] {
    const out: FrameRow[] = [];
    for (let id = 1; id < this.size; id++) {
      const r = this.row(id);
      if (r) out.push(r);
    }
    return out;
  }
}
