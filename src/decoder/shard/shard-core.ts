// One shard: the connections the merging thread gave it, decoded from the items it sends
// (wire.ts), their records handed back in groups it can put in capture order (sharded-session.ts).
//
// Theory of operation
// - A connection lives in one shard from its first payload on; the merging thread keeps capture
//   reading, IP and TCP, pending connections and the memory budget. Items arrive in capture order
//   for this shard's connections, so each connection sees exactly the events, in the order, that
//   CaptureSession would give it.
// - Ids: frames and messages are numbered in the order CaptureSession would number them, which
//   depends on every shard. A shard numbers them provisionally (PROVISIONAL + a count of its own)
//   and says how many of each every group took; the merging thread, putting groups in order,
//   gives each run of provisional ids its global ones and rewrites the records (id-map.ts).
// - Each reply says the smallest provisional ids any later record may still name (the open
//   messages' and pings waiting for pongs), so the merging thread forgets older runs.
// - Frames and messages go back as numbers, bytes and strings (record-codec.ts), not cloned.

import { ConnectionDecoder } from '../connection/connection.js';
import { PendingConnection, type PendingState } from '../connection/pending.js';
import { internalError } from '../findings.js';
import type { DecoderEvent, Limits } from '../records.js';
import type { TcpEvent } from '../tcp/events.js';
import type { TlsCrypto } from '../tls/crypto.js';
import { KeyLog } from '../tls/keylog.js';
import type { TlsOptions } from '../tls/tls-connection.js';
import { BlockPool, type SessionBuffers } from '../websocket/block-pool.js';
import { StepArena } from '../websocket/step-arena.js';
import { provisional } from './id-map.js';
import { encodeOutputs } from './record-codec.js';
import { ITEM, readBatch, type WireBatch } from './wire.js';

export interface ShardInit {
  limits: Limits;
  frameFields: boolean;
  /** Decrypt TLS (the shard then needs a TlsCrypto); keys come as `keys` items. */
  tls: boolean;
}

/** What one connection (or one forwarded item) produced, and how many ids it took. */
export interface ShardGroup {
  /** The connection, for ordering a broadcast's groups (0 for a forwarded item's). */
  id: number;
  events: DecoderEvent[];
  frames: number;
  messages: number;
}

export interface ShardReply {
  step: number;
  /** Per output item in batch order: a forwarded item's group, or a broadcast's groups by id. */
  outputs: (ShardGroup | ShardGroup[])[];
  /** The outputs' frames and messages (record-codec.ts). */
  nums: Float64Array;
  bytes: Uint8Array;
  strs: string[];
  /** Smallest provisional frame and message ids later records may name; null: not computed. */
  floor: [number, number] | null;
}

/** The floor is computed every this many batches (a walk over the shard's connections). */
const FLOOR_EVERY = 8;

export class ShardCore {
  private readonly conns = new Map<number, ConnectionDecoder>();
  private readonly keyLog = new KeyLog();
  private readonly tls: TlsOptions | null;
  private readonly buffers: SessionBuffers = {
    pool: new BlockPool(),
    arena: new StepArena(),
    source: null,
    lengthsOnly: false,
  };
  private frames = 0;
  private messages = 0;
  private batches = 0;
  private current: DecoderEvent[] = [];
  /** A connection to make a decoder of at its next event. */
  private pending: PendingState | null = null;
  private readonly ids = {
    nextFrameId: () => provisional(++this.frames),
    nextMessageId: () => provisional(++this.messages),
  };
  private readonly emit = (ev: DecoderEvent) => this.current.push(ev);

  constructor(
    private readonly init: ShardInit,
    crypto: TlsCrypto | null,
  ) {
    // Records held for keys still to come: as CaptureSession's, but per shard.
    this.tls = init.tls
      ? { crypto, keyLog: this.keyLog, held: { bytes: 0, limit: 64 * 1024 * 1024 }, recordTap: undefined }
      : null;
  }

