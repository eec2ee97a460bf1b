// One TCP connection, from the tracker's events to WebSocket records: the façade over its parts.
//
// Theory of operation
// - The tracker names the two sides 'a' (sent the SYN, or the first packet) and 'b'. Until the
//   classifier (classify.ts) knows what the connection carries and who the client is, each side's
//   bytes wait in the Classifier.
// - The mode and its transitions are handover.ts's (h11's _state.py): HTTP per direction, the
//   upgrade request, the held client bytes, the 101 that hands both sides' remaining bytes over.
// - From then on one DirectionDecoder per side (direction.ts) turns bytes into frame and message
//   records, and the Conversation (conversation.ts) pairs pings with pongs and follows the close
//   handshake and the lifecycle across both.
// - This file routes events to those parts; what they produce goes out through the Reporter
//   (report.ts) at once, in the order it was produced.

import { DecoderBug, type FindingCode } from '../findings.js';
import type { ConnectionRecord, DecoderEvent, Direction, Handshake, HttpResponseHead, Limits } from '../records.js';
import type { SegmentSpan, Side, TcpEvent } from '../tcp/events.js';
import { Classifier, PREFIX_LIMIT } from './classify.js';
import { cloneConnectionRecord, newConnectionRecord } from './connection-record.js';
import { Conversation, type TcpEnd } from './conversation.js';
import { DirectionDecoder, type IdSource } from './direction.js';
import { type Chunk, Handover, type HandoverHost } from './handover.js';
import { Reporter } from './report.js';
import { SpanIndex } from './span-index.js';

interface SideState {
  /** Capture records of the bytes not yet claimed by a frame (or an HTTP head). */
  readonly spans: SpanIndex;
  /** Record and time of this side's last bytes. */
  readonly last: { record: number; time: number };
  /** TCP payload bytes, by tracker side until the roles are known (read through dir()). */
  bytes: number;
  ws: DirectionDecoder | null;
}

const newSide = (): SideState => ({
  spans: new SpanIndex(),
  last: { record: 0, time: 0 },
  bytes: 0,
  ws: null,
});
const otherSide = (side: Side): Side => (side === 'a' ? 'b' : 'a');

export class ConnectionDecoder implements HandoverHost {
  readonly rec: ConnectionRecord;
  private readonly out: Reporter;
  private readonly sides: Record<Side, SideState> = { a: newSide(), b: newSide() };
  private readonly classifier: Classifier;
  private readonly handover: Handover;
  private readonly conversation: Conversation;
  private ended = false;

  constructor(
    open: Extract<TcpEvent, { type: 'open' }>,
    private readonly limits: Limits,
    private readonly ids: IdSource,
    emit: (ev: DecoderEvent) => void,
    private readonly frameFields = true,
  ) {
    this.rec = newConnectionRecord(open);
    this.classifier = new Classifier(open.synSeen);
    this.handover = new Handover(this, limits);
    this.conversation = new Conversation(this.rec);
    this.out = new Reporter(this.rec, this.conversation, emit);
  }

  /** See Reporter: the record changed since the last snapshot (counters, or more). */
  get dirty(): boolean {
    return this.out.dirty;
  }
  get changed(): boolean {
    return this.out.changed;
  }
  get clientSide(): Side {
    return this.out.clientSide;
  }
  /** Record number of this connection's last event (the memory budget evicts the idlest). */
  get lastRecord(): number {
    return this.rec.lastRecord;
  }
  /** A PendingConnection became this decoder: carry over whether it was snapshotted since. */
  setSnapshotFlags(dirty: boolean, changed: boolean): void {
    this.out.dirty = dirty;
    this.out.changed = changed;
  }

  onEvent(ev: TcpEvent): void {
    if (ev.type === 'finding') return;
    // Every other event has a record and a time.
    if (ev.time > this.rec.lastTime) this.rec.lastTime = ev.time;
    if (ev.record > this.rec.lastRecord) this.rec.lastRecord = ev.record;
    switch (ev.type) {
      case 'data':
        this.onData(ev.side, ev.streamOffset, ev.bytes, ev.spans, ev.record, ev.time);
        break;
      case 'gap':
        this.onGap(ev.side, ev.streamOffset, ev.length, ev.record, ev.time);
        break;
      case 'control':
        this.rec.tcpEvents.push({ what: ev.what, direction: this.out.dir(ev.side), time: ev.time, record: ev.record });
        if (ev.what === 'fin' || ev.what === 'rst') this.markFinal(ev.side);
        if (ev.what === 'rst') this.markFinal(otherSide(ev.side));
        this.out.changed = true;
        break;
      case 'closed':
        this.finish(ev.how, ev.record, ev.time);
        break;
      case 'open':
        throw new DecoderBug(`connection ${this.rec.id} opened twice`);
    }
  }

  /** A finding produced by the tracker for this connection. */
  countFinding(): void {
    this.rec.findingCount++;
    this.out.dirty = true;
  }

  /** Fill the per-direction TCP byte counts (kept by side until the roles were known). */
  snapshot(): ConnectionRecord {
    this.rec.stats.client.bytes = this.sides[this.clientSide].bytes;
    this.rec.stats.server.bytes = this.sides[otherSide(this.clientSide)].bytes;
    this.out.dirty = false;
    this.out.changed = false;
    return cloneConnectionRecord(this.rec);
  }

  // ------------------------------------------------------------------ bytes in

  private onData(side: Side, offset: number, bytes: Uint8Array, spans: SegmentSpan[], record: number, time: number) {
    const s = this.sides[side];
    s.last.record = record;
    s.last.time = time;
    s.bytes += bytes.length;
    this.out.dirty = true;
    if (this.handover.mode !== 'undecided') {
      this.feed(side, offset, bytes, spans, record, time);
      return;
    }
    this.classifier.add(side, offset, bytes, spans);
    this.decide(record, time);
  }

