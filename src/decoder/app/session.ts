// The application layer behind the decoder's events: fed each drained batch of DecoderEvents, it
// chooses a protocol per connection (select.ts), decodes every message of it (the protocol
// modules), sets `message.app` and `connection.app` on the records before they are handed out,
// pairs requests with answers (pairing.ts), and adds `request` and `finding` events.
//
// Rules
// - Pure and sans-I/O like the rest of the decoder; a protocol module never throws for bad input
//   (it returns app.malformed); an exception from one is a bug, reported as
//   decoder.internal-error, and that connection's app decoding stops.
// - Hot path: a connection with no protocol costs one Map lookup per message once decided.
// - Connection snapshots in a batch are read before its messages: the session may put a
//   connection's snapshot after that connection's first messages in one drain.

import { internalError, makeFinding } from '../findings.js';
import type { ConnectionRecord, DecoderEvent, Direction, MessageRecord } from '../records.js';
import type { ProtoChoice } from './generic.js';
import { Pairing } from './pairing.js';
import { makeDecoder } from './registry.js';
import { bySubprotocol, byTarget, type Choice, SNIFF_MESSAGES, SNIFF_MIN, sniff } from './select.js';
import type { AppInfo, AppPacket, AppProtocolName, PairRole, ProtocolDecoder } from './types.js';
import { jsonLike } from './util.js';

/** Sniffing confidence that decides on one message; weaker votes need two messages. */
const SURE = 0.7;
const VERY_SURE = 0.9;

export interface AppOptions {
  /** Per connection id, a protocol to use, or 'none' to decode none. */
  overrides?: ReadonlyMap<number, AppProtocolName | 'none'>;
  /** A `.proto` schema and message type for connections decoded as protobuf. */
  proto?: ProtoChoice;
  /**
   * Keeps the payloads of messages held while sniffing: the session's transientPayloads reuses
   * payload memory after the step that handed it out, and its hold keeps them in reused blocks.
   * Without it the records themselves are held.
   */
  hold?: PayloadHold;
}

export interface PayloadHold {
  keep(payload: Uint8Array): HeldPayload;
}

export interface HeldPayload {
  /** The payload, as a fresh array. */
  bytes(): Uint8Array;
  /** Not needed any more. */
  drop(): void;
}

interface ConnState {
  /**
   * The upgrade request's target from the connection's latest snapshot (what choosing a decoder
   * needs), not the snapshot itself: a snapshot comes per connection per MiB of input, and one
   * kept here until the next outlived the young generation, so most of them became old garbage.
   */
  target: string | null;
  choice: Choice | null;
  /** No protocol and no more sniffing. */
  done: boolean;
  decoder: ProtocolDecoder | null;
  pairing: Pairing | null;
  sniffed: number;
  /** app.malformed findings reported on it (added to its snapshots' findingCount). */
  findings: number;
  /** A weak vote (below SURE) waiting for a second message to agree. */
  weak: AppProtocolName | null;
  /** Messages seen while sniffing, decoded once a protocol is chosen. */
  waiting: MessageRecord[];
  /** With AppOptions.hold: their payloads, in the same order. */
  held: HeldPayload[];
}

export class AppSession {
  private readonly conns = new Map<number, ConnState>();
  private requestSeq = 0;
  private readonly nextRequestId = () => ++this.requestSeq;
  /** The batch being processed: a malformed message's packet is looked up in its frames. */
  private batch: readonly DecoderEvent[] = [];

  constructor(private readonly options: AppOptions = {}) {}

