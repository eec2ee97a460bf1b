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

import type { Direction, MessageType } from '../../decoder/index.js';
import {
  MESSAGE_FIELD_NAMES,
  MESSAGE_FIELDS,
  MESSAGE_FLAG,
  MESSAGE_TYPES,
  type MessageField,
  type MessageRow,
  type MessageRowColumns,
} from '../worker/row-schema.js';
import { PreviewCache } from './preview-cache.js';
import { column, growColumns, grown, scatter, type TypedColumn, trimmed } from './typed-columns.js';

type Arrays = { [K in MessageField]: MessageRowColumns[K] };

/** Each type's index in MESSAGE_TYPES. */
const TYPE_INDEX = new Map(MESSAGE_TYPES.map((t, i) => [t, i]));

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

  /** Lets go of the room grown ahead (the capture is fully loaded). */
  trim(): void {
    this.ids = trimmed(this.ids, Math.max(16, this.length));
  }

  /** A copy, for tests and small lists. */
  toArray(): number[] {
    return Array.from(this.ids.subarray(0, this.length));
  }
}

export class MessageColumns {
  /** One past the largest id held. */
  size = 0;
  /** How many messages are held: it changes exactly when `has` may answer differently. */
  held = 0;
  private present = column(Uint8Array);
  /** The columns of row-schema.ts's MESSAGE_FIELDS, indexed by message id. */
  private readonly cols = emptyColumns();
  /** Frame ids of message `id` are framePool[frameStart[id] .. frameStart[id] + frameCount[id]). */
  private frameStart = column(Int32Array);
  private frameCount = column(Int32Array);
  private framePool = column(Int32Array);
  private poolUsed = 0;
  private preview: string[] = [];
  /** Previews of rows sent without one, for the rows views show (preview-cache.ts). */
  readonly lazy = new PreviewCache();
  /** Exact wire lengths beyond 2^53 - 1, by message id. */
  private readonly exact = new Map<number, string>();

  /** Copies a batch's columns in, calling `onRow` for each message in order. */
  add(c: MessageRowColumns, onRow: (id: number, connectionId: number) => void): void {
    let maxId = this.size - 1;
    for (let i = 0; i < c.count; i++) if (c.id[i] > maxId) maxId = c.id[i];
    this.reserve(maxId + 1);
    this.framePool = grown(this.framePool, this.poolUsed + c.frameIds.length);
    for (const name of MESSAGE_FIELD_NAMES) scatter(this.cols[name], c[name], c.id, c.count);
    for (let i = 0; i < c.count; i++) {
      const id = c.id[i];
      if (this.present[id] !== 1) this.held++;
      this.present[id] = 1;
      const from = c.frameStart[i];
      const n = c.frameStart[i + 1] - from;
      this.frameStart[id] = this.poolUsed;
      this.frameCount[id] = n;
      this.framePool.set(c.frameIds.subarray(from, from + n), this.poolUsed);
      this.poolUsed += n;
      const preview = c.preview[i];
      if (preview !== null) this.preview[id] = preview;
      else this.lazy.forget(id);
      onRow(id, c.connectionId[i]);
    }
    if (c.exact) for (const [id, text] of c.exact) this.exact.set(id, text);
    if (maxId + 1 > this.size) this.size = maxId + 1;
  }

  /**
   * Letting go of the room grown ahead (columns double as they fill: up to half of a big capture's
   * columns were empty slots), a column a step: run once the capture is fully loaded (rows added
   * later grow them again).
   */
  trimSteps(): (() => void)[] {
    const cols = this.cols as Record<string, TypedColumn>;
    return [
      ...MESSAGE_FIELD_NAMES.map((name) => () => {
        cols[name] = trimmed(cols[name], this.size);
      }),
      () => {
        this.present = trimmed(this.present, this.size);
        this.frameStart = trimmed(this.frameStart, this.size);
        this.frameCount = trimmed(this.frameCount, this.size);
      },
      () => {
        this.framePool = trimmed(this.framePool, this.poolUsed);
      },
    ];
  }

