// One direction of a WebSocket connection: stream bytes → FrameParser → FrameRecord →
// MessageAssembler → MessageRecord, numbered and counted.
//
// Rules
// - It knows one direction only: what the two directions mean together (pings and pongs, the
//   close handshake) is the conversation's, and what is reported is the connection's. Each record
//   goes to the DirectionOutput as soon as it is built, so findings and events keep stream order.
// - Created once the roles are known (after the 101, or once a mid-stream capture is classified),
//   so its `direction` never changes.
// - Hot path: onFrame and onMessage run per frame. They allocate the records (with their packet
//   lists) and nothing else: the assembler writes into one reused array, open frames are
//   compacted in place, and records without findings share NO_CODES.

import type { FindingCode } from '../findings.js';
import type { PayloadSource } from '../payload-source.js';
import type { DirectionStats, FrameRecord, Handshake, Limits, MessageRecord, Direction as Who } from '../records.js';
import type { Side } from '../tcp/events.js';
import type { BlockPool } from '../websocket/block-pool.js';
import { FrameParser, type FrameProblem, type ParsedFrame } from '../websocket/frames/index.js';
import { type AssembledMessage, MessageAssembler, type MessageProblem } from '../websocket/messages/index.js';
import type { StepArena } from '../websocket/step-arena.js';
import { codesOf } from './codes.js';
import type { SpanIndex } from './span-index.js';

export interface IdSource {
  nextFrameId(): number;
  nextMessageId(): number;
}

/** Where a direction's records go (the connection: conversation, findings, emit). */
export interface DirectionOutput {
  frame(d: DirectionDecoder, frame: FrameRecord, problems: readonly FrameProblem[], record: number): void;
  message(d: DirectionDecoder, msg: MessageRecord, problems: readonly MessageProblem[], record: number): void;
  streamFinding(d: DirectionDecoder, code: FindingCode, message: string, record: number, time: number): void;
}

export interface DirectionOptions {
  side: Side;
  direction: Who;
  connectionId: number;
  /** null: no handshake in the capture (extensions unknown). */
  handshake: Handshake | null;
  /** False when the stream began inside a frame: hunt for a boundary first. */
  synchronized: boolean;
  limits: Limits;
  fields: boolean;
  /** SessionOptions.pooledBuffers: frame-parser.ts, assembler.ts. */
  pool?: BlockPool | null;
  /** SessionOptions.transientPayloads: frame-parser.ts, assembler.ts. */
  arena?: StepArena | null;
  /** SessionOptions.payloadSource: assembler.ts. */
  source?: PayloadSource | null;
  /** SessionOptions.binaryPayloadLengthsOnly: assembler.ts. */
  lengthsOnly?: boolean;
}

export class DirectionDecoder {
  readonly side: Side;
  readonly direction: Who;
  private readonly connectionId: number;
  private readonly frames: FrameParser;
  private readonly assembler: MessageAssembler;
  private frameIndex = 0;
  private messageIndex = 0;
  /**
   * Id of the data message the assembler has open (its first frame came, its last did not), or
   * -1. A message's id is taken when its first frame arrives, so every frame is handed out with
   * its messageId already set: frames used to get it when the message completed, which a caller
   * that printed them in between (the CLI, after every drain) never saw, so the output depended on
   * how the input was chunked (issue 15).
   */
  private openMessageId = -1;
  /** Ids of the messages the current frame completes, in the order the assembler returns them. */
  private readonly completedIds: number[] = [];
  /** Messages a frame completed, handed from the assembler to onMessage (reused per frame). */
  private readonly completed: AssembledMessage[] = [];

  constructor(
    options: DirectionOptions,
    private readonly spans: SpanIndex,
    private readonly stats: DirectionStats,
    private readonly ids: IdSource,
    private readonly out: DirectionOutput,
  ) {
    const { handshake, direction } = options;
    this.side = options.side;
    this.direction = direction;
    this.connectionId = options.connectionId;
    this.frames = new FrameParser({
      direction,
      limits: options.limits,
      rsvAllowed: handshake ? { rsv1: handshake.deflate !== null, rsv2: false, rsv3: false } : 'unknown',
      synchronized: options.synchronized,
      fields: options.fields,
      pool: options.pool,
      arena: options.arena,
    });
    this.assembler = new MessageAssembler({
      deflate: handshake?.deflate ?? null,
      role: direction,
      limits: options.limits,
      extensionsKnown: handshake !== null,
      pool: options.pool,
      arena: options.arena,
      source: options.source,
      lengthsOnly: options.lengthsOnly,
    });
  }

  /**
   * Lowers `floor` to the smallest frame and message ids this direction may still put in a record
   * (its open message and that message's frames): records sharded across threads are renumbered
   * by the merging thread, which forgets ids below the floor (shard/id-map.ts).
   */
  liveIds(floor: { frame: number; message: number }): void {
    const frame = this.assembler.openFirstFrameId;
    if (frame < floor.frame) floor.frame = frame;
    if (this.openMessageId >= 0 && this.openMessageId < floor.message) floor.message = this.openMessageId;
  }

  push(bytes: Uint8Array, offset: number, record: number, time: number): void {
    this.frames.push(bytes, offset);
    this.pull(record, time);
  }

