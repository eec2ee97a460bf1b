// TEST-ONLY driver for one connection, in the style of h11's ConnectionPair: the test writes the
// tracker's events (bytes per side with their record number and time, gaps, FIN/RST, the end)
// and reads back exactly what the connection emitted. No capture file, no TCP tracker: what the
// connection receives is what the test wrote.
//
//   const c = new Pair();                      // 'a' = client 10.0.0.1:50000 (SYN seen), 'b' = server
//   c.data('a', UPGRADE_REQUEST, 1.0);         // one data event = one capture record (numbered from 2)
//   c.data('b', concat(SWITCHING, wsFrame({ opcode: 1, payload: 'hi' })), 1.5);
//   c.close('fin', 3.0);
//   c.frames(), c.messages(), c.codes(), c.record()

import { ConnectionDecoder } from '../../../src/decoder/connection/connection.js';
import type { Finding } from '../../../src/decoder/findings.js';
import {
  type ConnectionRecord,
  DEFAULT_LIMITS,
  type DecoderEvent,
  type FrameRecord,
  type Limits,
  type MessageRecord,
} from '../../../src/decoder/records.js';
import type { Side } from '../../../src/decoder/tcp/events.js';
import { bytes, concat } from '../../helpers/pcap-writer.js';

export { concat };

const CONNECTION_ID = 7;

export class Pair {
  readonly events: DecoderEvent[] = [];
  readonly conn: ConnectionDecoder;
  private readonly offsets: Record<Side, number> = { a: 0, b: 0 };
  /** The open event is record 1; every later event gets the next number. */
  private nextRecord = 2;
  private frameId = 1;
  private messageId = 1;

  constructor(options: { synSeen?: boolean; time?: number; limits?: Partial<Limits> } = {}) {
    this.conn = new ConnectionDecoder(
      {
        type: 'open',
        connectionId: CONNECTION_ID,
        a: { address: '10.0.0.1', port: 50000 },
        b: { address: '10.0.0.2', port: 80 },
        synSeen: options.synSeen ?? true,
        record: 1,
        time: options.time ?? 1,
      },
      { ...DEFAULT_LIMITS, ...options.limits },
      { nextFrameId: () => this.frameId++, nextMessageId: () => this.messageId++ },
      (ev) => this.events.push(ev),
    );
  }

  /** In-order bytes from one side, as one capture record; returns that record's number. */
  data(side: Side, payload: Uint8Array | string, time: number): number {
    const b = bytes(payload);
    const record = this.nextRecord++;
    const streamOffset = this.offsets[side];
    this.offsets[side] += b.length;
    this.conn.onEvent({
      type: 'data',
      connectionId: CONNECTION_ID,
      side,
      streamOffset,
      bytes: b,
      spans: [{ record, streamOffset, length: b.length, time }],
      record,
      time,
    });
    return record;
  }

  /** `length` bytes of one side that the capture missed. */
  gap(side: Side, length: number, time: number): void {
    const record = this.nextRecord++;
    const streamOffset = this.offsets[side];
    this.offsets[side] += length;
    this.conn.onEvent({ type: 'gap', connectionId: CONNECTION_ID, side, streamOffset, length, record, time });
  }

  control(side: Side, what: 'fin' | 'rst', time: number): void {
    this.conn.onEvent({ type: 'control', connectionId: CONNECTION_ID, side, what, record: this.nextRecord++, time });
  }

  close(how: 'fin' | 'rst' | 'reused' | 'end-of-capture', time: number): void {
    this.conn.onEvent({ type: 'closed', connectionId: CONNECTION_ID, how, record: this.nextRecord++, time });
  }

  frames(): FrameRecord[] {
    return this.events.flatMap((e) => (e.kind === 'frame' ? [e.frame] : []));
  }
  messages(): MessageRecord[] {
    return this.events.flatMap((e) => (e.kind === 'message' ? [e.message] : []));
  }
  findings(): Finding[] {
    return this.events.flatMap((e) => (e.kind === 'finding' ? [e.finding] : []));
  }
  codes(): string[] {
    return this.findings().map((f) => f.code);
  }
  /** The connection record as the session would snapshot it now. */
  record(): ConnectionRecord {
    return this.conn.snapshot();
  }
  /** Lifecycle as `STATE@time by: detail` lines, easy to compare whole. */
  lifecycle(): string[] {
    return this.record().lifecycle.map((l) => `${l.state}@${l.time} ${l.by ?? '-'}: ${l.detail}`);
  }
}

// ---------------------------------------------------------------- bytes on the wire

/** RFC 6455 §1.3's example key and the accept a server must answer with. */
export const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
export const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

export function upgradeRequest(target = '/chat', extra = ''): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`
  );
}

export function switching(
  headers = `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n`,
) {
  return `HTTP/1.1 101 Switching Protocols\r\n${headers}\r\n`;
}

export const MASK = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);

/**
 * One RFC 6455 §5.2 frame with a 7-bit length (payload ≤ 125 bytes), masked with MASK when
 * `masked` (what a client sends). Written by hand here, independent of the parser under test.
 */
export function wsFrame(f: { opcode: number; payload?: Uint8Array | string; fin?: boolean; masked?: boolean }) {
  const payload = bytes(f.payload);
  if (payload.length > 125) throw new Error('wsFrame: 7-bit lengths only');
  const masked = f.masked ?? false;
  const head = [((f.fin ?? true) ? 0x80 : 0) | f.opcode, (masked ? 0x80 : 0) | payload.length];
  if (!masked) return concat(Uint8Array.from(head), payload);
  const body = payload.map((b, i) => b ^ (MASK[i % 4] as number));
  return concat(Uint8Array.from(head), MASK, body);
}

/** A client frame (masked). */
export const clientFrame = (opcode: number, payload: Uint8Array | string = '', fin = true) =>
  wsFrame({ opcode, payload, fin, masked: true });
/** A server frame (unmasked). */
export const serverFrame = (opcode: number, payload: Uint8Array | string = '', fin = true) =>
  wsFrame({ opcode, payload, fin });
/** A close frame's payload: the code big-endian, then the reason in UTF-8. */
export const closePayload = (code: number, reason = '') => concat(Uint8Array.of(code >> 8, code & 0xff), bytes(reason));

export const TEXT = 0x1;
export const BINARY = 0x2;
export const CONTINUATION = 0x0;
export const CLOSE = 0x8;
export const PING = 0x9;
export const PONG = 0xa;

/** A connection opened at t=1.5 by a valid handshake (request at t=1.25). */
export function opened(): Pair {
  const c = new Pair();
  c.data('a', upgradeRequest(), 1.25);
  c.data('b', switching(), 1.5);
  return c;
}
