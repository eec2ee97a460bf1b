// CaptureSession: the whole decoder behind one push/drain interface (sans-I/O).
//
//   const s = new CaptureSession();
//   s.push(chunk) … s.push(chunk); s.end();
//   for (const ev of s.drain()) …
//
// drain() may be called after every push: records of completed packets are available before
// the input ends, which is what lets a live capture show messages as they arrive. Chunk
// boundaries never change the result (each layer is incremental on its own).
//
// Memory: the session keeps per-connection parser state (and at most 4 MiB of IP fragments
// waiting for the rest of their datagram) only; every frame, message and finding
// is handed out through drain() and forgotten, so a caller that streams results out runs in flat
// memory however large the capture. `analyzeCapture` is the collect-everything convenience.
//
// Bugs: bad input never throws (findings.ts), so an exception from a layer is a wsscope bug. It
// is reported as decoder.internal-error where it happened and the rest of the capture is still
// decoded: a record the TCP tracker failed on is skipped, a connection that failed is dropped
// (its last snapshot is sent). decodePacket guards its own record the same way.

import { type AppOptions, AppSession, type PayloadHold } from './app/session.js';
import type { RequestRecord } from './app/types.js';
import { CaptureReader } from './capture/index.js';
import type { CaptureRecord } from './capture/types.js';
import { ConnectionDecoder } from './connection/connection.js';
import { PendingConnection } from './connection/pending.js';
import { type Finding, internalError, makeFinding } from './findings.js';
import { decodePacket, IpReassembler, type PacketResult } from './packet/index.js';
import type { TcpSegment } from './packet/types.js';
import { type PayloadSource, readPieces } from './payload-source.js';
import {
  type CaptureFileInfo,
  type CaptureProgress,
  type ConnectionRecord,
  DEFAULT_LIMITS,
  type DecoderEvent,
  type FrameRecord,
  type Limits,
  type MessageRecord,
} from './records.js';
import { type OutItem, RemoteConnection, type ShardRouter } from './shard/router.js';
import type { TcpEvent } from './tcp/events.js';
import { TcpTracker } from './tcp/index.js';
import type { TlsCrypto } from './tls/crypto.js';
import { KeyLog } from './tls/keylog.js';
import type { TlsOptions } from './tls/tls-connection.js';
import { BLOCK, BlockList, BlockPool, type SessionBuffers } from './websocket/block-pool.js';
import { StepArena } from './websocket/step-arena.js';

