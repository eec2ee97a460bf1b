// A connection that has carried no payload yet: the few fields its record needs, not a decoder.
//
// Why: most connections of a SYN flood, a port scan or a capture of half-open connections never
// send a byte, and a ConnectionDecoder with its classifier, handover, conversation and span
// indexes cost ~3 KiB each (100k half-open connections took 750 MiB, issue 15). A pending
// connection keeps the tracker's open event, its SYN / SYN-ACK control events and its finding
// count (~200 bytes), and becomes a ConnectionDecoder on the first event it cannot take (data,
// a gap, FIN, RST, close): `materialize` replays what it kept into a new decoder, so the records
// are exactly those a decoder made from the start would give.

import type { ConnectionRecord, DecoderEvent, Limits } from '../records.js';
import type { TcpEvent } from '../tcp/events.js';
import { ConnectionDecoder } from './connection.js';
import { newConnectionRecord } from './connection-record.js';
import type { IdSource } from './direction.js';

type OpenEvent = Extract<TcpEvent, { type: 'open' }>;
type ControlEvent = Extract<TcpEvent, { type: 'control' }>;

export interface PendingState {
  open: OpenEvent;
  controls: ControlEvent[];
  findings: number;
  dirty: boolean;
  changed: boolean;
}

/** More control events than this (retransmitted SYNs are not events) and it becomes a decoder. */
const MAX_CONTROLS = 4;

export class PendingConnection {
  private controls: ControlEvent[] | null = null;
  private findings = 0;
  /** As Reporter's flags: a new connection is worth a snapshot. */
  dirty = true;
  changed = true;

  constructor(readonly open: OpenEvent) {}

  get id(): number {
    return this.open.connectionId;
  }

  /** Record number of the last event: how long it has been idle. */
  get lastRecord(): number {
    const c = this.controls;
    return c === null ? this.open.record : Math.max(this.open.record, (c[c.length - 1] as ControlEvent).record);
  }

  /** Takes a SYN or SYN-ACK; false for anything a decoder must see. */
  take(ev: Exclude<TcpEvent, { type: 'finding' | 'open' }>): boolean {
    if (ev.type !== 'control' || (ev.what !== 'syn' && ev.what !== 'syn-ack')) return false;
    // A literal: `[]` then push() reserves 17 slots, most of a SYN-only connection's cost.
    if (this.controls === null) this.controls = [ev];
    else if (this.controls.length >= MAX_CONTROLS) return false;
    else this.controls.push(ev);
    this.changed = true;
    this.dirty = true;
    return true;
  }

  /** What it kept, to become a decoder in another thread (shard/shard-core.ts replays it). */
  state(): PendingState {
    return {
      open: this.open,
      controls: this.controls ?? [],
      findings: this.findings,
      dirty: this.dirty,
      changed: this.changed,
    };
  }

  /** The pending connection `state()` described. */
  static from(state: PendingState): PendingConnection {
    const p = new PendingConnection(state.open);
    if (state.controls.length > 0) p.controls = [...state.controls];
    p.findings = state.findings;
    p.dirty = state.dirty;
    p.changed = state.changed;
    return p;
  }

  countFinding(): void {
    this.findings++;
    this.dirty = true;
  }

  /** What ConnectionDecoder.snapshot() would give after the same events. */
  snapshot(): ConnectionRecord {
    const rec = newConnectionRecord(this.open);
    rec.client = { ...rec.client };
    rec.server = { ...rec.server };
    for (const ev of this.controls ?? []) {
      if (ev.time > rec.lastTime) rec.lastTime = ev.time;
      if (ev.record > rec.lastRecord) rec.lastRecord = ev.record;
      // Roles are swapped only once payload shows them, so side 'a' is the client here.
      rec.tcpEvents.push({
        what: ev.what,
        direction: ev.side === 'a' ? 'client' : 'server',
        time: ev.time,
        record: ev.record,
      });
    }
    rec.findingCount = this.findings;
    this.dirty = false;
    this.changed = false;
    return rec;
  }

  /** The decoder this connection would be by now. */
  materialize(
    limits: Limits,
    ids: IdSource,
    emit: (ev: DecoderEvent) => void,
    frameFields: boolean,
    tls?: ConstructorParameters<typeof ConnectionDecoder>[5],
    pool?: ConstructorParameters<typeof ConnectionDecoder>[6],
  ): ConnectionDecoder {
    const decoder = new ConnectionDecoder(this.open, limits, ids, emit, frameFields, tls, pool);
    for (const ev of this.controls ?? []) decoder.onEvent(ev);
    for (let i = 0; i < this.findings; i++) decoder.countFinding();
    decoder.setSnapshotFlags(this.dirty, this.changed);
    return decoder;
  }
}