  gap(offset: number, length: number, record: number, time: number): void {
    this.frames.gap(offset, length);
    this.pull(record, time);
  }

  /** The stream ended: a frame or message in progress is emitted, cut. */
  end(record: number, time: number): void {
    this.frames.end();
    this.pull(record, time);
    const open = this.openMessageId;
    this.openMessageId = -1;
    for (const m of this.assembler.end()) this.onMessage(m, record, open >= 0 ? open : this.ids.nextMessageId());
  }

  private pull(record: number, time: number): void {
    const frames = this.frames;
    for (;;) {
      const parsed = frames.next();
      if (!parsed) break;
      this.onFrame(parsed, record, time);
    }
    if (!frames.hasStreamEvents) return;
    for (const ev of frames.takeStreamEvents()) {
      const code = ev.kind === 'unsynchronized' ? 'frame.unsynchronized' : 'frame.resynchronized';
      this.out.streamFinding(this, code, ev.message, record, time);
    }
  }

  /**
   * The message a frame belongs to, decided as the assembler will (RFC 6455 §5.4, assembler.ts):
   * a control or reserved frame is a message of its own, a continuation joins the open message,
   * a text or binary frame (or a continuation with nothing open) starts one, ending an open one.
   * Fills completedIds with the ids of the messages push() will return, in its order.
   */
  private messageIdOf(opcode: number, fin: boolean): number {
    const ids = this.completedIds;
    ids.length = 0;
    if (opcode >= 0x3) {
      const id = this.ids.nextMessageId();
      ids.push(id);
      return id;
    }
    let id = this.openMessageId;
    if (opcode !== 0 || id < 0) {
      if (id >= 0) ids.push(id); // the open message ends incomplete (message.interleaved-data)
      id = this.ids.nextMessageId();
    }
    if (fin) {
      ids.push(id);
      this.openMessageId = -1;
    } else {
      this.openMessageId = id;
    }
    return id;
  }

  private onFrame(f: ParsedFrame, record: number, time: number): void {
    const captured = f.headerLength + f.payload.length;
    // Where a fragment's payload is in the file, for an assembler that reads it back from there.
    const payloadAt = f.streamOffset + f.headerLength;
    const ranges = this.assembler.wantsFileRanges(f.opcode, f.fin, f.rsv1, f.complete)
      ? this.spans.fileRanges(payloadAt, payloadAt + f.payload.length)
      : null;
    // The key is a view of the header, which the next step writes again: a copy of its 4 bytes.
    const inFile = ranges === null ? null : { ranges, key: f.masked && f.maskingKey ? f.maskingKey.slice() : null };
    const where = this.spans.take(f.streamOffset, f.streamOffset + Math.max(captured, 1), { record, time });
    const frame: FrameRecord = {
      id: this.ids.nextFrameId(),
      connectionId: this.connectionId,
      direction: this.direction,
      index: this.frameIndex++,
      fin: f.fin,
      rsv1: f.rsv1,
      rsv2: f.rsv2,
      rsv3: f.rsv3,
      opcode: f.opcode,
      // Asked before the frame is pushed: the assembler still knows the message it continues.
      dataOpcode: this.assembler.dataOpcodeOf(f.opcode),
      messageCompressed: this.assembler.compressedOf(f.opcode, f.rsv1),
      masked: f.masked,
      maskingKey: f.maskingKey,
      payloadLength: f.payloadLength,
      lengthForm: f.lengthForm,
      headerLength: f.headerLength,
      header: f.header,
      payload: f.payload,
      streamOffset: f.streamOffset,
      packets: where.packets,
      spans: where.spans,
      time: where.lastTime,
      complete: f.complete,
      fields: f.fields,
      findings: codesOf(f.problems),
      messageId: 0,
    };
    // Asked before the frame is pushed, like dataOpcode above (the opcode check is cheap).
    frame.messageId = this.messageIdOf(f.opcode, f.fin);
    this.stats.frames++;
    this.out.frame(this, frame, f.problems, where.lastRecord);
    // The record has every field the assembler reads (it only reads them, and keeps no reference).
    const done = this.assembler.push(frame, this.completed, inFile);
    if (done.length === 0) return;
    const ids = this.completedIds;
    for (let i = 0; i < done.length; i++) {
      this.onMessage(done[i] as AssembledMessage, where.lastRecord, ids[i] ?? this.ids.nextMessageId());
    }
    done.length = 0;
  }

  private onMessage(m: AssembledMessage, record: number, id: number): void {
    const msg: MessageRecord = {
      id,
      connectionId: this.connectionId,
      direction: this.direction,
      index: this.messageIndex++,
      opcode: m.opcode,
      type: m.type,
      frameIds: m.frameIds,
      firstTime: m.firstTime,
      time: m.time,
      payload: m.payload,
      wireLength: m.wireLength,
      compressed: m.compressed,
      text: m.text,
      close: m.close,
      pingId: null,
      rtt: null,
      complete: m.complete,
      findings: codesOf(m.problems),
    };
    this.stats.messages++;
    this.stats.payloadBytes += m.payload.length;
    this.stats.wirePayloadBytes += m.wireLength;
    this.out.message(this, msg, m.problems, record);
  }
}
