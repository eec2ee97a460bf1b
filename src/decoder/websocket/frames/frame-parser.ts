// The RFC 6455 §5.2 frame parser for one direction of one connection: stream bytes in, frames out.
//
// Theory of operation (ws's Receiver, made sans-I/O and non-destructive)
// - States: HEADER (collecting the 2..14 header bytes) → PAYLOAD (copying payload bytes into a
//   buffer owned by the frame) → HEADER …; SKIP (passing over payload bytes that are not kept:
//   a frame over the size limit, or the rest of a frame cut by a gap); HUNT (boundaries lost:
//   looking for a place where frames line up again).
// - Input chunks are never retained or modified. A header that lies whole in a chunk is decoded
//   in place; one split across chunks is gathered in a 14-byte scratch buffer. Payload bytes are
//   copied with Uint8Array.set (a memcpy) into a buffer sized from the header, and each copied
//   piece is unmasked there at once, 4 bytes at a time (unmask.ts). So the work per byte is one
//   copy and one XOR.
// - A frame is emitted (queued for next()) when its last payload byte arrives, or at the moment a
//   gap or end() cuts it. The output depends only on the byte stream and the positions of gaps,
//   never on how the bytes were chunked.
// - Problems are data: each frame carries `problems`; nothing here throws for bad input.
//
// Incomplete frames
// - Gap inside a payload: the frame is emitted at once with complete=false, `frame.incomplete`,
//   and `payload` = the captured prefix only (nothing is zero-filled or invented; bytes captured
//   after the gap are not kept either, since their place in the payload would have a hole).
//   The rest of the frame is skipped by its known length and parsing resumes at the next header.
// - Gap that covers a header (or runs past the end of the frame it cut): the length of what follows
//   is unknown, so the parser is unsynchronized. A header cut short is emitted as a frame with
//   complete=false, `header` = the captured header bytes, payloadLength 0, and only the fields
//   whose bytes are present. A StreamEvent 'unsynchronized' (code frame.unsynchronized) is queued
//   once per loss of sync; see takeStreamEvents().
// - end(): a frame in progress is emitted with complete=false and `frame.incomplete`.
//
// Frames over limits.maxFramePayload (`frame.too-large`): the payload is never buffered; its bytes
// are skipped by length and the frame is emitted when its last byte passes, with payload empty,
// payloadDropped=true and complete=false (so no later layer mistakes the empty payload for real
// data). A 64-bit length above 2^53 - 1 cannot be skipped exactly: the frame is emitted at once
// (frame.too-large naming the exact length, plus frame.length-top-bit when that bit is set) and
// the parser loses sync.
//
// Resynchronisation (HUNT): see resync.ts. On success a StreamEvent 'resynchronized' says where
// and how many bytes were skipped, and the buffered bytes from the anchor on are parsed normally.
//
// Ownership: every Uint8Array in a ParsedFrame is a fresh copy owned by that frame (even empty
// payloads), so callers may keep or transfer them.
//
// Pooled buffers (options.pool, SessionOptions.pooledBuffers): a payload over POOLED_FROM bytes
// that is not all in the chunk its header came in is gathered in reused blocks (block-pool.ts)
// while it arrives, and joined into the frame's own array when the frame is emitted: a buffer
// per large frame, alive as long as the frame was in flight, was promoted and then old garbage.
// With a step arena as well (options.arena, SessionOptions.transientPayloads) that join, and the
// block of a frame whose payload is all in the chunk its header came in, are views into the
// arena (step-arena.ts): valid only until the session reads more input.
//
// Stream offsets: push() says where its bytes sit. A push that starts beyond the expected offset
// is treated as a gap over the missing bytes; bytes before the expected offset (already seen) are
// dropped.

import { allocBytes } from '../../bytes/slab.js';
import type { FindingCode } from '../../findings.js';
import { hexNumber as hex } from '../../format.js';
import type { Direction, FrameField, FrameRecord, Limits } from '../../records.js';
import { BLOCK, BlockList, type BlockPool } from '../block-pool.js';
import { isControlOpcode, isReservedOpcode } from '../opcodes.js';
import type { StepArena } from '../step-arena.js';
import {
  FIN_BIT,
  MASK_BIT,
  MAX_7BIT_LENGTH,
  MAX_16BIT_LENGTH,
  MAX_CONTROL_PAYLOAD,
  MAX_HEADER_LENGTH,
  OPCODE_MASK,
  PAYLOAD_LEN_MASK,
  RSV1_BIT,
  RSV2_BIT,
  RSV3_BIT,
} from './constants.js';
import { buildFrameFields } from './fields.js';
import { decodeHeader, type FrameHeader, headerLengthFor, lengthFormFor, lengthTextOf } from './header.js';
import { type Anchor, BoundaryHunter, type HuntRules } from './resync.js';
import { unmaskRange } from './unmask.js';

