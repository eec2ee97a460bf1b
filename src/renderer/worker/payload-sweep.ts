// The windows of a display filter's one sweep over payloads read back from the file
// (filter-sweep.ts): frames by id, and with them the messages their last frame completes, each
// frame's payload read once for both levels.
//
// A message's payload is its frames' payloads (MessageStore: a located message is never
// compressed; inflated ones keep theirs), so the frames read for the frame level make the
// messages too. A frame whose message ends in a later window keeps its payload (a copy, so the
// window's read can go) until that message is joined, or, when the frame rows wait for their
// message, until the frame is decided. Read only for the message level, a window reads the frames
// of the messages it completes, wherever they are (a frame is in one message: read once).

import type { FilePayloads, IdMap, PayloadsById } from './file-payloads.js';
import type { FilterSweep, SweepWindow } from './filter-sweep.js';
import type { FrameStore } from './frame-store.js';
import type { MessageStore } from './message-store.js';
import { ReadCarry } from './read-carry.js';

/** Whose payloads the filter reads back: the frames' own, the messages' (joined from their frames). */
export interface SweptLevels {
  frames: boolean;
  messages: boolean;
}

export class PayloadSweep implements FilterSweep {
  private from = 1;
  private ended = false;
  /** Messages a window has completed (given to the filter), by id. */
  private readonly done: Uint8Array;
  /** Each message's last frame id, by message id, once completes() looked it up (0: not yet). */
  private readonly lastFrame: Int32Array;
  /** The last windows' reads, for bytes a later window reads again (read-carry.ts). */
  private readonly carry: ReadCarry;
  /** Payloads of frames read in an earlier window, kept for a later one. */
  private readonly kept = new Map<number, Uint8Array>();
  /** The rows when the sweep began: a capture still loading grows while the file is read. */
  private readonly frameCount: number;
  private readonly messageCount: number;

  constructor(
    private readonly files: FilePayloads,
    private readonly frames: FrameStore,
    private readonly messages: MessageStore,
    private readonly levels: SweptLevels,
    private readonly framesWait: boolean,
    /**
     * A window ends at this many frames or bytes of payloads read, whichever comes first; `carry`:
     * bytes of the last reads kept for the next windows (two windows' worth unless given).
     */
    private readonly window: { ids: number; bytes: number; carry?: number },
  ) {
    this.carry = new ReadCarry(window.carry ?? 2 * window.bytes);
    this.frameCount = frames.size;
    this.messageCount = messages.size;
    this.done = new Uint8Array(this.messageCount + 1);
    this.lastFrame = new Int32Array(this.messageCount + 1);
  }

  waiting(frameId: number): boolean {
    const m = this.messageOf(frameId);
    return m !== 0 && this.done[m] === 0;
  }

  /** The frame's message among those the sweep began with, or 0. */
  private messageOf(frameId: number): number {
    const m = this.frames.messageId(frameId);
    return m !== null && m <= this.messageCount && this.messages.has(m) ? m : 0;
  }

  async next(): Promise<SweepWindow | null> {
    if (this.ended) return null;
    for (const id of this.kept.keys()) if (!this.waiting(id)) this.kept.delete(id);
    const { frames, messages, levels } = this;
    const from = this.from;
    const completed: number[] = [];
    const read: number[] = [];
    let to = from;
    if (from > this.frameCount) {
      // the messages no window completed (a last frame not held): last, with their frames
      this.ended = true;
      for (let m = 1; m <= this.messageCount; m++) if (messages.has(m) && this.done[m] === 0) completed.push(m);
      if (completed.length === 0) return null;
    } else {
      for (let bytes = 0; to <= this.frameCount && to - from < this.window.ids && bytes < this.window.bytes; to++) {
        if (!frames.has(to)) continue;
        if (levels.frames && frames.isLocated(to)) {
          read.push(to);
          bytes += frames.capturedOf(to);
        }
        const m = this.completes(to);
        if (m === 0) continue;
        completed.push(m);
        if (levels.messages && !levels.frames && messages.isLocated(m)) bytes += messages.payloadLength(m);
      }
      this.from = to;
    }
    for (const m of completed) this.done[m] = 1;
    const joined: number[] = [];
    if (levels.messages) {
      for (const m of completed) {
        if (!messages.isLocated(m)) continue;
        joined.push(m);
        for (const f of messages.frameIdsView(m)) {
          if (this.kept.has(f) || (levels.frames && f >= from && f < to)) continue;
          if (frames.has(f) && frames.isLocated(f)) read.push(f);
        }
      }
    }
    const got = await this.files.readFrames(read, false, this.carry);
    const payloads = new WithKept(got, this.kept);
    for (const f of levels.frames ? read : []) if (this.keeps(f)) this.keep(f, got);
    const resident = { frames: payloads, messages: this.files.joinMessages(joined, payloads) };
    return {
      from,
      to,
      messages: completed,
      run: (body) => {
        const was = { frames: frames.resident, messages: messages.resident };
        frames.resident = resident.frames;
        messages.resident = resident.messages;
        try {
          body();
        } finally {
          frames.resident = was.frames;
          messages.resident = was.messages;
        }
      },
    };
  }

  /** The message this frame is the last frame of, or 0. */
  private completes(frameId: number): number {
    const m = this.messageOf(frameId);
    if (m === 0) return 0;
    // Each message's last frame found once: asked for every frame of a message, a scan of its ids
    // each time was quadratic (a hostile message has 400,000 fragments).
    if (this.lastFrame[m] === 0) {
      const ids = this.messages.frameIdsView(m);
      let last = ids[0];
      for (let i = 1; i < ids.length; i++) if (ids[i] > last) last = ids[i];
      this.lastFrame[m] = last;
    }
    return this.lastFrame[m] === frameId ? m : 0;
  }

  /** Does a later window read this frame's payload (the frame waits, or its message is joined there)? */
  private keeps(frameId: number): boolean {
    if (!this.waiting(frameId)) return false;
    if (this.framesWait) return true;
    const m = this.messageOf(frameId);
    return this.levels.messages && this.messages.isLocated(m);
  }

  private keep(frameId: number, window: IdMap): void {
    const bytes = window.get(frameId);
    if (bytes) this.kept.set(frameId, bytes.slice());
  }
}

/** A window's payloads, then the ones kept from earlier windows. */
class WithKept implements PayloadsById {
  constructor(
    private readonly window: IdMap,
    private readonly kept: ReadonlyMap<number, Uint8Array>,
  ) {}

  get(id: number): Uint8Array | undefined {
    return this.window.get(id) ?? this.kept.get(id);
  }

  span(id: number, out: { buf: Uint8Array; start: number; end: number }): boolean {
    if (this.window.span(id, out)) return true;
    const bytes = this.kept.get(id);
    if (!bytes) return false;
    out.buf = bytes;
    out.start = 0;
    out.end = bytes.length;
    return true;
  }
}
