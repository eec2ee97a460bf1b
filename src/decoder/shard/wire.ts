// What the merging thread sends a shard: the per-connection work of one step, as numbers and bytes.
//
// Why not the TcpEvent objects themselves: postMessage clones a typed array's whole ArrayBuffer,
// and a data event's bytes are views into 256 KiB record slabs shared by every connection, so
// each shard would get a copy of every slab. Here one step's items for one shard are a Float64Array
// of fields and one Uint8Array of the bytes they carry, both transferred, not copied; the rare items
// with strings (a connection's opening, key log text) go as `extras`, cloned.

import type { SegmentSpan, Side, TcpEvent } from '../tcp/events.js';

export const ITEM = {
  data: 1,
  gap: 2,
  control: 3,
  closed: 4,
  /** A pending connection becomes a decoder here (extras: PendingState); no group of its own. */
  materialize: 5,
  /** The tracker reported a finding for the connection; no group. */
  countFinding: 6,
  /** Broadcast: key log text and its name (extras) to add; connections waiting for keys retry. */
  keys: 7,
  /** Broadcast: snapshot the connections that changed (counters: also those only counted). */
  flush: 8,
  /** Broadcast: end the connections whose close waited for keys (the capture ended). */
  endDeferred: 9,
  /** The memory budget gave the connection up: snapshot it and forget it. */
  drop: 10,
} as const;

const CONTROLS = ['syn', 'syn-ack', 'fin', 'rst'] as const;
const HOWS = ['fin', 'rst', 'reused', 'end-of-capture'] as const;

type StreamEvent = Exclude<TcpEvent, { type: 'finding' | 'open' }>;

export interface WireBatch {
  step: number;
  nums: Float64Array;
  bytes: Uint8Array;
  extras: unknown[];
}

/** Builds one shard's batch for a step; take() hands it out and starts the next. */
export class BatchWriter {
  private nums = new Float64Array(256);
  private n = 0;
  private bytes = new Uint8Array(16 * 1024);
  private b = 0;
  private extras: unknown[] = [];

  get empty(): boolean {
    return this.n === 0;
  }

  private room(k: number): void {
    if (this.n + k <= this.nums.length) return;
    const next = new Float64Array(Math.max(this.nums.length * 2, this.n + k));
    next.set(this.nums.subarray(0, this.n));
    this.nums = next;
  }

  private put(...values: number[]): void {
    this.room(values.length);
    for (const v of values) this.nums[this.n++] = v;
  }

  private putBytes(src: Uint8Array): void {
    if (this.b + src.length > this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, this.b + src.length));
      next.set(this.bytes.subarray(0, this.b));
      this.bytes = next;
    }
    this.bytes.set(src, this.b);
    this.b += src.length;
  }

  event(ev: StreamEvent): void {
    switch (ev.type) {
      case 'data': {
        const spans = ev.spans;
        this.put(ITEM.data, ev.connectionId, side(ev.side), ev.streamOffset, ev.record, ev.time, ev.bytes.length);
        this.put(spans.length);
        this.room(spans.length * 4);
        for (const s of spans) {
          this.nums[this.n++] = s.record;
          this.nums[this.n++] = s.streamOffset;
          this.nums[this.n++] = s.length;
          this.nums[this.n++] = s.time;
        }
        this.putBytes(ev.bytes);
        break;
      }
      case 'gap':
        this.put(ITEM.gap, ev.connectionId, side(ev.side), ev.streamOffset, ev.length, ev.record, ev.time);
        break;
      case 'control':
        this.put(ITEM.control, ev.connectionId, side(ev.side), CONTROLS.indexOf(ev.what), ev.record, ev.time);
        break;
      case 'closed':
        this.put(ITEM.closed, ev.connectionId, HOWS.indexOf(ev.how), ev.record, ev.time);
        break;
    }
  }

  /** An item with no fields of its own beyond `values`, and an extra when given. */
  item(kind: number, values: number[] = [], extra?: unknown): void {
    if (extra !== undefined) {
      this.put(kind, this.extras.length, ...values);
      this.extras.push(extra);
    } else this.put(kind, ...values);
  }

  take(step: number): WireBatch {
    // Exact-length copies: the buffers are transferred, so the writer starts afresh anyway.
    const batch: WireBatch = {
      step,
      nums: this.nums.slice(0, this.n),
      bytes: this.bytes.slice(0, this.b),
      extras: this.extras,
    };
    this.n = 0;
    this.b = 0;
    this.extras = [];
    return batch;
  }
}

