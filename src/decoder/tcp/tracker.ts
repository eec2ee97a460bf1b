// TcpTracker: TCP segments in capture order -> connections and per-side in-order stream events.
//
// Theory of operation
// - Connections are found by their 4-tuple in either direction (flow-key.ts). Ids count from 1
//   in order of first packet.
// - Side 'a' is the sender of the SYN. Without a SYN: the receiver of a SYN-ACK seen first (the
//   client), else the sender of the first packet (then `synSeen` is false and a tcp.mid-stream
//   note says the connection started before the capture).
// - A SYN with a new ISN on a known 4-tuple starts a new connection (port reuse): the old one is
//   flushed and closed with how 'reused'. A SYN with the same ISN is a retransmission. The peer's
//   own SYN during a simultaneous open (RFC 9293 §3.5) belongs to the connection.
// - Each side is reassembled by a HalfStream. ACKs from one side tell the other side's stream
//   which bytes the receiver got, so holes before them become gaps at once.
// - A side's 'fin' control event comes after all of that side's data and gaps (a data segment
//   reordered behind its FIN is delivered first), so nothing follows it for that side.
// - 'closed' comes once: both FINs with all data before them out, RST, reuse, or end().
//   Packets on a closed 4-tuple other than a new SYN are ignored.
// - A closed connection leaves only a tombstone in the table (its client endpoint and both
//   ISNs: what port-reuse and retransmitted-SYN detection need), not its two HalfStreams, so
//   memory stays flat over millions of short connections.
//
// Per packet (fast path): three Map lookups, a few integer operations, one event.

import { makeFinding } from '../findings.js';
import type { TcpSegment } from '../packet/types.js';
import type { Direction, Endpoint, Limits } from '../records.js';
import type { Side, TcpEvent } from './events.js';
import { directionText, endpointText, FlowTable, sameEndpoint } from './flow-key.js';
import { type Arrival, HalfStream } from './half-stream.js';
import { seqAdd } from './sequence.js';

interface Connection {
  id: number;
  a: Endpoint;
  b: Endpoint;
  synSeen: boolean;
  /** The first packet was a SYN or SYN-ACK: 'a' is the client, 'b' the server. */
  rolesKnown: boolean;
  sa: HalfStream;
  /** Made when side 'b' sends its first packet: a SYN-only connection never needs it. */
  sb: HalfStream | null;
  closed: boolean;
  /** Last packet of this connection: end-of-capture events point at it. */
  lastRecord: number;
  lastTime: number;
}

/** What is kept of a closed connection (see the header). */
interface Tombstone {
  closed: true;
  a: Endpoint;
  /** ISN of each side, -1 when unknown. */
  isnA: number;
  isnB: number;
}

type ControlWhat = 'syn' | 'syn-ack' | 'fin' | 'rst';

export class TcpTracker {
  private readonly limit: number;
  private readonly table = new FlowTable<Connection | Tombstone>();
  private count = 0;
  /** The connections end() / endBatch() still has to close, in id order. */
  private ending: { open: (Connection | undefined)[]; next: number } | null = null;

  constructor(limits: Pick<Limits, 'maxOutOfOrderBytes'>) {
    this.limit = limits.maxOutOfOrderBytes;
  }

  /** Events caused by this segment, in order. */
  push(segment: TcpSegment): TcpEvent[] {
    const out: TcpEvent[] = [];
    const known = this.table.get(segment.src, segment.dst);
    let conn: Connection;
    if (known === undefined) {
      conn = this.open(segment, out);
    } else if (segment.flags.syn && startsNew(known, segment)) {
      if (!known.closed) {
        this.flush(known, segment, out);
        this.close(known, 'reused', segment, out);
      }
      conn = this.open(segment, out);
    } else if (known.closed) {
      return out;
    } else {
      conn = known;
    }
    this.process(conn, segment, out);
    return out;
  }

  /** End of capture: buffered bytes leave (holes as gaps) and every open connection closes. */
  end(): TcpEvent[] {
    const out: TcpEvent[] = [];
    for (let batch = this.endBatch(Number.MAX_SAFE_INTEGER); batch.length > 0; batch = this.endBatch(1 << 30)) {
      for (const ev of batch) out.push(ev);
    }
    return out;
  }

