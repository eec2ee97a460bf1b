// Message assembly for ONE direction of one connection: frames in, messages out (RFC 6455 §5.4,
// RFC 7692 §6). Both peers may be in the middle of a fragmented message at once, so the session
// keeps one MessageAssembler per direction.
//
// Theory of operation
// - A text (0x1) or binary (0x2) frame opens a message; continuation frames (0x0) extend it; the
//   frame with FIN closes it. Control frames (0x8-0xA) may come between fragments (§5.4) and are
//   messages of their own at once. Reserved opcodes (0x3-0x7, 0xB-0xF) become a 'reserved'
//   message of their own, payload kept, without touching a message in progress (the frame layer
//   reports frame.reserved-opcode).
// - Continuation with nothing open (message.orphan-continuation): typically a capture that starts
//   mid-message. The orphan frame opens a message of type 'binary' with opcode 0 (its real type
//   is unknown) that later continuations join until FIN; it is complete=false, never inflated.
// - A new text/binary frame while a message is open (message.interleaved-data): the open message
//   is emitted as complete=false and the new frame starts a new one.
// - permessage-deflate: RSV1 on the FIRST frame marks the message compressed (RFC 7692 §6). RSV1
//   on a continuation or control frame is forbidden by RFC 7692 §6.1; we report it as
//   frame.rsv-without-extension (the extension defines no meaning for that bit there), only when
//   deflate is in use: without an extension the frame layer already reports every RSV bit.
// - RSV1 frames with no deflate negotiated are kept raw and not marked compressed.
// - extensionsKnown=false (no handshake captured): an RSV1 message is assumed to be
//   permessage-deflate with the default parameters (15 window bits, context takeover) and we try
//   to inflate it. If the capture started mid-connection, back-references into the unseen past
//   fail (zlib's "invalid distance too far back") and are reported as message.inflate-failed
//   saying the handshake and earlier window are unknown; the session adds handshake.not-seen.
// - Every problem is attached to the message it concerns (AssembledMessage.problems).
// - Size: wire bytes beyond maxMessageSize are dropped (message.too-large, prefix kept, not
//   inflated); inflated output is cut at maxMessageSize (deflate bomb).
// - Gaps: a frame with complete=false makes its message complete=false. Its captured bytes and
//   those of later fragments are joined as they are (the payload is not byte-accurate past the
//   gap); compressed data is inflated only up to the gap (RFC 7692 inflation cannot skip bytes).
// - A one-frame uncompressed message hands out its frame's payload array itself (no copy: small
//   messages are allocation bound, and nobody mutates a payload); a fragmented message gets a
//   fresh joined array. Records may therefore share a buffer; callers copy before transferring.
// - Pooled buffers (options.pool, SessionOptions.pooledBuffers): a message that goes on past its
//   first frame copies each fragment at once into reused blocks (block-pool.ts, `acc`), inflated
//   from there and joined into its own array when it ends, so the frames' arrays die young
//   instead of living, promoted, until the message's last frame. With a step arena as well
//   (options.arena, SessionOptions.transientPayloads) the joined and the inflated payloads are
//   views into it (step-arena.ts), valid only until the session reads more input.

import { concatBytes } from '../../bytes/bytes.js';
import type { FindingCode } from '../../findings.js';
import { type FilePiece, type PayloadSource, readPiece } from '../../payload-source.js';
import { type CloseInfo, DEFAULT_LIMITS, type DeflateParams, type Limits, type MessageRecord } from '../../records.js';
import { BlockList, type BlockPool } from '../block-pool.js';
import { messageTypeOf, OPCODE } from '../opcodes.js';
import type { StepArena } from '../step-arena.js';
import { parseClosePayload } from './close.js';
import { type InflateResult, PerMessageInflater } from './deflate.js';
import { checkUtf8, decodeUtf8Lossy, decodeUtf8Strict } from './utf8.js';

/** The part of a FrameRecord the assembler needs (payload already unmasked). */
export interface AssemblerFrame {
  id: number;
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  payload: Uint8Array;
  payloadLength: number;
  complete: boolean;
  time: number;
}

export interface MessageProblem {
  code: FindingCode;
  message: string;
  frameId: number | null;
}

/** What becomes a MessageRecord (records.ts) once the session adds ids and the connection. */
export type AssembledMessage = Pick<
  MessageRecord,
  | 'opcode'
  | 'type'
  | 'frameIds'
  | 'firstTime'
  | 'time'
  | 'payload'
  | 'wireLength'
  | 'compressed'
  | 'text'
  | 'close'
  | 'complete'