export type RsvAllowed = { rsv1: boolean; rsv2: boolean; rsv3: boolean } | 'unknown';

export interface FrameProblem {
  code: FindingCode;
  message: string;
}

/**
 * A frame as the parser sees it: FrameRecord's wire fields (records.ts) before the session adds
 * ids and packets. Parser specifics: `maskingKey` is a view of `header`; `header` and `payload`
 * may sit in a shared slab (slab.ts); `header` is shorter than `headerLength` and `payloadLength`
 * is 0 only when a gap or the end cut the header; `payload` is the captured prefix when
 * incomplete and empty when dropped (`payloadDropped`, frame.too-large).
 */
export type ParsedFrame = Pick<
  FrameRecord,
  | 'fin'
  | 'rsv1'
  | 'rsv2'
  | 'rsv3'
  | 'opcode'
  | 'masked'
  | 'maskingKey'
  | 'payloadLength'
  | 'lengthForm'
  | 'headerLength'
  | 'header'
  | 'payload'
  | 'streamOffset'
  | 'complete'
  | 'fields'
> & {
  payloadDropped: boolean;
  problems: FrameProblem[];
};

/** Events about the stream rather than one frame. */
export type StreamEvent =
  | { kind: 'unsynchronized'; streamOffset: number; code: 'frame.unsynchronized'; message: string }
  | { kind: 'resynchronized'; streamOffset: number; skippedBytes: number; message: string };

export interface FrameParserOptions {
  direction: Direction;
  limits: Pick<Limits, 'maxFramePayload'>;
  rsvAllowed: RsvAllowed;
  /** Start hunting for frame boundaries (capture began mid-connection). Default true = synchronized. */
  synchronized?: boolean;
  /** Build each frame's `fields`; false leaves them empty (NO_FIELDS). Default true. */
  fields?: boolean;
  /** Pooled buffers (see the header). */
  pool?: BlockPool | null;
  /** Transient payloads (see the header); only with a pool. */
  arena?: StepArena | null;
}

/**
 * Payloads up to a block are allocated whole (slab.ts for small ones) even with a pool: a
 * partly filled block for each of a few hundred mid-size frames in flight cost more than it saved.
 */
const POOLED_FROM = BLOCK;
/** `Current.payload` of a frame whose payload goes to `blocks`. */
const IN_BLOCKS = new Uint8Array(0);

/** The `fields` of frames parsed without them (shared, frozen). */
const NO_FIELDS = Object.freeze([]) as unknown as FrameField[];

const HEADER = 0;
const PAYLOAD = 1;
const SKIP = 2;
const HUNT = 3;
type Mode = typeof HEADER | typeof PAYLOAD | typeof SKIP | typeof HUNT;

/** The frame being read. */
interface Current {
  h: FrameHeader;
  header: Uint8Array;
  streamOffset: number;
  problems: FrameProblem[];
  /** Payload buffer, or null when the payload is dropped. */
  payload: Uint8Array | null;
  /** Payload bytes that have gone by (kept or skipped). */
  received: number;
  /** The payload so far when it is gathered in pool blocks (payload is IN_BLOCKS then). */
  blocks: BlockList | null;
}

export class FrameParser {
  private readonly direction: Direction;
  private readonly maxFramePayload: number;
  private readonly withFields: boolean;
  private readonly rsvAllowed: RsvAllowed;
  private readonly pool: BlockPool | null;
  private readonly arena: StepArena | null;

  private mode: Mode = HEADER;
  /** Stream offset of the next byte expected; -1 before any input. */
  private expected = -1;
  private ended = false;

  private readonly scratch = new Uint8Array(MAX_HEADER_LENGTH);
  private scratchLength = 0;
  private frameStart = 0;

  private current: Current | null = null;
  /** SKIP: bytes still to pass over. */
  private skipRemaining = 0;

  private readonly hunter = new BoundaryHunter();
  private lostAt = 0;

  private queue: ParsedFrame[] = [];
  private queueHead = 0;
  private events: StreamEvent[] = [];