export interface SessionOptions {
  limits?: Partial<Limits>;
  /**
   * Build every frame's `fields` (the bit-level breakdown) as it is decoded. Default true.
   * Callers that show the breakdown for a few frames only (the CLI, the UI worker) pass false:
   * `fields` is then empty, and buildFrameFields(frame.header, frame.payloadLength) gives the
   * same records on demand.
   */
  frameFields?: boolean;
  /**
   * TLS decryption (wss://): the cryptography (src/node/tls-crypto.ts or the worker's) and an NSS
   * key log to start with; more keys come from addKeyLog() and pcapng Decryption Secrets Blocks.
   * Without it TLS connections are still listed, with their handshake, but not decrypted.
   */
  tls?: {
    crypto: TlsCrypto;
    keyLog?: string | Uint8Array;
    recordTap?: TlsOptions['recordTap'];
    /** Decrypt only this connection (the others are parsed, not decrypted): ciphertext-view.ts. */
    onlyConnection?: number;
  };
  /**
   * Decode application protocols inside the messages (app/): sets `message.app` and
   * `connection.app` and adds `request` events. Off by default (no cost when off).
   */
  app?: AppOptions | boolean;
  /**
   * Keep the bytes of frames (over 16 KiB) and messages still in flight in reused blocks
   * (websocket/block-pool.ts) instead of an array per frame: what records hand out is the same
   * (each payload its record's own array), but no buffer lives as long as a large message takes
   * to arrive and is then left as old garbage. Costs one more copy of the bytes that wait. The
   * CLI sets it (bench/README.md, "the CLI's peak RSS, second pass", has what it measured).
   * Default false.
   */
  pooledBuffers?: boolean;
  /**
   * pooledBuffers, and the payloads handed out in one step in reused memory too
   * (websocket/step-arena.ts): a frame's `payload`, `header` and `maskingKey` and a message's
   * `payload` may then be views that are written again once the session reads more input. They
   * are valid until the next push(), pushAndDrain step or endAndDrain batch; a caller that keeps
   * a record or a payload past that must copy it first (payloads over 256 KiB too: buffers
   * of their own, reused from step to step; step-arena.ts). For callers that write each step's records
   * out at once (the CLI's listing and stats commands without -Y): a fresh array per frame and
   * per joined or inflated message, 1.3 GB per GiB of a capture of large messages, each waiting
   * for the next scavenge. Default false: every payload stays valid while it is held.
   */
  transientPayloads?: boolean;
  /**
   * With pooledBuffers: the capture file, to read the frames of a fragmented message back from
   * when its last frame arrives, instead of keeping them in memory until then (payload-source.ts).
   * Only frames whose bytes are the file's as they are (not IP-reassembled, not TLS plaintext,
   * not compressed messages) are left there; the records handed out are the same.
   */
  payloadSource?: PayloadSource;
  /**
   * With payloadSource: the caller reads no binary message's payload bytes, only its byteLength
   * (the CLI's stats). A binary message whose fragments were all left in the file is then not
   * read back, and its payload is zeros of its length: the reads and the joined array were ~5% of
   * the CLI's stats CPU on the mixed capture. Text messages are read back (their text and UTF-8
   * check need the bytes); frames are as always.
   */
  binaryPayloadLengthsOnly?: boolean;
  /**
   * Decode connections in other threads (shard/sharded-session.ts, which sets this): their events
   * go to the router and the output holds slots for their records. Read with drainItems().
   */
  shards?: ShardRouter;
}

/**
 * AppOptions.hold for transientPayloads: the app layer holds messages while it sniffs a
 * connection (up to 4), across steps. Those joined from the capture file are held as where they
 * are there; those in the arena's chunks are copied, into pool blocks where they fill whole
 * blocks; a large buffer of the arena's is taken out of its reuse.
 */
function blockHold(pool: BlockPool, arena: StepArena, source: PayloadSource | null): PayloadHold {
  return {
    keep(payload) {
      // Joined from the capture file: held as where it is there, read back if a protocol is
      // chosen. Large uploads were most of what the layer held, each kept until its connection's
      // fourth message (long enough to be promoted, then old garbage).
      const pieces = source !== null ? arena.inFile(payload) : undefined;
      if (pieces !== undefined) {
        const n = payload.length;
        return { bytes: () => readPieces(source as PayloadSource, pieces, n), drop: () => {} };
      }
      // Only what is in the arena's chunks is written again; a payload in an array of its own, or
      // in a large buffer the arena gives up to us, is kept as it is.
      if (arena.keep(payload) || !arena.holds(payload)) return { bytes: () => payload, drop: () => {} };
      // Whole blocks, and the rest as an exact copy: a block per small message held was 16 KiB
      // for a few hundred bytes.
      const whole = payload.length - (payload.length % BLOCK);
      const rest = payload.slice(whole);
      if (whole === 0) return { bytes: () => rest, drop: () => {} };
      const blocks = new BlockList(pool);
      blocks.append(payload.subarray(0, whole));
      return {
        bytes() {
          const out = new Uint8Array(payload.length);
          blocks.copyTo(out, 0);
          out.set(rest, whole);
          return out;
        },
        drop: () => blocks.free(),
      };
    },
  };
}

/** Sets seg.fileOffset when its payload is `record`'s bytes (so the file's), not a reassembled copy. */
function fileOffsetOf(seg: TcpSegment, record: CaptureRecord): void {
  const p = seg.payload;
  const d = record.data;
  if (p.buffer !== d.buffer || p.byteOffset < d.byteOffset || p.byteOffset + p.length > d.byteOffset + d.length) return;
  seg.fileOffset = record.fileOffset + (p.byteOffset - d.byteOffset);
}

/** pushAndDrain's step (see there). */
export const PUSH_STEP = 64 * 1024;