  /** Annotate the batch's records in place; returns the events to append after it. */
  process(events: readonly DecoderEvent[]): DecoderEvent[] {
    this.batch = events;
    const out: DecoderEvent[] = [];
    for (const ev of events) if (ev.kind === 'connection') this.onConnection(ev.connection);
    for (const ev of events) if (ev.kind === 'message') this.onMessage(ev.message, out);
    // Snapshots carry the choice (the connection event may come before the choice was made).
    for (const ev of events) {
      if (ev.kind !== 'connection') continue;
      const s = this.conns.get(ev.connection.id);
      const c = s?.choice;
      ev.connection.app = c ? { ...c } : null;
      // The connection's own count does not know the app layer's findings.
      if (s) ev.connection.findingCount += s.findings;
      // Its last snapshot (`end` is set once it is over; its messages came before, in this batch
      // or earlier): nothing more comes for it, so its state goes. Kept, every connection's
      // latest record and protocol state added up over a long capture (the CLI's peak RSS).
      if (ev.connection.end) {
        if (s) this.dropHeld(s);
        this.conns.delete(ev.connection.id);
      }
    }
    return out;
  }

  private dropHeld(s: ConnState): void {
    for (const h of s.held) h.drop();
    s.held = [];
  }

  /** Connections whose state is held: those seen and not yet ended. */
  get heldConnections(): number {
    return this.conns.size;
  }

  private state(id: number): ConnState {
    let s = this.conns.get(id);
    if (!s) {
      s = {
        target: null,
        choice: null,
        done: false,
        decoder: null,
        pairing: null,
        sniffed: 0,
        findings: 0,
        weak: null,
        waiting: [],
        held: [],
      };
      this.conns.set(id, s);
      const forced = this.options.overrides?.get(id);
      if (forced === 'none') s.done = true;
      else if (forced) this.choose(s, { protocol: forced, chosenBy: 'override', confidence: 1 });
    }
    return s;
  }

  private onConnection(rec: ConnectionRecord): void {
    const s = this.state(rec.id);
    s.target = rec.handshake?.request?.target ?? null;
    if (s.choice || s.done || !rec.handshake) return;
    const sub = bySubprotocol(rec.handshake);
    if (sub) {
      this.choose(s, { protocol: sub, chosenBy: 'subprotocol', confidence: 1 });
      return;
    }
    const target = byTarget(rec.handshake);
    if (target) this.choose(s, { protocol: target, chosenBy: 'target', confidence: 0.9 });
  }

  private choose(s: ConnState, choice: Choice): void {
    s.choice = choice;
    s.decoder = makeDecoder(choice.protocol, s.target, this.options.proto);
    s.pairing = new Pairing(this.nextRequestId);
  }

  private onMessage(msg: MessageRecord, out: DecoderEvent[]): void {
    const s = this.state(msg.connectionId);
    if (s.done) return;
    if (msg.type !== 'text' && msg.type !== 'binary') return;
    if (!s.decoder) {
      const vote = sniff(msg.payload, msg.type === 'text' ? msg.text : null);
      s.waiting.push(msg);
      if (this.options.hold) s.held.push(this.options.hold.keep(msg.payload));
      // A weak vote (a binary payload that merely parses as MessagePack or CBOR) needs a second
      // message to agree before the connection is read that way.
      // After messages that looked like nothing, one vote must be very sure (a chat app's JSON
      // can look like a protocol message once).
      const sure = s.sniffed > 0 ? VERY_SURE : SURE;
      const agreed = vote !== null && vote.confidence < sure && s.weak === vote.protocol;
      if (vote && vote.confidence < sure && !agreed) s.weak = vote.protocol;
      if (vote && vote.confidence >= SNIFF_MIN && (vote.confidence >= sure || agreed)) {
        this.choose(s, { protocol: vote.protocol, chosenBy: 'sniff', confidence: agreed ? SURE : vote.confidence });
        const waiting = s.waiting;
        const held = s.held;
        s.waiting = [];
        s.held = [];
        for (let i = 0; i < waiting.length; i++) {
          const m = waiting[i] as MessageRecord;
          const h = held[i];
          // The held copy: the record's own payload may have been reused since (AppOptions.hold).
          if (h !== undefined) {
            m.payload = h.bytes();
            h.drop();
          }
          this.decode(s, m, out);
        }
      } else if (++s.sniffed >= SNIFF_MESSAGES) {
        s.done = true;
        s.waiting = [];
        this.dropHeld(s);
      }
      return;
    }
    this.decode(s, msg, out);
  }