  constructor(options: FrameParserOptions) {
    this.direction = options.direction;
    this.maxFramePayload = options.limits.maxFramePayload;
    this.rsvAllowed = options.rsvAllowed;
    this.withFields = options.fields ?? true;
    this.pool = options.pool ?? null;
    this.arena = this.pool !== null ? (options.arena ?? null) : null;
    if (options.synchronized === false) this.mode = HUNT;
  }

  /** Next completed (or cut) frame, in stream order. */
  next(): ParsedFrame | null {
    if (this.queueHead >= this.queue.length) {
      // Emptied in place: a new array per drain was young, held by this long-lived parser until
      // its side's next bytes, and so promoted by the scavenges between (on a capture of many
      // interleaved connections, one promotion per TLS record of small messages).
      if (this.queue.length > 0) {
        this.queue.length = 0;
        this.queueHead = 0;
      }
      return null;
    }
    const frame = this.queue[this.queueHead];
    this.queue[this.queueHead++] = undefined as unknown as ParsedFrame;
    return frame;
  }

  /** True when takeStreamEvents() has something (checked per packet; nearly always false). */
  get hasStreamEvents(): boolean {
    return this.events.length > 0;
  }

  /** Stream-level events (loss and recovery of sync) since the last call. */
  takeStreamEvents(): StreamEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  push(bytes: Uint8Array, streamOffset: number): void {
    if (this.ended || bytes.length === 0) return;
    if (this.expected < 0) {
      this.expected = streamOffset;
      if (this.mode === HUNT) this.hunter.reset(streamOffset);
    }
    if (streamOffset > this.expected) this.gap(this.expected, streamOffset - this.expected);
    let chunk = bytes;
    if (streamOffset < this.expected) {
      const seen = this.expected - streamOffset;
      if (seen >= bytes.length) return;
      chunk = bytes.subarray(seen);
    }
    this.consume(chunk);
  }

  gap(streamOffset: number, length: number): void {
    if (this.ended || length <= 0) return;
    if (this.expected < 0) {
      this.expected = streamOffset;
      if (this.mode === HUNT) this.hunter.reset(streamOffset);
    }
    let start = streamOffset;
    let len = length;
    if (start > this.expected) {
      // Bytes between what we have and the announced gap are missing too.
      len += start - this.expected;
      start = this.expected;
    } else if (start < this.expected) {
      len -= this.expected - start;
      start = this.expected;
      if (len <= 0) return;
    }
    this.applyGap(len);
  }

  end(): void {
    if (this.ended) return;
    this.finish('end');
    this.ended = true;
  }

  // ------------------------------------------------------------ byte consumption

  private consume(bytes: Uint8Array): void {
    const n = bytes.length;
    let pos = 0;
    while (pos < n) {
      switch (this.mode) {
        case HEADER:
          pos = this.readHeader(bytes, pos);
          break;
        case PAYLOAD: {
          const cur = this.current!;
          const take = Math.min(cur.h.payloadLength - cur.received, n - pos);
          if (cur.blocks !== null) this.toBlocks(cur, cur.blocks, bytes.subarray(pos, pos + take));
          else {
            cur.payload!.set(bytes.subarray(pos, pos + take), cur.received);
            if (cur.h.masked)
              unmaskRange(cur.payload!, cur.header, cur.h.maskOffset, cur.received, cur.received + take);
          }
          cur.received += take;
          pos += take;
          this.expected += take;
          if (cur.received === cur.h.payloadLength) this.completeFrame();
          break;
        }
        case SKIP: {
          const take = Math.min(this.skipRemaining, n - pos);
          this.skipRemaining -= take;
          if (this.current !== null) this.current.received += take;
          pos += take;
          this.expected += take;
          if (this.skipRemaining === 0) {
            if (this.current !== null) this.emitCurrent(false);
            this.mode = HEADER;
          }
          break;
        }
        case HUNT: {
          const rest = bytes.subarray(pos);
          this.expected += rest.length;
          pos = n;
          const anchor = this.hunter.append(rest, this.huntRules());
          if (anchor !== null) this.resync(anchor);
          break;
        }
      }
    }
  }

