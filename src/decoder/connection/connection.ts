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
import { KeyLog } from '../tls/keylog.js';
import { TlsConnection, type TlsHost, type TlsOptions } from '../tls/tls-connection.js';
import type { SessionBuffers } from '../websocket/block-pool.js';
import { Classifier, type Decision, PREFIX_LIMIT } from './classify.js';
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
/** For connections of a session given no TLS options: records are parsed, nothing is decrypted. */
const EMPTY_KEY_LOG = new KeyLog();

export class ConnectionDecoder implements HandoverHost, TlsHost {
  readonly rec: ConnectionRecord;
  private readonly out: Reporter;
  private readonly sides: Record<Side, SideState> = { a: newSide(), b: newSide() };
  /** What the bytes carry; after TLS is recognised, a new one for the plaintext. */
  private classifier: Classifier;
  /** The TLS layer (tls/tls-connection.ts) once the connection is recognised as TLS. */
  private tls: TlsConnection | null = null;
  private readonly handover: Handover;
  private readonly conversation: Conversation;
  private ended = false;
  /**
   * TCP closed while TLS records still wait for keys (a pcapng DSB or key log lines may come
   * after the connection's packets): the end is applied once they are decrypted, or at the end
   * of the capture.
   */
  private deferredClose: { how: TcpEnd; record: number; time: number } | null = null;