/** Per code, how many findings of a kind are reported before they are only counted. */
const NOISY_CAP = 1000;
/**
 * Connections whose counters alone changed are snapshotted again after this much input or this
 * much capture time (a snapshot per connection per push was one for every two messages on busy
 * captures); any other change (kind, handshake, lifecycle, close) is snapshotted at once.
 */
const COUNTER_FLUSH_BYTES = 1024 * 1024;
const COUNTER_FLUSH_SECONDS = 0.5;
/** decodePacket's answer for a fragment whose datagram is still incomplete: nothing to do yet. */
const FRAGMENT_HELD = { kind: 'other', what: 'ip fragment' } as const;
/**
 * Estimated bytes of one connection's state, for the memory budget (Limits.maxConnectionStateBytes),
 * measured with `npm run bench:memory` (tracker entry and both half-streams included): a
 * connection that never carried payload, and one with a decoder (more when it buffers bytes,
 * which its own limits bound; inflate windows are bounded apart, in deflate.ts).
 */
const PENDING_COST = 1024;
// 20k open permessage-deflate connections (handshake, one message each way): 223 MiB of heap and
// 64 MiB of buffers, ~14 KiB each.
const DECODER_COST = 14 * 1024;
/** The budget evicts the idlest of this many oldest connections (a bounded scan, not a sort). */
const EVICT_SCAN = 32;
/** endAndDrain closes the connections still open this many at a time. */
const END_BATCH = 1024;

type Conn = ConnectionDecoder | PendingConnection | RemoteConnection;

export class CaptureSession {
  private readonly limits: Limits;
  private readonly frameFields: boolean;
  private readonly reader: CaptureReader;
  private readonly tracker: TcpTracker;
  private readonly fragments = new IpReassembler();
  /** Open connections by id, oldest first (a Map keeps insertion order). */
  private readonly conns = new Map<number, Conn>();
  private decoderCount = 0;
  private evicted = 0;
  /**
   * Ids in order of opening, for the budget's scan of the oldest (ids of closed connections are
   * skipped and cut off): scanning the Map from its start after many deletions walked its holes.
   */
  private order: number[] = [];
  private orderHead = 0;
  private out: OutItem[] = [];
  private readonly shards: ShardRouter | null;
  private frameSeq = 0;
  private messageSeq = 0;
  private records = 0;
  private bytesIn = 0;
  private infoKey = '';
  private lastInfo: CaptureFileInfo | null = null;
  private fatalSent = false;
  private ended = false;
  private seenLinkTypes = new Set<number>();
  private lastTime = 0;
  private counterFlushBytes = 0;
  private counterFlushTime = Number.NEGATIVE_INFINITY;
  private noisy = new Map<string, number>();
  /** Packets not decoded and TCP packets found in tunnels, by what (progress() reports them). */
  private readonly skipped = new Map<string, { packets: number; opaque: boolean }>();
  private readonly decapsulated = new Map<string, number>();
  private readonly ids = {
    nextFrameId: () => ++this.frameSeq,
    nextMessageId: () => ++this.messageSeq,
  };
  private readonly emitFn = (ev: DecoderEvent) => this.out.push(ev);
  private readonly keyLog = new KeyLog();
  private readonly tlsOptions: TlsOptions;
  /** With tls.onlyConnection: that id, and the options (no crypto) of every other connection. */
  private readonly onlyConnection: number | undefined;
  private readonly parseOnlyTls: TlsOptions;
  private keyLogs = 0;
  private readonly app: AppSession | null;
  /** SessionOptions.pooledBuffers and transientPayloads (the arena is released before each step). */
  private readonly buffers: SessionBuffers | null;

