// The connection's mode, and the hand-over from HTTP/1.1 to WebSocket (RFC 6455 §4).
//
// Rules (h11's _state.py: everything that changes the mode lives here)
// 1. The mode changes only through TRANSITIONS: (mode, event) → next mode. An event the table does
//    not list for the current mode is a bug in the caller, never bad input: it throws DecoderBug
//    (the session reports decoder.internal-error). Bad input only ever makes findings.
// 2. This file knows HTTP, not frames: when the 101 arrives it hands the connection the bytes that
//    follow it on both sides, and the connection starts the frame parsers.
//
// Theory of operation
//   undecided ──http-seen──▶ http ──upgrade-requested──▶ upgrade-pending ──switched──▶ websocket
//       │                     ▲                               │
//       │                     └────────────refused────────────┘
//       ├──frames-seen──▶ websocket    (no handshake in the capture)
//       └──other-seen───▶ other
// - undecided: the classifier (classify.ts) has not seen enough; the connection buffers.
// - http: one HttpStream per direction. A request with Upgrade: websocket moves to upgrade-pending.
// - upgrade-pending: the client must wait for the response (§4.1), so its bytes are held, each
//   chunk at its stream offset. The server's HttpStream reads on.
//   · A 101 → switched: the server's bytes after the head and the held client bytes go to the
//     frame parsers. A 101 whose headers are wrong (no Upgrade: websocket, no Connection: Upgrade,
//     a wrong Sec-WebSocket-Accept) still switches: after a 101 the bytes are not HTTP (RFC 7230
//     §6.7), and when the peers went on to exchange frames, those frames are what the capture
//     holds. The finding stays, and the lifecycle's OPEN says a client must fail the connection.
//   · Any other final status → refused: back to http; the held bytes are read as HTTP (a retry).
//   · No response by the end → handshake.no-response (`finish`).
// - websocket, other: final.
//
// HttpStream pauses itself after a head that switches protocols; this file then always detach()es
// it (takes the bytes after the head) and, after a refusal, reads on with a fresh stream: held
// client bytes must live here anyway (they may become frames), so HttpStream has no resume().

import { DecoderBug, type FindingCode } from '../findings.js';
import { checkHandshake, HttpStream, headerHasToken } from '../http/index.js';
import type { ConnectionRecord, Handshake, HttpRequestHead, HttpResponseHead, Limits } from '../records.js';
import type { Side } from '../tcp/events.js';
import { PREFIX_LIMIT } from './classify.js';
import { HttpHunter } from './http-hunt.js';

export type Mode = 'undecided' | 'http' | 'upgrade-pending' | 'websocket' | 'other';
export type HandoverEvent = 'http-seen' | 'frames-seen' | 'other-seen' | 'upgrade-requested' | 'switched' | 'refused';

export const TRANSITIONS: Readonly<Record<Mode, Readonly<Partial<Record<HandoverEvent, Mode>>>>> = {
  undecided: { 'http-seen': 'http', 'frames-seen': 'websocket', 'other-seen': 'other' },
  http: { 'upgrade-requested': 'upgrade-pending' },
  'upgrade-pending': { switched: 'websocket', refused: 'http' },
  websocket: {},
  other: {},
};

/** Bytes of one side at their stream offset. */
export interface Chunk {
  offset: number;
  bytes: Uint8Array;
}

/** What the hand-over needs from the connection. */
export interface HandoverHost {
  readonly rec: ConnectionRecord;
  readonly clientSide: Side;
  /** Record and time of the last bytes seen from `side`. */
  last(side: Side): { record: number; time: number };
  finding(code: FindingCode, message: string, side: Side, packet: number, time: number): void;
  /** The record changed beyond its counters. */
  touched(): void;
  /** The 101 arrived: decode frames from here on. `detail` is the OPEN lifecycle entry's. */
  switched(handshake: Handshake, head: HttpResponseHead, detail: string, server: Chunk | null, client: Chunk[]): void;
}

export class Handover {
  private current: Mode = 'undecided';
  private readonly http: Record<Side, HttpStream | null> = { a: null, b: null };
  /** A side that began before the capture, inside a message: looking for the next head. */
  private readonly hunters: Record<Side, HttpHunter | null> = { a: null, b: null };
  /** Client chunks after an upgrade request, held until the response (bounded by PREFIX_LIMIT). */
  private held: Chunk[] = [];
  private heldLength = 0;
  /** Stream offset just past the upgrade request: where the held bytes begin. */
  private heldFrom = 0;
  private pendingUpgrade: HttpRequestHead | null = null;
  private pendingRequests: HttpRequestHead[] = [];
  private upgradeAttempted = false;
  /** Stream offset just past the last byte pushed, per side (where detach()ed bytes end). */
  private readonly end: Record<Side, number> = { a: 0, b: 0 };

