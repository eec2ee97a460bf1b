// One direction of a TCP connection read as HTTP/1.1 messages, until it switches protocols.
//
// Theory of operation (h11's readers, without the writers)
// - push() appends bytes and parses eagerly as far as they go; next() hands out the queued
//   events one at a time. Parsing is identical however the bytes are split: every state only
//   acts on bytes it has, and searches resume where the last one stopped (linear time).
// - States: 'idle' (waiting for a head) → a body state ('length' | 'chunk-size' | 'chunk-data'
//   | 'chunk-crlf' | 'trailers' | 'until-close') → 'idle' again (keep-alive, pipelining), or
//   'paused' after a head that switches protocols, or 'stopped' after an error.
// - Body bytes are skipped as they arrive, never kept; one 'body' event reports their count
//   when the body ends (RFC 7230 §3.3.3 decides the length).
// - A response with status 101, and a request asking for Upgrade: websocket, pause the stream
//   (h11 does the same for any upgrade): the bytes after them may not be HTTP at all. The owner
//   then calls detach() and owns the remaining bytes: frames after a 101, or held client bytes
//   until the response (connection/handover.ts). A refused upgrade is read on with a new stream,
//   fed the held bytes: there is no resume(), so the only path is the one production takes.
// - Errors ('handshake.malformed', 'handshake.too-large') are events; after one the stream stops
//   parsing, drops what it buffered and ignores further input. Nothing here throws for bad input.
// - Each head carries the record/time of the packet that completed it: push() remembers where
//   each packet's bytes end in the stream.

import type { HttpRequestHead, HttpResponseHead } from '../records.js';
import type { BodyFraming } from './head-parser.js';
import {
  bodyFraming,
  findBlankLine,
  findLineEnd,
  headerHasToken,
  latin1,
  parseRequestHead,
  parseResponseHead,
  quote,
} from './head-parser.js';

export type HttpEvent =
  | { type: 'request'; head: HttpRequestHead }
  | { type: 'response'; head: HttpResponseHead }
  /** Body bytes skipped (not kept), reported when the body ends. */
  | { type: 'body'; length: number; complete: boolean }
  /** After an error the stream stops parsing. */
  | { type: 'error'; code: 'handshake.malformed' | 'handshake.too-large'; message: string };

type HttpStreamState =
  | 'idle'
  | 'length'
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-crlf'
  | 'trailers'
  | 'until-close'
  | 'paused'
  | 'stopped'
  | 'detached';

export interface HttpStreamOptions {
  /** Largest head (and largest chunk-size line or trailer section) accepted. */
  maxHeaderBytes: number;
}

const CR = 0x0d;
const LF = 0x0a;

interface PacketMark {
  /** Absolute stream position just past this packet's bytes. */
  end: number;
  record: number;
  time: number;
}

export class HttpStream {
  readonly role: 'request' | 'response';
  private readonly maxHeaderBytes: number;

  private buf = new Uint8Array(0);
  /** Unconsumed bytes are buf[head, tail). */
  private head = 0;
  private tail = 0;
  /** Absolute stream position of buf[0]. */
  private base = 0;
  /** Where the current search for a line or blank line resumes (index into buf). */
  private searchFrom = 0;
  /** Packets whose bytes are still buffered, oldest first from marks[firstMark]. */
  private marks: PacketMark[] = [];
  private firstMark = 0;

  private state: HttpStreamState = 'idle';
  private readonly events: HttpEvent[] = [];
  /** Methods of the requests still awaiting a response (response role), FIFO. */
  private readonly pendingMethods: string[] = [];

  /**
   * Body being skipped: bytes still to skip in this body or chunk; body bytes so far (for chunked:
   * the chunk data, without the framing), and whether any were lost in a gap.
   */
  private remaining = 0;
  private bodyLength = 0;
  private bodyComplete = true;
  /** An upgrade request pauses the stream after its body: what follows may not be HTTP (RFC 7230 §6.7). */
  private pauseAfterBody = false;
  /** Trailer bytes seen after the last chunk (bounded like a head). */
  private trailerBytes = 0;

  constructor(role: 'request' | 'response', options: HttpStreamOptions) {
    this.role = role;
    this.maxHeaderBytes = options.maxHeaderBytes;
  }

  push(bytes: Uint8Array, record: number, time: number): void {
    if (this.state === 'stopped' || this.state === 'detached' || bytes.length === 0) return;
    this.append(bytes);
    this.marks.push({ end: this.base + this.tail, record, time });
    this.parse();
  }