  constructor(options: SessionOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.shards = options.shards ?? null;
    this.frameFields = options.frameFields ?? true;
    const transient = options.transientPayloads === true;
    this.buffers =
      options.pooledBuffers === true || transient
        ? {
            pool: new BlockPool(),
            arena: transient ? new StepArena() : null,
            source: options.payloadSource ?? null,
            lengthsOnly: options.binaryPayloadLengthsOnly === true,
          }
        : null;
    const app = options.app === true ? {} : options.app;
    // The app layer keeps the messages it sniffs until a protocol is chosen, across steps.
    const buffers = this.buffers;
    this.app = app
      ? new AppSession(
          transient && buffers?.arena ? { ...app, hold: blockHold(buffers.pool, buffers.arena, buffers.source) } : app,
        )
      : null;
    // Records never leave the session (layers above copy what they keep), so they may share
    // slabs: one ArrayBuffer per record was a top cost on small-packet captures.
    this.reader = new CaptureReader({ recordSlabBytes: 256 * 1024 });
    this.tracker = new TcpTracker(this.limits);
    // Records held for keys still to come: 1 MiB per direction, 64 MiB for the whole session.
    this.tlsOptions = {
      crypto: options.tls?.crypto ?? null,
      keyLog: this.keyLog,
      held: { bytes: 0, limit: 64 * 1024 * 1024 },
      recordTap: options.tls?.recordTap,
    };
    this.onlyConnection = options.tls?.onlyConnection;
    this.parseOnlyTls = { ...this.tlsOptions, crypto: null, recordTap: undefined };
    if (options.tls?.keyLog !== undefined) this.addKeyLog(options.tls.keyLog, 'key log');
  }

  /**
   * Add TLS secrets (NSS key log text: a whole file, or lines appended to it since). Connections
   * waiting for keys decrypt what they held; unusable lines become tls.keylog-line notes.
   * Returns how many secrets were added.
   */
  addKeyLog(text: string | Uint8Array, source?: string): number {
    const name = source ?? `key log ${++this.keyLogs}`;
    const { added, notes } = this.keyLog.add(text, name);
    for (const note of notes) this.capped(makeFinding('tls.keylog-line', note));
    if (added > 0) {
      this.shards?.keys(text, name, this.out);
      for (const conn of [...this.conns.values()]) {
        // A pending connection has carried no bytes yet: nothing waits for keys there.
        if (!(conn instanceof ConnectionDecoder)) continue;
        const deferred = conn.closeDeferred;
        conn.retryKeys();
        if (deferred && conn.finished) {
          this.out.push({ kind: 'connection', connection: conn.snapshot() });
          this.conns.delete(conn.rec.id);
        }
      }
    }
    return added;
  }

  /** The TLS options of a connection: decrypted, or only parsed (ciphertext-view.ts's onlyConnection). */
  private tlsFor(id: number) {
    return this.onlyConnection === undefined || this.onlyConnection === id ? this.tlsOptions : this.parseOnlyTls;
  }

  private closeLate(conn: ConnectionDecoder): void {
    conn.finishDeferred();
    this.out.push({ kind: 'connection', connection: conn.snapshot() });
    this.conns.delete(conn.rec.id);
  }

  /** Secrets in the key log so far (from addKeyLog, the options and pcapng DSBs). */
  get keyLogSize(): number {
    return this.keyLog.size;
  }

  push(chunk: Uint8Array): void {
    if (this.ended) return;
    // The records of the last step have been taken (SessionOptions.transientPayloads).
    this.buffers?.arena?.release();
    this.bytesIn += chunk.length;
    this.reader.push(chunk);
    this.pump();
  }

  /**
   * push() and drain() in steps of PUSH_STEP bytes, each step's events handed to `take`: how a
   * caller that streams results out should feed large chunks. A step's records then die young;
   * a 1 MiB push kept ~6,000 of them alive until its drain, the GC promoted them, and a
   * small-message capture decoded 25% slower (peak RSS 225 MB instead of 135 MB on 30 MB).
   */
  pushAndDrain(chunk: Uint8Array, take: (events: DecoderEvent[]) => void): void {
    for (let at = 0; at < chunk.length; at += PUSH_STEP) {
      this.push(chunk.subarray(at, at + PUSH_STEP));
      take(this.drain());
    }
  }

  end(): void {
    this.endAndDrain(null);
  }

