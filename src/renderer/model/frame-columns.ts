// The UI's frame rows as growable typed-array COLUMNS indexed by frame id (like
// message-columns.ts for messages): one array per field of row-schema.ts's FRAME_FIELDS, plus
// the summary texts. FrameRow objects are built on demand, only for the rows a view shows (the
// frames table's visible window, a selected frame); sorting and filtering read `cols` directly.
//
// Why: a million FrameRow objects on the UI heap were traced by the garbage collector over and
// over while a capture loaded. Typed arrays are one object each; only `summary` stays an array
// of strings (the worker sends it so).
//
// Frame ids are dense from 1. A frame row may arrive again (updated: its message id, findings):
// the new values overwrite the old ones in place, and `onNew` is called only the first time.

import {
  FLAG,
  FRAME_FIELD_NAMES,
  FRAME_FIELDS,
  type FrameArrays,
  type FrameRow,
  type FrameRowColumns,
  rsvText,
} from '../worker/row-schema.js';
import { PreviewCache } from './preview-cache.js';
import { SummaryKeyStore } from './summary-keys.js';
import { column, growColumns, grown, scatter, type TypedColumn, trimmed } from './typed-columns.js';

export class FrameColumns {
  /** One past the largest id held (so `size - 1` frames when none is missing). */
  size = 0;
  /** How many frames are held: it changes exactly when `has` may answer differently. */
  held = 0;
  private present = column(Uint8Array);
  /** The columns, indexed by frame id (arrays are replaced as they grow: read through `cols`). */
  readonly cols = emptyColumns();
  /** Summaries of rows sent without one, for the rows views show (preview-cache.ts). */
  readonly lazy = new PreviewCache();
  /**
   * What a table sorted or filtered by summary reads when some rows came without their summary
   * (summary-keys.ts): ranks and matches by frame id, from the worker.
   */
  readonly summaryKeys = new SummaryKeyStore();
  /** Exact payload lengths beyond 2^53 - 1 (rare: hostile or broken frames), by frame id. */
  private readonly exact = new Map<number, string>();

  /** Copies a batch's columns in, calling `onNew` for each frame id seen for the first time. */
  add(c: FrameRowColumns, onNew: (id: number, connectionId: number) => void): void {
    let maxId = this.size - 1;
    for (let i = 0; i < c.count; i++) if (c.id[i] > maxId) maxId = c.id[i];
    this.reserve(maxId + 1);
    for (const name of FRAME_FIELD_NAMES) scatter(this.cols[name], c[name], c.id, c.count);
    for (let i = 0; i < c.count; i++) {
      const id = c.id[i];
      const summary = c.summary[i];
      if (summary !== null) this.cols.summary[id] = summary;
      else {
        // a row sent without its summary: one asked for earlier (cache or bulk) may be out of date
        this.lazy.forget(id);
        if (this.cols.summary[id] != null) this.cols.summary[id] = null;
      }
      if (this.present[id] === 1) {
        this.summaryKeys.resent(id);
        continue;
      }
      this.present[id] = 1;
      this.held++;
      onNew(id, c.connectionId[i]);
    }
    if (c.exact) for (const [id, text] of c.exact) this.exact.set(id, text);
    if (maxId + 1 > this.size) this.size = maxId + 1;
  }

  /** Whether the page holds the summary of every frame of `list` (it can sort and filter by them itself). */
  hasSummaries(list: { length: number; at(i: number): number }): boolean {
    for (let i = 0; i < list.length; i++) if (this.cols.summary[list.at(i)] == null) return false;
    return true;
  }

  /** The frame's payload length as exact decimal text (numbers beyond 2^53 - 1 are rounded). */
  lengthText(id: number): string {
    return this.exact.get(id) ?? String(this.cols.payloadLength[id]);
  }

  /** Letting go of the room grown ahead, a column a step (MessageColumns.trimSteps). */
  trimSteps(): (() => void)[] {
    const cols = this.cols as unknown as Record<string, TypedColumn>;
    return [
      ...FRAME_FIELD_NAMES.map((name) => () => {
        cols[name] = trimmed(cols[name], this.size);
      }),
      () => {
        this.present = trimmed(this.present, this.size);
      },
    ];
  }

  private reserve(n: number): void {
    growColumns(this.cols as unknown as Record<string, TypedColumn>, FRAME_FIELD_NAMES, n);
    if (n > this.present.length) this.present = grown(this.present, n);
  }

  has(id: number): boolean {
    return id > 0 && id < this.size && this.present[id] === 1;
  }

  connectionOf(id: number): number {
    return this.cols.connectionId[id];
  }
  timeOf(id: number): number {
    return this.cols.time[id];
  }

  /** The row object for one frame, or undefined when the id is unknown. */
  row(id: number): FrameRow | undefined {
    if (!this.has(id)) return undefined;
    const c = this.cols;
    const f = c.flags[id];
    return {
      id,
      connectionId: c.connectionId[id],
      direction: f & FLAG.server ? 'server' : 'client',
      index: c.index[id],
      time: c.time[id],
      fin: (f & FLAG.fin) !== 0,
      rsv: rsvText(f),
      opcode: c.opcode[id],
      masked: (f & FLAG.mask) !== 0,
      payloadLength: c.payloadLength[id],
      complete: (f & FLAG.complete) !== 0,
      messageId: c.messageId[id] < 0 ? null : c.messageId[id],
      summary: c.summary[id] ?? this.lazy.text(id),
      findingCount: c.findingCount[id],
    };
  }

  /** Asks for the row's summary, if it came without one and is not cached (a read ahead of the view). */
  wantSummary(id: number): void {
    if (this.has(id) && this.cols.summary[id] == null) this.lazy.text(id);
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

function emptyColumns(): FrameArrays {
  const cols: Record<string, unknown> = { summary: [] };
  for (const name of FRAME_FIELD_NAMES) cols[name] = column(FRAME_FIELDS[name].array);
  return cols as FrameArrays;
}
