// DecodeEngine: the worker's brain, kept free of worker globals so tests run it in Node.
//
// Theory of operation
// - Bytes go in with push()/end(); the CaptureSession turns them into DecoderEvents which we
//   keep (compactly: record-store.ts) and summarise into rows.
// - takeBatch() hands over what changed since the last call: connection snapshots, new rows,
//   rows that changed (a frame learns its message id and, for compressed messages, its text
//   only when the message completes), findings and progress. The worker posts one batch
//   every ~50 ms, so the UI re-renders a few times a second at most, however fast we decode.
// - Details (fields, bytes) and searches are answered from the kept records on demand.

import {
  buildFrameFields,
  type CaptureFileInfo,
  CaptureSession,
  type ConnectionRecord,
  type DecoderEvent,
  type Finding,
  type FrameRecord,
  type MessageRecord,
} from '../../decoder/index.js';
import { type FramePeek, FrameStore } from './frame-store.js';
import { MessageStore } from './message-store.js';
import type { Batch, FrameDetail, MessageDetail, SearchResult } from './protocol.js';
import { ByteArena } from './record-store.js';
import { encodeFrameRows, encodeMessageRows } from './row-codec.js';

/** Characters of payload text kept in a row's summary. */
const SUMMARY_CHARS = 96;
/** Bytes shown as hex in a binary row's summary. */
const SUMMARY_HEX_BYTES = 16;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Per-frame tag bits: the data opcode of the message a frame belongs to, and compression. */
const TAG_OPCODE = 0x0f;
const TAG_COMPRESSED = 0x10;

/** Text for one line: control characters become visible symbols, so a row stays one line. */
export function oneLine(text: string, max = SUMMARY_CHARS): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(/[\r\n\t]/g, (c) => (c === '\n' ? '⏎' : c === '\t' ? '⇥' : '')).replace(/[\x00-\x1f\x7f]/g, '·');
}

export function hexPreview(bytes: Uint8Array, max = SUMMARY_HEX_BYTES): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(bytes.length, max); i++) parts.push(bytes[i].toString(16).padStart(2, '0'));
  return parts.join(' ') + (bytes.length > max ? ' …' : '');
}

/** RFC 6455 §5.5.1: a close body is a 2-byte big-endian code then UTF-8 reason. */
export function closeSummary(payload: Uint8Array): string {
  if (payload.length < 2) return payload.length === 0 ? 'close (no code)' : 'close (malformed body)';
  const code = (payload[0] << 8) | payload[1];
  const reason = utf8.decode(payload.subarray(2, 2 + SUMMARY_CHARS * 4));
  return reason ? `${code} ${oneLine(reason)}` : `${code}`;
}

function sizeText(n: number): string {
  return n === 1 ? '1 byte' : `${n} bytes`;
}

export class DecodeEngine {
  // Field records are rebuilt for the one frame shown (frameDetail), not made for every frame.
  private readonly session = new CaptureSession({ frameFields: false });
  private info: CaptureFileInfo | null = null;
  private fatal: string | null = null;
  private done = false;
  private readonly arena = new ByteArena();
  private readonly frames = new FrameStore(this.arena);
  private readonly messages = new MessageStore(this.arena);
  private readonly connections = new Map<number, ConnectionRecord>();
  /** Opcode and compression of the data message in progress, per "connection:direction". */
  private readonly openMessage = new Map<string, number>();

  private pendingConnections = new Set<number>();
  private pendingFrames = new Set<number>();
  /** New messages since the last batch, and their preview texts (made while the record is at hand). */
  private pendingMessages: number[] = [];
  private pendingPreviews: string[] = [];
  private pendingFindings: Finding[] = [];
  private infoSent = false;

  constructor(private readonly total: number | null = null) {}

  push(bytes: Uint8Array): void {
    if (this.fatal) return;
    this.session.pushAndDrain(bytes, this.absorbFn);
  }

  private readonly absorbFn = (events: DecoderEvent[]): void => this.absorb(events);