  constructor(
    private readonly host: HandoverHost,
    private readonly limits: Limits,
  ) {}

  get mode(): Mode {
    return this.current;
  }

  /** Apply one event of the table; anything else is a bug (rule 1). */
  transition(event: HandoverEvent): void {
    const next = TRANSITIONS[this.current][event];
    if (next === undefined) throw new DecoderBug(`connection cannot handle ${event} in mode ${this.current}`);
    this.current = next;
  }

  /**
   * The classifier saw HTTP: read both directions as HTTP. `midMessage`: a side whose captured
   * bytes begin inside a message (the connection began before the capture): it is read from the
   * next message start, so its body bytes are not reported as a malformed head.
   */
  startHttp(midMessage: Record<Side, boolean> = { a: false, b: false }): void {
    this.transition('http-seen');
    for (const side of ['a', 'b'] as const) {
      if (midMessage[side]) this.hunters[side] = new HttpHunter(side === this.host.clientSide ? 'request' : 'response');
      else this.http[side] = this.newStream(side);
    }
  }

  /** Bytes of one side in http or upgrade-pending mode; false when they were held, not parsed. */
  push(side: Side, offset: number, bytes: Uint8Array, record: number, time: number): boolean {
    this.end[side] = offset + bytes.length;
    if (this.current === 'upgrade-pending' && side === this.host.clientSide) {
      this.hold({ offset, bytes });
      return false;
    }
    const hunter = this.hunters[side];
    if (hunter) {
      const found = hunter.push(bytes);
      if (found === null) return true;
      this.hunters[side] = null;
      this.http[side] = this.newStream(side);
      this.http[side]?.push(found, record, time);
      this.pull(side);
      return true;
    }
    this.http[side]?.push(bytes, record, time);
    this.pull(side);
    return true;
  }

  gap(side: Side, offset: number, length: number): void {
    this.end[side] = offset + length;
    this.hunters[side]?.gap();
    const http = this.http[side];
    if (!http) return; // Held bytes keep their offsets: the frame parser sees the gap itself.
    http.gap(length);
    this.pull(side);
  }

  /** The connection ended: finish bodies read until the close, then report what never finished. */
  finish(): void {
    for (const side of ['a', 'b'] as const) {
      this.http[side]?.end();
      this.pull(side);
    }
    const req = this.pendingUpgrade;
    const unanswered = req !== null;
    if (req) {
      const message = `upgrade request for ${req.target} got no response in the capture`;
      this.host.finding('handshake.no-response', message, this.host.clientSide, req.record, req.time);
      this.host.rec.httpExchanges.push({ request: req, response: null });
      this.host.rec.handshake ??= checkHandshake(req, null).handshake;
      this.pendingUpgrade = null;
    }
    for (const request of this.pendingRequests) this.host.rec.httpExchanges.push({ request, response: null });
    this.pendingRequests = [];
    // An upgrade that got no answer is not a refusal: say what the capture shows.
    if (this.upgradeAttempted && this.host.rec.kind === 'http')
      this.host.rec.kind = unanswered ? 'no-response' : 'rejected';
  }

  private newStream(side: Side): HttpStream {
    const role = side === this.host.clientSide ? 'request' : 'response';
    return new HttpStream(role, { maxHeaderBytes: this.limits.maxHeaderBytes });
  }

  private hold(chunk: Chunk): void {
    this.held.push(chunk);
    this.heldLength += chunk.bytes.length;
    if (this.heldLength > PREFIX_LIMIT) {
      // A client that talks this much before the response is not waiting for it: drop, so memory
      // stays bounded; later chunks keep their offsets, so the frame parser sees the hole.
      this.held = [];
      this.heldLength = 0;
    }
  }

  private pull(side: Side): void {
    for (;;) {
      const ev = this.http[side]?.next();
      if (!ev) return;
      if (ev.type === 'request') this.onRequest(side, ev.head);
      else if (ev.type === 'response') this.onResponse(side, ev.head);
      else if (ev.type === 'error') {
        const last = this.host.last(side);
        this.host.finding(ev.code, ev.message, side, last.record, last.time);
        this.http[side] = null;
      }
    }
  }

