// The merging thread's side of sharding, inside CaptureSession: where each connection's work goes,
// and a slot in the session's output for what will come back from there.
//
// A connection is given to a shard when it first needs a decoder (a pending connection, kept in
// this thread, becomes one: connection/pending.ts), round-robin. Every later TCP event of it is
// written into that shard's batch for the step, and a slot marks where in the output its records
// go. What CaptureSession does for all connections at once (snapshot the changed ones, retry
// keys, end those that waited for keys) is sent to every shard, and its slot also holds what this
// thread adds itself (pending connections' snapshots): the merge orders all of it by connection id,
// which is CaptureSession's own order (its Map holds connections in opening order, and the
// tracker numbers them in that order).

import type { PendingConnection } from '../connection/pending.js';
import type { DecoderEvent } from '../records.js';
import type { TcpEvent } from '../tcp/events.js';
import type { ShardGroup } from './shard-core.js';
import { BatchWriter, ITEM, type WireBatch } from './wire.js';

export type ShardSlot = { kind: 'shard-slot'; shard: number } | { kind: 'shard-all'; local: ShardGroup[] };

export type OutItem = DecoderEvent | ShardSlot;

type StreamEvent = Exclude<TcpEvent, { type: 'finding' | 'open' }>;

/** A connection whose decoder lives in a shard: what this thread still needs of it. */
export class RemoteConnection {
  constructor(
    readonly id: number,
    /** The tracker's endpoints, for evicting it. */
    readonly a: TcpEventOpen['a'],
    readonly b: TcpEventOpen['b'],
    readonly shard: number,
    public lastRecord: number,
  ) {}
}
type TcpEventOpen = Extract<TcpEvent, { type: 'open' }>;

export class ShardRouter {
  private readonly writers: BatchWriter[];
  private next = 0;

  constructor(readonly shards: number) {
    this.writers = Array.from({ length: shards }, () => new BatchWriter());
  }

  /** The pending connection's first event a decoder must see: from here on it lives in a shard. */
  materialize(pending: PendingConnection, ev: StreamEvent, out: OutItem[]): RemoteConnection {
    const shard = this.next++ % this.shards;
    const open = pending.open;
    const remote = new RemoteConnection(open.connectionId, open.a, open.b, shard, pending.lastRecord);
    (this.writers[shard] as BatchWriter).item(ITEM.materialize, [], pending.state());
    this.forward(remote, ev, out);
    return remote;
  }

  forward(conn: RemoteConnection, ev: StreamEvent, out: OutItem[]): void {
    (this.writers[conn.shard] as BatchWriter).event(ev);
    if (ev.record > conn.lastRecord) conn.lastRecord = ev.record;
    out.push({ kind: 'shard-slot', shard: conn.shard });
  }

  countFinding(conn: RemoteConnection): void {
    (this.writers[conn.shard] as BatchWriter).item(ITEM.countFinding, [conn.id]);
  }

  drop(conn: RemoteConnection, out: OutItem[]): void {
    (this.writers[conn.shard] as BatchWriter).item(ITEM.drop, [conn.id]);
    out.push({ kind: 'shard-slot', shard: conn.shard });
  }

  keys(text: string | Uint8Array, source: string, out: OutItem[]): void {
    for (const w of this.writers) w.item(ITEM.keys, [], { text, source });
    out.push({ kind: 'shard-all', local: [] });
  }

  flush(counters: boolean, all: boolean, local: ShardGroup[], out: OutItem[]): void {
    for (const w of this.writers) w.item(ITEM.flush, [counters ? 1 : 0, all ? 1 : 0]);
    out.push({ kind: 'shard-all', local });
  }

  endDeferred(out: OutItem[]): void {
    for (const w of this.writers) w.item(ITEM.endDeferred);
    out.push({ kind: 'shard-all', local: [] });
  }

  /** The step's batches, one per shard (null for a shard with nothing this step). */
  take(step: number): (WireBatch | null)[] {
    return this.writers.map((w) => (w.empty ? null : w.take(step)));
  }
}
