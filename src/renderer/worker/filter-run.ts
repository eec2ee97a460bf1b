// A display filter over everything the worker holds: the frame, message and connection ids it
// keeps (the frames table, the messages view and the connections list each take their level).
// Measured in bench/filter-app-bench.ts (issue 12: a million frames in under 300 ms).

import {
  type AppInfo,
  AtomMemo,
  type BoundFilter,
  bindFilter,
  type CheckedFilter,
  type ConnectionRecord,
  checkFilter,
  type FilterEnv,
  FilterError,
  type Finding,
  type Level,
} from '../../decoder/index.js';
import { ListFindingCursor, StoreFrameCursor, StoreMessageCursor } from './filter-cursors.js';
import type { FrameStore } from './frame-store.js';
import type { MessageStore } from './message-store.js';
import type { FilterResult } from './protocol.js';

export interface FilterSources {
  frames: FrameStore;
  messages: MessageStore;
  connections: ReadonlyMap<number, ConnectionRecord>;
  findings: readonly Finding[];
  /** Each message's application-protocol reading (app-store.ts), for app.* fields. */
  apps?: { appOf(messageId: number): AppInfo | null };
}

/** A filter checked and bound at the three levels the app shows, with its cursors over `s`. */
export interface BoundLevels {
  started: number;
  checked: CheckedFilter;
  bounds: [BoundFilter<'frame'>, BoundFilter<'message'>, BoundFilter<'connection'>];
  frame: StoreFrameCursor;
  message: StoreMessageCursor;
  finding: ListFindingCursor;
}

/** The filter bound at the frame, message and connection levels, or its error as the result. */
export function bindLevels(source: string, s: FilterSources): BoundLevels | FilterResult {
  const started = performance.now();
  let checked: CheckedFilter;
  try {
    checked = checkFilter(source);
  } catch (error) {
    if (error instanceof FilterError) {
      return { source, error: { message: error.message, column: error.column, length: error.length }, ...EMPTY };
    }
    throw error;
  }
  let origin = Number.POSITIVE_INFINITY;
  for (const c of s.connections.values()) origin = Math.min(origin, c.firstTime);
  const env: FilterEnv = { origin: Number.isFinite(origin) ? origin : 0 };
  const lookup = (id: number) => s.connections.get(id);
  const apps = s.apps;
  // Bound at the three levels the app shows; each record is observed once for the levels that
  // read other records (one memo of answers shared by the three).
  const memo = new AtomMemo();
  return {
    started,
    checked,
    bounds: [
      bindFilter(checked, 'frame', env, memo),
      bindFilter(checked, 'message', env, memo),
      bindFilter(checked, 'connection', env, memo),
    ],
    frame: new StoreFrameCursor(s.frames, lookup),
    message: new StoreMessageCursor(s.messages, lookup, apps ? (id) => apps.appOf(id) : undefined),
    finding: new ListFindingCursor(lookup),
  };
}

/** The connections whose row the filter keeps, by id. */
export function connectionRows(b: BoundLevels, s: FilterSources): number[] {
  const ids: number[] = [];
  for (const c of s.connections.values()) if (b.bounds[2].test(c)) ids.push(c.id);
  return ids.sort((x, y) => x - y);
}

/** Rows by id at each level, from `from` up to and without `to`. */
export interface RowRange {
  frames: { from: number; to: number };
  messages: { from: number; to: number };
}

/**
 * The filter over every row, with every payload at hand (kept in the worker): pass after pass.
 * `rows`: only those (a probe of which payloads the filter reads: its answer means nothing else).
 */
export async function runFilter(source: string, s: FilterSources, rows?: RowRange): Promise<FilterResult> {
  const bound = bindLevels(source, s);
  if (!('bounds' in bound)) return bound;
  const { started, checked, bounds, frame, message, finding } = bound;
  const frameRows = rows?.frames ?? { from: 1, to: s.frames.size + 1 };
  const messageRows = rows?.messages ?? { from: 1, to: s.messages.size + 1 };
  const observe = (which: readonly BoundFilter<Level>[]) => {
    const byFrame = which.filter((b) => b.observes.has('frame'));
    for (let id = frameRows.from; byFrame.length > 0 && id < frameRows.to; id++) {
      if (!s.frames.has(id)) continue;
      frame.i = id;
      for (const b of byFrame) b.observeFrame(frame);
    }
    const byMessage = which.filter((b) => b.observes.has('message'));
    for (let id = messageRows.from; byMessage.length > 0 && id < messageRows.to; id++) {
      if (!s.messages.has(id)) continue;
      message.i = id;
      for (const b of byMessage) b.observeMessage(message);
    }
    const byFinding = which.filter((b) => b.observes.has('finding'));
    for (const x of byFinding.length > 0 ? s.findings : []) {
      finding.x = x;
      for (const b of byFinding) b.observeFinding(finding);
    }
  };
  const [frameTest, messageTest] = bounds.map((b) => b.test as (row: unknown) => boolean);

  // The frames table waits for the frame rows, so they come first.
  observe(bounds.slice(0, 1));
  const frameIds = new Int32Array(s.frames.size);
  let nf = 0;
  for (let id = frameRows.from; id < frameRows.to; id++) {
    if (!s.frames.has(id)) continue;
    frame.i = id;
    if (frameTest(frame)) frameIds[nf++] = id;
  }
  const framesMs = performance.now() - started;
  observe(bounds.slice(1));
  const messageIds = new Int32Array(s.messages.size);
  let nm = 0;
  for (let id = messageRows.from; id < messageRows.to; id++) {
    if (!s.messages.has(id)) continue;
    message.i = id;
    if (messageTest(message)) messageIds[nm++] = id;
  }
  return {
    source,
    error: null,
    frameIds: frameIds.slice(0, nf),
    messageIds: messageIds.slice(0, nm),
    connectionIds: connectionRows(bound, s),
    fields: checked.fields,
    ms: performance.now() - started,
    framesMs,
  };
}

export const EMPTY = {
  frameIds: new Int32Array(0),
  messageIds: new Int32Array(0),
  connectionIds: [] as number[],
  fields: [] as string[],
  ms: 0,
  framesMs: 0,
};