  run(batch: WireBatch): { reply: ShardReply; transfer: ArrayBuffer[] } {
    const outputs: (ShardGroup | ShardGroup[])[] = [];
    let frames = this.frames;
    let messages = this.messages;
    const group = (id: number): ShardGroup => {
      const g = { id, events: this.current, frames: this.frames - frames, messages: this.messages - messages };
      this.current = [];
      frames = this.frames;
      messages = this.messages;
      return g;
    };
    for (const item of readBatch(batch)) {
      if (item.event !== null) {
        this.onEvent(item.event);
        outputs.push(group(0));
        continue;
      }
      switch (item.kind) {
        case ITEM.materialize:
          // Made with the event that follows (CaptureSession makes it there, and reports a failure with that event).
          this.pending = item.extra as PendingState;
          break;
        case ITEM.countFinding:
          this.conns.get(item.values[0] as number)?.countFinding();
          break;
        case ITEM.drop: {
          const id = item.values[0] as number;
          const conn = this.conns.get(id);
          if (conn) {
            this.emit({ kind: 'connection', connection: conn.snapshot() });
            this.conns.delete(id);
          }
          outputs.push(group(0));
          break;
        }
        case ITEM.keys:
          outputs.push(this.retryKeys(item.extra as { text: string | Uint8Array; source: string }, group));
          break;
        case ITEM.flush:
          outputs.push(this.flush(item.values[0] === 1, item.values[1] === 1, group));
          break;
        case ITEM.endDeferred:
          outputs.push(this.endDeferred(group));
          break;
      }
    }
    const { nums, bytes, strs } = encodeOutputs(outputs);
    // Everything handed out in this batch is copied out: the arena's views may be written again.
    this.buffers.arena?.release();
    const floor = ++this.batches % FLOOR_EVERY === 0 ? this.floor() : null;
    return {
      reply: { step: batch.step, outputs, nums, bytes, strs, floor },
      transfer: [nums.buffer as ArrayBuffer, bytes.buffer as ArrayBuffer],
    };
  }

  /** CaptureSession.onTcpEvents for a decoder (made first when the connection has just come). */
  private onEvent(ev: Exclude<TcpEvent, { type: 'finding' | 'open' }>): void {
    const id = ev.connectionId;
    let conn: ConnectionDecoder | PendingConnection | undefined = this.conns.get(id);
    try {
      if (this.pending !== null && this.pending.open.connectionId === id) {
        conn = PendingConnection.from(this.pending);
        this.pending = null;
        conn = conn.materialize(
          this.init.limits,
          this.ids,
          this.emit,
          this.init.frameFields,
          this.tls ?? undefined,
          this.buffers,
        );
        this.conns.set(id, conn);
      }
      if (!conn) return;
      conn.onEvent(ev);
    } catch (error) {
      // CaptureSession.dropBroken: report it, send what it had, decode nothing more of it.
      if (!conn) return;
      const where = { connectionId: id, packet: ev.record, time: ev.time };
      this.emit({ kind: 'finding', finding: internalError(error, `connection ${id}`, where) });
      conn.countFinding();
      this.conns.delete(id);
      try {
        this.emit({ kind: 'connection', connection: conn.snapshot() });
      } catch {
        // The record itself is what broke.
      }
      return;
    }
    if (!(conn instanceof ConnectionDecoder)) return;
    if (ev.type === 'closed' && !conn.closeDeferred) {
      this.emit({ kind: 'connection', connection: conn.snapshot() });
      this.conns.delete(id);
    }
  }

  /** The shard's connections in id order: CaptureSession's Map order (ids are given in opening order). */
  private byId(): ConnectionDecoder[] {
    const list = [...this.conns.values()];
    for (let i = 1; i < list.length; i++) {
      if ((list[i] as ConnectionDecoder).rec.id < (list[i - 1] as ConnectionDecoder).rec.id) {
        return list.sort((x, y) => x.rec.id - y.rec.id);
      }
    }
    return list;
  }

  private retryKeys(
    keys: { text: string | Uint8Array; source: string },
    group: (id: number) => ShardGroup,
  ): ShardGroup[] {
    this.keyLog.add(keys.text, keys.source);
    const groups: ShardGroup[] = [];
    for (const conn of this.byId()) {
      const deferred = conn.closeDeferred;
      conn.retryKeys();
      if (deferred && conn.finished) {
        this.emit({ kind: 'connection', connection: conn.snapshot() });
        this.conns.delete(conn.rec.id);
      }
      const g = group(conn.rec.id);
      if (g.events.length > 0 || g.frames > 0 || g.messages > 0) groups.push(g);
    }
    return groups;
  }

  private flush(counters: boolean, all: boolean, group: (id: number) => ShardGroup): ShardGroup[] {
    const groups: ShardGroup[] = [];
    for (const conn of this.byId()) {
      if (all || conn.changed || (counters && conn.dirty)) {
        this.emit({ kind: 'connection', connection: conn.snapshot() });
        groups.push(group(conn.rec.id));
      }
    }
    return groups;
  }

  private endDeferred(group: (id: number) => ShardGroup): ShardGroup[] {
    const groups: ShardGroup[] = [];
    for (const conn of this.byId()) {
      if (!conn.closeDeferred) continue;
      conn.finishDeferred();
      this.emit({ kind: 'connection', connection: conn.snapshot() });
      this.conns.delete(conn.rec.id);
      groups.push(group(conn.rec.id));
    }
    return groups;
  }

  private floor(): [number, number] {
    const floor = { frame: provisional(this.frames + 1), message: provisional(this.messages + 1) };
    for (const conn of this.conns.values()) conn.liveIds(floor);
    return [floor.frame, floor.message];
  }
}