  constructor(
    open: Extract<TcpEvent, { type: 'open' }>,
    private readonly limits: Limits,
    private readonly ids: IdSource,
    emit: (ev: DecoderEvent) => void,
    private readonly frameFields = true,
    private readonly tlsOptions: TlsOptions | null = null,
    /** SessionOptions.pooledBuffers and transientPayloads: the session's buffers. */
    private readonly buffers: SessionBuffers | null = null,
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
        if (this.tls?.holding) this.deferredClose = { how: ev.how, record: ev.record, time: ev.time };
        else this.finish(ev.how, ev.record, ev.time);
        break;
      case 'open':
        throw new DecoderBug(`connection ${this.rec.id} opened twice`);
    }
  }

  /** Lowers `floor` to the smallest frame and message ids a later record may name (direction.ts liveIds). */
  liveIds(floor: { frame: number; message: number }): void {
    this.sides.a.ws?.liveIds(floor);
    this.sides.b.ws?.liveIds(floor);
    const ping = this.conversation.oldestPingId();
    if (ping < floor.message) floor.message = ping;
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
    if (this.out.end.over) this.rec.end = this.out.end.judge(this.rec);
    return cloneConnectionRecord(this.rec);
  }

  // ------------------------------------------------------------------ bytes in

  private onData(side: Side, offset: number, bytes: Uint8Array, spans: SegmentSpan[], record: number, time: number) {
    const s = this.sides[side];
    s.last.record = record;
    s.last.time = time;
    s.bytes += bytes.length;
    this.out.dirty = true;
    if (this.tls) {
      this.tls.push(side, offset, bytes, spans, record, time);
      return;
    }
    this.route(side, offset, bytes, spans, record, time);
  }

  /** Stream bytes (TCP, or TLS plaintext) to whoever reads them now. */
  private route(side: Side, offset: number, bytes: Uint8Array, spans: SegmentSpan[], record: number, time: number) {
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
    if (!this.tls && this.handover.mode === 'undecided') {
      this.classifier.end(side);
      this.decide(record, time);
    }
    if (this.tls) {
      this.tls.gap(side, offset, length, record, time);
      return;
    }
    this.routeGap(side, offset, length, record, time);
  }

  /** A gap in the stream (TCP, or TLS plaintext lost with its records). */
  private routeGap(side: Side, offset: number, length: number, record: number, time: number): void {
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
    // Plaintext still held for keys is yet to come: its end is the deferred close's.
    if (this.tls?.holding) return;
    this.classifier.end(side);
    if (this.handover.mode === 'undecided') this.decide(s.last.record, s.last.time);
  }

  // ------------------------------------------------------------------ what the connection carries

  private decide(record: number, time: number): void {
    const decision = this.classifier.decide();
    if (!decision) return;
    this.out.changed = true;
    if (decision.verdict === 'tls' && !this.tls) {
      this.rec.protocol = 'tls';
      this.startTls(decision, record, time);
      return;
    }
    // Inside TLS the record keeps 'tls' unless the plaintext is HTTP or WebSocket.
    if (!this.tls || decision.verdict === 'http' || decision.verdict === 'websocket')
      this.rec.protocol = decision.protocol;
    this.rec.guess = decision.guess;
    if (!this.rec.synSeen && decision.clientSide !== null && decision.clientSide !== this.out.clientSide)
      this.swapRoles();
    if (decision.verdict === 'other' || decision.verdict === 'tls') {
      // Roles from a recognised opening (a ClientHello, a greeting) are as good as a request's.
      if (decision.clientSide !== null) this.rec.rolesGuessed = false;
      this.handover.transition('other-seen');
      return;
    }
    // Roles are seen from a SYN or an HTTP request; from masking they are inferred.
    this.rec.rolesGuessed = !this.rec.synSeen && decision.verdict !== 'http';
    if (decision.verdict === 'http') {
      this.rec.kind = 'http';
      // Began before the capture: a side may start inside a body; it is read from its next head.
      this.handover.startHttp({ a: !decision.startSeen, b: !decision.startSeen });
    } else {
      this.rec.kind = 'websocket-no-handshake';
      this.handover.transition('frames-seen');
      this.startFrames(null, decision.hunt);
      // The guess may wait for evidence: OPEN is where the first frame bytes were, not the decision.
      const first = [decision.chunks.a.spans[0], decision.chunks.b.spans[0]]
        .filter((s) => s !== undefined)
        .sort((x, y) => x.record - y.record)[0];
      const at = first ?? { record, time };
      const unknown = 'the accept key, subprotocol and any deflate state are unknown';
      const confidence = decision.guess ? ` (${decision.guess.confidence} confidence: ${decision.guess.reason})` : '';
      this.out.finding(
        'handshake.not-seen',
        `websocket frames without their opening handshake in the capture${confidence}: ${unknown}`,
        null,
        at.record,
        at.time,
      );
      this.lifecycle('OPEN', at.time, at.record, null, 'handshake not captured (first WebSocket frame seen)');
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
    this.out.clientSide = otherSide(this.out.clientSide);
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
        {
          ...options,
          fields: this.frameFields,
          pool: this.buffers?.pool,
          arena: this.buffers?.arena,
          source: this.buffers?.source,
          lengthsOnly: this.buffers?.lengthsOnly,
        },
        s.spans,
        this.rec.stats[direction],
        this.ids,
        this.out,
      );
    }
  }

  // ------------------------------------------------------------------ TLS (TlsHost)

  /** The connection is TLS: records from here on, their plaintext read by a new classifier. */
  private startTls(decision: Decision, record: number, time: number): void {
    if (!this.rec.synSeen && decision.clientSide !== null && decision.clientSide !== this.out.clientSide)
      this.swapRoles();
    this.rec.rolesGuessed = !this.rec.synSeen && decision.clientSide === null;
    const options = this.tlsOptions ?? { crypto: null, keyLog: EMPTY_KEY_LOG };
    this.tls = new TlsConnection(options, this, decision.hunt);
    this.rec.tls = this.tls.info;
    // The plaintext's start is seen only when the records' is: then an upgrade must open it.
    const startSeen = this.rec.synSeen && !decision.hunt.a && !decision.hunt.b && !decision.skipped.length;
    this.classifier = new Classifier(startSeen);
    for (const side of ['a', 'b'] as const) {
      const { offset, bytes, spans } = decision.chunks[side];
      if (bytes.length > 0) this.tls.push(side, offset, bytes, spans, record, time);
    }
  }

  /** Keys may have arrived (key log added, pcapng DSB): decrypt what waited for them. */
  retryKeys(): void {
    this.tls?.retryKeys();
    if (this.deferredClose && !this.tls?.holding) this.finishDeferred();
  }

  /** TCP closed but the end waits for keys (see deferredClose). */
  get closeDeferred(): boolean {
    return this.deferredClose !== null;
  }

  /** Apply a deferred end now (keys arrived, or the capture ended without them). */
  finishDeferred(): void {
    const d = this.deferredClose;
    if (!d) return;
    this.deferredClose = null;
    this.finish(d.how, d.record, d.time);
  }

  /** The connection is over: its last snapshot can go out and it can be dropped. */
  get finished(): boolean {
    return this.ended;
  }

  plaintext(side: Side, offset: number, bytes: Uint8Array, spans: SegmentSpan[], record: number, time: number): void {
    // HTTP/2 (ALPN h2) is reported by the TLS layer, not misread as HTTP/1.1.
    if (this.rec.tls?.alpn === 'h2') return;
    this.route(side, offset, bytes, spans, record, time);
  }

  plaintextGap(side: Side, offset: number, length: number, record: number, time: number): void {
    if (this.rec.tls?.alpn === 'h2') return;
    this.routeGap(side, offset, length, record, time);
  }

  dir(side: Side): Direction {
    return this.out.dir(side);
  }

  connectionId(): number {
    return this.rec.id;
  }

  clientIs(side: Side): void {
    if (!this.rec.synSeen && side !== this.out.clientSide) this.swapRoles();
    if (!this.rec.synSeen) this.rec.rolesGuessed = false;
  }

  serverName(): string {
    const s = this.rec.server;
    return `${s.address.includes(':') ? `[${s.address}]` : s.address}:${s.port}`;
  }

  // ------------------------------------------------------------------ HandoverHost

  last(side: Side): { record: number; time: number } {
    return this.sides[side].last;
  }

  finding(code: FindingCode, message: string, side: Side | null, packet: number, time: number): void {
    this.out.finding(code, message, side, packet, time);
  }

  touched(): void {
    this.out.changed = true;
  }

  switched(handshake: Handshake, head: HttpResponseHead, detail: string, server: Chunk | null, client: Chunk[]): void {
    this.rec.protocol = 'websocket';
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
    this.tls?.end();
    this.classifier.end('a');
    this.classifier.end('b');
    if (this.handover.mode === 'undecided') this.decide(record, time);
    this.handover.finish();
    this.sides.a.ws?.end(record, time);
    this.sides.b.ws?.end(record, time);
    this.out.end.finished(how, time);
    const missing = this.conversation.ended(how, record, time, this.handover.mode === 'websocket');
    if (missing) this.out.finding(missing.code, missing.message, null, record, time);
    this.out.changed = true;
  }
}
