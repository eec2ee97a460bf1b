// DecodeEngine: the worker's brain, kept free of worker globals so tests run it in Node.
//
// Theory of operation
// - Bytes go in with push()/end(); the CaptureSession turns them into DecoderEvents which we
//   keep in full (records by id) and summarise into rows.
// - takeBatch() hands over what changed since the last call: connection snapshots, new rows,
//   rows that changed (a frame learns its message id and, for compressed messages, its text
//   only when the message completes), findings and progress. The worker posts one batch
//   every ~50 ms, so the UI re-renders a few times a second at most, however fast we decode.
// - Details (fields, bytes) and searches are answered from the kept records on demand.

import type { Finding } from '../../decoder/findings.js';
import type {
  CaptureFileInfo,
  ConnectionRecord,
  DecoderEvent,
  FrameRecord,
  MessageRecord,
} from '../../decoder/model.js';
import { CaptureSession } from '../../decoder/session.js';
import type { Batch, FrameDetail, FrameRow, MessageDetail, MessageRow, SearchResult } from './protocol.js';

/** Characters of payload text kept in a row's summary. */
const SUMMARY_CHARS = 96;
/** Bytes shown as hex in a binary row's summary. */
const SUMMARY_HEX_BYTES = 16;

const utf8 = new TextDecoder('utf-8', { fatal: false });

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
  private readonly session = new CaptureSession();
  private info: CaptureFileInfo | null = null;
  private fatal: string | null = null;
  private done = false;
  /** Records by id (ids are dense from 1, so arrays beat maps). */
  private readonly frames: FrameRecord[] = [];
  private readonly messages: MessageRecord[] = [];
  private readonly connections = new Map<number, ConnectionRecord>();
  /** Opcode and compression of the data message in progress, per "connection:direction". */
  private readonly openMessage = new Map<string, { opcode: number; compressed: boolean }>();

  private pendingConnections = new Set<number>();
  private pendingFrames = new Set<number>();
  private pendingMessages: MessageRow[] = [];
  private pendingFindings: Finding[] = [];
  private infoSent = false;

  constructor(private readonly total: number | null = null) {}

  push(bytes: Uint8Array): void {
    if (this.fatal) return;
    this.session.push(bytes);
    this.absorb(this.session.drain());
  }

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
          this.frames[ev.frame.id] = ev.frame;
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

  private onMessage(message: MessageRecord): void {
    this.messages[message.id] = message;
    this.pendingMessages.push(this.messageRow(message));
    for (const frameId of message.frameIds) {
      const frame = this.frames[frameId];
      if (!frame) continue;
      if (frame.messageId == null) frame.messageId = message.id;
      this.pendingFrames.add(frameId);
    }
  }

  /** Everything that changed since the last call. */
  takeBatch(): Batch {
    const frames: FrameRow[] = [];
    for (const id of this.pendingFrames) frames.push(this.frameRow(this.frames[id]));
    frames.sort((a, b) => a.id - b.id);
    const batch: Batch = {
      type: 'batch',
      info: this.infoSent ? null : this.info,
      connections: [...this.pendingConnections].map((id) => this.connections.get(id)!),
      frames,
      messages: this.pendingMessages,
      findings: this.pendingFindings,
      progress: { ...this.session.progress(), total: this.total },
      done: this.done,
      fatal: this.fatal,
    };
    if (this.info) this.infoSent = true;
    this.pendingConnections = new Set();
    this.pendingFrames = new Set();
    this.pendingMessages = [];
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

  frameRow(frame: FrameRecord): FrameRow {
    return {
      id: frame.id,
      connectionId: frame.connectionId,
      direction: frame.direction,
      index: frame.index,
      time: frame.time,
      fin: frame.fin,
      rsv: `${+frame.rsv1}${+frame.rsv2}${+frame.rsv3}`,
      opcode: frame.opcode,
      masked: frame.masked,
      payloadLength: frame.payloadLength,
      complete: frame.complete,
      messageId: frame.messageId,
      summary: this.frameSummary(frame),
      findingCount: frame.findings.length,
    };
  }

  private frameSummary(frame: FrameRecord): string {
    const message = frame.messageId != null ? this.messages[frame.messageId] : undefined;
    const key = `${frame.connectionId}:${frame.direction}`;
    // Track the data message in progress so continuation frames know whether they carry text.
    let dataOpcode = frame.opcode;
    let compressed = frame.rsv1;
    if (frame.opcode === 1 || frame.opcode === 2) {
      if (!frame.fin) this.openMessage.set(key, { opcode: frame.opcode, compressed: frame.rsv1 });
      else this.openMessage.delete(key);
    } else if (frame.opcode === 0) {
      const open = this.openMessage.get(key);
      dataOpcode = message?.opcode ?? open?.opcode ?? 0;
      compressed = message?.compressed ?? open?.compressed ?? false;
      if (frame.fin) this.openMessage.delete(key);
    }
    if (frame.opcode === 8) return closeSummary(frame.payload);
    if (compressed) {
      // Compressed bytes mean nothing to a reader: show the inflated message once it exists.
      if (message?.text != null) return `⇲ ${oneLine(message.text)}`;
      if (message) return `⇲ ${hexPreview(message.payload)}`;
      return `(compressed, ${sizeText(frame.payloadLength)})`;
    }
    if (frame.payload.length === 0) return frame.payloadLength === 0 ? '(empty)' : '(not captured)';
    if (dataOpcode === 1 || frame.opcode === 9 || frame.opcode === 10) {
      const text = utf8.decode(frame.payload.subarray(0, SUMMARY_CHARS * 4));
      if (dataOpcode === 1 || !text.includes('\uFFFD')) return oneLine(text);
    }
    return hexPreview(frame.payload);
  }

  messageRow(message: MessageRecord): MessageRow {
    let preview: string;
    if (message.type === 'close') preview = closeSummary(message.payload);
    else if (message.text != null) preview = oneLine(message.text);
    else if (message.payload.length === 0) preview = '(empty)';
    else preview = hexPreview(message.payload);
    return {
      id: message.id,
      connectionId: message.connectionId,
      direction: message.direction,
      type: message.type,
      opcode: message.opcode,
      firstTime: message.firstTime,
      time: message.time,
      frameIds: message.frameIds,
      wireLength: message.wireLength,
      length: message.payload.length,
      compressed: message.compressed,
      preview,
      closeCode: message.close?.code ?? null,
      pingId: message.pingId,
      rtt: message.rtt,
      complete: message.complete,
      findingCount: message.findings.length,
    };
  }

  frameDetail(frameId: number, maxBytes: number): FrameDetail | null {
    const frame = this.frames[frameId];
    if (!frame) return null;
    const message = frame.messageId != null ? this.messageDetail(frame.messageId, maxBytes) : null;
    return { frame, message };
  }

  messageDetail(messageId: number, maxBytes: number): MessageDetail | null {
    const message = this.messages[messageId];
    if (!message) return null;
    const fullLength = message.payload.length;
    if (fullLength <= maxBytes) return { message, cut: false, fullLength };
    // Copy only the part asked for: a 64 MiB payload must not cross postMessage to show 64 KiB.
    return { message: { ...message, payload: message.payload.slice(0, maxBytes) }, cut: true, fullLength };
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
    for (const message of this.messages) {
      if (!message) continue;
      const text = message.text ?? (message.close ? message.close.reason : null);
      if (text?.toLowerCase().includes(needle)) {
        messageIds.push(message.id);
        for (const id of message.frameIds) frameIds.push(id);
      }
    }
    for (const frame of this.frames) {
      if (!frame || frame.messageId != null || frame.rsv1) continue;
      if (frame.opcode > 2 && frame.opcode !== 8) continue;
      if (utf8.decode(frame.payload).toLowerCase().includes(needle)) frameIds.push(frame.id);
    }
    frameIds.sort((a, b) => a - b);
    return { query, frameIds, messageIds };
  }
}