> & { problems: MessageProblem[] };

export interface MessageAssemblerOptions {
  deflate: DeflateParams | null;
  role: 'client' | 'server';
  limits: Pick<Limits, 'maxMessageSize'> & Partial<Pick<Limits, 'maxMessageFrameIds'>>;
  extensionsKnown: boolean;
  /** Pooled buffers (see the header). */
  pool?: BlockPool | null;
  /** Transient payloads (see the header); only with a pool. */
  arena?: StepArena | null;
  /** Fragments read back from the capture file (see the header); only with a pool. */
  source?: PayloadSource | null;
  /**
   * With a source: a binary message whose fragments are all in the file is not read back; its
   * payload is zeros of its length (SessionOptions.binaryPayloadLengthsOnly).
   */
  lengthsOnly?: boolean;
}

/** A data message still collecting fragments. */
interface OpenMessage {
  opcode: number;
  orphan: boolean;
  compressed: boolean;
  /** The first maxFrameIds of its frames' ids; frameCount and lastFrameId count past them. */
  frameIds: number[];
  frameCount: number;
  lastFrameId: number | null;
  firstTime: number;
  time: number;
  parts: Uint8Array[];
  /**
   * Small fragments after the first are copied into this buffer (tailLength bytes used) and it
   * becomes one part when full or at the end: a view per one-byte fragment cost ~100 bytes each,
   * so a 16 MiB message in one-byte frames took 1.6 GB (issue 15).
   */
  tail: Uint8Array | null;
  tailLength: number;
  /** Index into `parts` of the first frame with bytes missing, or -1 (0 once set, with `acc`). */
  gapPart: number;
  /**
   * With a pool: the fragments so far, in blocks, instead of `parts` and `tail`; `gapEnd` is
   * acc.length just after the first frame with bytes missing, or -1.
   */
  acc: BlockList | null;
  /**
   * With a payload source, once a fragment was left in the file: the fragments in order, each
   * where it is in the file or (a number) that many bytes of `acc`; fileBytes count the former.
   */
  pieces: (FilePiece | number)[] | null;
  fileBytes: number;
  gapEnd: number;
  gapFrameId: number | null;
  keptBytes: number;
  wireLength: number;
  /** Wire bytes were dropped at the size limit. */
  cut: boolean;
  problems: MessageProblem[];
}

/** Fragments up to this size are copied into the tail buffer (see OpenMessage.tail). */
const SMALL_PART = 256;
const TAIL_MAX = 64 * 1024;

/** Zeros, shared by every message that needs them (lengthsOnly); never written. */
let zeroBytes = new Uint8Array(0);

function zeros(n: number): Uint8Array {
  if (zeroBytes.length < n) zeroBytes = new Uint8Array(2 ** Math.ceil(Math.log2(n)));
  return zeroBytes.subarray(0, n);
}

/** The tail buffer's bytes become a part; the tail starts empty. */
function sealTail(open: OpenMessage): void {
  if (open.tail === null || open.tailLength === 0) return;
  open.parts.push(open.tail.subarray(0, open.tailLength));
  open.tail = null;
  open.tailLength = 0;
}

export class MessageAssembler {
  private readonly maxSize: number;
  private readonly maxFrameIds: number;
  private readonly deflateInUse: boolean;
  private readonly inflater: PerMessageInflater | null;
  private readonly pool: BlockPool | null;
  private readonly arena: StepArena | null;
  private readonly source: PayloadSource | null;
  private open: OpenMessage | null = null;

  /** The id of the open message's first frame (its record will list it), or Infinity. */
  get openFirstFrameId(): number {
    const open = this.open;
    if (open === null) return Number.POSITIVE_INFINITY;
    return open.frameIds[0] ?? open.lastFrameId ?? Number.POSITIVE_INFINITY;
  }

