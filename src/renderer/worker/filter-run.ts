// A display filter over everything the worker holds: the frame, message and connection ids it
// keeps (the frames table, the messages view and the connections list each take their level).
// Measured in bench/filter-app-bench.ts (issue 12: a million frames in under 300 ms).

import {
  type AppInfo,
  AtomMemo,
  bindFilter,
  type CheckedFilter,
  type ConnectionRecord,
  checkFilter,
  type FilterEnv,
  FilterError,
  type Finding,
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

/**
 * Payloads read back from the file (file-payloads.ts) a window at a time: the ids from `from` up
 * to `to` (exclusive) at `level`, whose payloads `run` makes readable while it runs. Without a
 * pager every payload is at hand (kept in the worker).
 */
export type FilterPager = (
  level: 'frame' | 'message',
  from: number,
) => Promise<{ to: number; run: (body: () => void) => void }>;

/** body(id) for every id held at `level`, a pager's window at a time when there is one. */
async function eachId(
  level: 'frame' | 'message',
  size: number,
  has: (id: number) => boolean,
  body: (id: number) => void,
  pager?: FilterPager,
): Promise<void> {
  const range = (from: number, to: number) => {
    for (let id = from; id < to; id++) if (has(id)) body(id);
  };
  if (!pager) {
    range(1, size + 1);
    return;
  }
  for (let from = 1; from <= size; ) {
    const w = await pager(level, from);
    w.run(() => range(from, w.to));
    from = w.to;
  }
}

export async function runFilter(source: string, s: FilterSources, pager?: FilterPager): Promise<FilterResult> {
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
  const frame = new StoreFrameCursor(s.frames, lookup);
  const apps = s.apps;
  const message = new StoreMessageCursor(s.messages, lookup, apps ? (id) => apps.appOf(id) : undefined);
  const finding = new ListFindingCursor(lookup);

  // Bound at the three levels the app shows. The frames table waits for the frame rows, so they
  // come first; each record is then observed once for the levels that read other records.
  const memo = new AtomMemo();
  const bounds = (['frame', 'message', 'connection'] as const).map((l) => bindFilter(checked, l, env, memo));
  const hasFrame = (id: number) => s.frames.has(id);
  const hasMessage = (id: number) => s.messages.has(id);
  const observe = async (which: typeof bounds) => {
    const byFrame = which.filter((b) => b.observes.has('frame'));
    if (byFrame.length > 0) {
      await eachId(
        'frame',
        s.frames.size,
        hasFrame,
        (id) => {
          frame.i = id;
          for (const b of byFrame) b.observeFrame(frame);
        },
        pager,
      );
    }
    const byMessage = which.filter((b) => b.observes.has('message'));
    if (byMessage.length > 0) {
      await eachId(
        'message',
        s.messages.size,
        hasMessage,
        (id) => {
          message.i = id;
          for (const b of byMessage) b.observeMessage(message);
        },
        pager,
      );
    }
    const byFinding = which.filter((b) => b.observes.has('finding'));
    for (const x of byFinding.length > 0 ? s.findings : []) {
      finding.x = x;
      for (const b of byFinding) b.observeFinding(finding);
    }
  };
  const [frameTest, messageTest, connectionTest] = bounds.map((b) => b.test as (row: unknown) => boolean);

  await observe(bounds.slice(0, 1));
  const frameIds = new Int32Array(s.frames.size);
  let nf = 0;
  await eachId(
    'frame',
    s.frames.size,
    hasFrame,
    (id) => {
      frame.i = id;
      if (frameTest(frame)) frameIds[nf++] = id;
    },
    pager,
  );
  const framesMs = performance.now() - started;
  await observe(bounds.slice(1));
  const messageIds = new Int32Array(s.messages.size);
  let nm = 0;
  await eachId(
    'message',
    s.messages.size,
    hasMessage,
    (id) => {
      message.i = id;
      if (messageTest(message)) messageIds[nm++] = id;
    },
    pager,
  );
  const connectionIds: number[] = [];
  for (const c of s.connections.values()) if (connectionTest(c)) connectionIds.push(c.id);
  connectionIds.sort((a, b) => a - b);
  return {
    source,
    error: null,
    frameIds: frameIds.slice(0, nf),
    messageIds: messageIds.slice(0, nm),
    connectionIds,
    fields: checked.fields,
    ms: performance.now() - started,
    framesMs,
  };
}

const EMPTY = {
  frameIds: new Int32Array(0),
  messageIds: new Int32Array(0),
  connectionIds: [] as number[],
  fields: [] as string[],
  ms: 0,
  framesMs: 0,
};
