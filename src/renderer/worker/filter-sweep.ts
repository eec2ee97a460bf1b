// The display filter over payloads read back from the file (file-payloads.ts) in one sweep: every
// pass of runFilter (filter-run.ts) over a window of frames at once, so each byte of the file the
// filter needs is read once for the frame level and the message level together.
//
// runFilter takes its passes one after the other over the whole capture (the frame rows' marks
// from messages, the frame rows, the frames' and messages' marks for the message and connection
// rows, the message rows), and a pass over payloads read back read the file again. Here a window
// holds frames by id, and the messages whose last frame it holds (complete there); on those, in
// this order, which keeps every pass's inputs ready before it:
//   1. the frame rows' marks from these messages;
//   2. the frame rows, but a frame whose message ends in a later window waits for it (its marks
//      come from that message) when the frame rows read messages;
//   3. the message and connection rows' marks from these frames and messages;
//   4. the message rows (every frame of theirs is in this window or an earlier one).
// Findings hold no payload: they are shown to the filter before the sweep. The answers are sets,
// so they are what runFilter gives whatever the order the rows were decided in.

import { bindLevels, connectionRows, type FilterSources } from './filter-run.js';
import type { FilterResult } from './protocol.js';

/** A window of the sweep: frames from..to-1 by id and the messages complete in it. */
export interface SweepWindow {
  from: number;
  to: number;
  /** Messages whose last frame is in the window, and the messages no window completes (the last). */
  messages: readonly number[];
  /** body() with the payloads of the window's frames and messages (and of waiting frames) readable. */
  run(body: () => void): void;
}

export interface FilterSweep {
  /** The next window, or null after the last. */
  next(): Promise<SweepWindow | null>;
  /** Does this frame's message end in a later window (the windows given so far do not complete it)? */
  waiting(frameId: number): boolean;
}

/**
 * `sweep(framesWait)` gives the windows; framesWait: frames whose message is not complete yet wait
 * for it (their payloads are kept until then). `stop`, asked after each window: true ends the
 * sweep with no answer (null), as when a window read a payload the sweep does not read.
 */
export async function runFilterSweep(
  source: string,
  s: FilterSources,
  sweep: (framesWait: boolean) => FilterSweep,
  stop: () => boolean = () => false,
): Promise<FilterResult | null> {
  const bound = bindLevels(source, s);
  if (!('bounds' in bound)) return bound;
  const { started, checked, bounds, frame, message, finding } = bound;
  const [byFrameRows, byMessageRows, byConnectionRows] = bounds;
  const frameTest = byFrameRows.test as (row: unknown) => boolean;
  const messageTest = byMessageRows.test as (row: unknown) => boolean;
  const marksFromMessages = byFrameRows.observes.has('message');
  const frameObservers = [byMessageRows, byConnectionRows].filter((b) => b.observes.has('frame'));
  const messageObservers = byConnectionRows.observes.has('message') ? [byConnectionRows] : [];
  const findingObservers = bounds.filter((b) => b.observes.has('finding'));
  for (const x of findingObservers.length > 0 ? s.findings : []) {
    finding.x = x;
    for (const b of findingObservers) b.observeFinding(finding);
  }

  const frameIds = new Int32Array(s.frames.size);
  let nf = 0;
  const messageIds = new Int32Array(s.messages.size);
  let nm = 0;
  /** Frames waiting for their message, by message id. */
  const waiting = new Map<number, number[]>();
  const testFrame = (id: number) => {
    frame.i = id;
    if (frameTest(frame)) frameIds[nf++] = id;
  };
  const windows = sweep(marksFromMessages);
  for (let w = await windows.next(); w !== null; w = await windows.next()) {
    const { from, to, messages } = w;
    w.run(() => {
      if (marksFromMessages) {
        for (const id of messages) {
          message.i = id;
          byFrameRows.observeMessage(message);
        }
      }
      for (let id = from; id < to; id++) {
        if (!s.frames.has(id)) continue;
        if (marksFromMessages && windows.waiting(id)) {
          const m = s.frames.messageId(id) as number;
          const list = waiting.get(m);
          if (list) list.push(id);
          else waiting.set(m, [id]);
        } else testFrame(id);
      }
      for (const id of messages) {
        const list = waiting.get(id);
        if (!list) continue;
        waiting.delete(id);
        for (const f of list) testFrame(f);
      }
      if (frameObservers.length > 0) {
        for (let id = from; id < to; id++) {
          if (!s.frames.has(id)) continue;
          frame.i = id;
          for (const b of frameObservers) b.observeFrame(frame);
        }
      }
      for (const id of messages) {
        message.i = id;
        for (const b of messageObservers) b.observeMessage(message);
        if (messageTest(message)) messageIds[nm++] = id;
      }
    });
    if (stop()) return null;
  }
  const frameRows = frameIds.slice(0, nf).sort();
  const framesMs = performance.now() - started;
  return {
    source,
    error: null,
    frameIds: frameRows,
    messageIds: messageIds.slice(0, nm).sort(),
    connectionIds: connectionRows(bound, s),
    fields: checked.fields,
    ms: performance.now() - started,
    framesMs,
  };
}
