// One TCP connection from the tracker's events to WebSocket records.
//
// Theory of operation
// - The tracker names the two sides 'a' (sent the SYN, or the first packet) and 'b'. Until we
//   know who the client is (SYN, HTTP request, masking), bytes wait in per-side prefixes and
//   the StreamSniffer decides what the connection carries.
// - HTTP mode: an HttpStream per direction. An upgrade request detaches the client stream (a
//   client must wait for the 101; what follows is held). The response decides: 101 hands both
//   directions' remaining bytes to FrameParsers; anything else returns the held bytes to HTTP.
// - WebSocket mode: FrameParser -> FrameRecord -> MessageAssembler -> MessageRecord, per
//   direction; ping/pong pairing, close handshake and data-after-close across directions.
// - Everything produced is pushed to `emit` at once: nothing is kept that was already handed
//   on, except what is needed to finish open frames and messages.

import { concatBytes } from '../bytes/bytes.js';
import { type FindingCode, makeFinding } from '../findings.js';
import { checkHandshake, HttpStream, headerHasToken } from '../http/index.js';
import type {
  ConnectionKind,
  ConnectionRecord,
  DecoderEvent,
  Direction,
  DirectionStats,
  Endpoint,
  FrameRecord,
  Handshake,
  HttpRequestHead,
  HttpResponseHead,
  Limits,
  MessageRecord,
} from '../records.js';
import { READY_STATE_NUMBER } from '../records.js';
import type { SegmentSpan, Side, TcpEvent } from '../tcp/events.js';
import { FrameParser, type ParsedFrame } from '../websocket/frames/index.js';
import { type AssembledMessage, MessageAssembler } from '../websocket/messages/index.js';
import { classifyStream, PREFIX_LIMIT } from './classify.js';
import { SpanIndex } from './span-index.js';

export interface IdSource {
  nextFrameId(): number;
  nextMessageId(): number;
}

type Mode = 'undecided' | 'http' | 'websocket' | 'other';

interface SideState {
  side: Side;
  /** Bytes seen before the mode was decided (bounded by PREFIX_LIMIT). */
  prefix: Uint8Array[];
  prefixLength: number;
  prefixStart: number;
  prefixSpans: SegmentSpan[];
  prefixFinal: boolean;
  /** Stream offset just past the last byte handed to this side's parser. */
  end: number;
  http: HttpStream | null;
  /** Client bytes after an upgrade request, waiting for the response. */
  held: { bytes: Uint8Array[]; start: number } | null;
  frames: FrameParser | null;
  assembler: MessageAssembler | null;
  spans: SpanIndex;
  frameIndex: number;
  messageIndex: number;
  /**
   * Frame records of the message being assembled, to set their messageId later: the first
   * `openCount` entries (a count rather than truncating the array, which was a native call).
   */
  openFrames: (FrameRecord | undefined)[];
  openCount: number;
  closeSentAt: number | null;
  lastRecord: number;
  lastTime: number;
}

/**
 * A ping/pong payload as a Map key, one char per byte. At most 125 bytes when valid; an
 * oversized one (frame.control-too-long) goes in pieces so `apply` never gets a huge array.
 */
function payloadKey(b: Uint8Array): string {
  let key = '';
  for (let i = 0; i < b.length; i += 4096) {
    key += String.fromCharCode.apply(null, b.subarray(i, i + 4096) as unknown as number[]);
  }
  return key;
}
const emptyStats = (): DirectionStats => ({ frames: 0, messages: 0, bytes: 0, payloadBytes: 0, wirePayloadBytes: 0 });

export class ConnectionDecoder {
  readonly rec: ConnectionRecord;
  private mode: Mode = 'undecided';
  private clientSide: Side = 'a';
  private sides: Record<Side, SideState>;
  private pendingUpgrade: HttpRequestHead | null = null;
  private pendingRequests: HttpRequestHead[] = [];
  private upgradeAttempted = false;
  private pings: Record<Direction, Map<string, { id: number; time: number }>> = {
    client: new Map(),
    server: new Map(),
  };
  private ended = false;
  /** Something in the record changed since the last snapshot (counters included). */
  dirty = true;
  /**
   * Something beyond the counters changed (kind, handshake, lifecycle, TCP control, HTTP): worth
   * a snapshot at once. Counter-only changes are snapshotted periodically (see CaptureSession).
   */
  changed = true;

