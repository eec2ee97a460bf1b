// The conversation across both directions of a WebSocket connection: ping/pong pairing
// (RFC 6455 §5.5.2-3), the close handshake (§5.5.1, §7) and the lifecycle (the browser's
// readyState: CONNECTING → OPEN → CLOSING → CLOSED).
//
// Rules
// - It sees whole messages (and asks about frames only for data-after-close); it never parses,
//   never emits: it sets the message's pairing fields and the connection record's lifecycle,
//   closedBy and cleanClose, and tells the caller what to report.
// - A pong answers the OTHER side's outstanding ping with the same payload (§5.5.3: "identical
//   Application data"); the round trip is the pong's time minus the ping's. A pong that answers
//   nothing is legal (§5.5.3: a unidirectional heartbeat) but reported (pong.unsolicited).
//   At most PING_LIMIT outstanding pings per side are remembered (oldest forgotten first).
// - Close (§7.1.2-3): the first close frame in time starts CLOSING and names who closed; once both
//   sides sent one the close was clean (§7.1.4 then wants the TCP close). A frame after its
//   sender's own close breaks §5.5.1 (close.data-after-close). Frames of a side still hunting for
//   frame boundaries surface late, so "first" means earliest in time, not first decoded.
// - Lifecycle: one entry per state, kept in readyState order; the first to arrive wins, except
//   that an earlier close replaces a later one. The end (`ended`) adds CLOSED unless the capture
//   just stopped, and reports close.missing when TCP ended with no close frame at all.

import type { FindingCode } from '../findings.js';
import type { ConnectionRecord, Direction, MessageRecord, ReadyState } from '../records.js';
import { READY_STATE_NUMBER } from '../records.js';
import { withCode } from './codes.js';

/** Outstanding pings remembered per side. */
const PING_LIMIT = 1024;

export type TcpEnd = 'fin' | 'rst' | 'reused' | 'end-of-capture';

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

export class Conversation {
  private readonly pings: Record<Direction, Map<string, { id: number; time: number }>> = {
    client: new Map(),
    server: new Map(),
  };
  /** Time of each side's first close frame. */
  private readonly closeSentAt: Record<Direction, number | null> = { client: null, server: null };

  constructor(private readonly rec: ConnectionRecord) {}

  /** The smallest id of a ping still waiting for its pong (a later pong's pingId), or Infinity. */
  oldestPingId(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const p of this.pings.client.values()) if (p.id < min) min = p.id;
    for (const p of this.pings.server.values()) if (p.id < min) min = p.id;
    return min;
  }

  /** True once `direction` sent a close frame: anything it sends after is close.data-after-close. */
  closed(direction: Direction): boolean {
    return this.closeSentAt[direction] !== null;
  }

  /**
   * Pair pings and pongs, follow the close handshake. Sets `msg.pingId`, `msg.rtt` and adds
   * pong.unsolicited to `msg.findings`; returns true when the lifecycle changed.
   */
  onMessage(direction: Direction, msg: MessageRecord, record: number): boolean {
    const other: Direction = direction === 'client' ? 'server' : 'client';
    if (msg.type === 'ping') {
      const pings = this.pings[direction];
      pings.set(payloadKey(msg.payload), { id: msg.id, time: msg.time });
      if (pings.size > PING_LIMIT) {
        const first = pings.keys().next().value;
        if (first !== undefined) pings.delete(first);
      }
    } else if (msg.type === 'pong') {
      const key = payloadKey(msg.payload);
      const ping = this.pings[other].get(key);
      if (ping) {
        this.pings[other].delete(key);
        msg.pingId = ping.id;
        // Clamped: bytes released out of order can time a pong before its ping. Tests compare
        // exact round trips, so a reversed subtraction (all zeros here) cannot pass them.
        msg.rtt = Math.max(0, msg.time - ping.time);
      } else {
        msg.findings = withCode(msg.findings, 'pong.unsolicited');
      }
    } else if (msg.type === 'close') {
      return this.onClose(direction, msg, record);
    }
    return false;
  }

  private onClose(direction: Direction, msg: MessageRecord, record: number): boolean {
    if (this.closeSentAt[direction] === null) this.closeSentAt[direction] = msg.time;
    let changed = false;
    const lifecycle = this.rec.lifecycle;
    const closing = lifecycle.findIndex((l) => l.state === 'CLOSING');
    if (closing >= 0 && (lifecycle[closing]?.time ?? 0) > msg.time) {
      lifecycle.splice(closing, 1);
      this.rec.closedBy = null;
      changed = true;
    }
    if (this.rec.closedBy === null) {
      this.rec.closedBy = direction;
      const code = msg.close?.code;
      const reason = msg.close?.reason ? ` "${msg.close.reason}"` : '';
      const detail = `${direction} sent close${code != null ? ` ${code}` : ''}${reason}`;
      changed = this.lifecycle('CLOSING', msg.time, record, direction, detail) || changed;
    }
    if (this.closeSentAt.client !== null && this.closeSentAt.server !== null) this.rec.cleanClose = true;
    return changed;
  }

  /** Add a lifecycle entry unless that state is already there; returns whether it was added. */
  lifecycle(state: ReadyState, time: number, record: number | null, by: Direction | null, detail: string): boolean {
    const lifecycle = this.rec.lifecycle;
    if (lifecycle.some((l) => l.state === state)) return false;
    lifecycle.push({ state, time, record, by, detail });
    lifecycle.sort((x, y) => READY_STATE_NUMBER[x.state] - READY_STATE_NUMBER[y.state]);
    return true;
  }

  /**
   * TCP ended (or the capture did). `websocket`: frames were being decoded. Returns the
   * close.missing finding to report, if any.
   */
  ended(how: TcpEnd, record: number, time: number, websocket: boolean): { code: FindingCode; message: string } | null {
    const tcp = how === 'rst' ? 'TCP reset' : how === 'fin' ? 'TCP FIN' : 'port reused';
    if (!websocket) {
      if (how !== 'end-of-capture')
        this.lifecycle('CLOSED', time, record, null, how === 'rst' ? 'TCP reset' : 'TCP connection closed');
      return null;
    }
    const closes = (this.closeSentAt.client !== null ? 1 : 0) + (this.closeSentAt.server !== null ? 1 : 0);
    if (how === 'end-of-capture') return null;
    const after =
      closes === 2
        ? ' after a clean close handshake'
        : closes === 1
          ? ' after a one-sided close'
          : ' without a close handshake';
    this.lifecycle('CLOSED', time, record, null, `${tcp}${after}`);
    if (closes > 0) return null;
    return {
      code: 'close.missing',
      message: `connection ended by ${how === 'rst' ? 'a TCP reset' : 'TCP FIN'} without a WebSocket close frame`,
    };
  }
}
