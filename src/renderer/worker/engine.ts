// DecodeEngine: the worker's brain, kept free of worker globals so tests run it in Node.
//
// Theory of operation
// - Bytes go in with push()/end(); the CaptureSession turns them into DecoderEvents which we
//   keep (compactly: record-store.ts) and summarise into rows.
// - takeBatch() hands over what changed since the last call: connection snapshots, new rows,
//   rows that changed (a frame learns its message id and, for compressed messages, its text
//   only when the message completes), findings and progress. The worker posts one batch
//   every ~50 ms, so the UI re-renders a few times a second at most, however fast we decode.
// - With shards (shard-policy.ts), a pcap or pcapng capture's connections decode in other workers
//   (ShardedSession); push() and end() then return a promise, and the events, their order and
//   the stores are those of one thread (see "sharded decoding" below).
// - Details (fields, bytes) and searches are answered from the kept records on demand.

import {
  AnySession,
  type AppProtocolName,
  buildFrameFields,
  type CaptureFileInfo,
  type CiphertextTarget,
  type ConnectionRecord,
  closePreview,
  type DecoderEvent,
  detectCaptureFormat,
  type Finding,
  type FrameRecord,
  hexPreview,
  looksLikeHar,
  MESSAGE_TYPES,
  type MessageRecord,
  messagePreview,
  OPCODE,
  ROW_PREVIEW,
  recordsOf,
  type ShardedOptions,
  ShardedSession,
  sizeText,
  sliceCapture,
  textPreview,
} from '../../decoder/index.js';
import { tableCollator } from '../model/collation-ranks.js';
import { exactLength64 } from '../model/exact-length.js';
import { parseSearchQuery, type SearchQuery } from '../model/search-query.js';
import { AppStore } from './app-store.js';
import { FilePayloads, type RangeSource, type Resident } from './file-payloads.js';
import { type RowRange, runFilter } from './filter-run.js';
import { runFilterSweep } from './filter-sweep.js';
import { FrameLocator } from './frame-locator.js';
import { type FramePeek, FrameStore } from './frame-store.js';
import { CONNECTION_BYTES, DEFAULT_MEMORY_BUDGET, FINDING_BYTES, type MemoryCut } from './memory-budget.js';
import { type MessagePayloadSource, MessageStore } from './message-store.js';
import { PayloadSweep, type SweptLevels } from './payload-sweep.js';
import type {
  Batch,
  FilterResult,
  FrameDetail,
  MessageDetail,
  RowPreviews,
  SearchResult,
  SliceResult,
} from './protocol.js';
import { ReadCarry } from './read-carry.js';
import { RecordIndex } from './record-index.js';
import { ByteArena } from './record-store.js';
import { encodeFrameRows, encodeMessageRows } from './row-codec.js';
import { FRAME_BYTES_AT_MOST, SummaryIndex, type SummaryKeys } from './summary-index.js';
import { nobleTlsCrypto } from './tls-crypto.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Per-frame tag bits kept in the frame store: the frame's data opcode (FrameRecord.dataOpcode),
 * and whether its message is compressed (FrameRecord.messageCompressed: continuation frames of a
 * compressed message too, although RFC 7692 §6 sets RSV1 on the first frame only).
 */
const TAG_OPCODE = 0x0f;
const TAG_COMPRESSED = 0x10;

/**
 * At most this many rows of each kind per batch: each batch is one task on the UI thread, and a
 * batch of 50,000 connection snapshots (a SYN flood) or 400,000 frame rows (a message in one-byte
 * fragments, whose rows all change when it completes) blocked it for seconds. The rest waits for
 * the next batch (measured by bench/ui-longtasks.mjs).
 */
export const BATCH_LIMITS = { connections: 250, frames: 10_000, messages: 10_000, findings: 5_000 } as const;

/** The first `n` of a set, removed from it (insertion order). */
function takeFromSet(set: Set<number>, n: number): number[] {
  const out: number[] = [];
  for (const id of set) {
    if (out.length >= n) break;
    out.push(id);
  }
  for (const id of out) set.delete(id);
  return out;
}

/**
 * Rows (frames, messages) with ids up to this carry their preview text in the batches; later ones
 * are sent without, and the UI asks for the few it shows (previews()). A 200 MB capture's 2.4
 * million preview strings took ~500 MB of the page's heap and seconds of the load to make and
 * clone; a small capture still has every text at hand (a table sorted or filtered by summary).
 */
export const EAGER_PREVIEWS = 50_000;

/** Capture bytes kept or read again for slices in the app; larger captures are sliced with the CLI. */
export const RAW_LIMIT = 512 * 1024 * 1024;

/** Bytes of a frame payload decoded for its summary: enough for ROW_PREVIEW.maxChars characters. */
const SUMMARY_BYTES = ROW_PREVIEW.maxChars * 4;

/**
 * A filter, a search or the previews of many rows read payloads back from the file a window at a
 * time: at most this many payload bytes, or WINDOW_IDS rows, per window.
 */
const WINDOW_BYTES = 8 * 1024 * 1024;
/**
 * Payloads are kept in memory up to this many bytes, and only frames decoded after that keep
 * where theirs are instead: a filter or a search over payloads read back from the file took 11 s
 * on the 200 MB small-message capture against 1 s over kept ones (bench/README.md), so captures
 * whose payloads fit stay as fast as before, and only larger ones pay for reading back.
 */
export const KEEP_PAYLOAD_BYTES = 160 * 1024 * 1024;
const WINDOW_IDS = 32 * 1024;
/** Rows of each level a display filter is first run over, to learn whose payloads it reads back. */
const PROBE_ROWS = 4096;

