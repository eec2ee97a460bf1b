// Test helpers: build TcpSegment records by hand and render TcpEvents as one-line strings,
// so tests can assert whole event sequences at a glance.

import type { TcpFlags, TcpSegment } from '../../../src/decoder/packet/types.js';
import type { Endpoint } from '../../../src/decoder/records.js';
import type { TcpEvent } from '../../../src/decoder/tcp/events.js';

export const CLIENT: Endpoint = { address: '10.0.0.1', port: 5000 };
export const SERVER: Endpoint = { address: '10.0.0.2', port: 80 };
/** What finding messages call the two directions. */
export const C2S = '10.0.0.1:5000 → 10.0.0.2:80';
export const S2C = '10.0.0.2:80 → 10.0.0.1:5000';

export interface SegmentOptions {
  /** 'c' = CLIENT → SERVER, 's' = SERVER → CLIENT. */
  from: 'c' | 's';
  seq: number;
  ack?: number;
  /** Any of S A F R P, e.g. 'SA' for a SYN-ACK, 'PA' for data. */
  flags?: string;
  data?: string | Uint8Array;
  /** Keep only this many payload bytes in the "file" (snaplen). */
  truncateTo?: number;
  client?: Endpoint;
  server?: Endpoint;
}

/** Returns a builder that numbers records 1, 2, 3 … and stamps time 1000 + record/1000. */
export function segmentBuilder(): (o: SegmentOptions) => TcpSegment {
  let record = 0;
  return (o) => {
    record++;
    const client = o.client ?? CLIENT;
    const server = o.server ?? SERVER;
    const full = typeof o.data === 'string' ? new TextEncoder().encode(o.data) : (o.data ?? new Uint8Array(0));
    const f = o.flags ?? (o.ack === undefined ? '' : 'A');
    const flags: TcpFlags = {
      syn: f.includes('S'),
      ack: f.includes('A'),
      fin: f.includes('F'),
      rst: f.includes('R'),
      psh: f.includes('P'),
      urg: false,
      ece: false,
      cwr: false,
    };
    const truncated = o.truncateTo !== undefined && o.truncateTo < full.length;
    const time = 1000 + record / 1000;
    return {
      record,
      time,
      seconds: Math.floor(time),
      nanos: Math.round((time % 1) * 1e9),
      ipVersion: client.address.includes(':') ? 6 : 4,
      src: o.from === 'c' ? client : server,
      dst: o.from === 'c' ? server : client,
      seq: o.seq >>> 0,
      ack: (o.ack ?? 0) >>> 0,
      flags,
      window: 65535,
      payload: truncated ? full.slice(0, o.truncateTo) : full,
      payloadLength: full.length,
      truncated,
    };
  };
}

const decoder = new TextDecoder();

/** One line per event, e.g. `data 1a @0 "hello" r3[0+5]`. */
export function render(ev: TcpEvent): string {
  switch (ev.type) {
    case 'open':
      return `open ${ev.connectionId} a=${ev.a.address}:${ev.a.port} b=${ev.b.address}:${ev.b.port}${ev.synSeen ? ' syn' : ''} r${ev.record}`;
    case 'data': {
      const spans = ev.spans.map((s) => `r${s.record}[${s.streamOffset}+${s.length}]`).join(' ');
      return `data ${ev.connectionId}${ev.side} @${ev.streamOffset} ${JSON.stringify(decoder.decode(ev.bytes))} ${spans} r${ev.record}`;
    }
    case 'gap':
      return `gap ${ev.connectionId}${ev.side} @${ev.streamOffset}+${ev.length} r${ev.record}`;
    case 'control':
      return `${ev.what} ${ev.connectionId}${ev.side} r${ev.record}`;
    case 'closed':
      return `closed ${ev.connectionId} ${ev.how} r${ev.record}`;
    case 'finding':
      return `${ev.finding.code} ${ev.finding.connectionId} r${ev.finding.packet}: ${ev.finding.message}`;
  }
}

export function renderAll(events: TcpEvent[]): string[] {
  return events.map(render);
}

/** The in-order bytes of one side, with gaps as '?' per missing byte. */
export function streamText(events: TcpEvent[], connectionId: number, side: 'a' | 'b'): string {
  let s = '';
  for (const ev of events) {
    if (ev.type === 'data' && ev.connectionId === connectionId && ev.side === side) s += decoder.decode(ev.bytes);
    if (ev.type === 'gap' && ev.connectionId === connectionId && ev.side === side) s += '?'.repeat(ev.length);
  }
  return s;
}