  /**
   * end() in pieces: closes up to `max` of the connections still open (by id) and returns their
   * events; an empty array once all are closed. A capture with a million open connections ends
   * without a million connections' events in memory at once, when the caller hands each batch on.
   */
  endBatch(max: number): TcpEvent[] {
    if (this.ending === null) {
      const open: Connection[] = [];
      for (const conn of this.table.values()) if (!conn.closed) open.push(conn as Connection);
      open.sort((x, y) => x.id - y.id);
      this.ending = { open, next: 0 };
    }
    const out: TcpEvent[] = [];
    const ending = this.ending;
    const stop = Math.min(ending.open.length, ending.next + max);
    for (; ending.next < stop; ending.next++) {
      const conn = ending.open[ending.next] as Connection;
      ending.open[ending.next] = undefined;
      if (conn.closed) continue;
      const at: Arrival = { record: conn.lastRecord, time: conn.lastTime };
      this.flush(conn, at, out);
      this.close(conn, 'end-of-capture', at, out);
    }
    return out;
  }

  /**
   * The memory budget gave up connection `id` (between a and b): its buffered bytes leave (holes
   * as gaps), it closes as at the end of the capture, and its 4-tuple is forgotten, so a later
   * packet of it starts a new connection (mid-stream). Nothing when it is not open.
   */
  evict(a: Endpoint, b: Endpoint, id: number): TcpEvent[] {
    const out: TcpEvent[] = [];
    const conn = this.table.get(a, b);
    if (conn === undefined || conn.closed || (conn as Connection).id !== id) return out;
    const open = conn as Connection;
    const at: Arrival = { record: open.lastRecord, time: open.lastTime };
    this.flush(open, at, out);
    this.close(open, 'end-of-capture', at, out);
    this.table.delete(open.a, open.b);
    return out;
  }

  /** How many connections have been seen (the highest id given out). */
  connectionCount(): number {
    return this.count;
  }

  // ---------------------------------------------------------------- connections

  private open(seg: TcpSegment, out: TcpEvent[]): Connection {
    const isSyn = seg.flags.syn && !seg.flags.ack;
    const isSynAck = seg.flags.syn && seg.flags.ack;
    // A SYN-ACK goes from the server to the client: the client is side 'a'.
    const a = copyEndpoint(isSynAck ? seg.dst : seg.src);
    const b = copyEndpoint(isSynAck ? seg.src : seg.dst);
    const id = ++this.count;
    const rolesKnown = isSyn || isSynAck;
    const dirA: Direction | null = rolesKnown ? 'client' : null;
    const conn: Connection = {
      id,
      a,
      b,
      synSeen: isSyn,
      rolesKnown,
      sa: new HalfStream(new Label(id, 'a', dirA, a, b), this.limit),
      sb: null,
      closed: false,
      lastRecord: seg.record,
      lastTime: seg.time,
    };
    this.table.set(a, b, conn);
    out.push({ type: 'open', connectionId: id, a, b, synSeen: isSyn, record: seg.record, time: seg.time });
    if (!isSyn) {
      const message = isSynAck
        ? `first packet of ${endpointText(a)} ↔ ${endpointText(b)} is a syn-ack; the syn was not captured`
        : `no syn seen for ${directionText(a, b)}; the connection started before the capture`;
      out.push({
        type: 'finding',
        finding: makeFinding('tcp.mid-stream', message, {
          connectionId: id,
          direction: dirA,
          packet: seg.record,
          time: seg.time,
        }),
      });
    }
    return conn;
  }

  private process(conn: Connection, seg: TcpSegment, out: TcpEvent[]): void {
    conn.lastRecord = seg.record;
    conn.lastTime = seg.time;
    const fromA = sameEndpoint(seg.src, conn.a);
    const side: Side = fromA ? 'a' : 'b';
    const s = fromA ? conn.sa : this.sideB(conn);
    const peer = fromA ? conn.sb : conn.sa;
    const flags = seg.flags;

    if (flags.syn) {
      if (!s.known) {
        s.isn = seg.seq;
        s.base = seqAdd(seg.seq, 1);
        this.control(conn, side, flags.ack ? 'syn-ack' : 'syn', seg, out);
      }
      // Else a retransmitted SYN (same ISN) or a stray one on a live connection: no new event.
    } else if (!s.known) {
      s.base = seg.seq;
    }

    // Gap rule (a): the receiver acknowledged bytes of the peer's stream we never saw.
    if (flags.ack && peer?.known) peer.acked(seg.ack, seg, out);

    // The SYN takes one sequence number before the data (RFC 9293 §3.4).
    const dataSeq = flags.syn ? seqAdd(seg.seq, 1) : seg.seq;
    const captured = seg.payload;
    const total = seg.truncated ? Math.max(seg.payloadLength, captured.length) : captured.length;
    if (total > 0) s.segment(dataSeq, captured, total, seg, out);

    if (flags.fin) s.finAt(s.offsetOf(dataSeq) + total);
    this.reportFin(conn, s, seg, out);
    if (peer !== null) this.reportFin(conn, peer, seg, out);

    if (flags.rst) {
      if (!s.rstSeen) {
        s.rstSeen = true;
        this.control(conn, side, 'rst', seg, out);
        out.push({
          type: 'finding',
          finding: makeFinding('tcp.reset', `connection reset by ${endpointText(seg.src)} (rst on ${s.label.text})`, {
            connectionId: conn.id,
            direction: s.label.direction,
            packet: seg.record,
            time: seg.time,
          }),
        });
      }
      this.flush(conn, seg, out);
      this.close(conn, 'rst', seg, out);
      return;
    }

    if (conn.sa.finished && conn.sb?.finished) this.close(conn, 'fin', seg, out);
  }