  constructor(
    open: Extract<TcpEvent, { type: 'open' }>,
    private readonly limits: Limits,
    private readonly ids: IdSource,
    private readonly emit: (ev: DecoderEvent) => void,
    private readonly frameFields = true,
  ) {
    this.sides = { a: this.newSide('a'), b: this.newSide('b') };
    this.rec = {
      id: open.connectionId,
      client: open.a,
      server: open.b,
      kind: 'tcp',
      rolesGuessed: !open.synSeen,
      synSeen: open.synSeen,
      handshake: null,
      httpExchanges: [],
      firstTime: open.time,
      lastTime: open.time,
      firstRecord: open.record,
      lastRecord: open.record,
      lifecycle: [
        {
          state: 'CONNECTING',
          time: open.time,
          record: open.record,
          by: open.synSeen ? 'client' : null,
          detail: open.synSeen ? 'TCP SYN sent by the client' : 'first packet seen (capture started mid-connection)',
        },
      ],
      tcpEvents: [],
      closedBy: null,
      cleanClose: false,
      stats: { client: emptyStats(), server: emptyStats() },
      findingCount: 0,
    };
    this.endpoints = { a: open.a, b: open.b };
  }

  private endpoints: Record<Side, Endpoint>;

  private newSide(side: Side): SideState {
    return {
      side,
      prefix: [],
      prefixLength: 0,
      prefixStart: 0,
      prefixSpans: [],
      prefixFinal: false,
      end: 0,
      http: null,
      held: null,
      frames: null,
      assembler: null,
      spans: new SpanIndex(),
      frameIndex: 0,
      messageIndex: 0,
      openFrames: [],
      openCount: 0,
      closeSentAt: null,
      lastRecord: 0,
      lastTime: 0,
    };
  }

  private dir(side: Side): Direction {
    return side === this.clientSide ? 'client' : 'server';
  }

  private finding(
    code: FindingCode,
    message: string,
    where: { side?: Side; packet?: number | null; time?: number | null; frameId?: number; messageId?: number },
  ): void {
    this.rec.findingCount++;
    this.dirty = true;
    this.emit({
      kind: 'finding',
      finding: makeFinding(code, message, {
        connectionId: this.rec.id,
        direction: where.side ? this.dir(where.side) : null,
        packet: where.packet ?? null,
        time: where.time ?? null,
        frameId: where.frameId ?? null,
        messageId: where.messageId ?? null,
      }),
    });
  }

  /** A finding produced by the tracker for this connection. */
  countFinding(): void {
    this.rec.findingCount++;
    this.dirty = true;
  }