  constructor(private readonly options: MessageAssemblerOptions) {
    this.maxSize = Math.max(0, options.limits.maxMessageSize);
    this.maxFrameIds = Math.max(1, options.limits.maxMessageFrameIds ?? DEFAULT_LIMITS.maxMessageFrameIds);
    this.pool = options.pool ?? null;
    this.arena = this.pool !== null ? (options.arena ?? null) : null;
    this.source = this.pool !== null ? (options.source ?? null) : null;
    const d = options.deflate;
    if (d !== null) {
      // The window is the SENDER's: this assembler sees what `role` sent.
      const client = options.role === 'client';
      this.inflater = new PerMessageInflater({
        windowBits: client ? d.clientMaxWindowBits : d.serverMaxWindowBits,
        noContextTakeover: client ? d.clientNoContextTakeover : d.serverNoContextTakeover,
        arena: this.arena,
      });
    } else if (!options.extensionsKnown) {
      this.inflater = new PerMessageInflater({ windowBits: 15, noContextTakeover: false, arena: this.arena });
    } else {
      this.inflater = null;
    }
    this.deflateInUse = d !== null;
  }

  /**
   * The messages this frame completes (none, one, or two when it also ends an interleaved one),
   * appended to `into` and returned (the session passes one reused array: no array per frame).
   */
  push(frame: AssemblerFrame, into: AssembledMessage[] = [], inFile: FilePiece | null = null): AssembledMessage[] {
    const messages = into;
    const op = frame.opcode;
    if (op >= 0x8 || (op >= 0x3 && op <= 0x7)) {
      messages.push(this.single(frame));
      return messages;
    }
    if (op === OPCODE.continuation) {
      let open = this.open;
      if (open === null) {
        open = this.start(frame, true);
        open.problems.push({
          code: 'message.orphan-continuation',
          message: `continuation frame ${frame.id} with no message to continue (the message's first frame was not seen)`,
          frameId: frame.id,
        });
      } else if (frame.rsv1 && this.deflateInUse) {
        open.problems.push({
          code: 'frame.rsv-without-extension',
          message: `rsv1 set on continuation frame ${frame.id}; permessage-deflate marks only a message's first frame (rfc 7692 §6.1)`,
          frameId: frame.id,
        });
      }
      this.add(open, frame, inFile);
      if (frame.fin) messages.push(this.finishOpen(false));
      return messages;
    }
    // Text or binary: a new message.
    if (this.open !== null) {
      const old = this.open;
      old.problems.push({
        code: 'message.interleaved-data',
        message: `new ${op === OPCODE.text ? 'text' : 'binary'} frame ${frame.id} while a fragmented message was open; the open message ends incomplete`,
        frameId: frame.id,
      });
      messages.push(this.finishOpen(true));
    }
    const open = this.start(frame, false);
    this.add(open, frame, inFile);
    if (frame.fin) messages.push(this.finishOpen(false));
    return messages;
  }

  /**
   * RFC 6455 §5.4: the opcode of the message a frame with `opcode` belongs to, asked before the
   * frame is pushed. A continuation belongs to the open message; 0 when none is open or the open
   * one began with an orphan continuation (its first frame was not seen).
   */
  dataOpcodeOf(opcode: number): number {
    if (opcode !== OPCODE.continuation) return opcode;
    return this.open === null ? OPCODE.continuation : this.open.opcode;
  }

  /**
   * RFC 7692 §6: whether the message a frame belongs to is compressed, asked like dataOpcodeOf
   * before the frame is pushed. RSV1 marks only a message's first frame, so a continuation frame
   * is compressed when the open message is; control and reserved frames never are.
   */
  compressedOf(opcode: number, rsv1: boolean): boolean {
    if (opcode === OPCODE.continuation) return this.open?.compressed === true;
    if (opcode !== OPCODE.text && opcode !== OPCODE.binary) return false;
    return rsv1 && this.inflater !== null;
  }

  /**
   * Whether a frame about to be pushed could be left in the file (a payload source is set): a
   * whole fragment of a message that is not compressed (inflating reads the blocks) and is not
   * the whole message: a first frame without fin, or any continuation frame (the last one too: it
   * is read back with the others, though its bytes are at hand then). Asked before the frame is
   * pushed, like compressedOf.
   */
  wantsFileRanges(opcode: number, fin: boolean, rsv1: boolean, complete: boolean): boolean {
    if (this.source === null || !complete) return false;
    if (opcode === OPCODE.continuation) return this.open !== null && !this.open.compressed;
    return (opcode === OPCODE.text || opcode === OPCODE.binary) && !fin && !this.compressedOf(opcode, rsv1);
  }