  private flush(conn: Connection, at: Arrival, out: TcpEvent[]): void {
    for (const s of [conn.sa, conn.sb]) {
      if (s === null || !s.known) continue;
      s.flushAll(at, out);
      this.reportFin(conn, s, at, out);
    }
  }

  /** The 'fin' control event, once, after every byte before the FIN has left as data or gap. */
  private reportFin(conn: Connection, s: HalfStream, at: Arrival, out: TcpEvent[]): void {
    if (s.finReported || !s.finished) return;
    s.finReported = true;
    out.push({
      type: 'control',
      connectionId: conn.id,
      side: s.label.side,
      what: 'fin',
      record: at.record,
      time: at.time,
    });
  }

  private close(conn: Connection, how: 'fin' | 'rst' | 'reused' | 'end-of-capture', at: Arrival, out: TcpEvent[]) {
    conn.closed = true;
    conn.sa.discard();
    conn.sb?.discard();
    if (this.table.get(conn.a, conn.b) === conn) {
      this.table.set(conn.a, conn.b, { closed: true, a: conn.a, isnA: conn.sa.isn, isnB: conn.sb?.isn ?? -1 });
    }
    out.push({ type: 'closed', connectionId: conn.id, how, record: at.record, time: at.time });
  }

  private sideB(conn: Connection): HalfStream {
    if (conn.sb === null) {
      conn.sb = new HalfStream(new Label(conn.id, 'b', conn.rolesKnown ? 'server' : null, conn.b, conn.a), this.limit);
    }
    return conn.sb;
  }

  private control(conn: Connection, side: Side, what: ControlWhat, seg: TcpSegment, out: TcpEvent[]): void {
    out.push({ type: 'control', connectionId: conn.id, side, what, record: seg.record, time: seg.time });
  }
}

/** Does this SYN or SYN-ACK begin a new connection on the 4-tuple of `conn`? */
function startsNew(conn: Connection | Tombstone, seg: TcpSegment): boolean {
  const fromA = sameEndpoint(seg.src, conn.a);
  if (isTombstone(conn)) {
    // Same ISN: a retransmitted SYN or SYN-ACK; anything else after the close is a new handshake.
    const isn = fromA ? conn.isnA : conn.isnB;
    return !(isn >= 0 && isn === seg.seq);
  }
  const s = fromA ? conn.sa : conn.sb;
  // Same ISN: a retransmitted SYN or SYN-ACK.
  if (s !== null && s.isn >= 0 && s.isn === seg.seq) return false;
  if (seg.flags.ack) {
    // A SYN-ACK belongs to the live connection; after a close it is a new handshake whose
    // SYN was not captured.
    return conn.closed;
  }
  // Simultaneous open: the peer's own SYN before it sent anything else.
  if (!fromA && !conn.closed && conn.synSeen && !s?.known) return false;
  return true;
}

function isTombstone(conn: Connection | Tombstone): conn is Tombstone {
  return (conn as Tombstone).isnA !== undefined;
}

/**
 * A HalfStream's StreamLabel whose text is made only when a finding needs it: two strings per
 * side were a fifth of what a SYN-only connection cost (issue 15: 100k half-open connections).
 */
class Label {
  constructor(
    readonly connectionId: number,
    readonly side: Side,
    readonly direction: Direction | null,
    private readonly from: Endpoint,
    private readonly to: Endpoint,
  ) {}

  get text(): string {
    return directionText(this.from, this.to);
  }
}

function copyEndpoint(e: Endpoint): Endpoint {
  return { address: e.address, port: e.port };
}