  private onRequest(side: Side, head: HttpRequestHead): void {
    this.http[side === 'a' ? 'b' : 'a']?.expectResponseTo(head.method);
    this.host.touched();
    if (!headerHasToken(head.headers, 'upgrade', 'websocket')) {
      this.pendingRequests.push(head);
      return;
    }
    this.transition('upgrade-requested');
    this.pendingUpgrade = head;
    this.upgradeAttempted = true;
    const rest = this.detach(side);
    this.heldFrom = rest?.offset ?? this.end[side];
    if (rest) this.hold(rest);
  }

  /** Stop reading `side` as HTTP; the bytes pushed past the last head, at their offset. */
  private detach(side: Side): Chunk | null {
    const rest = this.http[side]?.detach() ?? new Uint8Array(0);
    this.http[side] = null;
    return rest.length > 0 ? { offset: this.end[side] - rest.length, bytes: rest } : null;
  }

  private onResponse(side: Side, head: HttpResponseHead): void {
    if (head.status >= 100 && head.status < 200 && head.status !== 101) return;
    this.host.touched();
    // RFC 7230 §6.3.2: responses come in request order, so requests pipelined before the upgrade
    // request are answered first; the upgrade's response is the one after them.
    const earlier = this.pendingRequests.shift();
    if (earlier) {
      this.host.rec.httpExchanges.push({ request: earlier, response: head });
      return;
    }
    const req = this.pendingUpgrade;
    if (!req) return;
    this.pendingUpgrade = null;
    const { handshake, findings } = checkHandshake(req, head);
    this.host.rec.handshake = handshake;
    const client = this.host.clientSide;
    for (const f of findings) {
      const fromClient = f.sender === 'client';
      const at = fromClient ? req : head;
      this.host.finding(f.code, f.message, fromClient ? client : side, at.record, at.time);
    }
    const held = this.held;
    this.held = [];
    this.heldLength = 0;
    // Any 101 switches (rule in the header): frames that follow are decoded even when the
    // headers are wrong; the findings above and the OPEN detail say a client must fail it.
    if (head.status === 101) {
      this.transition('switched');
      this.host.rec.kind = 'websocket';
      const server = this.detach(side);
      this.http[client] = null;
      this.host.switched(handshake, head, openDetail(handshake, head), server, held);
      return;
    }
    // Refused: the client may try again on the same connection, so it goes back to HTTP.
    this.transition('refused');
    if (this.host.rec.kind !== 'websocket') this.host.rec.kind = 'rejected';
    this.host.rec.httpExchanges.push({ request: req, response: head });
    this.http[client] = this.newStream(client);
    this.replay(client, held);
  }

  /**
   * After a refusal, the held client bytes are read again as if they arrived now (a retry may be
   * among them, and may be held again in turn), with the holes between them as gaps.
   */
  private replay(client: Side, held: Chunk[]): void {
    const end = this.end[client];
    const last = this.host.last(client);
    let at = this.heldFrom;
    for (const chunk of held) {
      if (chunk.offset > at) this.gap(client, at, chunk.offset - at);
      this.push(client, chunk.offset, chunk.bytes, last.record, last.time);
      at = chunk.offset + chunk.bytes.length;
    }
    if (end > at) this.gap(client, at, end - at);
    this.end[client] = end;
  }
}

/**
 * The OPEN lifecycle entry for a 101: the status, and why a client must fail the connection when
 * it must (RFC 6455 §4.1 items 2-4 of the client's checks); frames may follow all the same.
 */
function openDetail(handshake: Handshake, head: HttpResponseHead): string {
  const status = `${head.status} ${head.reason}`.trim();
  const wrong: string[] = [];
  if (!headerHasToken(head.headers, 'upgrade', 'websocket')) wrong.push('Upgrade does not name websocket');
  if (!headerHasToken(head.headers, 'connection', 'upgrade')) wrong.push('Connection does not name Upgrade');
  // The accept is judged only on a WebSocket upgrade (handshake.ts), as its finding is.
  if (handshake.upgraded && !handshake.accept.valid) wrong.push('Sec-WebSocket-Accept is wrong');
  if (wrong.length === 0) return status;
  return `${status}, but ${wrong.join(' and ')}: a client must fail the connection (RFC 6455 §4.1)`;
}