  /** End of the direction: a fragmented message never finished comes out complete=false. */
  end(): AssembledMessage[] {
    const open = this.open;
    if (open === null) {
      this.inflater?.release();
      return [];
    }
    const n = open.frameCount;
    open.problems.push({
      code: 'message.incomplete',
      message: `fragmented message never finished: ${n} frame${n === 1 ? '' : 's'} seen, none with fin set`,
      frameId: open.lastFrameId,
    });
    const last = this.finishOpen(true);
    // The direction is over: its inflate stream and window are not needed any more.
    this.inflater?.release();
    return [last];
  }

  // ------------------------------------------------------------------ control and reserved

  private single(frame: AssemblerFrame): AssembledMessage {
    const problems: MessageProblem[] = [];
    const type = messageTypeOf(frame.opcode);
    if (type !== 'reserved' && frame.rsv1 && this.deflateInUse) {
      problems.push({
        code: 'frame.rsv-without-extension',
        message: `rsv1 set on ${type} frame ${frame.id}; permessage-deflate must not mark control frames (rfc 7692 §6.1)`,
        frameId: frame.id,
      });
    }
    // Shared with the frame (see the header); a view when cut at the limit.
    const payload = frame.payload.length > this.maxSize ? frame.payload.subarray(0, this.maxSize) : frame.payload;
    if (frame.payload.length > this.maxSize) problems.push(this.tooLargeOnWire(frame.id, frame.payload.length));
    let close: CloseInfo | null = null;
    if (type === 'close') {
      const parsed = parseClosePayload(payload);
      close = parsed.close;
      for (const p of parsed.problems) problems.push({ ...p, frameId: frame.id });
    }
    return {
      opcode: frame.opcode,
      type,
      frameIds: [frame.id],
      firstTime: frame.time,
      time: frame.time,
      payload,
      wireLength: frame.payloadLength,
      compressed: false,
      text: null,
      close,
      complete: frame.complete,
      problems,
    };
  }

  // ------------------------------------------------------------------ data messages

  private start(frame: AssemblerFrame, orphan: boolean): OpenMessage {
    const open: OpenMessage = {
      opcode: frame.opcode,
      orphan,
      // RFC 7692 §6: "the RSV1 bit is set only on the first frame".
      compressed: !orphan && frame.rsv1 && this.inflater !== null,
      frameIds: [],
      frameCount: 0,
      lastFrameId: null,
      firstTime: frame.time,
      time: frame.time,
      parts: [],
      tail: null,
      tailLength: 0,
      gapPart: -1,
      acc: null,
      pieces: null,
      fileBytes: 0,
      gapEnd: -1,
      gapFrameId: null,
      keptBytes: 0,
      wireLength: 0,
      cut: false,
      problems: [],
    };
    this.open = open;
    return open;
  }

  private add(open: OpenMessage, frame: AssemblerFrame, inFile: FilePiece | null): void {
    // Beyond maxFrameIds the ids are not listed (each frame carries its messageId anyway).
    if (open.frameIds.length < this.maxFrameIds) open.frameIds.push(frame.id);
    open.frameCount++;
    open.lastFrameId = frame.id;
    open.time = frame.time;
    open.wireLength += frame.payloadLength;
    // With a pool, only a message that ends with its first frame keeps that frame's array.
    if (this.pool !== null && !(frame.fin && open.frameCount === 1)) {
      this.addPooled(open, frame, this.pool, inFile);
      return;
    }
    let ownPart = open.parts.length === 0 && open.tailLength === 0;
    if (!frame.complete && open.gapPart < 0) {
      // The gap frame's bytes are a part of their own: inflation stops after it.
      sealTail(open);
      open.gapPart = open.parts.length;
      open.gapFrameId = frame.id;
      ownPart = true;
    }
    const bytes = this.keep(open, frame);
    if (bytes.length === 0) return;
    // The first fragment stays a view (a one-frame message is not copied); later small ones are
    // copied into the tail buffer.
    if (ownPart || bytes.length > SMALL_PART) {
      sealTail(open);
      open.parts.push(bytes);
      return;
    }
    let tail = open.tail;
    if (tail === null || open.tailLength + bytes.length > tail.length) {
      if (tail !== null && tail.length >= TAIL_MAX) {
        sealTail(open);
        tail = null;
      }
      const size = Math.min(TAIL_MAX, Math.max(256, (tail?.length ?? 0) * 2, open.tailLength + bytes.length));
      const grown = new Uint8Array(size);
      if (tail !== null) grown.set(tail.subarray(0, open.tailLength));
      tail = grown;
      open.tail = tail;
    }
    tail.set(bytes, open.tailLength);
    open.tailLength += bytes.length;
  }