  /** Read header bytes from `bytes[pos..]`; returns the new position. */
  private readHeader(bytes: Uint8Array, pos: number): number {
    if (this.scratchLength === 0) {
      this.frameStart = this.expected;
      // Fast path: the whole header is in this chunk.
      const h = decodeHeader(bytes, pos, bytes.length);
      if (h !== null) {
        this.expected += h.headerLength;
        this.startFrame(h, bytes, pos, bytes.length - pos - h.headerLength);
        return pos + h.headerLength;
      }
    }
    const need = this.scratchLength < 2 ? 2 : headerLengthFor(this.scratch[1]);
    const take = Math.min(need - this.scratchLength, bytes.length - pos);
    this.scratch.set(bytes.subarray(pos, pos + take), this.scratchLength);
    this.scratchLength += take;
    this.expected += take;
    if (this.scratchLength >= 2 && this.scratchLength === headerLengthFor(this.scratch[1])) {
      const h = decodeHeader(this.scratch, 0, this.scratchLength)!;
      this.scratchLength = 0;
      this.startFrame(h, this.scratch, 0, bytes.length - pos - take);
    }
    return pos + take;
  }

  /**
   * Start the frame whose header `h` was decoded from `src[at..]`; `available` payload bytes
   * follow it in the chunk being read.
   */
  private startFrame(h: FrameHeader, src: Uint8Array, at: number, available: number): void {
    // Kept payload and header share one block: one allocation per frame. The payload comes
    // first so it stays word-aligned for unmaskRange's 4-byte loop. A payload that goes to pool
    // blocks (see the header) is joined with the header when the frame is emitted.
    const hl = h.headerLength;
    const kept = h.lengthTrusted && h.payloadLength <= this.maxFramePayload ? h.payloadLength : 0;
    const blocks = this.pool !== null && kept > POOLED_FROM && available < kept ? new BlockList(this.pool) : null;
    const inBlock = blocks === null ? kept : 0;
    // In the arena only when the frame ends in this chunk (so in this step).
    const block =
      this.arena !== null && blocks === null && available >= kept
        ? this.arena.alloc(inBlock + hl)
        : allocBytes(inBlock + hl);
    for (let i = 0; i < hl; i++) block[inBlock + i] = src[at + i];
    const header = inBlock === 0 ? block : block.subarray(inBlock);
    const problems = this.check(h);
    const cur: Current = { h, header, streamOffset: this.frameStart, problems, payload: null, received: 0, blocks };
    this.current = cur;
    if (!h.lengthTrusted) {
      problems.push({
        code: 'frame.too-large',
        message: `payload length ${lengthTextOf(h)} is beyond 2^53 - 1 and cannot be followed; frame boundaries lost`,
      });
      this.emitCurrent(false);
      this.loseSync(
        this.expected,
        `payload length ${lengthTextOf(h)} at stream offset ${cur.streamOffset} cannot be followed`,
      );
      return;
    }
    if (h.payloadLength > this.maxFramePayload) {
      problems.push({
        code: 'frame.too-large',
        message: `payload length ${h.payloadLength} exceeds the limit of ${this.maxFramePayload} bytes; payload skipped`,
      });
      this.skipRemaining = h.payloadLength;
      this.mode = SKIP;
      return;
    }
    cur.payload = blocks !== null ? IN_BLOCKS : block.subarray(0, kept);
    if (h.payloadLength === 0) {
      this.completeFrame();
      return;
    }
    this.mode = PAYLOAD;
  }

  /** Copies payload bytes to the end of `blocks`, unmasking each piece there. */
  private toBlocks(cur: Current, blocks: BlockList, bytes: Uint8Array): void {
    const { header, h } = cur;
    blocks.append(
      bytes,
      h.masked ? (block, from, to) => unmaskRange(block, header, h.maskOffset, from, to) : undefined,
    );
  }