  // ------------------------------------------------------------------ tracker events

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
        this.rec.tcpEvents.push({ what: ev.what, direction: this.dir(ev.side), time: ev.time, record: ev.record });
        if (ev.what === 'fin' || ev.what === 'rst') this.markFinal(ev.side);
        if (ev.what === 'rst') this.markFinal(ev.side === 'a' ? 'b' : 'a');
        this.changed = true;
        break;
      case 'closed':
        this.finish(ev.how, ev.record, ev.time);
        break;
      case 'open':
        break;
    }
  }

  private markFinal(side: Side): void {
    const s = this.sides[side];
    s.prefixFinal = true;
    if (this.mode === 'undecided') this.decide(s.lastRecord, s.lastTime);
  }

  private onData(side: Side, offset: number, bytes: Uint8Array, spans: SegmentSpan[], record: number, time: number) {
    const s = this.sides[side];
    s.lastRecord = record;
    s.lastTime = time;
    // Stats are kept by tracker side until the roles are known, then read through dir().
    this.statsBytes[side] += bytes.length;
    this.dirty = true;
    if (this.mode === 'undecided') {
      if (s.prefixLength === 0) s.prefixStart = offset;
      s.prefix.push(bytes);
      s.prefixLength += bytes.length;
      s.prefixSpans.push(...spans);
      if (s.prefixLength > PREFIX_LIMIT) s.prefixFinal = true;
      this.decide(record, time);
      return;
    }
    this.feed(side, offset, bytes, spans, record, time);
  }

  private statsBytes: Record<Side, number> = { a: 0, b: 0 };

  private onGap(side: Side, offset: number, length: number, record: number, time: number): void {
    const s = this.sides[side];
    if (this.mode === 'undecided') {
      s.prefixFinal = true;
      this.decide(record, time);
    }
    if (this.mode === 'websocket' && s.frames) {
      s.frames.gap(offset, length);
      this.pullFrames(side, record, time);
    } else if (this.mode === 'http' && s.http) {
      s.http.gap(length);
      this.pullHttp(side);
    } else if (s.held) {
      // A gap while waiting for the 101: the held bytes can no longer be trusted as frame starts.
      s.held = null;
    }
    s.end = offset + length;
  }

  // ------------------------------------------------------------------ mode decision

  private decide(record: number, time: number): void {
    const a = this.sides.a;
    const b = this.sides.b;
    const verdict = classifyStream(
      { bytes: concatBytes(a.prefix), final: a.prefixFinal },
      { bytes: concatBytes(b.prefix), final: b.prefixFinal },
    );
    if (verdict.verdict === 'undecided') return;
    this.changed = true;
    if (verdict.verdict === 'other') {
      this.mode = 'other';
      a.prefix = [];
      b.prefix = [];
      return;
    }
    const client = verdict.clientSide ?? 'a';
    if (!this.rec.synSeen && client !== 'a') this.swapRoles();
    // Roles are seen from a SYN or an HTTP request; from masking they are inferred.
    this.rec.rolesGuessed = !this.rec.synSeen && verdict.verdict !== 'http';
    if (verdict.verdict === 'http') {
      this.mode = 'http';
      this.rec.kind = 'http';
      for (const s of [a, b]) {
        s.http = new HttpStream(s.side === this.clientSide ? 'request' : 'response', {
          maxHeaderBytes: this.limits.maxHeaderBytes,
        });
      }
    } else {
      this.mode = 'websocket';
      this.rec.kind = 'websocket-no-handshake';
      this.startFrames(null, verdict.offsets);
      this.finding(
        'handshake.not-seen',
        'websocket frames without their opening handshake in the capture: the accept key, subprotocol and any deflate state are unknown',
        { packet: record, time },
      );
      this.lifecycle('OPEN', time, record, null, 'handshake not captured (first WebSocket frame seen)');
      for (const s of [a, b]) {
        const skip = verdict.offsets[s.side] ?? 0;
        if (skip > 0) {
          this.finding(
            'frame.incomplete',
            `first ${skip} bytes of the stream belong to a frame that began before the capture`,
            {
              side: s.side,
              packet: s.prefixSpans[0]?.record ?? record,
              time,
            },
          );
          s.prefixStart += skip;
          s.prefix = [concatBytes(s.prefix).subarray(skip)];
        }
      }
    }
    for (const s of [a, b]) {
      const bytes = concatBytes(s.prefix);
      const spans = s.prefixSpans;
      s.prefix = [];
      s.prefixSpans = [];
      s.prefixLength = 0;
      s.end = s.prefixStart;
      if (bytes.length > 0) this.feed(s.side, s.prefixStart, bytes, spans, record, time);
    }
  }

  private swapRoles(): void {
    this.clientSide = 'b';
    this.rec.client = this.endpoints.b;
    this.rec.server = this.endpoints.a;
    for (const t of this.rec.tcpEvents) t.direction = t.direction === 'client' ? 'server' : 'client';
  }

  // ------------------------------------------------------------------ feeding parsers

  private feed(side: Side, offset: number, bytes: Uint8Array, spans: SegmentSpan[], record: number, time: number) {
    const s = this.sides[side];
    s.end = offset + bytes.length;
    s.spans.add(spans);
    if (this.mode === 'http') {
      if (s.held) {
        s.held.bytes.push(bytes);
        if (s.held.bytes.reduce((n, x) => n + x.length, 0) > PREFIX_LIMIT) s.held.bytes = [];
        return;
      }
      s.http?.push(bytes, record, time);
      this.pullHttp(side);
      // Bodies and heads are done with once parsed; keep only recent spans.
      s.spans.dropBefore(s.end - PREFIX_LIMIT);
    } else if (this.mode === 'websocket' && s.frames) {
      s.frames.push(bytes, offset);
      this.pullFrames(side, record, time);
    }
  }

  private pullHttp(side: Side): void {
    const s = this.sides[side];
    for (;;) {
      const http = s.http;
      if (!http) return;
      const ev = http.next();
      if (!ev) return;
      if (ev.type === 'request') this.onRequest(side, ev.head);
      else if (ev.type === 'response') this.onResponse(side, ev.head);
      else if (ev.type === 'error') {
        this.finding(ev.code, ev.message, { side, packet: s.lastRecord, time: s.lastTime });
        s.http = null;
      }
    }
  }

  private onRequest(side: Side, head: HttpRequestHead): void {
    const server = this.sides[side === 'a' ? 'b' : 'a'];
    server.http?.expectResponseTo(head.method);
    const upgrade = headerHasToken(head.headers, 'upgrade', 'websocket');
    if (upgrade) {
      this.pendingUpgrade = head;
      // Stays 'http' until a response says otherwise (or the connection ends without one).
      this.upgradeAttempted = true;
      const s = this.sides[side];
      const rest = s.http?.detach() ?? new Uint8Array(0);
      s.held = { bytes: rest.length ? [rest] : [], start: s.end - rest.length };
    } else {
      this.pendingRequests.push(head);
    }
    this.changed = true;
  }

  private onResponse(side: Side, head: HttpResponseHead): void {
    if (head.status >= 100 && head.status < 200 && head.status !== 101) return;
    this.changed = true;
    const req = this.pendingUpgrade;
    if (!req) {
      const request = this.pendingRequests.shift();
      if (request) this.rec.httpExchanges.push({ request, response: head });
      return;
    }
    this.pendingUpgrade = null;
    const { handshake, findings } = checkHandshake(req, head);
    this.rec.handshake = handshake;
    for (const f of findings) {
      const fromClient = f.sender === 'client';
      this.finding(f.code, f.message, {
        side: fromClient ? this.clientSide : side,
        packet: fromClient ? req.record : head.record,
        time: fromClient ? req.time : head.time,
      });
    }
    const client = this.sides[this.clientSide];
    const server = this.sides[side];
    if (handshake.upgraded) {
      this.mode = 'websocket';
      this.rec.kind = 'websocket';
      const status = `${head.status} ${head.reason}`.trim();
      // The server switched protocols, so frames follow; but a browser would not have opened.
      const detail = handshake.accept.valid
        ? status
        : `${status}, but Sec-WebSocket-Accept is wrong: a client must fail the connection (RFC 6455 §4.1)`;
      this.lifecycle('OPEN', head.time, head.record, 'server', detail);
      const serverRest = server.http?.detach() ?? new Uint8Array(0);
      server.http = null;
      client.http = null;
      const held = client.held;
      client.held = null;
      this.startFrames(handshake, null);
      const serverStart = server.end - serverRest.length;
      server.end = serverStart;
      if (serverRest.length) this.feedFrames(server, serverStart, serverRest, head.record, head.time);
      if (held) {
        const bytes = concatBytes(held.bytes);
        client.end = held.start;
        if (bytes.length) this.feedFrames(client, held.start, bytes, client.lastRecord, client.lastTime);
      }
    } else {
      // Rejected: the client may try again on the same connection, so it goes back to HTTP.
      if (this.rec.kind !== 'websocket') this.rec.kind = 'rejected';
      this.rec.httpExchanges.push({ request: req, response: head });
      const held = client.held;
      client.held = null;
      client.http = new HttpStream('request', { maxHeaderBytes: this.limits.maxHeaderBytes });
      if (held) {
        const bytes = concatBytes(held.bytes);
        if (bytes.length) {
          client.http.push(bytes, client.lastRecord, client.lastTime);
          this.pullHttp(client.side);
        }
      }
    }
  }

  private feedFrames(s: SideState, offset: number, bytes: Uint8Array, record: number, time: number): void {
    s.end = offset + bytes.length;
    s.frames?.push(bytes, offset);
    this.pullFrames(s.side, record, time);
  }

  /** `offsets` (no handshake): a side whose framing start is unknown (null) hunts for it. */
  private startFrames(handshake: Handshake | null, offsets: Record<Side, number | null> | null): void {
    for (const s of [this.sides.a, this.sides.b]) {
      const direction = this.dir(s.side);
      s.frames = new FrameParser({
        direction,
        limits: this.limits,
        rsvAllowed: handshake ? { rsv1: handshake.deflate !== null, rsv2: false, rsv3: false } : 'unknown',
        synchronized: !(offsets && offsets[s.side] === null && s.prefixLength > 0),
        fields: this.frameFields,
      });
      s.assembler = new MessageAssembler({
        deflate: handshake?.deflate ?? null,
        role: direction,
        limits: this.limits,
        extensionsKnown: handshake !== null,
      });
    }
  }

  // ------------------------------------------------------------------ frames and messages

  private pullFrames(side: Side, record: number, time: number): void {
    const s = this.sides[side];
    const frames = s.frames;
    if (!frames) return;
    for (;;) {
      const parsed = frames.next();
      if (!parsed) break;
      this.onFrame(s, parsed, record, time);
    }
    if (!frames.hasStreamEvents) return;
    for (const ev of frames.takeStreamEvents()) {
      const code = ev.kind === 'unsynchronized' ? 'frame.unsynchronized' : 'frame.resynchronized';
      this.finding(code, ev.message, { side, packet: record, time });
    }
  }

  private onFrame(s: SideState, f: ParsedFrame, record: number, time: number): void {
    const direction = this.dir(s.side);
    const captured = f.headerLength + f.payload.length;
    const where = s.spans.take(f.streamOffset, f.streamOffset + Math.max(captured, 1), { record, time });
    const frame: FrameRecord = {
      id: this.ids.nextFrameId(),
      connectionId: this.rec.id,
      direction,
      index: s.frameIndex++,
      fin: f.fin,
      rsv1: f.rsv1,
      rsv2: f.rsv2,
      rsv3: f.rsv3,
      opcode: f.opcode,
      dataOpcode: s.assembler === null ? f.opcode : s.assembler.dataOpcodeOf(f.opcode),
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
      messageId: null,
    };
    const st = this.rec.stats[direction];
    st.frames++;
    this.dirty = true;
    if (s.closeSentAt !== null) {
      frame.findings = withCode(frame.findings, 'close.data-after-close');
    }
    this.emit({ kind: 'frame', frame });
    for (const p of f.problems) {
      this.finding(p.code, p.message, { side: s.side, packet: where.lastRecord, time: frame.time, frameId: frame.id });
    }
    if (s.closeSentAt !== null) {
      this.finding(
        'close.data-after-close',
        `${direction} sent a ${opcodeText(frame.opcode)} frame after its close frame`,
        { side: s.side, packet: where.lastRecord, time: frame.time, frameId: frame.id },
      );
    }
    s.openFrames[s.openCount++] = frame;
    // The record has every field the assembler reads (it only reads them, and keeps no reference).
    if (s.assembler === null) return;
    const done = s.assembler.push(frame, this.completed);
    if (done.length === 0) return;
    for (let i = 0; i < done.length; i++) this.onMessage(s, done[i] as AssembledMessage, where.lastRecord);
    done.length = 0;
  }

  /** Messages a frame completed, handed from the assembler to onMessage (reused per frame). */
  private readonly completed: AssembledMessage[] = [];

  private onMessage(s: SideState, m: AssembledMessage, record: number): void {
    const direction = this.dir(s.side);
    const msg: MessageRecord = {
      id: this.ids.nextMessageId(),
      connectionId: this.rec.id,
      direction,
      index: s.messageIndex++,
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
    // Frames of this message get its id; frames of other messages stay open. Compacted in place:
    // usually the open frames are exactly this message's (often one), so no Set and no new array.
    const open = s.openFrames;
    const ids = m.frameIds;
    const count = s.openCount;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const fr = open[i] as FrameRecord;
      if (ids.length === 1 ? ids[0] === fr.id : ids.includes(fr.id)) fr.messageId = msg.id;
      else open[kept++] = fr;
    }
    for (let i = kept; i < count; i++) open[i] = undefined;
    s.openCount = kept;
    if (kept > 4096) {
      s.openFrames = open.slice(kept - 4096, kept);
      s.openCount = 4096;
    }
    const st = this.rec.stats[direction];
    st.messages++;
    st.payloadBytes += m.payload.length;
    st.wirePayloadBytes += m.wireLength;
    const other: Direction = direction === 'client' ? 'server' : 'client';
    if (m.type === 'ping') {
      this.pings[direction].set(payloadKey(m.payload), { id: msg.id, time: msg.time });
      if (this.pings[direction].size > 1024) {
        const first = this.pings[direction].keys().next().value;
        if (first !== undefined) this.pings[direction].delete(first);
      }
    } else if (m.type === 'pong') {
      const key = payloadKey(m.payload);
      const ping = this.pings[other].get(key);
      if (ping) {
        this.pings[other].delete(key);
        msg.pingId = ping.id;
        msg.rtt = Math.max(0, msg.time - ping.time);
      } else {
        msg.findings = withCode(msg.findings, 'pong.unsolicited');
      }
    } else if (m.type === 'close') {
      if (s.closeSentAt === null) s.closeSentAt = msg.time;
      // Frames of a side that is still hunting for frame boundaries surface late, so "first"
      // means earliest in time, not first decoded.
      const closing = this.rec.lifecycle.findIndex((l) => l.state === 'CLOSING');
      if (closing >= 0 && this.rec.lifecycle[closing].time > msg.time) {
        this.rec.lifecycle.splice(closing, 1);
        this.rec.closedBy = null;
      }
      if (this.rec.closedBy === null) {
        this.rec.closedBy = direction;
        const code = m.close?.code;
        this.lifecycle(
          'CLOSING',
          msg.time,
          record,
          direction,
          `${direction} sent close${code != null ? ` ${code}` : ''}${m.close?.reason ? ` "${m.close.reason}"` : ''}`,
        );
      }
      if (this.sides.a.closeSentAt !== null && this.sides.b.closeSentAt !== null) this.rec.cleanClose = true;
    }
    this.emit({ kind: 'message', message: msg });
    for (const p of m.problems) {
      this.finding(p.code, p.message, {
        side: s.side,
        packet: record,
        time: msg.time,
        messageId: msg.id,
        frameId: p.frameId ?? undefined,
      });
    }
    if (msg.findings.includes('pong.unsolicited')) {
      this.finding('pong.unsolicited', `pong from the ${direction} matches no ping from the ${other}`, {
        side: s.side,
        packet: record,
        time: msg.time,
        messageId: msg.id,
      });
    }
  }

  private lifecycle(
    state: 'OPEN' | 'CLOSING' | 'CLOSED',
    time: number,
    record: number | null,
    by: Direction | null,
    detail: string,
  ) {
    if (this.rec.lifecycle.some((l) => l.state === state)) return;
    this.rec.lifecycle.push({ state, time, record, by, detail });
    this.rec.lifecycle.sort((x, y) => READY_STATE_NUMBER[x.state] - READY_STATE_NUMBER[y.state]);
    this.changed = true;
  }

  // ------------------------------------------------------------------ end of connection

  private finish(how: 'fin' | 'rst' | 'reused' | 'end-of-capture', record: number, time: number): void {
    if (this.ended) return;
    this.ended = true;
    this.sides.a.prefixFinal = true;
    this.sides.b.prefixFinal = true;
    if (this.mode === 'undecided') this.decide(record, time);
    for (const s of [this.sides.a, this.sides.b]) {
      if (s.http) {
        // Finishes a response body that runs until the connection closes.
        s.http.end();
        this.pullHttp(s.side);
      }
      if (s.frames) {
        s.frames.end();
        this.pullFrames(s.side, record, time);
      }
      if (s.assembler) for (const m of s.assembler.end()) this.onMessage(s, m, record);
    }
    if (this.pendingUpgrade) {
      this.finding(
        'handshake.no-response',
        `upgrade request for ${this.pendingUpgrade.target} got no response in the capture`,
        {
          side: this.clientSide,
          packet: this.pendingUpgrade.record,
          time: this.pendingUpgrade.time,
        },
      );
      this.rec.httpExchanges.push({ request: this.pendingUpgrade, response: null });
      this.rec.handshake ??= checkHandshake(this.pendingUpgrade, null).handshake;
      this.pendingUpgrade = null;
    }
    for (const request of this.pendingRequests) this.rec.httpExchanges.push({ request, response: null });
    this.pendingRequests = [];
    if (this.mode === 'websocket') {
      const closes = [this.sides.a.closeSentAt, this.sides.b.closeSentAt].filter((x) => x !== null).length;
      if (closes === 0 && how !== 'end-of-capture') {
        this.finding(
          'close.missing',
          `connection ended by ${how === 'rst' ? 'a TCP reset' : 'TCP FIN'} without a WebSocket close frame`,
          {
            packet: record,
            time,
          },
        );
      }
      const detail =
        how === 'end-of-capture'
          ? 'capture ended while the connection was open'
          : `${how === 'rst' ? 'TCP reset' : how === 'fin' ? 'TCP FIN' : 'port reused'}${
              closes === 2
                ? ' after a clean close handshake'
                : closes === 1
                  ? ' after a one-sided close'
                  : ' without a close handshake'
            }`;
      if (how !== 'end-of-capture') this.lifecycle('CLOSED', time, record, null, detail);
    } else if (how !== 'end-of-capture') {
      this.lifecycle('CLOSED', time, record, null, how === 'rst' ? 'TCP reset' : 'TCP connection closed');
    }
    if (this.upgradeAttempted && this.rec.kind === 'http') this.rec.kind = 'rejected';
    this.changed = true;
  }

  /** Fill the per-direction TCP byte counts (kept by side until the roles were known). */
  snapshot(): ConnectionRecord {
    this.rec.stats.client.bytes = this.statsBytes[this.clientSide];
    this.rec.stats.server.bytes = this.statsBytes[this.clientSide === 'a' ? 'b' : 'a'];
    this.dirty = false;
    this.changed = false;
    return structuredCloneRecord(this.rec);
  }

  get kind(): ConnectionKind {
    return this.rec.kind;
  }

  get isOver(): boolean {
    return this.ended;
  }
}