  /**
   * The part of the frame's payload the message keeps: all of it up to maxSize, then nothing (the
   * first frame over the limit is reported once). Counted in open.keptBytes.
   */
  private keep(open: OpenMessage, frame: AssemblerFrame): Uint8Array {
    let bytes = frame.payload;
    const room = this.maxSize - open.keptBytes;
    if (bytes.length > room) {
      if (!open.cut) {
        open.problems.push(this.tooLargeOnWire(frame.id, open.keptBytes + bytes.length));
        open.cut = true;
      }
      bytes = bytes.subarray(0, Math.max(0, room));
    }
    open.keptBytes += bytes.length;
    return bytes;
  }

  /** add() with a pool: the frame's bytes are copied to the end of `acc`. */
  private addPooled(open: OpenMessage, frame: AssemblerFrame, pool: BlockPool, inFile: FilePiece | null): void {
    const bytes = this.keep(open, frame);
    // Whole and within the size limit: left in the file, read back when the message ends.
    if (inFile !== null && frame.complete && bytes.length === frame.payload.length && !open.compressed) {
      if (open.pieces === null) open.pieces = open.acc !== null && open.acc.length > 0 ? [open.acc.length] : [];
      open.pieces.push(inFile);
      open.fileBytes += bytes.length;
      return;
    }
    if (open.acc === null) open.acc = new BlockList(pool);
    open.acc.append(bytes);
    if (open.pieces !== null) open.pieces.push(bytes.length);
    if (!frame.complete && open.gapPart < 0) {
      // Inflation stops after this frame's bytes (see inflateOpen).
      open.gapPart = 0;
      open.gapEnd = open.acc.length;
      open.gapFrameId = frame.id;
    }
  }

  private tooLargeOnWire(frameId: number, size: number): MessageProblem {
    return {
      code: 'message.too-large',
      message: `message reaches ${size} bytes on the wire at frame ${frameId}, over the ${this.maxSize}-byte limit; kept the first ${this.maxSize}`,
      frameId,
    };
  }

  /** Emit the open message. `unfinished`: no FIN frame was seen (interleaved data or end). */
  private finishOpen(unfinished: boolean): AssembledMessage {
    const open = this.open as OpenMessage;
    this.open = null;
    sealTail(open);
    let complete = !unfinished && !open.orphan && open.gapPart < 0 && !open.cut;
    const lastFrame = open.lastFrameId;
    if (open.frameCount > open.frameIds.length) {
      open.problems.push({
        code: 'limit.message-frames-unlisted',
        message: `message of ${open.frameCount} frames lists the ids of its first ${open.frameIds.length} only; every frame still names its message`,
        frameId: lastFrame,
      });
    }
    let payload: Uint8Array | null = null;
    let decoded = true;
    if (open.compressed && this.inflater !== null) {
      const r = this.inflateOpen(open, unfinished, lastFrame);
      if (r.payload === null) decoded = false;
      else payload = r.payload;
      // Cut at the limit while inflating: what we show is not the whole message.
      if (r.cut) complete = false;
    }
    const acc = open.acc;
    const allInFile = acc === null || acc.length === 0;
    if (open.pieces !== null && allInFile && this.options.lengthsOnly === true && open.opcode !== OPCODE.text) {
      // Nobody reads these bytes (see MessageAssemblerOptions.lengthsOnly).
      payload = zeros(open.fileBytes);
      acc?.free();
    } else if (open.pieces !== null) {
      // Some fragments were left in the file (never compressed, so payload is still null).
      payload = this.joinPieces(open.pieces, open.fileBytes, acc);
      // All of it from the file: a holder can read it back from there (StepArena.noteInFile).
      if (this.arena !== null && allInFile) this.arena.noteInFile(payload, open.pieces as FilePiece[]);
      acc?.free();
    } else if (acc !== null) {
      // Pooled (addPooled): the raw bytes are joined from the blocks, which go back.
      if (payload === null) {
        payload = this.arena !== null ? this.arena.alloc(acc.length) : new Uint8Array(acc.length);
        acc.copyTo(payload, 0);
      }
      acc.free();
    }
    // Raw bytes: uncompressed, or kept because inflating failed (joined only when needed).
    if (payload === null) payload = concatBytes(open.parts);
    let text: string | null = null;
    if (open.opcode === OPCODE.text && decoded) {
      text = decodeUtf8Strict(payload);
      // Invalid (rare): show it with replacement characters and find where it breaks.
      const utf8 = text === null ? checkUtf8(payload) : null;
      if (text === null) text = decodeUtf8Lossy(payload);
      // A message cut short may end inside a code point; that is not the sender's fault.
      if (utf8 !== null && !utf8.valid && !(utf8.truncatedEnd && !complete)) {
        open.problems.push({
          code: 'message.invalid-utf8',
          message: `text message is not valid utf-8: invalid sequence at byte ${utf8.invalidAt} of ${payload.length}`,
          frameId: lastFrame,
        });
      }
    }
    return {
      opcode: open.opcode,
      // An orphan (opcode 0) is binary: its real type is unknown.
      type: messageTypeOf(open.opcode),
      frameIds: open.frameIds,
      firstTime: open.firstTime,
      time: open.time,
      payload,
      wireLength: open.wireLength,
      compressed: open.compressed,
      text,
      close: null,
      complete,
      problems: open.problems,
    };
  }

