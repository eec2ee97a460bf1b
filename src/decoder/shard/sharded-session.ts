// ShardedSession: CaptureSession with its connections decoded in other threads, the same events
// out in the same order.
//
//   const s = new ShardedSession({ ...options, shards: { count: 2, open: (init) => channel } });
//   for each chunk of input: await s.pushAndTake(chunk, use);
//   await s.endAndTake(use);
//   (or push() one step at a time and take() the oldest step's events).
//
// Theory of operation
// - This thread reads the capture, IP and TCP, and keeps the connections that carried no payload
//   yet (CaptureSession with a ShardRouter). A connection that needs a decoder goes to a shard
//   (router.ts); its TCP events go there in per-step batches (wire.ts), and CaptureSession's output
//   holds a slot where its records belong.
// - A step is one push(), or one batch of the end: what CaptureSession.pushAndDrain and endAndDrain
//   hand out at once. Steps are resolved in order once every shard that had work in them replied:
//   slots are replaced by the shards' groups, ids are made global (id-map.ts), and the application
//   layer runs over the step as CaptureSession.drain() runs it. So the events, their order and
//   their ids are those of a CaptureSession fed the same steps, whatever the number of shards.
// - Shards work while this thread reads on: up to the caller's limit of steps in flight.
//
// Known difference: records held for TLS keys still to come are bounded per shard (64 MiB each),
// not once for the session, so a capture holding more than that before its keys arrive gives up
// different records than one thread would.

import { type AppOptions, AppSession } from '../app/session.js';
import { CaptureSession, PUSH_STEP, type SessionOptions } from '../capture-session.js';
import { type CaptureProgress, DEFAULT_LIMITS, type DecoderEvent } from '../records.js';
import { ShardIds } from './id-map.js';
import { decodeOutputs } from './record-codec.js';
import { type OutItem, ShardRouter } from './router.js';
import type { ShardGroup, ShardInit, ShardReply } from './shard-core.js';
import type { WireBatch } from './wire.js';

/** One shard as this thread sees it: a worker thread, or a ShardCore in this one (tests). */
export interface ShardChannel {
  /** Sends a step's batch (its buffers may be transferred). Replies come in the order sent. */
  send(batch: WireBatch): void;
  /** Ends the shard. */
  close(): void;
}

export interface ShardHandlers {
  reply(reply: ShardReply): void;
  /** The shard failed (its thread died, or threw): the session fails with this. */
  error(error: Error): void;
}

export interface ShardedOptions extends Omit<SessionOptions, 'shards' | 'app' | 'pooledBuffers' | 'transientPayloads'> {
  app?: AppOptions | boolean;
  shards: {
    count: number;
    open(init: ShardInit, index: number, handlers: ShardHandlers): ShardChannel;
  };
}

/**
 * Steps the shards may be ahead of the caller by (pushAndTake). Few: the replies waiting here
 * outlive young-generation collections, which then copy them (32 steps made the CLI's scavenges
 * 6x dearer, 15 ms each, and its process 340 MiB instead of 290).
 */
const IN_FLIGHT = 4;

interface Step {
  step: number;
  items: OutItem[];
  /** Per shard: its reply, null while awaited, undefined when it had nothing this step. */
  replies: (ShardReply | null | undefined)[];
  waiting: number;
}

export class ShardedSession {
  private readonly session: CaptureSession;
  private readonly router: ShardRouter;
  private readonly channels: ShardChannel[];
  private readonly ids: ShardIds[];
  private readonly app: AppSession | null;
  private readonly steps: Step[] = [];
  private nextStep = 0;
  private frameSeq = 0;
  private messageSeq = 0;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(options: ShardedOptions) {
    const count = Math.max(1, Math.floor(options.shards.count));
    this.router = new ShardRouter(count);
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const init: ShardInit = { limits, frameFields: options.frameFields ?? true, tls: options.tls !== undefined };
    this.channels = [];
    this.ids = [];
    for (let i = 0; i < count; i++) {
      this.ids.push(new ShardIds());
      this.channels.push(
        options.shards.open(init, i, {
          reply: (reply) => this.onReply(i, reply),
          error: (error) => this.fail(error),
        }),
      );
    }
    const app = options.app === true ? {} : options.app;
    this.app = app ? new AppSession(app) : null;
    // Keys given here or added before the first push go out with the first step, as they do in
    // CaptureSession's first drain.
    this.session = new CaptureSession({ ...options, app: false, shards: this.router });
  }

  /** How many steps are waiting to be taken. */
  get queued(): number {
    return this.steps.length;
  }

  addKeyLog(text: string | Uint8Array, source?: string): number {
    return this.session.addKeyLog(text, source);
  }

  /** One step of input (at most PUSH_STEP bytes, as pushAndDrain's). */
  push(chunk: Uint8Array): void {
    this.session.push(chunk);
    this.endStep();
  }

  /** The input ended: the steps of the end (CaptureSession.endAndDrain's batches) are queued. */
  end(): void {
    this.session.endAndDrain(() => this.endStep());
    this.endStep();
  }

