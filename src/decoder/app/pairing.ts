// Pairs requests with their answers on one connection, by the keys the protocol decoders build
// from their own ids (types.ts PairRole), and times them.
//
// Rules
// - `open` starts a request; opening a key that is still pending first leaves the old one
//   pending for good (ids reused before an answer: the old one was never answered).
// - `answer` with final=false counts an answer (a subscription's next); final=true closes it.
//   The first answer gives the latency; the final one the duration. Any error answer marks it.
// - An answer to a key with nothing pending is ignored (its request was before the capture).
// - Every change produces a fresh RequestRecord snapshot for the caller to hand out; at most
//   MAX_PENDING requests are remembered per connection (the oldest are let go, still pending).

import type { Direction } from '../records.js';
import type { AppProtocolName, PairRole, RequestRecord } from './types.js';

const MAX_PENDING = 10_000;

export interface PairContext {
  connectionId: number;
  protocol: AppProtocolName;
  direction: Direction;
  messageId: number;
  time: number;
}

export class Pairing {
  private readonly open = new Map<string, RequestRecord>();

  constructor(private readonly nextId: () => number) {}

  /** Apply one role; returns the request's new snapshot when something changed. */
  apply(role: PairRole, at: PairContext): RequestRecord | null {
    if (role.op === 'open') {
      this.open.delete(role.key);
      const rec: RequestRecord = {
        id: this.nextId(),
        connectionId: at.connectionId,
        protocol: at.protocol,
        direction: at.direction,
        requestId: role.id,
        name: role.name,
        request: at.messageId,
        response: null,
        final: null,
        answers: 0,
        requestTime: at.time,
        responseTime: null,
        latency: null,
        duration: null,
        status: 'pending',
        complete: false,
      };
      this.open.set(role.key, rec);
      if (this.open.size > MAX_PENDING) {
        const oldest = this.open.keys().next().value;
        if (oldest !== undefined) this.open.delete(oldest);
      }
      return { ...rec };
    }
    const rec = this.open.get(role.key);
    if (!rec) return null;
    rec.answers++;
    if (rec.response === null) {
      rec.response = at.messageId;
      rec.responseTime = at.time;
      // Clamped: bytes released out of order can put an answer's time before its request's.
      rec.latency = Math.max(0, at.time - rec.requestTime);
    }
    if (role.error) rec.status = 'error';
    else if (rec.status === 'pending') rec.status = 'ok';
    if (role.final) {
      rec.final = at.messageId;
      rec.duration = Math.max(0, at.time - rec.requestTime);
      rec.complete = true;
      this.open.delete(role.key);
    }
    return { ...rec };
  }

  /** The name of the request `key` is waiting on, if any (to name its answers). */
  nameOf(key: string): string | null {
    return this.open.get(key)?.name ?? null;
  }
}