function opcodeText(op: number): string {
  return (
    ({ 0: 'continuation', 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' } as Record<number, string>)[op] ??
    `0x${op.toString(16)}`
  );
}

/** A copy of the record that later updates don't mutate (the events are snapshots). */
function structuredCloneRecord(r: ConnectionRecord): ConnectionRecord {
  return {
    ...r,
    client: { ...r.client },
    server: { ...r.server },
    httpExchanges: r.httpExchanges.slice(),
    lifecycle: r.lifecycle.map((l) => ({ ...l })),
    tcpEvents: r.tcpEvents.map((t) => ({ ...t })),
    stats: { client: { ...r.stats.client }, server: { ...r.stats.server } },
  };
}

/**
 * Records without findings share this frozen empty list (most records: one array fewer each);
 * add to a record's findings with withCode().
 */
const NO_CODES = Object.freeze([]) as unknown as FindingCode[];

function withCode(codes: readonly FindingCode[], code: FindingCode): FindingCode[] {
  return [...codes, code];
}

/** The codes of a list of problems (NO_CODES when there are none). */
function codesOf(problems: readonly { code: FindingCode }[]): FindingCode[] {
  if (problems.length === 0) return NO_CODES;
  const out: FindingCode[] = [];
  for (let i = 0; i < problems.length; i++) out.push((problems[i] as { code: FindingCode }).code);
  return out;
}