  /** RFC 6455 §5.1, §5.2, §5.5 checks that need only the header. */
  private check(h: FrameHeader): FrameProblem[] {
    const problems: FrameProblem[] = [];
    // RFC 6455 §5.1: "a client MUST mask all frames that it sends to the server"; "A server MUST NOT mask".
    if (this.direction === 'client' && !h.masked) {
      problems.push({ code: 'frame.client-unmasked', message: 'client frame sent with mask bit 0' });
    } else if (this.direction === 'server' && h.masked) {
      problems.push({ code: 'frame.server-masked', message: 'server frame sent with mask bit 1' });
    }
    // RFC 6455 §5.2: RSV1-3 "MUST be 0 unless an extension is negotiated that defines meanings".
    if (this.rsvAllowed !== 'unknown') {
      const bad: string[] = [];
      if (h.rsv1 && !this.rsvAllowed.rsv1) bad.push('rsv1');
      if (h.rsv2 && !this.rsvAllowed.rsv2) bad.push('rsv2');
      if (h.rsv3 && !this.rsvAllowed.rsv3) bad.push('rsv3');
      if (bad.length > 0) {
        problems.push({
          code: 'frame.rsv-without-extension',
          message: `${bad.join(', ')} set without a negotiated extension that defines ${bad.length > 1 ? 'them' : 'it'}`,
        });
      }
    }
    if (isReservedOpcode(h.opcode)) {
      problems.push({ code: 'frame.reserved-opcode', message: `reserved opcode ${hex(h.opcode)}` });
    }
    if (isControlOpcode(h.opcode)) {
      // RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented."
      if (h.payloadLength > MAX_CONTROL_PAYLOAD) {
        problems.push({
          code: 'frame.control-too-long',
          message: `control frame (opcode ${hex(h.opcode)}) with payload length ${lengthTextOf(h)}; at most 125 allowed`,
        });
      }
      if (!h.fin) {
        problems.push({
          code: 'frame.control-fragmented',
          message: `control frame (opcode ${hex(h.opcode)}) with fin 0`,
        });
      }
    }
    // RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length".
    if (h.lengthForm === 16 && h.payloadLength <= MAX_7BIT_LENGTH) {
      problems.push({
        code: 'frame.non-minimal-length',
        message: `payload length ${h.payloadLength} sent in the 16-bit form; the 7-bit form is required`,
      });
    } else if (h.lengthForm === 64 && h.payloadLength <= MAX_16BIT_LENGTH) {
      problems.push({
        code: 'frame.non-minimal-length',
        message: `payload length ${h.payloadLength} sent in the 64-bit form; the ${h.payloadLength <= MAX_7BIT_LENGTH ? '7' : '16'}-bit form is required`,
      });
    }
    if (h.lengthTopBit) {
      problems.push({
        code: 'frame.length-top-bit',
        message: `64-bit payload length ${lengthTextOf(h)} has its most significant bit set`,
      });
    }
    return problems;
  }

  private completeFrame(): void {
    this.emitCurrent(true);
    this.mode = HEADER;
  }

  /** Queue the current frame; `whole` when every byte arrived and the payload was kept. */
  private emitCurrent(whole: boolean): void {
    const cur = this.current!;
    this.current = null;
    const h = cur.h;
    let payload: Uint8Array;
    if (cur.blocks !== null) {
      // Joined into the frame's own block, header after the payload as in startFrame.
      const n = cur.blocks.length;
      const block = this.arena !== null ? this.arena.alloc(n + h.headerLength) : allocBytes(n + h.headerLength);
      cur.blocks.copyTo(block, 0);
      cur.blocks.free();
      block.set(cur.header, n);
      cur.header = block.subarray(n);
      payload = block.subarray(0, n);
    } else if (cur.payload === null) payload = new Uint8Array(0);
    else payload = cur.received === cur.payload.length ? cur.payload : cur.payload.slice(0, cur.received);
    this.queue.push({
      fin: h.fin,
      rsv1: h.rsv1,
      rsv2: h.rsv2,
      rsv3: h.rsv3,
      opcode: h.opcode,
      masked: h.masked,
      maskingKey: h.masked ? cur.header.subarray(h.maskOffset, h.maskOffset + 4) : null,
      payloadLength: h.payloadLength,
      lengthForm: h.lengthForm,
      headerLength: h.headerLength,
      header: cur.header,
      payload,
      streamOffset: cur.streamOffset,
      complete: whole && cur.payload !== null,
      payloadDropped: cur.payload === null,
      fields: this.withFields ? buildFrameFields(cur.header, h.payloadLength) : NO_FIELDS,
      problems: cur.problems,
    });
  }

  // ------------------------------------------------------------ gaps and the end

  /** `len` bytes starting at `this.expected` are missing. */
  private applyGap(len: number): void {
    const at = this.expected;
    switch (this.mode) {
      case HEADER:
        if (this.scratchLength > 0) this.emitPartialHeader(`a gap at stream offset ${at}`);
        this.expected += len;
        this.loseSync(at, `a gap of ${len} bytes at stream offset ${at} hides a frame header`);
        return;
      case PAYLOAD:
      case SKIP: {
        const cur = this.current;
        const remaining = this.mode === PAYLOAD ? cur!.h.payloadLength - cur!.received : this.skipRemaining;
        if (cur !== null) this.cutCurrent(`a gap at stream offset ${at}`);
        if (len < remaining) {
          this.mode = SKIP;
          this.skipRemaining = remaining - len;
          this.expected += len;
        } else if (len === remaining) {
          this.mode = HEADER;
          this.expected += len;
        } else {
          this.expected += len;
          this.loseSync(
            at + remaining,
            `a gap of ${len} bytes at stream offset ${at} runs past the frame end at ${at + remaining}`,
          );
        }
        return;
      }
      case HUNT: {
        const anchor = this.hunter.finish(this.huntRules());
        if (anchor !== null) {
          this.resync(anchor);
          this.applyGap(len);
          return;
        }
        this.expected += len;
        this.hunter.reset(this.expected);
        return;
      }
    }
  }