  end(): void {
    if (!this.fatal) {
      this.session.end();
      this.absorb(this.session.drain());
    }
    this.done = true;
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
          this.connections.set(ev.connection.id, ev.connection);
          this.pendingConnections.add(ev.connection.id);
          break;
        case 'frame':
          this.frames.put(ev.frame, this.dataContext(ev.frame));
          this.pendingFrames.add(ev.frame.id);
          break;
        case 'message':
          this.onMessage(ev.message);
          break;
        case 'finding':
          this.pendingFindings.push(ev.finding);
          break;
        case 'fatal':
          this.fatal = ev.message;
          break;
      }
    }
  }

  /**
   * Which data message a frame continues, computed in frame order: continuation frames carry
   * opcode 0, and the summary needs to know whether their bytes are text (RFC 6455 §5.4).
   */
  private dataContext(frame: FrameRecord): number {
    const key = `${frame.connectionId}:${frame.direction}`;
    if (frame.opcode === 1 || frame.opcode === 2) {
      const tag = frame.opcode | (frame.rsv1 ? TAG_COMPRESSED : 0);
      if (!frame.fin) this.openMessage.set(key, tag);
      else this.openMessage.delete(key);
      return tag;
    }
    if (frame.opcode === 0) {
      const tag = this.openMessage.get(key) ?? 0;
      if (frame.fin) this.openMessage.delete(key);
      return tag;
    }
    return frame.opcode | (frame.rsv1 ? TAG_COMPRESSED : 0);
  }

  private onMessage(message: MessageRecord): void {
    this.messages.put(message);
    this.pendingMessages.push(message.id);
    this.pendingPreviews.push(this.messagePreview(message));
    for (const frameId of message.frameIds) {
      if (!this.frames.has(frameId)) continue;
      this.frames.setMessageId(frameId, message.id);
      this.pendingFrames.add(frameId);
    }
  }

  /** Everything that changed since the last call. */
  takeBatch(): Batch {
    // Counters that changed since the decoder's last snapshot (it sends those only now and then):
    // a live capture that goes quiet must not leave the connection list behind.
    if (!this.fatal) {
      this.session.flushCounters();
      this.absorb(this.session.drain());
    }
    const frameIds = [...this.pendingFrames].sort((a, b) => a - b);
    const batch: Batch = {
      type: 'batch',
      info: this.infoSent ? null : this.info,
      connections: [...this.pendingConnections].map((id) => this.connections.get(id)!),
      frames: encodeFrameRows(this.frames, frameIds, this.summaryOf),
      messages: encodeMessageRows(this.messages, this.pendingMessages, this.pendingPreviews),
      findings: this.pendingFindings,
      progress: { ...this.session.progress(), total: this.total },
      done: this.done,
      fatal: this.fatal,
    };
    if (this.info) this.infoSent = true;
    this.pendingConnections = new Set();
    this.pendingFrames = new Set();
    this.pendingMessages = [];
    this.pendingPreviews = [];
    this.pendingFindings = [];
    return batch;
  }

  /** True when takeBatch() would carry anything new. */
  hasPending(): boolean {
    return (
      this.pendingConnections.size > 0 ||
      this.pendingFrames.size > 0 ||
      this.pendingMessages.length > 0 ||
      this.pendingFindings.length > 0 ||
      (this.info !== null && !this.infoSent)
    );
  }

  /** A frame row's summary, read from the store (no record built, payload not copied). */
  private readonly summaryOf = (id: number): string => this.frameSummary(this.frames.peek(id));

  private frameSummary(frame: FramePeek): string {
    const messageId = frame.messageId;
    const tag = this.frames.tag(frame.id);
    const dataOpcode = tag & TAG_OPCODE;
    const compressed = (tag & TAG_COMPRESSED) !== 0 || (messageId != null && this.messages.isCompressed(messageId));
    if (frame.opcode === 8) return closeSummary(frame.payload);
    if (compressed) {
      // Compressed bytes mean nothing to a reader: show the inflated message once it exists.
      if (messageId != null && this.messages.has(messageId)) {
        const text = this.messages.text(messageId);
        if (text != null) return `⇲ ${oneLine(text.slice(0, SUMMARY_CHARS + 1))}`;
        return `⇲ ${hexPreview(this.messages.payloadView(messageId))}`;
      }
      return `(compressed, ${sizeText(frame.payloadLength)})`;
    }
    if (frame.payload.length === 0) return frame.payloadLength === 0 ? '(empty)' : '(not captured)';
    if (dataOpcode === 1 || frame.opcode === 9 || frame.opcode === 10) {
      const text = utf8.decode(frame.payload.subarray(0, SUMMARY_CHARS * 4));
      if (dataOpcode === 1 || !text.includes('\uFFFD')) return oneLine(text);
    }
    return hexPreview(frame.payload);
  }

  /** A message row's preview text. */
  private messagePreview(message: MessageRecord): string {
    let preview: string;
    if (message.type === 'close') preview = closeSummary(message.payload);
    else if (message.text != null) preview = oneLine(message.text.slice(0, SUMMARY_CHARS + 1));
    else if (message.payload.length === 0) preview = '(empty)';
    else preview = hexPreview(message.payload);
    return preview;
  }

  /** One frame in full: its record (fields rebuilt from the header) and its message. */
  frameDetail(frameId: number, maxBytes: number): FrameDetail | null {
    const stored = this.frames.get(frameId);
    if (!stored) return null;
    const frame: FrameRecord = { ...stored, fields: buildFrameFields(stored.header, stored.payloadLength) };
    const message = frame.messageId != null ? this.messageDetail(frame.messageId, maxBytes) : null;
    return { frame, message };
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
    return { message, cut, fullLength };
  }

  /**
   * Case-insensitive search over payload text in every connection: messages (defragmented and
   * inflated), close reasons, and frames that never became a message (cut-off captures).
   */
  search(query: string): SearchResult {
    const needle = query.toLowerCase();
    const frameIds: number[] = [];
    const messageIds: number[] = [];
    if (!needle) return { query, frameIds, messageIds };
    for (let id = 1; id <= this.messages.size; id++) {
      if (!this.messages.has(id)) continue;
      const text = this.messages.text(id) ?? this.messages.closeInfo(id)?.reason ?? null;
      if (text?.toLowerCase().includes(needle)) {
        messageIds.push(id);
        for (const f of this.messages.frameIds(id)) frameIds.push(f);
      }
    }
    for (let id = 1; id <= this.frames.size; id++) {
      if (!this.frames.has(id) || this.frames.messageId(id) != null) continue;
      const tag = this.frames.tag(id);
      if (tag & TAG_COMPRESSED) continue;
      const op = tag & TAG_OPCODE;
      if (op !== 1 && op !== 8) continue;
      if (utf8.decode(this.frames.payloadView(id)).toLowerCase().includes(needle)) frameIds.push(id);
    }
    frameIds.sort((a, b) => a - b);
    return { query, frameIds, messageIds };
  }
}