  next(): HttpEvent | null {
    return this.events.shift() ?? null;
  }

  /** For responses: the method of the request this response answers (HEAD => no body), FIFO. */
  expectResponseTo(method: string): void {
    this.pendingMethods.push(method);
  }

  /**
   * Stop parsing HTTP and return every byte pushed but not consumed (e.g. the frames after a
   * 101 or after the upgrade request). Later pushes are ignored.
   */
  detach(): Uint8Array {
    const rest = this.buf.slice(this.head, this.tail);
    this.state = 'detached';
    this.buf = new Uint8Array(0);
    this.head = this.tail = this.searchFrom = 0;
    this.marks = [];
    this.firstMark = 0;
    return rest;
  }

  /**
   * The owner saw the connection end (FIN/RST/end of capture): a body delimited by the close
   * ends here; a body or head cut short is reported as incomplete.
   */
  end(): void {
    switch (this.state) {
      case 'until-close':
        this.finishBody();
        break;
      case 'length':
      case 'chunk-size':
      case 'chunk-data':
      case 'chunk-crlf':
      case 'trailers':
        this.bodyComplete = false;
        this.finishBody();
        break;
      default:
        break;
    }
    if (this.state !== 'detached' && this.state !== 'paused') this.stop();
  }

  /**
   * A gap of `length` bytes in the TCP stream. Inside a body of known length or a body read
   * until close the gap is skipped (the body is marked incomplete); anywhere else message
   * boundaries are lost and the stream stops.
   */
  gap(length: number): void {
    if (this.state === 'stopped' || this.state === 'detached') return;
    // The bytes before the gap were parsed by push(); only a partial line or head, or paused
    // data, can still be buffered, and those cannot be completed across a gap.
    const nothingBuffered = this.head === this.tail;
    if (this.state === 'until-close' && nothingBuffered) {
      this.skipGap(length);
      return;
    }
    if (this.state === 'length' && nothingBuffered && length <= this.remaining) {
      this.skipGap(length);
      this.remaining -= length;
      if (this.remaining === 0) this.finishBody();
      return;
    }
    if (this.state === 'paused') return;
    if (this.state !== 'idle') {
      this.bodyComplete = false;
      this.finishBody();
    }
    this.stop();
  }

  // ---------------------------------------------------------------- buffer

  private append(bytes: Uint8Array): void {
    if (this.head === this.tail) {
      // Everything consumed: restart at the front (the common case: no copying at all).
      this.base += this.tail;
      this.head = this.tail = this.searchFrom = 0;
    }
    if (this.tail + bytes.length > this.buf.length) {
      const live = this.tail - this.head;
      if (live + bytes.length <= this.buf.length) {
        this.buf.copyWithin(0, this.head, this.tail);
      } else {
        const next = new Uint8Array(Math.max(live + bytes.length, this.buf.length * 2, 256));
        next.set(this.buf.subarray(this.head, this.tail), 0);
        this.buf = next;
      }
      this.base += this.head;
      this.searchFrom = Math.max(0, this.searchFrom - this.head);
      this.head = 0;
      this.tail = live;
    }
    this.buf.set(bytes, this.tail);
    this.tail += bytes.length;
  }

  /** Skip a gap of `length` bytes inside a body, with nothing buffered. */
  private skipGap(length: number): void {
    this.base += this.tail + length;
    this.head = this.tail = this.searchFrom = 0;
    this.bodyLength += length;
    this.bodyComplete = false;
  }

  private consume(n: number): Uint8Array {
    const bytes = this.buf.subarray(this.head, this.head + n);
    this.head += n;
    this.searchFrom = this.head;
    // Forget the packets wholly consumed (keeping the last), without O(n) shifts per byte.
    const position = this.base + this.head;
    while (this.firstMark < this.marks.length - 1 && this.marks[this.firstMark]!.end <= position) this.firstMark++;
    if (this.firstMark > 64 && this.firstMark * 2 > this.marks.length) {
      this.marks = this.marks.slice(this.firstMark);
      this.firstMark = 0;
    }
    return bytes;
  }

  /** The packet that supplied the byte at absolute position `position`. */
  private markAt(position: number): PacketMark {
    for (let i = this.firstMark; i < this.marks.length; i++) if (this.marks[i]!.end > position) return this.marks[i]!;
    return this.marks[this.marks.length - 1] ?? { end: 0, record: 0, time: 0 };
  }

  // ---------------------------------------------------------------- parsing