/** Shards to decode in (handler.ts chooses the count with shard-policy.ts; 1 or null: none). */
export interface EngineShards {
  count: number;
  open: ShardedOptions['shards']['open'];
}

const NO_BYTES = new Uint8Array(0);

/**
 * Up to this many frames the summary index is made ahead once a capture has loaded
 * (prepareSummaries): it costs the worker memory whether or not anyone sorts, ~180 MiB and 5 s of
 * CPU for the 200 MB capture's 1.19 M frames, and several times that within the budget of a
 * gigabyte. Past it, a first sort by summary makes the index then, the header showing it pending.
 */
const PREPARE_FRAMES = 2_000_000;

/**
 * Steps pushed to the shards together (and taken together): the shard glue posts the batches of
 * one turn in one message, and a shard answers them in one (shard-workers.ts). With a message per
 * 64 KiB step, a Chromium profile of the 200 MB capture put 4 s of the decoding worker's 8 in
 * sending and receiving them; in groups its CPU fell a little (0.87-1.01 of one thread's in the
 * same pair of runs, against 1.03-1.13: bench/README.md). A group is pushed before the one before
 * it is taken, so the shards decode one while this worker merges the other.
 */
const SHARD_GROUP = 4;

export class DecodeEngine {
  // Field records are rebuilt for the one frame shown (frameDetail), not made for every frame.
  // A capture or a HAR file, told apart by content (src/decoder/open-session.ts). TLS (wss://) is
  // decrypted with @noble (synchronous, with ChaCha20) from the key logs given; application
  // protocols (Socket.IO, MQTT, …) are decoded as the messages arrive (app-store.ts).
  private readonly session = new AnySession({ frameFields: false, tls: { crypto: nobleTlsCrypto }, app: true });
  private readonly apps = new AppStore();
  private info: CaptureFileInfo | null = null;
  private fatal: string | null = null;
  private done = false;
  private readonly arena = new ByteArena();
  private readonly frames = new FrameStore(this.arena);
  private readonly messages = new MessageStore(this.arena);
  private readonly connections = new Map<number, ConnectionRecord>();

  private pendingConnections = new Set<number>();
  private pendingFrames = new Set<number>();
  /** New messages since the last batch, and their preview texts (made while the record is at hand). */
  private pendingMessages: number[] = [];
  private pendingPreviews: (string | null)[] = [];
  private pendingFindings: Finding[] = [];
  /** Every finding, for the display filter (ws.finding on a connection). */
  private readonly allFindings: Finding[] = [];
  private infoSent = false;
  /** Set when the memory budget ran out: nothing more is decoded (memory-budget.ts). */
  private cut: MemoryCut | null = null;

  /**
   * `keepRaw`: keep the capture's bytes for slices. False when the handler can read the capture
   * again (a File, browser mode's stream URL, Electron's reopened stream): a 200 MB capture then
   * costs no 200 MB of worker memory, and slice() is given the bytes read again (sliceOf).
   */
  /**
   * With `payloads` (the capture read again by range: a File), frames found in the file keep
   * where their payload is instead of the payload (frame-locator.ts), and messages made of them
   * their frames' payloads; reads that need payloads are then asynchronous (the *Read methods).
   */
  constructor(
    private readonly total: number | null = null,
    private readonly memoryBudget = DEFAULT_MEMORY_BUDGET,
    keepRaw = true,
    private readonly eagerPreviews = EAGER_PREVIEWS,
    payloads: RangeSource | null = null,
    /** Payload bytes kept before frames keep where theirs are in the file (tests lower it). */
    private readonly keepPayloadBytes = KEEP_PAYLOAD_BYTES,
    shards: EngineShards | null = null,
  ) {
    this.shardPlan = shards !== null && shards.count > 1 ? shards : null;
    if (!keepRaw) this.raw = null;
    if (payloads) {
      this.records = new RecordIndex();
      this.locator = new FrameLocator(this.records);
      this.files = new FilePayloads(payloads, this.frames, this.messages);
    }
  }

  /** Frame payload bytes kept in memory so far (KEEP_PAYLOAD_BYTES). */
  private keptPayload = 0;
  /** The capture's records in the last input read (null when payloads are kept or once decoded). */
  private records: RecordIndex | null = null;
  private locator: FrameLocator | null = null;
  /** Reads located payloads back from the file; null when every payload is kept. */
  private readonly files: FilePayloads | null = null;
  /**
   * Payloads of located frames with eager previews, held until their row is in a batch (the row's
   * summary is made then, from these bytes).
   */
  private readonly recentPayloads = new Map<number, Uint8Array>();

  /** Add TLS secrets: records waiting for them are decrypted (and decoded) now. */
  addKeyLog(text: Uint8Array, name: string): number {
    if (this.shardPlan !== null) this.earlyKeys.push({ text, name });
    const sharded = this.sharded;
    if (sharded === null) {
      const added = this.session.addKeyLog(text, name);
      this.absorb(this.session.drain());
      return added;
    }
    // The keys go out with the next step (ShardedSession); a step of no bytes carries them now,
    // where one thread applies them (before the next piece, or after the end), and what they
    // decrypt comes out of it (idle() resolves then).
    const added = sharded.addKeyLog(text, name);
    this.serial(() => {
      sharded.push(NO_BYTES);
      return sharded.takeAll(this.absorbFn);
    });
    return added;
  }

  /**
   * push(): with shards, a promise that resolves once the piece is decoded (the caller awaits it
   * before the next, as it would return from a synchronous push).
   */
  push(bytes: Uint8Array): void | Promise<void> {
    if (this.fatal || this.cut) return;
    if (this.shardPlan !== null && this.sharded === null) this.chooseShards(bytes);
    if (this.sharded !== null) return this.serial(() => this.pushSharded(bytes));
    this.keepRaw(bytes);
    this.records?.push(bytes);
    this.session.pushAndDrain(bytes, this.absorbFn);
    this.checkBudget();
  }