  private feed(side: Side, offset: number, bytes: Uint8Array, spans: SegmentSpan[], record: number, time: number) {
    const s = this.sides[side];
    const mode = this.handover.mode;
    if (mode === 'websocket') {
      s.spans.add(spans);
      s.ws?.push(bytes, offset, record, time);
    } else if (mode === 'http' || mode === 'upgrade-pending') {
      s.spans.add(spans);
      // Heads and bodies are done with once parsed; held bytes keep their spans for the frames.
      if (this.handover.push(side, offset, bytes, record, time))
        s.spans.dropBefore(offset + bytes.length - PREFIX_LIMIT);
    }
  }

  private onGap(side: Side, offset: number, length: number, record: number, time: number): void {
    const s = this.sides[side];
    if (this.handover.mode === 'undecided') {
      this.classifier.end(side);
      this.decide(record, time);
    }
    const mode = this.handover.mode;
    if (mode === 'websocket') s.ws?.gap(offset, length, record, time);
    else if (mode === 'http' || mode === 'upgrade-pending') this.handover.gap(side, offset, length);
  }

  private markFinal(side: Side): void {
    const s = this.sides[side];
    this.classifier.end(side);
    if (this.handover.mode === 'undecided') this.decide(s.last.record, s.last.time);
  }

  // ------------------------------------------------------------------ what the connection carries

  private decide(record: number, time: number): void {
    const decision = this.classifier.decide();
    if (!decision) return;
    this.out.changed = true;
    if (decision.verdict === 'other') {
      this.handover.transition('other-seen');
      return;
    }
    if (!this.rec.synSeen && (decision.clientSide ?? 'a') !== 'a') this.swapRoles();
    // Roles are seen from a SYN or an HTTP request; from masking they are inferred.
    this.rec.rolesGuessed = !this.rec.synSeen && decision.verdict !== 'http';
    if (decision.verdict === 'http') {
      this.rec.kind = 'http';
      this.handover.startHttp();
    } else {
      this.rec.kind = 'websocket-no-handshake';
      this.handover.transition('frames-seen');
      this.startFrames(null, decision.hunt);
      const unknown = 'the accept key, subprotocol and any deflate state are unknown';
      this.out.finding(
        'handshake.not-seen',
        `websocket frames without their opening handshake in the capture: ${unknown}`,
        null,
        record,
        time,
      );
      this.lifecycle('OPEN', time, record, null, 'handshake not captured (first WebSocket frame seen)');
      for (const { side, bytes, record: at } of decision.skipped) {
        const message = `first ${bytes} bytes of the stream belong to a frame that began before the capture`;
        this.out.finding('frame.incomplete', message, side, at ?? record, time);
      }
    }
    for (const side of ['a', 'b'] as const) {
      const { offset, bytes, spans } = decision.chunks[side];
      if (bytes.length > 0) this.feed(side, offset, bytes, spans, record, time);
    }
  }

  private swapRoles(): void {
    this.out.clientSide = 'b';
    [this.rec.client, this.rec.server] = [this.rec.server, this.rec.client];
    for (const t of this.rec.tcpEvents) t.direction = t.direction === 'client' ? 'server' : 'client';
  }

  /** `hunt` (no handshake): a side whose framing start is unknown hunts for it. */
  private startFrames(handshake: Handshake | null, hunt: Record<Side, boolean> | null): void {
    for (const side of ['a', 'b'] as const) {
      const s = this.sides[side];
      const direction = this.out.dir(side);
      const synchronized = !hunt?.[side];
      const options = { side, direction, connectionId: this.rec.id, handshake, synchronized, limits: this.limits };
      s.ws = new DirectionDecoder(
        { ...options, fields: this.frameFields },
        s.spans,
        this.rec.stats[direction],
        this.ids,
        this.out,
      );
    }
  }

  // ------------------------------------------------------------------ HandoverHost

  last(side: Side): { record: number; time: number } {
    return this.sides[side].last;
  }

  finding(code: FindingCode, message: string, side: Side, packet: number, time: number): void {
    this.out.finding(code, message, side, packet, time);
  }

  touched(): void {
    this.out.changed = true;
  }

  switched(handshake: Handshake, head: HttpResponseHead, detail: string, server: Chunk | null, client: Chunk[]): void {
    this.lifecycle('OPEN', head.time, head.record, 'server', detail);
    this.startFrames(handshake, null);
    if (server) this.sides[otherSide(this.clientSide)].ws?.push(server.bytes, server.offset, head.record, head.time);
    const c = this.sides[this.clientSide];
    for (const chunk of client) c.ws?.push(chunk.bytes, chunk.offset, c.last.record, c.last.time);
  }

  private lifecycle(state: 'OPEN', time: number, record: number, by: Direction | null, detail: string): void {
    if (this.conversation.lifecycle(state, time, record, by, detail)) this.out.changed = true;
  }

  private finish(how: TcpEnd, record: number, time: number): void {
    if (this.ended) return;
    this.ended = true;
    this.classifier.end('a');
    this.classifier.end('b');
    if (this.handover.mode === 'undecided') this.decide(record, time);
    this.handover.finish();
    this.sides.a.ws?.end(record, time);
    this.sides.b.ws?.end(record, time);
    const missing = this.conversation.ended(how, record, time, this.handover.mode === 'websocket');
    if (missing) this.out.finding(missing.code, missing.message, null, record, time);
    this.out.changed = true;
  }
}