  private parse(): void {
    for (;;) {
      const progressed = this.step();
      if (!progressed) return;
    }
  }

  /** One parsing step; false when it needs more bytes (or must not go on). */
  private step(): boolean {
    switch (this.state) {
      case 'idle':
        return this.readHead();
      case 'length':
        return this.skipLength();
      case 'chunk-size':
        return this.readChunkSize();
      case 'chunk-data':
        return this.skipChunkData();
      case 'chunk-crlf':
        return this.readChunkCrlf();
      case 'trailers':
        return this.readTrailers();
      case 'until-close': {
        const n = this.tail - this.head;
        if (n === 0) return false;
        this.consume(n);
        this.bodyLength += n;
        return false;
      }
      default:
        return false;
    }
  }

  private fail(code: 'handshake.malformed' | 'handshake.too-large', message: string): false {
    this.events.push({ type: 'error', code, message });
    this.stop();
    return false;
  }

  /** Stop for good. Buffered bytes are dropped so that detach() after a stop gives the same (nothing) however the input was split. */
  private stop(): void {
    this.state = 'stopped';
    this.base += this.tail;
    this.head = this.tail = this.searchFrom = 0;
    this.marks = [];
    this.firstMark = 0;
  }

  private readHead(): boolean {
    // RFC 7230 §3.5: ignore empty lines before a request line (also tolerated before a status line).
    while (this.head < this.tail) {
      const byte = this.buf[this.head]!;
      if (byte === LF || (byte === CR && this.head + 1 < this.tail && this.buf[this.head + 1] === LF)) {
        this.consume(byte === LF ? 1 : 2);
      } else break;
    }
    if (this.head === this.tail || (this.buf[this.head] === CR && this.head + 1 === this.tail)) return false;
    const from = Math.max(this.head, this.searchFrom);
    const stop = findBlankLine(this.buf, from, this.tail);
    // The limit is judged the same way whether the end of the head has arrived or not, so the
    // verdict does not depend on how the bytes were split.
    if ((stop < 0 ? this.tail : stop) - this.head > this.maxHeaderBytes) {
      return this.fail(
        'handshake.too-large',
        `http ${this.role} head longer than the limit of ${this.maxHeaderBytes} bytes`,
      );
    }
    if (stop < 0) {
      // Resume a few bytes back: a terminator may straddle this push and the next.
      this.searchFrom = Math.max(this.head, this.tail - 2);
      return false;
    }
    const length = stop - this.head;
    const mark = this.markAt(this.base + stop - 1);
    const raw = this.consume(length).slice();
    return this.role === 'request' ? this.onRequest(raw, mark) : this.onResponse(raw, mark);
  }

  private onRequest(raw: Uint8Array, mark: PacketMark): boolean {
    const parsed = parseRequestHead(raw, mark.record, mark.time);
    if (!parsed.ok) return this.fail('handshake.malformed', parsed.message);
    const head = parsed.head;
    this.events.push({ type: 'request', head });
    // Only a WebSocket upgrade pauses: other upgrades (h2c …) are not this decoder's business,
    // and pausing for them would stall the stream if nobody resumes it.
    const upgrade = headerHasToken(head.headers, 'upgrade', 'websocket');
    // RFC 7230 §3.3.3: a request body is chunked, or Content-Length long, or absent.
    const framing = bodyFraming(head.headers, false);
    if (framing.kind === 'error') return this.fail('handshake.malformed', framing.message);
    return this.startBody(framing, upgrade);
  }

  private onResponse(raw: Uint8Array, mark: PacketMark): boolean {
    const parsed = parseResponseHead(raw, mark.record, mark.time);
    if (!parsed.ok) return this.fail('handshake.malformed', parsed.message);
    const head = parsed.head;
    this.events.push({ type: 'response', head });
    const status = head.status;
    if (status === 101) {
      // RFC 7230 §6.7: after 101 the connection speaks the new protocol right after the blank line.
      this.pendingMethods.shift();
      this.state = 'paused';
      return false;
    }
    // 1xx other than 101 are interim: the final response to the same request is still to come.
    if (status >= 100 && status < 200) return true;
    const method = this.pendingMethods.shift() ?? 'GET';
    // RFC 7230 §3.3.3 rule 1: responses to HEAD, and 1xx/204/304, have no body whatever the headers say.
    if (method.toUpperCase() === 'HEAD' || status === 204 || status === 304) {
      this.state = 'idle';
      return true;
    }
    // A 2xx answer to CONNECT switches to a tunnel: treat like an upgrade.
    if (method.toUpperCase() === 'CONNECT' && status >= 200 && status < 300) {
      this.state = 'paused';
      return false;
    }
    const framing = bodyFraming(head.headers, true);
    if (framing.kind === 'error') return this.fail('handshake.malformed', framing.message);
    return this.startBody(framing, false);
  }