  /** True once the memory budget cut the capture: the reader may stop reading. */
  get isCut(): boolean {
    return this.cut !== null;
  }

  /** About the bytes this engine holds (memory-budget.ts counts what and why). */
  heldBytes(): number {
    return (
      this.arena.bytes +
      this.frames.heldBytes +
      this.messages.heldBytes +
      (this.raw ? this.rawBytes : 0) +
      this.connections.size * CONNECTION_BYTES +
      this.allFindings.length * FINDING_BYTES +
      (this.summaryIndex?.heldBytes ?? 0)
    );
  }

  /**
   * Past the budget, the capture ends here: the decoder is ended (open messages and connections
   * end as cut off, as at the end of a truncated file), what it decoded is kept, the capture bytes
   * kept for slices are let go, and later bytes are ignored.
   */
  private checkBudget(): void {
    if (!this.overBudget()) return;
    if (!this.fatal) {
      this.session.end();
      this.absorb(this.session.drain());
    }
    this.done = true;
  }

  /** True (and the cut made) when past the budget: the caller then ends the decoder. */
  private overBudget(): boolean {
    const held = this.heldBytes();
    if (held <= this.memoryBudget) return false;
    this.cut = { packet: this.progress().records, heldBytes: held, budget: this.memoryBudget };
    this.raw = null;
    return true;
  }

  /** The session's progress: the sharded one's once it decodes. */
  private progress() {
    return this.sharded?.progress() ?? this.session.progress();
  }

  /* ------------------------------------------------------------------ sharded decoding
   *
   * What one thread does, step for step, with ShardedSession: its steps are pushAndDrain's, and
   * every step of a piece is taken before the next piece is pushed, so the memory budget is
   * checked, payloads located (the record index holds the same input) and key logs applied at
   * the same points as in one thread; only the decoding of each step runs in the shards.
   * What ShardedSession does not do, and how the engine copes:
   * - a HAR file has no packets to share out: it decodes in one thread (chooseShards);
   * - flushCounters() (takeBatch): the shards send counter changes with their periodic snapshots
   *   (once per MiB of input), which a file that is being read reaches anyway; a live capture,
   *   where a quiet connection would fall behind, is never sharded (shard-policy.ts);
   * - keys that come later go out in a step of no bytes (addKeyLog), retried in the shards;
   *   records held for them are bounded per shard (64 MiB each) rather than once, so a capture
   *   holding more than that before its keys come gives up different records (sharded-session.ts).
   * The shards stay open for the capture's life, since keys can come at any time; they end with
   * this worker, which the page terminates when it opens another capture.
   */
  private shardPlan: EngineShards | null = null;
  private sharded: ShardedSession | null = null;
  /** Key logs given before the first bytes, for the sharded session if there is one. */
  private earlyKeys: { text: Uint8Array; name: string }[] = [];
  /** The sharded session's work, one task after the other (pushes, key logs, the end). */
  private chain: Promise<void> = Promise.resolve();

  /** With the first bytes: a pcap or pcapng capture decodes in shards, anything else in one thread. */
  private chooseShards(first: Uint8Array): void {
    const plan = this.shardPlan as EngineShards;
    this.shardPlan = null;
    const keys = this.earlyKeys;
    this.earlyKeys = [];
    if (first.length < 4 || detectCaptureFormat(first.subarray(0, 4)).kind === 'other') return;
    this.sharded = new ShardedSession({
      frameFields: false,
      tls: { crypto: nobleTlsCrypto },
      app: true,
      shards: { count: plan.count, open: plan.open },
    });
    for (const k of keys) this.sharded.addKeyLog(k.text, k.name);
  }