  private decode(s: ConnState, msg: MessageRecord, out: DecoderEvent[]): void {
    const decoder = s.decoder;
    const protocol = s.choice?.protocol;
    if (!decoder || !protocol || !s.pairing) return;
    let result: ReturnType<ProtocolDecoder['decode']>;
    try {
      result = decoder.decode(msg.direction, msg.payload, msg.type === 'text' ? msg.text : null);
    } catch (error) {
      s.done = true;
      s.decoder = null;
      const where = { connectionId: msg.connectionId, direction: msg.direction, messageId: msg.id, time: msg.time };
      out.push({ kind: 'finding', finding: internalError(error, `${protocol} in message ${msg.id}`, where) });
      return;
    }
    for (const p of result.packets) this.pair(s, protocol, p, msg, out);
    if (result.malformed) {
      const m = result.malformed;
      const message = `message ${msg.id} does not parse as ${protocol} at byte ${m.offset}: ${m.message}`;
      const where = {
        connectionId: msg.connectionId,
        direction: msg.direction,
        messageId: msg.id,
        time: msg.time,
        packet: this.packetOf(msg),
        frameId: msg.frameIds.at(-1) ?? null,
      };
      out.push({ kind: 'finding', finding: makeFinding('app.malformed', message, where) });
      s.findings++;
      msg.findings = [...msg.findings, 'app.malformed'];
    }
    msg.app = appInfo(protocol, result.packets, result.malformed?.message ?? null, result.held ?? 0);
  }

  /** The capture record that completed the message (its last frame's last packet), if in this batch. */
  private packetOf(msg: MessageRecord): number | null {
    const last = msg.frameIds.at(-1);
    for (let i = this.batch.length - 1; i >= 0; i--) {
      const ev = this.batch[i];
      if (ev?.kind === 'frame' && ev.frame.id === last) return ev.frame.packets.at(-1) ?? null;
    }
    return null;
  }

  private pair(s: ConnState, protocol: AppProtocolName, p: AppPacket, msg: MessageRecord, out: DecoderEvent[]): void {
    if (!p.pair || !s.pairing) return;
    const roles: readonly PairRole[] = Array.isArray(p.pair) ? p.pair : [p.pair];
    const at = {
      connectionId: msg.connectionId,
      protocol,
      direction: msg.direction as Direction,
      messageId: msg.id,
      time: msg.time,
    };
    for (const role of roles) {
      if (role.op === 'answer' && p.name === null) p.name = s.pairing.nameOf(role.key);
      const rec = s.pairing.apply(role, at);
      if (rec) out.push({ kind: 'request', request: rec });
    }
  }
}

/** MessageRecord.app for the packets one message completed. */
export function appInfo(protocol: AppProtocolName, packets: AppPacket[], error: string | null, held: number): AppInfo {
  const first = packets[0];
  if (!first) {
    const summary = error ? `malformed: ${error}` : held > 0 ? `part of a packet (${held} bytes held)` : '(nothing)';
    return { protocol, kind: error ? 'malformed' : 'partial', name: null, id: null, summary };
  }
  const info: AppInfo = { protocol, kind: first.kind, name: first.name, id: first.id, summary: first.summary };
  if (first.data !== undefined) info.data = jsonLike(first.data);
  if (packets.length > 1) {
    info.summary = `${packets.length} packets: ${packets.map((p) => p.summary).join(' | ')}`;
    if (info.summary.length > 240) info.summary = `${info.summary.slice(0, 239)}…`;
    info.packets = packets.map((p) => ({
      kind: p.kind,
      name: p.name,
      id: p.id,
      summary: p.summary,
      ...(p.data !== undefined ? { data: jsonLike(p.data) } : {}),
    }));
  }
  return info;
}

/** Every packet of a message's app reading (one, or `packets` when it held several). */
export function appPackets(app: AppInfo | null | undefined): AppPacket[] {
  if (!app) return [];
  if (app.packets) return app.packets;
  if (app.kind === 'partial' || app.kind === 'malformed') return [];
  const { kind, name, id, summary, data } = app;
  return [data === undefined ? { kind, name, id, summary } : { kind, name, id, summary, data }];
}