  private startBody(framing: BodyFraming, pauseAfter: boolean): boolean {
    this.bodyLength = 0;
    this.bodyComplete = true;
    this.pauseAfterBody = pauseAfter;
    switch (framing.kind) {
      case 'error':
      case 'none':
        this.afterMessage();
        break;
      case 'length':
        this.remaining = framing.length;
        this.state = 'length';
        break;
      case 'chunked':
        this.state = 'chunk-size';
        break;
      case 'until-close':
        this.state = 'until-close';
        break;
    }
    return this.state !== 'paused';
  }

  private afterMessage(): void {
    this.state = this.pauseAfterBody ? 'paused' : 'idle';
    this.pauseAfterBody = false;
  }

  private finishBody(): void {
    this.events.push({ type: 'body', length: this.bodyLength, complete: this.bodyComplete });
    this.afterMessage();
  }

  private skipLength(): boolean {
    const n = Math.min(this.remaining, this.tail - this.head);
    this.consume(n);
    this.remaining -= n;
    this.bodyLength += n;
    if (this.remaining > 0) return false;
    this.finishBody();
    return true;
  }

  /** Read one line for the chunked coding; null when incomplete (or after a too-long error). */
  private readLine(what: string): string | null | false {
    const from = Math.max(this.head, this.searchFrom);
    const stop = findLineEnd(this.buf, from, this.tail);
    // Judged on the line's bytes whether or not its end has arrived (split-independent).
    if ((stop < 0 ? this.tail : stop) - this.head > this.maxHeaderBytes) {
      return this.fail('handshake.too-large', `${what} longer than ${this.maxHeaderBytes} bytes`);
    }
    if (stop < 0) {
      this.searchFrom = this.tail;
      return null;
    }
    const length = stop - this.head;
    const line = latin1(this.consume(length));
    return line.replace(/\r?\n$/, '');
  }

  /** RFC 7230 §4.1: chunk-size [ chunk-ext ] CRLF; chunk-ext = *( ";" chunk-ext-name [ "=" chunk-ext-val ] ) */
  private readChunkSize(): boolean {
    const line = this.readLine('chunk size line');
    if (line === null || line === false) return false;
    const match = /^([0-9A-Fa-f]{1,13})[ \t]*(?:;.*)?$/.exec(line);
    if (!match) return this.fail('handshake.malformed', `invalid chunk size line ${quote(line)}`);
    const size = Number.parseInt(match[1]!, 16);
    if (size === 0) {
      this.state = 'trailers';
      this.trailerBytes = 0;
      return true;
    }
    this.remaining = size;
    this.state = 'chunk-data';
    return true;
  }

  private skipChunkData(): boolean {
    const n = Math.min(this.remaining, this.tail - this.head);
    this.consume(n);
    this.remaining -= n;
    this.bodyLength += n;
    if (this.remaining > 0) return false;
    this.state = 'chunk-crlf';
    return true;
  }

  private readChunkCrlf(): boolean {
    // CRLF after chunk data (a bare LF is tolerated).
    if (this.head === this.tail) return false;
    const first = this.buf[this.head]!;
    if (first === LF) {
      this.consume(1);
    } else if (first === CR) {
      if (this.head + 1 === this.tail) return false;
      if (this.buf[this.head + 1] !== LF) return this.fail('handshake.malformed', 'chunk data not followed by crlf');
      this.consume(2);
    } else {
      return this.fail(
        'handshake.malformed',
        `chunk data not followed by crlf but by byte 0x${first.toString(16).padStart(2, '0')}`,
      );
    }
    this.state = 'chunk-size';
    return true;
  }

  /** RFC 7230 §4.1.2: trailer fields, then the final blank line. Trailers are skipped. */
  private readTrailers(): boolean {
    const line = this.readLine('chunked trailer section');
    if (line === null || line === false) return false;
    this.trailerBytes += line.length + 2;
    if (this.trailerBytes > this.maxHeaderBytes) {
      return this.fail('handshake.too-large', `chunked trailer section longer than ${this.maxHeaderBytes} bytes`);
    }
    if (line === '') this.finishBody();
    return true;
  }
}