  /** The message's wire length as exact decimal text (numbers beyond 2^53 - 1 are rounded). */
  wireLengthText(id: number): string {
    return this.exact.get(id) ?? String(this.cols.wireLength[id]);
  }

  private reserve(n: number): void {
    growColumns(this.cols as unknown as Record<string, TypedColumn>, MESSAGE_FIELD_NAMES, n);
    if (n <= this.present.length) return;
    this.present = grown(this.present, n);
    this.frameStart = grown(this.frameStart, n);
    this.frameCount = grown(this.frameCount, n);
  }

  has(id: number): boolean {
    return id > 0 && id < this.size && this.present[id] === 1;
  }

  // Column readers for hot loops (no objects built).
  timeOf(id: number): number {
    return this.cols.time[id];
  }
  firstTimeOf(id: number): number {
    return this.cols.firstTime[id];
  }
  directionOf(id: number): Direction {
    return this.cols.flags[id] & MESSAGE_FLAG.server ? 'server' : 'client';
  }
  typeOf(id: number): MessageType {
    return MESSAGE_TYPES[this.cols.type[id]];
  }
  isType(id: number, type: MessageType): boolean {
    return this.cols.type[id] === TYPE_INDEX.get(type);
  }
  firstFrameOf(id: number): number | null {
    return this.frameCount[id] > 0 ? this.framePool[this.frameStart[id]] : null;
  }

  /** How many frames message `id` was sent in. */
  frameCountOf(id: number): number {
    return this.frameCount[id] ?? 0;
  }

  /** Message `id`'s frame ids as a view (no copy: a message may have 400,000 fragments). */
  frameIdsOf(id: number): Int32Array {
    const start = this.frameStart[id];
    return this.framePool.subarray(start, start + this.frameCount[id]);
  }

  /**
   * The row object for one message, or undefined when the id is unknown. `withFrames: false`
   * leaves `frameIds` empty (read frameIdsOf/frameCountOf): the timeline builds rows for every
   * visible mark on every refresh, and copying 400,000 frame ids each time blocked the UI.
   */
  row(id: number, withFrames = true): MessageRow | undefined {
    if (!this.has(id)) return undefined;
    const c = this.cols;
    const f = c.flags[id];
    const start = this.frameStart[id];
    return {
      id,
      connectionId: c.connectionId[id],
      direction: f & MESSAGE_FLAG.server ? 'server' : 'client',
      type: MESSAGE_TYPES[c.type[id]],
      opcode: c.opcode[id],
      firstTime: c.firstTime[id],
      time: c.time[id],
      frameIds: withFrames ? Array.from(this.framePool.subarray(start, start + this.frameCount[id])) : [],
      frameCount: this.frameCount[id],
      wireLength: c.wireLength[id],
      length: c.length[id],
      compressed: (f & MESSAGE_FLAG.compressed) !== 0,
      preview: this.preview[id] ?? this.lazy.text(id),
      closeCode: c.closeCode[id] < 0 ? null : c.closeCode[id],
      pingId: c.pingId[id] < 0 ? null : c.pingId[id],
      rtt: Number.isNaN(c.rtt[id]) ? null : c.rtt[id],
      complete: (f & MESSAGE_FLAG.complete) !== 0,
      findingCount: c.findingCount[id],
    };
  }

  /** Asks for the row's preview, if it came without one and is not cached (a read ahead of the view). */
  wantPreview(id: number): void {
    if (this.has(id) && this.preview[id] == null) this.lazy.text(id);
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

function emptyColumns(): Arrays {
  const cols: Record<string, unknown> = {};
  for (const name of MESSAGE_FIELD_NAMES) cols[name] = column(MESSAGE_FIELDS[name].array);
  return cols as Arrays;
}