const side = (s: Side): number => (s === 'a' ? 0 : 1);
const sideOf = (n: number): Side => (n === 0 ? 'a' : 'b');

/** One item read back: a stream event for a connection, or a command with its fields. */
export type WireItem =
  | { kind: typeof ITEM.data | typeof ITEM.gap | typeof ITEM.control | typeof ITEM.closed; event: StreamEvent }
  | { kind: number; event: null; values: Float64Array; extra: unknown };

/** Reads a batch's items in order. */
export function* readBatch(batch: WireBatch): Generator<WireItem> {
  const v = batch.nums;
  const bytes = batch.bytes;
  let at = 0;
  let b = 0;
  while (at < v.length) {
    const kind = v[at] as number;
    switch (kind) {
      case ITEM.data: {
        const length = v[at + 6] as number;
        const count = v[at + 7] as number;
        const spans: SegmentSpan[] = new Array(count);
        let s = at + 8;
        for (let i = 0; i < count; i++, s += 4) {
          spans[i] = {
            record: v[s] as number,
            streamOffset: v[s + 1] as number,
            length: v[s + 2] as number,
            time: v[s + 3] as number,
          };
        }
        const event: StreamEvent = {
          type: 'data',
          connectionId: v[at + 1] as number,
          side: sideOf(v[at + 2] as number),
          streamOffset: v[at + 3] as number,
          record: v[at + 4] as number,
          time: v[at + 5] as number,
          bytes: bytes.subarray(b, b + length),
          spans,
        };
        b += length;
        at = s;
        yield { kind, event };
        break;
      }
      case ITEM.gap:
        yield {
          kind,
          event: {
            type: 'gap',
            connectionId: v[at + 1] as number,
            side: sideOf(v[at + 2] as number),
            streamOffset: v[at + 3] as number,
            length: v[at + 4] as number,
            record: v[at + 5] as number,
            time: v[at + 6] as number,
          },
        };
        at += 7;
        break;
      case ITEM.control:
        yield {
          kind,
          event: {
            type: 'control',
            connectionId: v[at + 1] as number,
            side: sideOf(v[at + 2] as number),
            what: CONTROLS[v[at + 3] as number] as (typeof CONTROLS)[number],
            record: v[at + 4] as number,
            time: v[at + 5] as number,
          },
        };
        at += 6;
        break;
      case ITEM.closed:
        yield {
          kind,
          event: {
            type: 'closed',
            connectionId: v[at + 1] as number,
            how: HOWS[v[at + 2] as number] as (typeof HOWS)[number],
            record: v[at + 3] as number,
            time: v[at + 4] as number,
          },
        };
        at += 5;
        break;
      case ITEM.materialize:
      case ITEM.keys:
        yield { kind, event: null, values: v.subarray(at + 2, at + 2), extra: batch.extras[v[at + 1] as number] };
        at += 2;
        break;
      case ITEM.countFinding:
      case ITEM.drop:
        yield { kind, event: null, values: v.subarray(at + 1, at + 2), extra: undefined };
        at += 2;
        break;
      case ITEM.flush:
        yield { kind, event: null, values: v.subarray(at + 1, at + 3), extra: undefined };
        at += 3;
        break;
      case ITEM.endDeferred:
        yield { kind, event: null, values: v.subarray(at + 1, at + 1), extra: undefined };
        at += 1;
        break;
      default:
        throw new Error(`shard batch: unknown item ${kind} at ${at}`);
    }
  }
}