  private finish(why: 'end'): void {
    const what = why === 'end' ? 'the end of the stream' : why;
    switch (this.mode) {
      case HEADER:
        if (this.scratchLength > 0) this.emitPartialHeader(what);
        return;
      case PAYLOAD:
      case SKIP:
        if (this.current !== null) this.cutCurrent(what);
        this.mode = HEADER;
        return;
      case HUNT: {
        const anchor = this.hunter.finish(this.huntRules());
        if (anchor !== null) {
          this.resync(anchor);
          this.finish(why);
        }
        return;
      }
    }
  }

  /** Emit the current frame as cut by `what` (its captured payload prefix unmasked). */
  private cutCurrent(what: string): void {
    const cur = this.current!;
    cur.problems.push({
      code: 'frame.incomplete',
      message:
        cur.payload === null
          ? `frame cut by ${what}: ${cur.received} of ${cur.h.payloadLength} payload bytes went by (not kept)`
          : // Bytes after a gap may well be captured, but they are not shown: their place in the
            // payload would sit behind a hole, so only the prefix before the cut is kept.
            `frame cut by ${what}: payload shown up to byte ${cur.received} of ${cur.h.payloadLength}`,
    });
    this.emitCurrent(false);
  }

  /** Emit a frame whose header was cut after `scratchLength` bytes. */
  private emitPartialHeader(what: string): void {
    const header = this.scratch.slice(0, this.scratchLength);
    this.scratchLength = 0;
    const b0 = header[0];
    const b1 = header.length > 1 ? header[1] : 0;
    const need = header.length > 1 ? headerLengthFor(b1) : 2;
    this.queue.push({
      fin: (b0 & FIN_BIT) !== 0,
      rsv1: (b0 & RSV1_BIT) !== 0,
      rsv2: (b0 & RSV2_BIT) !== 0,
      rsv3: (b0 & RSV3_BIT) !== 0,
      opcode: b0 & OPCODE_MASK,
      masked: (b1 & MASK_BIT) !== 0,
      maskingKey: null,
      payloadLength: 0,
      lengthForm: lengthFormFor(b1 & PAYLOAD_LEN_MASK),
      headerLength: need,
      header,
      payload: new Uint8Array(0),
      streamOffset: this.frameStart,
      complete: false,
      payloadDropped: false,
      fields: this.withFields ? buildFrameFields(header, 0) : NO_FIELDS,
      problems: [
        {
          code: 'frame.incomplete',
          message: `frame header cut by ${what}: ${header.length} of ${header.length > 1 ? need : 'at least 2'} header bytes captured`,
        },
      ],
    });
  }

  // ------------------------------------------------------------ losing and finding sync

  private loseSync(streamOffset: number, why: string): void {
    const wasSynchronized = this.mode !== HUNT;
    this.mode = HUNT;
    this.current = null;
    this.scratchLength = 0;
    this.hunter.reset(this.expected);
    if (wasSynchronized) {
      this.lostAt = streamOffset;
      this.events.push({
        kind: 'unsynchronized',
        streamOffset,
        code: 'frame.unsynchronized',
        message: `frame boundaries lost: ${why}`,
      });
    }
  }

  private huntRules(): HuntRules {
    return { masked: this.direction === 'client', rsvAllowed: this.rsvAllowed, maxPayload: this.maxFramePayload };
  }

  private resync(anchor: Anchor): void {
    const at = anchor.streamOffset;
    this.mode = HEADER;
    this.scratchLength = 0;
    this.expected = at;
    this.events.push({
      kind: 'resynchronized',
      streamOffset: at,
      skippedBytes: at - this.lostAt,
      message: `frame boundaries found again at stream offset ${at} after ${at - this.lostAt} undecoded bytes`,
    });
    this.consume(anchor.bytes);
  }
}
