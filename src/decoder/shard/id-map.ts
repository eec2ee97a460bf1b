// Provisional frame and message ids of one shard, and the global ids the merging thread gives them.
//
// A shard numbers its frames PROVISIONAL + 1.5, + 2.5, … in the order it makes them, and likewise
// its messages (shard-core.ts). The merging thread, putting the shards' groups in capture order,
// gives each group's run of provisional ids the next global ids: a run is (first provisional,
// first global, count), and within a shard both only grow, so a lookup is a binary search.
// Runs wholly below the floor a shard reported (the smallest ids its later records may name) are
// dropped, so the map stays as small as what is still open, whatever the capture's length.
//
// Provisional ids are 2^50 + n + 0.5: far above any real id, exact in a double, and, being
// fractional, unlike any number a capture can put in a finding's text (a hostile 64-bit length
// can be any integer), so in text they are found by their form alone.

import type { DecoderEvent } from '../records.js';

export const PROVISIONAL = 2 ** 50;
/** The n-th provisional id (from 1). */
export const provisional = (n: number): number => PROVISIONAL + n + 0.5;
const IN_TEXT = /\d{16}\.5/g;

class Runs {
  private runs = new Float64Array(3 * 64);
  private head = 0;
  private tail = 0;
  /** The next provisional id this shard's next run starts at. */
  private next = provisional(1);

  add(count: number, global: number): void {
    if (count === 0) return;
    if (this.tail + 3 > this.runs.length) {
      const live = this.runs.subarray(this.head, this.tail);
      const grown = new Float64Array(Math.max(3 * 64, live.length * 2));
      grown.set(live);
      this.runs = grown;
      this.tail -= this.head;
      this.head = 0;
    }
    const r = this.runs;
    // A run right after the previous one, with globals right after its globals: one longer run.
    if (this.tail > this.head) {
      const last = this.tail - 3;
      if (
        (r[last] as number) + (r[last + 2] as number) === this.next &&
        (r[last + 1] as number) + (r[last + 2] as number) === global
      ) {
        r[last + 2] = (r[last + 2] as number) + count;
        this.next += count;
        return;
      }
    }
    r[this.tail] = this.next;
    r[this.tail + 1] = global;
    r[this.tail + 2] = count;
    this.tail += 3;
    this.next += count;
  }

  get(provisional: number): number {
    const r = this.runs;
    let lo = this.head / 3;
    let hi = this.tail / 3 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = r[mid * 3] as number;
      if (provisional < start) hi = mid - 1;
      else if (provisional >= start + (r[mid * 3 + 2] as number)) lo = mid + 1;
      else return (r[mid * 3 + 1] as number) + (provisional - start);
    }
    throw new Error(`shard id ${provisional - PROVISIONAL - 0.5} has no global id (below the floor or never given)`);
  }

  /** Forgets runs that end at or below `floor`. */
  prune(floor: number): void {
    const r = this.runs;
    while (this.head < this.tail && (r[this.head] as number) + (r[this.head + 2] as number) <= floor) this.head += 3;
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
    }
  }
}

/** One shard's frame and message id maps. */
export class ShardIds {
  private readonly frames = new Runs();
  private readonly messages = new Runs();

  /** A group took `frames` and `messages` ids; the global ones start after `frame` and `message`. */
  assign(frames: number, messages: number, frame: number, message: number): void {
    this.frames.add(frames, frame + 1);
    this.messages.add(messages, message + 1);
  }

  prune(floor: [number, number]): void {
    this.frames.prune(floor[0]);
    this.messages.prune(floor[1]);
  }

  private frame(id: number): number {
    return id >= PROVISIONAL ? this.frames.get(id) : id;
  }

  private message(id: number): number {
    return id >= PROVISIONAL ? this.messages.get(id) : id;
  }

  /** Rewrites the ids in a shard's event (records, and the frame and message numbers in findings' text). */
  rewrite(ev: DecoderEvent): void {
    switch (ev.kind) {
      case 'frame': {
        const f = ev.frame;
        f.id = this.frame(f.id);
        if (f.messageId !== null) f.messageId = this.message(f.messageId);
        break;
      }
      case 'message': {
        const m = ev.message;
        m.id = this.message(m.id);
        const ids = m.frameIds;
        for (let i = 0; i < ids.length; i++) ids[i] = this.frame(ids[i] as number);
        if (m.pingId !== null) m.pingId = this.message(m.pingId);
        break;
      }
      case 'finding': {
        const f = ev.finding;
        if (f.frameId !== null) f.frameId = this.frame(f.frameId);
        if (f.messageId !== null) f.messageId = this.message(f.messageId);
        if (f.message.length >= 18) f.message = f.message.replace(IN_TEXT, (digits) => this.inText(digits, f));
        break;
      }
    }
  }

  /** A provisional id in a finding's text: a frame's or a message's, as the text says. */
  private inText(digits: string, f: { message: string }): string {
    const n = Number(digits);
    const at = f.message.indexOf(digits);
    const before = f.message.slice(Math.max(0, at - 12), at);
    return String(/message\s*$/.test(before) ? this.message(n) : this.frame(n));
  }
}