  /**
   * end() for a caller that streams results out: the events of the connections still open are
   * handed to `take` a batch of connections at a time, so a capture that ends with a million open
   * connections does not hold a million snapshots at once. `take` null: everything stays for drain().
   */
  endAndDrain(take: ((events: DecoderEvent[]) => void) | null): void {
    if (this.ended) return;
    this.ended = true;
    this.reader.end();
    this.pump();
    // Datagrams still missing fragments: reported; their TCP bytes become gaps below.
    for (const f of this.fragments.end()) this.capped(f);
    for (;;) {
      const batch = this.tracker.endBatch(END_BATCH);
      if (batch.length === 0) break;
      this.onTcpEvents(batch);
      if (take !== null) {
        // A sharded session takes its items itself (drainItems) when called.
        take(this.shards ? [] : this.drain());
        this.buffers?.arena?.release();
      }
    }
    // TLS connections whose end waited for keys that never came.
    for (const conn of [...this.conns.values()])
      if (conn instanceof ConnectionDecoder && conn.closeDeferred) this.closeLate(conn);
    this.shards?.endDeferred(this.out);
    if (this.evicted > 0) {
      const message = `${this.evicted} connections were given up to stay within the memory budget of ${mib(this.limits.maxConnectionStateBytes)}; each was reported as ended where it was given up`;
      this.out.push({ kind: 'finding', finding: makeFinding('limit.connection-evicted', message, {}) });
    }
    this.flushConnections(true);
  }

  /**
   * Snapshot now every connection whose counters changed since its last snapshot (the session
   * otherwise sends counter-only changes once per MiB of input or 0.5 s of capture time). For a
   * caller that shows counts while input trickles in: call it when about to show them (the UI
   * worker does before each batch), so a capture that goes quiet does not leave them behind.
   */
  flushCounters(): void {
    this.snapshotConnections(true);
  }

  drain(): DecoderEvent[] {
    if (this.shards) throw new Error('a sharded session is read with drainItems()');
    // Without shards the output holds events only.
    const out = this.out as DecoderEvent[];
    this.out = [];
    if (this.app && out.length > 0) for (const ev of this.app.process(out)) out.push(ev);
    return out;
  }