  /** Runs `task` after the sharded session's earlier ones; a shard's failure ends decoding. */
  private serial(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task).catch((err: unknown) => {
      this.fatal ??= `a decoder shard failed: ${err instanceof Error ? err.message : String(err)}`;
      this.done = true;
    });
    return this.chain;
  }

  /** Resolves once the sharded session's work queued so far is done (at once without shards). */
  idle(): Promise<void> {
    return this.chain;
  }

  private async pushSharded(bytes: Uint8Array): Promise<void> {
    if (this.fatal || this.cut) return;
    const sharded = this.sharded as ShardedSession;
    this.keepRaw(bytes);
    this.records?.push(bytes);
    // every step of the piece taken before the next piece, as one thread's pushAndDrain
    await sharded.pushAndTake(bytes, this.absorbFn, SHARD_GROUP, SHARD_GROUP);
    await sharded.takeAll(this.absorbFn);
    if (!this.overBudget()) return;
    if (!this.fatal) await sharded.endAndTake(this.absorbFn);
    this.done = true;
  }

  private readonly absorbFn = (events: DecoderEvent[]): void => this.absorb(events);

  /** end(): with shards, a promise that resolves once the last step is decoded. */
  end(): void | Promise<void> {
    // No bytes came: nothing to share out.
    if (this.shardPlan !== null && this.sharded === null) this.chooseShards(NO_BYTES);
    const sharded = this.sharded;
    if (sharded !== null) {
      return this.serial(async () => {
        if (!this.fatal && !this.cut) await sharded.endAndTake(this.absorbFn);
        this.finish();
      });
    }
    if (!this.fatal && !this.cut) {
      this.session.end();
      this.absorb(this.session.drain());
    }
    this.finish();
  }

  private finish(): void {
    this.done = true;
    this.frames.trim();
    this.messages.trim();
    this.records = null;
    this.locator = null;
  }

  get isDone(): boolean {
    return this.done;
  }

  private absorb(events: DecoderEvent[]): void {
    for (const ev of events) {
      switch (ev.kind) {
        case 'capture-info':
          this.info = ev.info;
          break;
        case 'connection':
          this.apps.patch(ev.connection);
          this.connections.set(ev.connection.id, ev.connection);
          this.pendingConnections.add(ev.connection.id);
          break;
        case 'frame': {
          const f = ev.frame;
          const pieces = this.keptPayload >= this.keepPayloadBytes ? (this.locator?.locate(f) ?? null) : null;
          if (pieces === null) this.keptPayload += f.payload.length;
          this.frames.put(f, f.dataOpcode | (f.messageCompressed ? TAG_COMPRESSED : 0), pieces);
          if (pieces && f.id <= this.eagerPreviews) this.recentPayloads.set(f.id, f.payload);
          this.pendingFrames.add(f.id);
          this.lastFrame = f;
          break;
        }
        case 'message':
          this.onMessage(ev.message);
          break;
        case 'finding':
          this.pendingFindings.push(ev.finding);
          this.allFindings.push(ev.finding);
          break;
        case 'fatal':
          this.fatal = ev.message;
          break;
        case 'request':
          this.apps.request(ev.request);
          break;
      }
    }
  }

  /**
   * The last frame stored: a one-frame uncompressed message follows its frame and carries the
   * frame's payload array itself (decoder's assembler), so the arena keeps those bytes once.
   */
  private lastFrame: FrameRecord | null = null;

  /**
   * Where the message's payload is kept: its frames' payloads read back from the file when it is
   * them as they are (not inflated) and they were all found in the file; the arena reference of
   * its one frame's payload when that holds it; else null (copied in).
   */
  private payloadSource(message: MessageRecord): MessagePayloadSource {
    if (this.files && !message.compressed && message.frameIds.length > 0) {
      let length = 0;
      let located = true;
      for (const id of message.frameIds) {
        if (!this.frames.has(id) || !this.frames.isLocated(id)) {
          located = false;
          break;
        }
        length += this.frames.capturedOf(id);
      }
      // a message of more fragments than it lists (limit.message-frames-unlisted) keeps its payload
      if (located && length === message.payload.length) return 'frames';
    }
    const frame = this.lastFrame;
    if (!frame || message.frameIds.length !== 1 || message.frameIds[0] !== frame.id) return null;
    if (this.frames.isLocated(frame.id)) return null;
    const a = message.payload;
    const b = frame.payload;
    if (a.buffer !== b.buffer || a.byteOffset !== b.byteOffset || a.length > b.length) return null;
    return { ref: this.frames.payloadRefOf(frame.id) };
  }

  private onMessage(message: MessageRecord): void {
    this.messages.put(message, this.payloadSource(message));
    this.lastFrame = null;
    this.apps.message(message);
    this.pendingMessages.push(message.id);
    this.pendingPreviews.push(message.id <= this.eagerPreviews ? this.rowPreview(message) : null);
    for (const frameId of message.frameIds) {
      if (!this.frames.has(frameId)) continue;
      this.frames.setMessageId(frameId, message.id);
      this.pendingFrames.add(frameId);
      this.summaryIndex?.touch(frameId);
    }
  }

  /** Everything that changed since the last call. */
  takeBatch(): Batch {
    // Counters that changed since the decoder's last snapshot (it sends those only now and then):
    // a live capture that goes quiet must not leave the connection list behind.
    if (!this.fatal && !this.cut && this.sharded === null) {
      this.session.flushCounters();
      this.absorb(this.session.drain());
    }
    const frameIds = takeFromSet(this.pendingFrames, BATCH_LIMITS.frames).sort((a, b) => a - b);
    const connectionIds = takeFromSet(this.pendingConnections, BATCH_LIMITS.connections);
    const messageIds = this.pendingMessages.splice(0, BATCH_LIMITS.messages);
    const previews = this.pendingPreviews.splice(0, BATCH_LIMITS.messages);
    const findings = this.pendingFindings.splice(0, BATCH_LIMITS.findings);
    const batch: Batch = {
      type: 'batch',
      info: this.infoSent ? null : this.info,
      connections: connectionIds.map((id) => this.connections.get(id)!),
      frames: encodeFrameRows(this.frames, frameIds, this.batchSummaryOf, this.exactLengthOf),
      messages: encodeMessageRows(this.messages, messageIds, previews, this.exactWireLengthOf),
      findings,
      progress: { ...this.progress(), total: this.total, frames: this.frames.size },
      // done only with the last of what is left (a big backlog leaves in several batches)
      done: false,
      fatal: this.fatal,
      cut: this.cut,
      ...this.apps.take(),
    };
    if (this.info) this.infoSent = true;
    if (this.recentPayloads.size > 0) for (const id of frameIds) this.recentPayloads.delete(id);
    batch.done = this.done && !this.hasPending();
    return batch;
  }

  /** True when takeBatch() would carry anything new. */
  hasPending(): boolean {
    return (
      this.pendingConnections.size > 0 ||
      this.pendingFrames.size > 0 ||
      this.pendingMessages.length > 0 ||
      this.pendingFindings.length > 0 ||
      this.apps.hasPending() ||
      (this.info !== null && !this.infoSent)
    );
  }

  /** A frame's payload length as exact text from its header (only asked beyond 2^53 - 1). */
  private readonly exactLengthOf = (id: number): string | null => exactLength64(this.frames.headerView(id));

  /** A message's wire length as exact text: the sum of its frames' exact lengths. */
  private readonly exactWireLengthOf = (id: number): string | null => {
    let sum = 0n;
    for (const f of this.messages.frameIds(id)) {
      if (!this.frames.has(f)) return null;
      const text = this.frames.payloadLengthOf(f) > Number.MAX_SAFE_INTEGER ? this.exactLengthOf(f) : null;
      sum += BigInt(text ?? this.frames.payloadLengthOf(f));
    }
    return sum.toString();
  };

  /** A frame row's summary, read from the store (no record built, payload not copied). */
  private readonly summaryOf = (id: number): string => this.frameSummary(this.frames.peek(id));

  /**
   * The summary a batch carries: the text for the first rows, null (asked for later) beyond. A
   * located frame's payload is at hand while its row waits for its first batch; a row sent again
   * (its message completed) is null unless its summary needs no payload (a compressed frame shows
   * its message, a close frame its close info).
   */
  private readonly batchSummaryOf = (id: number): string | null => {
    if (id > this.eagerPreviews) return null;
    if (!this.frames.isLocated(id)) return this.summaryOf(id);
    const peek = this.frames.peek(id);
    const recent = this.recentPayloads.get(id);
    if (recent) {
      peek.payload = recent;
      return this.frameSummary(peek);
    }
    const message = peek.messageId != null && this.messages.has(peek.messageId) ? peek.messageId : null;
    const compressed =
      (this.frames.tag(id) & TAG_COMPRESSED) !== 0 || (message !== null && this.messages.isCompressed(message));
    return compressed || (peek.opcode === OPCODE.close && message !== null) ? this.frameSummary(peek) : null;
  };

  /**
   * Preview texts of rows the UI shows (sent without them): the same texts a batch carries for
   * the first rows, made now from the store. '' for an id not held.
   */
  previews(frameIds: readonly number[], messageIds: readonly number[]): RowPreviews {
    return {
      frames: frameIds.map((id) => (this.frames.has(id) ? this.summaryOf(id) : '')),
      messages: messageIds.map((id) => (this.messages.has(id) ? this.storedMessagePreview(id) : '')),
    };
  }

  /**
   * A stored message's row preview, as rowPreview() makes it from the record, without copying its
   * payload or decoding all its text: the preview shows ROW_PREVIEW.maxChars UTF-16 units at most,
   * and SUMMARY_BYTES of UTF-8 hold more than that (3 bytes a unit at most), so a longer text is
   * cut the same either way.
   */
  private storedMessagePreview(id: number): string {
    const m = this.messages;
    const type = MESSAGE_TYPES[m.typeIndexOf(id)];
    const payload = m.payloadView(id).subarray(0, SUMMARY_BYTES);
    const text = type !== 'text' ? null : m.textIsPayload(id) ? utf8.decode(payload) : m.text(id);
    return messagePreview({ type, text, close: m.closeInfo(id), payload }, ROW_PREVIEW);
  }

  private frameSummary(frame: FramePeek): string {
    const messageId = frame.messageId;
    const message = messageId != null && this.messages.has(messageId) ? messageId : null;
    const tag = this.frames.tag(frame.id);
    const dataOpcode = tag & TAG_OPCODE;
    const compressed = (tag & TAG_COMPRESSED) !== 0 || (message !== null && this.messages.isCompressed(message));
    // The decoder parsed the close body (a close frame is its own message, completed with it).
    if (frame.opcode === OPCODE.close && message !== null)
      return closePreview(this.messages.closeInfo(message), ROW_PREVIEW);
    if (compressed) {
      // Compressed bytes mean nothing to a reader: show the inflated message once it exists.
      if (message !== null) {
        const text = this.messages.text(message);
        if (text != null) return `⇲ ${textPreview(text, ROW_PREVIEW)}`;
        return `⇲ ${hexPreview(this.messages.payloadView(message), ROW_PREVIEW)}`;
      }
      return `(compressed, ${sizeText(frame.payloadLength)})`;
    }
    if (frame.payload.length === 0) return frame.payloadLength === 0 ? '(empty)' : '(not captured)';
    if (dataOpcode === OPCODE.text || frame.opcode === OPCODE.ping || frame.opcode === OPCODE.pong) {
      const text = utf8.decode(frame.payload.subarray(0, SUMMARY_BYTES));
      if (dataOpcode === OPCODE.text || !text.includes('\uFFFD')) return textPreview(text, ROW_PREVIEW);
    }
    return hexPreview(frame.payload, ROW_PREVIEW);
  }

  /** A message row's preview text (the UI's row style of the decoder's previews). */
  private rowPreview(message: MessageRecord): string {
    return messagePreview(message, ROW_PREVIEW);
  }

  /** One frame in full: its record (fields rebuilt from the header) and its message. */
  frameDetail(frameId: number, maxBytes: number): FrameDetail | null {
    const stored = this.frames.get(frameId);
    if (!stored) return null;
    const frame: FrameRecord = { ...stored, fields: buildFrameFields(stored.header, stored.payloadLength) };
    const message = frame.messageId != null ? this.messageDetail(frame.messageId, maxBytes) : null;
    return { frame, message };
  }

  /** Where a frame of a decrypted TLS connection is (for FrameCiphertextFinder), or null. */
  ciphertextTarget(frameId: number): CiphertextTarget | null {
    const frame = this.frames.get(frameId);
    if (!frame || !this.connections.get(frame.connectionId)?.tls?.decrypted) return null;
    const length = frame.headerLength + frame.payloadLength;
    return { connectionId: frame.connectionId, direction: frame.direction, offset: frame.streamOffset, length };
  }

  /**
   * The frames capture record `packet` carried (a findings link). When it carried none (a TCP
   * or handshake packet), the frame of the same connection nearest in time, so the link
   * still lands somewhere useful; empty when the connection has no frames at all.
   */
  framesForPacket(packet: number, connectionId: number | null, time: number | null): number[] {
    const out: number[] = [];
    let nearest = -1;
    let best = Number.POSITIVE_INFINITY;
    for (let id = 1; id <= this.frames.size; id++) {
      if (!this.frames.has(id)) continue;
      if (this.frames.carriedBy(id, packet)) out.push(id);
      else if (out.length === 0 && connectionId != null && this.frames.connectionOf(id) === connectionId) {
        const d = time == null ? id : Math.abs(this.frames.timeOf(id) - time);
        if (d < best) {
          best = d;
          nearest = id;
        }
      }
    }
    return out.length > 0 || nearest < 0 ? out : [nearest];
  }

  messageDetail(messageId: number, maxBytes: number): MessageDetail | null {
    if (!this.messages.has(messageId)) return null;
    const fullLength = this.messages.payloadLength(messageId);
    // Copy only the part asked for: a 64 MiB payload must not cross postMessage to show 256 KiB.
    const message = this.messages.get(messageId, maxBytes)!;
    const cut = fullLength > maxBytes;
    if (cut && message.text != null) message.text = message.text.slice(0, maxBytes);
    const app = this.apps.appOf(messageId);
    if (app) message.app = app;
    return { message, cut, fullLength };
  }

  /** The UI's protocol menu: decode one connection's kept messages again as `protocol`. */
  setProtocol(connectionId: number, protocol: AppProtocolName | 'none' | null): void {
    const connection = this.connections.get(connectionId);
    if (!connection) return;
    const messages: MessageRecord[] = [];
    for (let id = 1; id <= this.messages.size; id++) {
      if (!this.messages.has(id)) continue;
      const m = this.messages.get(id);
      if (m && m.connectionId === connectionId) messages.push(m);
    }
    const snapshot = this.apps.override(connection, messages, protocol);
    this.connections.set(connectionId, snapshot);
    this.pendingConnections.add(connectionId);
  }

  /** Whole messages by id (exports, replay scripts); unknown ids are left out. */
  messageRecords(ids: readonly number[]): MessageRecord[] {
    const out: MessageRecord[] = [];
    for (const id of ids) {
      const m = this.messages.get(id);
      if (m) out.push(m);
    }
    return out;
  }

  /**
   * The capture's own bytes, kept for slices (views/export: "save as pcapng") up to RAW_LIMIT;
   * the chunks are the ones the engine was handed (read from a File or transferred), not copies.
   */
  private raw: Uint8Array[] | null = [];
  private rawBytes = 0;

  private keepRaw(bytes: Uint8Array): void {
    if (!this.raw) return;
    this.rawBytes += bytes.byteLength;
    if (this.rawBytes > RAW_LIMIT) this.raw = null;
    else this.raw.push(bytes);
  }

  /** The packets of these connections as pcapng (decoder's slice/), from the bytes kept, or why not. */
  slice(connectionIds: readonly number[]): SliceResult {
    const unavailable = this.sliceUnavailable();
    if (unavailable) return { error: unavailable };
    if (!this.raw)
      return { error: `the capture is over ${RAW_LIMIT >> 20} MiB: use 'wsscope slice' on the command line` };
    const bytes = new Uint8Array(this.rawBytes);
    let at = 0;
    for (const chunk of this.raw) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return this.sliceOf(bytes, connectionIds);
  }

  /** True when slice() can answer from bytes it kept (else the caller reads the capture again). */
  get keepsRaw(): boolean {
    return this.raw !== null;
  }

  /** Why no slice can be made at all (whatever bytes are given), or null. */
  sliceUnavailable(): string | null {
    if (this.cut)
      return "decoding stopped at the memory budget, and the capture's bytes were let go: use 'wsscope slice' on the command line";
    return null;
  }

  /** The slice of `bytes`, the whole capture as decoded (read again by the handler, or kept). */
  sliceOf(bytes: Uint8Array, connectionIds: readonly number[]): SliceResult {
    if (looksLikeHar(bytes.subarray(0, 64))) return { error: 'a HAR file holds no packets to slice' };
    const all = [...this.connections.values()];
    const chosen = all.filter((c) => connectionIds.includes(c.id));
    const selection = recordsOf(bytes, chosen, all);
    return { bytes: sliceCapture(bytes, selection), packets: selection.records.size };
  }

  /** A display filter over everything decoded so far (filter-run.ts), over the payloads kept. */
  filter(source: string): Promise<FilterResult> {
    return runFilter(source, this.filterSources());
  }

  private filterSources() {
    return {
      frames: this.frames,
      messages: this.messages,
      connections: this.connections,
      findings: this.allFindings,
      apps: this.apps,
    };
  }

  /**
   * Search over payload text in every connection (plain text, case-insensitive, or /regex/flags:
   * model/search-query.ts): messages (defragmented and inflated), close reasons, and frames
   * that never became a message (cut-off captures). An invalid regex answers its error.
   */
  search(query: string): SearchResult {
    const parsed = parseSearchQuery(query);
    if (!parsed.ok) return { query, frameIds: [], messageIds: [], error: parsed.error };
    const found: SearchResult = { query, frameIds: [], messageIds: [] };
    if (!query) return found;
    this.searchMessages(parsed.query, 1, this.messages.size + 1, found);
    this.searchFrames(parsed.query, 1, this.frames.size + 1, found);
    found.frameIds.sort((a, b) => a - b);
    return found;
  }

  /** search() with the payloads read back from the file a window at a time. */
  async searchRead(query: string): Promise<SearchResult> {
    const parsed = parseSearchQuery(query);
    if (!this.files || !parsed.ok || !query) return this.search(query);
    const found: SearchResult = { query, frameIds: [], messageIds: [] };
    // only text messages whose text is their payload read it (an inflated one's text is kept)
    const textOfPayload = (id: number) => this.messages.textIsPayload(id);
    // a window's reads take bytes of the next windows' frames too (read-carry.ts)
    const carry = new ReadCarry(2 * WINDOW_BYTES);
    for (let from = 1; from <= this.messages.size; ) {
      const w = await this.window('message', from, textOfPayload, carry);
      w.run(() => this.searchMessages(parsed.query, from, w.to, found));
      from = w.to;
    }
    for (let from = 1; from <= this.frames.size; ) {
      const w = await this.window('frame', from, this.searchedAsFrame, carry);
      w.run(() => this.searchFrames(parsed.query, from, w.to, found));
      from = w.to;
    }
    found.frameIds.sort((a, b) => a - b);
    return found;
  }

  private searchMessages(q: SearchQuery, from: number, to: number, found: SearchResult): void {
    for (let id = from; id < to; id++) {
      if (!this.messages.has(id)) continue;
      const text = this.messages.text(id) ?? this.messages.closeInfo(id)?.reason ?? null;
      if (text != null && q.test(text)) {
        found.messageIds.push(id);
        for (const f of this.messages.frameIds(id)) found.frameIds.push(f);
      }
    }
  }

  /** Frames that never became a message, searched as text. */
  private searchFrames(q: SearchQuery, from: number, to: number, found: SearchResult): void {
    for (let id = from; id < to; id++) {
      if (!this.frames.has(id) || !this.searchedAsFrame(id)) continue;
      if (q.test(utf8.decode(this.frames.payloadView(id)))) found.frameIds.push(id);
    }
  }

  /** A frame the search reads on its own: one of no message, text or close, not compressed. */
  private readonly searchedAsFrame = (id: number): boolean => {
    if (this.frames.messageId(id) != null) return false;
    const tag = this.frames.tag(id);
    const op = tag & TAG_OPCODE;
    return (tag & TAG_COMPRESSED) === 0 && (op === OPCODE.text || op === OPCODE.close);
  };

  // ---------------------------------------------------------------- payloads read back by range

  /** `run` with the payloads of these frames and messages readable (read back from the file if need be). */
  private async withPayloads<T>(
    frameIds: Iterable<number>,
    messageIds: Iterable<number>,
    run: () => T,
    cache = true,
  ): Promise<T> {
    if (!this.files) return run();
    const resident = await this.files.load(frameIds, messageIds, cache);
    return this.using(resident, run);
  }

  /** `run` with `resident` handed to the stores (synchronous: no other read can come between). */
  private using<T>(resident: Resident, run: () => T): T {
    const frames = this.frames.resident;
    const messages = this.messages.resident;
    this.frames.resident = resident.frames;
    this.messages.resident = resident.messages;
    try {
      return run();
    } finally {
      this.frames.resident = frames;
      this.messages.resident = messages;
    }
  }

  /** A window of ids from `from` whose payloads are read back together (the search), only those `want` reads. */
  private async window(
    level: 'frame' | 'message',
    from: number,
    want: (id: number) => boolean,
    carry: ReadCarry,
  ): Promise<{ to: number; run: (body: () => void) => void }> {
    const store = level === 'frame' ? this.frames : this.messages;
    const ids: number[] = [];
    let bytes = 0;
    let to = from;
    for (; to <= store.size && to - from < WINDOW_IDS && bytes < WINDOW_BYTES; to++) {
      if (!store.has(to) || !store.isLocated(to) || !want(to)) continue;
      ids.push(to);
      bytes += level === 'frame' ? this.frames.capturedOf(to) : this.messages.payloadLength(to);
    }
    const resident = await this.files!.load(level === 'frame' ? ids : [], level === 'message' ? ids : [], false, carry);
    return { to, run: (body) => this.using(resident, body) };
  }

  frameDetailRead(frameId: number, maxBytes: number): Promise<FrameDetail | null> {
    const messageId = this.frames.has(frameId) ? this.frames.messageId(frameId) : null;
    return this.withPayloads([frameId], messageId != null ? [messageId] : [], () =>
      this.frameDetail(frameId, maxBytes),
    );
  }

  messageDetailRead(messageId: number, maxBytes: number): Promise<MessageDetail | null> {
    return this.withPayloads([], [messageId], () => this.messageDetail(messageId, maxBytes));
  }

  /** previews() of any number of rows, read back a window of rows at a time. */
  async previewsRead(frameIds: readonly number[], messageIds: readonly number[]): Promise<RowPreviews> {
    if (!this.files) return this.previews(frameIds, messageIds);
    const out: RowPreviews = { frames: [], messages: [] };
    // the rows a view shows go through the cache; a table sorted by summary reads them all once
    const cache = frameIds.length + messageIds.length <= 1000;
    for (let i = 0; i < frameIds.length; i += WINDOW_IDS) {
      const ids = frameIds.slice(i, i + WINDOW_IDS);
      const p = await this.withPayloads(ids, [], () => this.previews(ids, []), cache);
      out.frames.push(...p.frames);
    }
    for (let i = 0; i < messageIds.length; i += WINDOW_IDS) {
      const ids = messageIds.slice(i, i + WINDOW_IDS);
      const p = await this.withPayloads([], ids, () => this.previews([], ids), cache);
      out.messages.push(...p.messages);
    }
    return out;
  }

  messageRecordsRead(ids: readonly number[]): Promise<MessageRecord[]> {
    return this.withPayloads([], ids, () => this.messageRecords(ids), false);
  }

  setProtocolRead(connectionId: number, protocol: AppProtocolName | 'none' | null): Promise<void> {
    const ids: number[] = [];
    for (let id = 1; id <= this.messages.size; id++)
      if (this.messages.has(id) && this.messages.connectionOf(id) === connectionId) ids.push(id);
    return this.withPayloads([], ids, () => this.setProtocol(connectionId, protocol), false);
  }

  /**
   * filter() with payloads read back from the file when the filter reads them: in one sweep over
   * the file (filter-sweep.ts) that reads each frame's payload once for both levels, and only for
   * the levels whose payloads the filter reads. Which those are, a run over the first located rows
   * tells (a probe); a filter that read none there runs over every row with the payloads kept (a
   * filter on anything but payloads needs no more), and is swept if it read one after all. A sweep
   * that reads a payload of a level it does not read stops there, and the file is swept for both.
   */
  async filterRead(source: string): Promise<FilterResult> {
    if (!this.files) return this.filter(source);
    // Before the probe, the first run over every row, missing every payload, was thrown away when
    // it missed one: a fifth of a payload filter's CPU on the 60 MiB capture (bench/README.md).
    let { levels } = await this.levelsRead(() => runFilter(source, this.filterSources(), this.probeRange()));
    if (!levels.frames && !levels.messages) {
      const first = await this.levelsRead(() => this.filter(source));
      if (!first.levels.frames && !first.levels.messages) return first.result;
      levels = first.levels;
    }
    const both = { frames: true, messages: true };
    const swept = levels.frames && levels.messages ? null : await this.filterSweep(source, levels, true);
    return swept ?? ((await this.filterSweep(source, both, false)) as FilterResult);
  }

  /** Rows of each level filterRead's probe runs over (a test lowers it to reach every path). */
  probeRows = PROBE_ROWS;

  /** A filter's run, and whose payloads it asked for and found not kept. */
  private async levelsRead(run: () => Promise<FilterResult>): Promise<{ result: FilterResult; levels: SweptLevels }> {
    this.frames.missed = false;
    this.messages.missed = false;
    const result = await run();
    return { result, levels: { frames: this.frames.missed, messages: this.messages.missed } };
  }

  /** The probe's rows: the first located ones at each level (those kept before them read nothing back). */
  private probeRange(): RowRange {
    const first = (store: FrameStore | MessageStore) => {
      let id = 1;
      while (id <= store.size && !(store.has(id) && store.isLocated(id))) id++;
      return { from: id, to: Math.min(id + this.probeRows, store.size + 1) };
    };
    return { frames: first(this.frames), messages: first(this.messages) };
  }

  /** The sweep's answer, or null when `stopOnMiss` and a window missed a payload. */
  private filterSweep(source: string, levels: SweptLevels, stopOnMiss: boolean): Promise<FilterResult | null> {
    const files = this.files as FilePayloads;
    this.frames.missed = false;
    this.messages.missed = false;
    return runFilterSweep(
      source,
      this.filterSources(),
      (framesWait) =>
        new PayloadSweep(files, this.frames, this.messages, levels, framesWait, {
          ids: WINDOW_IDS,
          bytes: WINDOW_BYTES,
        }),
      () => stopOnMiss && (this.frames.missed || this.messages.missed),
    );
  }

  // ---------------------------------------------------------------- the frames table by summary

  /** Every frame's summary, ranked (summary-index.ts): made on the first summaryKeysRead. */
  private summaryIndex: SummaryIndex | null = null;
  /** summaryKeysRead's updates, one after the other (each reads payloads back in windows). */
  private summaryChain: Promise<unknown> = Promise.resolve();

  /**
   * Ranks of every frame's summary in `locale`'s table order, and which summaries contain `match`
   * (lower case), by frame id: the summaries of frames new since the last call (or whose message
   * completed since) are made, read back from the file if need be, and ranked among the others.
   */
  summaryKeysRead(locale: string, ranks: boolean, match: string | null): Promise<SummaryKeys> {
    return this.summaryRun(locale, (index) => index.answer(ranks, match));
  }

  /**
   * Makes the summary index and ranks it in this thread's default locale (the page's too), once
   * the capture has loaded, so that the first sort by summary only waits for the ranks to be sent
   * (measured on the 200 MB capture's 1.19 M frames: bench/README.md, "the first sort by
   * summary"). Only when the page lacks summaries (more frames than come with theirs) and the
   * index fits in the memory budget beside what the capture holds (it is never let go), and for
   * at most PREPARE_FRAMES frames: null otherwise.
   */
  prepareSummaries(): Promise<void> | null {
    if (this.summaryIndex !== null || this.frames.size <= this.eagerPreviews) return null;
    if (this.frames.size > PREPARE_FRAMES) return null;
    if (this.heldBytes() + this.frames.size * FRAME_BYTES_AT_MOST > this.memoryBudget) return null;
    return this.summaryRun(tableCollator().resolvedOptions().locale, (index) => index.prepare());
  }

  /** Brings the index up to the frames held (summaryKeysRead), then `then`; one run at a time. */
  private summaryRun<T>(locale: string, then: (index: SummaryIndex) => T): Promise<T> {
    const run = async (): Promise<T> => {
      this.summaryIndex ??= new SummaryIndex();
      const index = this.summaryIndex;
      const ids = index.wanted(this.frames.size);
      const texts = ids.length > 0 ? (await this.previewsRead(ids, [])).frames : [];
      index.update(locale, ids, texts);
      return then(index);
    };
    const answer = this.summaryChain.then(run);
    this.summaryChain = answer.catch(() => undefined);
    return answer;
  }
}