  /**
   * CaptureSession.pushAndDrain's twin: `chunk` pushed in PUSH_STEP steps, and the events of the
   * oldest steps handed to `take` while more than `inFlight` wait. `group`: steps pushed between
   * takes, so a transport that sends what one turn queued in one message (the app's Web Workers:
   * ~0.3 ms a message) sends `group` steps at once.
   */
  async pushAndTake(
    chunk: Uint8Array,
    take: (events: DecoderEvent[]) => void,
    inFlight = IN_FLIGHT,
    group = 1,
  ): Promise<void> {
    for (let at = 0, steps = 0; at < chunk.length; at += PUSH_STEP) {
      this.push(chunk.subarray(at, at + PUSH_STEP));
      if (++steps % group === 0) while (this.queued > inFlight) take(await this.take());
    }
  }

  /** Every step queued so far handed to `take`, oldest first. */
  async takeAll(take: (events: DecoderEvent[]) => void): Promise<void> {
    while (this.queued > 0) take(await this.take());
  }

  /** CaptureSession.endAndDrain's twin: the input ended; every step left is handed to `take`. */
  async endAndTake(take: (events: DecoderEvent[]) => void): Promise<void> {
    this.end();
    await this.takeAll(take);
  }

  progress(): CaptureProgress {
    return this.session.progress();
  }

  /** The oldest step's events, once every shard it waits for replied. */
  async take(): Promise<DecoderEvent[]> {
    const step = this.steps[0];
    if (step === undefined) return [];
    while (step.waiting > 0 && this.failure === null) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.failure) throw this.failure;
    this.steps.shift();
    const out = this.merge(step);
    if (this.app && out.length > 0) for (const ev of this.app.process(out)) out.push(ev);
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.channels) c.close();
  }

  private endStep(): void {
    const items = this.session.drainItems();
    const step = this.nextStep++;
    const batches = this.router.take(step);
    const replies: Step['replies'] = batches.map((b) => (b === null ? undefined : null));
    const entry: Step = { step, items, replies, waiting: batches.filter((b) => b !== null).length };
    this.steps.push(entry);
    for (let i = 0; i < batches.length; i++) {
      const b = batches[i];
      if (b) (this.channels[i] as ShardChannel).send(b);
    }
  }

  private onReply(shard: number, reply: ShardReply): void {
    const first = this.steps[0]?.step ?? this.nextStep;
    const step = this.steps[reply.step - first];
    if (step === undefined || step.step !== reply.step || step.replies[shard] !== null) {
      this.fail(new Error(`shard ${shard} answered step ${reply.step}, which is not awaited`));
      return;
    }
    step.replies[shard] = reply;
    step.waiting--;
    if (step.waiting === 0 && step === this.steps[0]) this.wakeUp();
  }

  private fail(error: Error): void {
    if (this.failure === null) this.failure = error;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** The step's items with every slot replaced by the groups it stands for, ids made global. */
  private merge(step: Step): DecoderEvent[] {
    const cursors: { outputs: ShardReply['outputs']; at: number }[] = [];
    for (const reply of step.replies) {
      if (reply) decodeOutputs(reply.outputs, reply);
      cursors.push({ outputs: reply ? reply.outputs : [], at: 0 });
    }
    const nextOf = (shard: number) => {
      const c = cursors[shard] as (typeof cursors)[number];
      const out = c.outputs[c.at++];
      if (out === undefined) throw new Error(`shard ${shard} sent fewer outputs than step ${step.step} has slots`);
      return out;
    };
    const out: DecoderEvent[] = [];
    for (const item of step.items) {
      if (item.kind === 'shard-slot') {
        const group = nextOf(item.shard);
        if (Array.isArray(group)) throw new Error(`shard ${item.shard}: a broadcast's groups where one was due`);
        this.place(group, item.shard, out);
      } else if (item.kind === 'shard-all') {
        const all: [ShardGroup, number][] = item.local.map((g) => [g, -1]);
        for (let shard = 0; shard < cursors.length; shard++) {
          const groups = nextOf(shard);
          if (!Array.isArray(groups)) throw new Error(`shard ${shard}: one group where a broadcast's were due`);
          for (const g of groups) all.push([g, shard]);
        }
        // CaptureSession's order for all connections at once: by id (its Map's opening order).
        if (all.length > 1) all.sort((x, y) => x[0].id - y[0].id);
        for (const [g, shard] of all) this.place(g, shard, out);
      } else out.push(item);
    }
    step.replies.forEach((reply, shard) => {
      if (reply?.floor) (this.ids[shard] as ShardIds).prune(reply.floor);
    });
    return out;
  }

  private place(group: ShardGroup, shard: number, out: DecoderEvent[]): void {
    if (shard >= 0) {
      const ids = this.ids[shard] as ShardIds;
      ids.assign(group.frames, group.messages, this.frameSeq, this.messageSeq);
      this.frameSeq += group.frames;
      this.messageSeq += group.messages;
      for (const ev of group.events) ids.rewrite(ev);
    }
    for (const ev of group.events) out.push(ev);
  }
}