  /** The output so far with slots for what shards will send (ShardedSession merges them). */
  drainItems(): OutItem[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  progress(): CaptureProgress {
    const skipped = [...this.skipped].map(([what, s]) => ({ what, packets: s.packets, opaque: s.opaque }));
    const decapsulated = [...this.decapsulated].map(([what, packets]) => ({ what, packets }));
    return { bytesIn: this.bytesIn, records: this.records, skipped, decapsulated };
  }

  connections(): ConnectionRecord[] {
    const list: ConnectionRecord[] = [];
    for (const c of this.conns.values()) if (!(c instanceof RemoteConnection)) list.push(c.snapshot());
    return list;
  }

  /**
   * What the session holds for connections now: open ones (those with a decoder among them), the
   * estimate the memory budget compares with Limits.maxConnectionStateBytes, and the application
   * layer's per-connection states. A connection that has ended is in none of them.
   */
  heldState(): { connections: number; decoders: number; bytes: number; appConnections: number } {
    return {
      connections: this.conns.size,
      decoders: this.decoderCount,
      bytes: this.stateBytes(),
      appConnections: this.app?.heldConnections ?? 0,
    };
  }

  private pump(): void {
    for (;;) {
      const record = this.reader.next();
      // What reading found (damage, the file's info) goes out before the record it preceded, not
      // at the end of the push: where a push ends must not move it (issue 15, chunking).
      if (this.reader.hasFindings)
        for (const f of this.reader.drainFindings()) this.out.push({ kind: 'finding', finding: f });
      // The info as it stands before a record (or at the end): a pcapng section header whose
      // interface block has not arrived yet is no news of its own.
      if ((record !== null || this.ended) && this.reader.info !== this.lastInfo) this.emitInfo();
      // Decryption Secrets Blocks read before this record apply from here on.
      for (const secrets of this.reader.drainSecrets()) this.addKeyLog(secrets, 'pcapng decryption secrets');
      if (!record) break;
      this.records++;
      this.lastTime = record.time;
      let result: PacketResult = decodePacket(record);
      if (result.kind === 'fragment') {
        // Held until its datagram is whole; then decoded as the record that completed it.
        result = this.fragments.push(result, record) ?? FRAGMENT_HELD;
        for (const f of this.fragments.drainFindings()) this.capped(f);
      }
      if (result.kind === 'other' && result !== FRAGMENT_HELD) {
        const s = this.skipped.get(result.what);
        if (s) s.packets++;
        else this.skipped.set(result.what, { packets: 1, opaque: result.opaque === true });
      } else if (result.kind === 'tcp' && result.via !== undefined) {
        this.decapsulated.set(result.via, (this.decapsulated.get(result.via) ?? 0) + 1);
      }
      if (result.kind === 'tcp') {
        const seg = result.segment;
        if (this.buffers?.source) fileOffsetOf(seg, record);
        if (seg.truncated) {
          this.capped(
            makeFinding(
              'capture.truncated-packet',
              `record ${record.index} was cut to ${record.capturedLength} of ${record.originalLength} bytes (snaplen); ${
                seg.payloadLength - seg.payload.length
              } TCP payload bytes are missing`,
              { packet: record.index, time: record.time },
            ),
          );
        }
        let events: TcpEvent[];
        try {
          events = this.tracker.push(seg);
        } catch (error) {
          const where = { packet: record.index, time: record.time };
          this.out.push({ kind: 'finding', finding: internalError(error, `record ${record.index} (TCP)`, where) });
          continue;
        }
        this.onTcpEvents(events);
        if (this.overBudget()) this.evict(record.index, record.time);
      } else if (result.kind === 'error') {
        if (result.finding.code === 'capture.unknown-link-type') {
          if (this.seenLinkTypes.has(record.linkType)) continue;
          this.seenLinkTypes.add(record.linkType);
        }
        this.capped(result.finding);
      }
    }
    for (const f of this.reader.drainFindings()) this.out.push({ kind: 'finding', finding: f });
    if (this.ended) this.emitInfo();
    if (this.reader.fatal && !this.fatalSent) {
      this.fatalSent = true;
      this.out.push({ kind: 'fatal', message: this.reader.fatal });
    }
    this.flushConnections(false);
  }

  private emitInfo(): void {
    const info = this.reader.info;
    this.lastInfo = info;
    if (!info) return;
    const key = `${info.format}/${info.sections}/${info.interfaces.length}`;
    if (key === this.infoKey) return;
    this.infoKey = key;
    this.out.push({ kind: 'capture-info', info: { ...info, interfaces: info.interfaces.map((i) => ({ ...i })) } });
  }

  /** Findings that can repeat per packet are reported up to NOISY_CAP times per code. */
  private capped(f: Finding): void {
    const n = (this.noisy.get(f.code) ?? 0) + 1;
    this.noisy.set(f.code, n);
    if (n < NOISY_CAP) this.out.push({ kind: 'finding', finding: f });
    else if (n === NOISY_CAP) {
      this.out.push({
        kind: 'finding',
        finding: { ...f, message: `${f.message} (further ${f.code} findings are not listed)` },
      });
    }
  }

  private onTcpEvents(events: TcpEvent[]): void {
    for (const ev of events) {
      if (ev.type === 'open') {
        // A decoder only once the connection carries something (see pending.ts).
        this.conns.set(ev.connectionId, new PendingConnection(ev));
        this.order.push(ev.connectionId);
        continue;
      }
      if (ev.type === 'finding') {
        const id = ev.finding.connectionId;
        const conn = id !== null ? this.conns.get(id) : undefined;
        if (ev.finding.code === 'tcp.retransmission' || ev.finding.code === 'tcp.out-of-order') this.capped(ev.finding);
        else this.out.push({ kind: 'finding', finding: ev.finding });
        if (conn !== undefined) this.countFinding(conn);
        continue;
      }
      let conn = this.conns.get(ev.connectionId);
      if (!conn) continue;
      const shards = this.shards;
      if (conn instanceof RemoteConnection) {
        (shards as ShardRouter).forward(conn, ev, this.out);
        // Gone from here at its close; the shard keeps one whose end waits for keys.
        if (ev.type === 'closed') this.forget(ev.connectionId, conn);
        continue;
      }
      try {
        if (conn instanceof PendingConnection) {
          if (conn.take(ev)) continue;
          if (shards) {
            const remote = shards.materialize(conn, ev, this.out);
            this.conns.set(ev.connectionId, remote);
            this.decoderCount++;
            if (ev.type === 'closed') this.forget(ev.connectionId, remote);
            continue;
          }
          conn = conn.materialize(
            this.limits,
            this.ids,
            this.emitFn,
            this.frameFields,
            this.tlsFor(ev.connectionId),
            this.buffers,
          );
          this.conns.set(ev.connectionId, conn);
          this.decoderCount++;
        }
        conn.onEvent(ev);
      } catch (error) {
        this.dropBroken(conn, ev, error);
        continue;
      }
      if (ev.type === 'closed' && !conn.closeDeferred) {
        this.out.push({ kind: 'connection', connection: conn.snapshot() });
        this.forget(ev.connectionId, conn);
      }
    }
  }

  private countFinding(conn: Conn): void {
    if (conn instanceof RemoteConnection) this.shards?.countFinding(conn);
    else conn.countFinding();
  }

  private forget(id: number, conn: Conn): void {
    if (this.conns.get(id) !== conn) return;
    this.conns.delete(id);
    if (!(conn instanceof PendingConnection)) this.decoderCount--;
  }

  /** The memory budget's estimate of the connections' state (per packet: no allocation). */
  private stateBytes(): number {
    const pending = this.conns.size - this.decoderCount;
    return pending * PENDING_COST + this.decoderCount * DECODER_COST;
  }

  private overBudget(): boolean {
    return this.stateBytes() > this.limits.maxConnectionStateBytes;
  }

  /**
   * Over the memory budget: give up the connection idle the longest among the oldest few, as if
   * the capture ended for it (its snapshot goes out, its TCP state is dropped), and say so. What
   * is given up is decided by the capture's content alone, so the output stays the same for any
   * chunking of the input.
   */
  private evict(record: number, time: number): void {
    while (this.overBudget() && this.conns.size > 1) {
      const victim = this.idlestOfOldest();
      if (victim === undefined) return;
      const rec =
        victim instanceof PendingConnection || victim instanceof RemoteConnection
          ? victim instanceof PendingConnection
            ? victim.open
            : victim
          : { a: victim.rec.client, b: victim.rec.server };
      const id = victim instanceof ConnectionDecoder ? victim.rec.id : victim.id;
      this.evicted++;
      const message = `connection ${id} given up at record ${record}: more open connections than the memory budget of ${mib(this.limits.maxConnectionStateBytes)} holds; it was idle the longest (last packet ${victim.lastRecord}), later packets of it start a new connection`;
      this.capped(makeFinding('limit.connection-evicted', message, { connectionId: id, packet: record, time }));
      this.countFinding(victim);
      const events = this.tracker.evict(rec.a, rec.b, id);
      this.onTcpEvents(events);
      // Not open in the tracker any more (should not happen): drop it here all the same.
      if (this.conns.get(id) === victim) {
        if (victim instanceof RemoteConnection) this.shards?.drop(victim, this.out);
        else this.out.push({ kind: 'connection', connection: victim.snapshot() });
        this.forget(id, victim);
      }
    }
  }

  /** Among the EVICT_SCAN oldest open connections, the one whose last packet is oldest. */
  private idlestOfOldest(): Conn | undefined {
    const order = this.order;
    while (this.orderHead < order.length && !this.conns.has(order[this.orderHead] as number)) this.orderHead++;
    if (this.orderHead > 4096 && this.orderHead * 2 > order.length) {
      this.order = order.slice(this.orderHead);
      this.orderHead = 0;
    }
    let victim: Conn | undefined;
    let scanned = 0;
    for (let i = this.orderHead; i < this.order.length && scanned < EVICT_SCAN; i++) {
      const conn = this.conns.get(this.order[i] as number);
      if (conn === undefined) continue;
      scanned++;
      if (victim === undefined || conn.lastRecord < victim.lastRecord) victim = conn;
    }
    return victim;
  }

  /** A connection threw (a bug): report it, send what it had, and decode nothing more of it. */
  private dropBroken(
    conn: ConnectionDecoder | PendingConnection,
    ev: Exclude<TcpEvent, { type: 'finding' }>,
    error: unknown,
  ): void {
    const id = ev.connectionId;
    const where = { connectionId: id, packet: ev.record, time: ev.time };
    this.out.push({ kind: 'finding', finding: internalError(error, `connection ${id}`, where) });
    conn.countFinding();
    this.forget(id, conn);
    try {
      this.out.push({ kind: 'connection', connection: conn.snapshot() });
    } catch {
      // The record itself is what broke: nothing more to send.
    }
  }

  /** After each pump: changed connections at once, counter-only changes when due; `all` at the end. */
  private flushConnections(all: boolean): void {
    const counters =
      all ||
      this.bytesIn - this.counterFlushBytes >= COUNTER_FLUSH_BYTES ||
      this.lastTime - this.counterFlushTime >= COUNTER_FLUSH_SECONDS;
    this.snapshotConnections(counters, all);
  }

  private snapshotConnections(counters: boolean, all = false): void {
    if (counters) {
      this.counterFlushBytes = this.bytesIn;
      this.counterFlushTime = this.lastTime;
    }
    const shards = this.shards;
    if (shards) {
      // Pending connections are snapshotted here; the shards' own join them in id order.
      const local = [];
      for (const conn of this.conns.values()) {
        if (conn instanceof RemoteConnection) continue;
        if (all || conn.changed || (counters && conn.dirty)) {
          local.push({
            id: conn instanceof PendingConnection ? conn.id : conn.rec.id,
            events: [{ kind: 'connection' as const, connection: conn.snapshot() }],
            frames: 0,
            messages: 0,
          });
        }
      }
      shards.flush(counters, all, local, this.out);
      return;
    }
    for (const conn of this.conns.values()) {
      if (conn instanceof RemoteConnection) continue;
      if (all || conn.changed || (counters && conn.dirty)) {
        this.out.push({ kind: 'connection', connection: conn.snapshot() });
      }
    }
  }
}

function mib(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

export interface CaptureAnalysis {
  info: CaptureFileInfo | null;
  /** Every TCP connection (filter on `kind` for WebSocket ones), by id. */
  connections: ConnectionRecord[];
  frames: FrameRecord[];
  messages: MessageRecord[];
  findings: Finding[];
  /** Request/response pairs (with the `app` option), latest snapshot of each, by id. */
  requests: RequestRecord[];
  /** Set when the input is not a capture at all; everything else is then empty. */
  fatal: string | null;
}

/** Collects every event of a session into one analysis (for tests, the UI worker and small files). */
export class AnalysisCollector {
  readonly analysis: CaptureAnalysis = {
    info: null,
    connections: [],
    frames: [],
    messages: [],
    findings: [],
    requests: [],
    fatal: null,
  };
  private byId = new Map<number, number>();
  private requestAt = new Map<number, number>();

  add(events: readonly DecoderEvent[]): void {
    const a = this.analysis;
    for (const ev of events) {
      switch (ev.kind) {
        case 'capture-info':
          a.info = ev.info;
          break;
        case 'connection': {
          const at = this.byId.get(ev.connection.id);
          if (at === undefined) {
            this.byId.set(ev.connection.id, a.connections.length);
            a.connections.push(ev.connection);
          } else a.connections[at] = ev.connection;
          break;
        }
        case 'frame':
          a.frames.push(ev.frame);
          break;
        case 'message':
          a.messages.push(ev.message);
          break;
        case 'finding':
          a.findings.push(ev.finding);
          break;
        case 'fatal':
          a.fatal = ev.message;
          break;
        case 'request': {
          const at = this.requestAt.get(ev.request.id);
          if (at === undefined) {
            this.requestAt.set(ev.request.id, a.requests.length);
            a.requests.push(ev.request);
          } else a.requests[at] = ev.request;
          break;
        }
      }
    }
  }

  finish(): CaptureAnalysis {
    this.analysis.connections.sort((x, y) => x.id - y.id);
    return this.analysis;
  }
}

export function analyzeCapture(bytes: Uint8Array, options?: SessionOptions): CaptureAnalysis {
  const session = new CaptureSession(options);
  const collector = new AnalysisCollector();
  session.push(bytes);
  collector.add(session.drain());
  session.end();
  collector.add(session.drain());
  return collector.finish();
}