  /** A message's fragments joined: read back from the file, or copied from the blocks. */
  private joinPieces(pieces: (FilePiece | number)[], fileBytes: number, acc: BlockList | null): Uint8Array {
    const n = fileBytes + (acc?.length ?? 0);
    const out = this.arena !== null ? this.arena.alloc(n) : new Uint8Array(n);
    let at = 0;
    let accAt = 0;
    for (const p of pieces) {
      if (typeof p === 'number') {
        (acc as BlockList).copyRange(accAt, p, out, at);
        accAt += p;
        at += p;
      } else {
        at += readPiece(this.source as PayloadSource, p, out, at);
      }
    }
    return out;
  }

  /**
   * Inflate an open message. `payload`: what to show, or null to keep the raw bytes; `cut`: the
   * output was stopped at the size limit.
   */
  private inflateOpen(
    open: OpenMessage,
    unfinished: boolean,
    lastFrame: number | null,
  ): { payload: Uint8Array | null; cut: boolean } {
    const inflater = this.inflater as PerMessageInflater;
    if (open.cut) {
      // The tail of the compressed data is gone: inflating the kept prefix is possible, but the
      // window would not follow the sender any more; keep the raw bytes and give the window up.
      inflater.giveUpWindow();
      open.problems.push({
        code: 'message.inflate-failed',
        message: 'compressed message cut at the size limit on the wire; not inflated',
        frameId: lastFrame,
      });
      return { payload: null, cut: false };
    }
    // RFC 7692 §7.2.2: never inflate past a gap: use the parts up to the first incomplete frame.
    const acc = open.acc;
    const parts =
      acc !== null
        ? acc.views(open.gapEnd >= 0 ? open.gapEnd : acc.length)
        : open.gapPart >= 0
          ? open.parts.slice(0, open.gapPart + 1)
          : open.parts;
    const final = !unfinished && open.gapPart < 0;
    const r = inflater.inflate(parts, { maxOutput: this.maxSize, final });
    const problem = this.describeInflate(r, open);
    if (problem !== null) open.problems.push({ ...problem, frameId: open.gapFrameId ?? lastFrame });
    return { payload: r.status === 'error' ? null : r.data, cut: r.status === 'too-large' };
  }

  private describeInflate(r: InflateResult, open: OpenMessage): { code: FindingCode; message: string } | null {
    switch (r.status) {
      case 'ok':
        return null;
      case 'too-large':
        return {
          code: 'message.too-large',
          message: `message inflates to more than the ${this.maxSize}-byte limit (possible deflate bomb); kept the first ${r.data.length} bytes`,
        };
      case 'partial':
        return {
          code: 'message.inflate-failed',
          message:
            open.gapFrameId !== null
              ? `compressed payload has bytes missing in frame ${open.gapFrameId}; inflated only the ${r.data.length} bytes before the gap`
              : `compressed message never finished; inflated only the ${r.data.length} bytes available`,
        };
      case 'error': {
        let why = '';
        if (!this.options.extensionsKnown && this.options.deflate === null) {
          why =
            ' (no handshake in the capture: assumed permessage-deflate with a 15-bit window; the capture may have started after messages this one refers back to)';
        } else if (r.windowWasLost) {
          why =
            ' (the compression window was lost after an earlier problem in this direction, so back-references cannot be resolved)';
        }
        return { code: 'message.inflate-failed', message: `inflate failed: ${r.error}${why}; raw payload kept` };
      }
    }
  }
}
