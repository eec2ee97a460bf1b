// STOMP 1.0, 1.1 and 1.2 (stomp.github.io) over WebSocket: each direction is a byte stream of
// frames (COMMAND EOL, header lines, a blank line, the body, then NUL), with EOLs between
// frames as heart-beats (1.1+). A message may hold several frames and a frame may span messages.
// The body ends at NUL, or after content-length bytes when that header is present (then it may
// hold NULs). Header values are unescaped per 1.2 (\\ \n \r \c) except in CONNECT/CONNECTED.
//
// Pairing: CONNECT/STOMP → CONNECTED (or ERROR); any client frame with a `receipt` header →
// the RECEIPT with that `receipt-id` (an ERROR carrying it fails it); SUBSCRIBE id → each MESSAGE
// with that `subscription`, closed by UNSUBSCRIBE of the same id.

import type { Direction } from '../records.js';
import { type AppPacket, type AppResult, malformed, type PairRole, type ProtocolDecoder } from './types.js';
import { brief, strictText, textOf } from './util.js';

const CLIENT = new Set([
  'CONNECT',
  'STOMP',
  'SEND',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'BEGIN',
  'COMMIT',
  'ABORT',
  'ACK',
  'NACK',
  'DISCONNECT',
]);
const SERVER = new Set(['CONNECTED', 'MESSAGE', 'RECEIPT', 'ERROR']);
const MAX_HELD = 16 * 1024 * 1024;
const NUL = 0;
const LF = 10;
const CR = 13;

/** Does this message start like a STOMP CONNECT/STOMP frame (for sniffing)? */
export function looksStomp(text: string): boolean {
  return /^(CONNECT|STOMP|CONNECTED)\r?\n/.test(text);
}

function unescapeHeader(v: string): string {
  return v.replace(/\\(.)/g, (_m, c: string) =>
    c === 'n' ? '\n' : c === 'r' ? '\r' : c === 'c' ? ':' : c === '\\' ? '\\' : `\\${c}`,
  );
}

export class StompDecoder implements ProtocolDecoder {
  private readonly held: Record<Direction, Uint8Array> = { client: new Uint8Array(0), server: new Uint8Array(0) };
  private readonly broken: Record<Direction, boolean> = { client: false, server: false };

  decode(dir: Direction, payload: Uint8Array, _text: string | null): AppResult {
    if (this.broken[dir]) return { packets: [], malformed: null };
    const before = this.held[dir].length;
    let b = payload;
    if (before > 0) {
      b = new Uint8Array(before + payload.length);
      b.set(this.held[dir], 0);
      b.set(payload, before);
    }
    const packets: AppPacket[] = [];
    let at = 0;
    let beats = 0;
    while (at < b.length) {
      if (b[at] === LF || (b[at] === CR && b[at + 1] === LF)) {
        at += b[at] === CR ? 2 : 1;
        beats++;
        continue;
      }
      const frame = this.frame(dir, b, at);
      if (frame === null) break;
      if (typeof frame === 'string') {
        this.broken[dir] = true;
        this.held[dir] = new Uint8Array(0);
        return malformed(Math.max(0, at - before), frame, packets);
      }
      packets.push(frame.packet);
      at = frame.end;
    }
    if (packets.length === 0 && beats > 0 && at === b.length)
      packets.push({ kind: 'heart-beat', name: null, id: null, summary: 'heart-beat' });
    this.held[dir] = at === b.length ? new Uint8Array(0) : b.slice(at);
    if (this.held[dir].length > MAX_HELD) {
      this.broken[dir] = true;
      return malformed(0, 'frame larger than 16 MiB held', packets);
    }
    return { packets, malformed: null, held: this.held[dir].length };
  }

  /** One frame from `at`: null when it continues in a later message, a string when malformed. */
  private frame(dir: Direction, b: Uint8Array, at: number): { packet: AppPacket; end: number } | string | null {
    // The head ends at the first blank line.
    let i = at;
    let headEnd = -1;
    let bodyStart = -1;
    while (i < b.length) {
      if (b[i] === LF && b[i + 1] === LF) {
        headEnd = i;
        bodyStart = i + 2;
        break;
      }
      if (b[i] === LF && b[i + 1] === CR && b[i + 2] === LF) {
        headEnd = i;
        bodyStart = i + 3;
        break;
      }
      if (b[i] === NUL) return 'NUL inside a frame head';
      i++;
    }
    if (headEnd < 0) {
      // The command line alone tells a frame that is not STOMP (no need to wait for the head).
      const eol = b.indexOf(LF, at);
      const first = eol < 0 ? null : textOf(b.subarray(at, eol)).replace(/\r$/, '');
      if (first !== null && !(dir === 'client' ? CLIENT : SERVER).has(first))
        return `unknown ${dir} STOMP command ${JSON.stringify(first.slice(0, 40))}`;
      if (first === null && b.length - at > 32) return `no STOMP command line in the first ${b.length - at} bytes`;
      return null;
    }
    const lines = textOf(b.subarray(at, headEnd))
      .split('\n')
      .map((l) => l.replace(/\r$/, ''));
    const command = lines[0] ?? '';
    if (!(dir === 'client' ? CLIENT : SERVER).has(command))
      return `unknown ${dir} STOMP command ${JSON.stringify(command.slice(0, 40))}`;
    const raw = command === 'CONNECT' || command === 'CONNECTED';
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon < 0) return `header line without a colon: ${JSON.stringify(line.slice(0, 40))}`;
      const name = raw ? line.slice(0, colon) : unescapeHeader(line.slice(0, colon));
      // 1.2 §Repeated Header Entries: the first one wins.
      if (!(name in headers)) headers[name] = raw ? line.slice(colon + 1) : unescapeHeader(line.slice(colon + 1));
    }
    let bodyEnd: number;
    const cl = headers['content-length'];
    if (cl !== undefined) {
      if (!/^\d+$/.test(cl)) return `content-length ${JSON.stringify(cl)} is not a number`;
      bodyEnd = bodyStart + Number(cl);
      if (bodyEnd >= b.length) return null;
      if (b[bodyEnd] !== NUL) return 'no NUL after content-length bytes of body';
    } else {
      bodyEnd = b.indexOf(NUL, bodyStart);
      if (bodyEnd < 0) return null;
    }
    const body = b.subarray(bodyStart, bodyEnd);
    return { packet: this.packet(command, headers, body), end: bodyEnd + 1 };
  }

  private packet(command: string, h: Record<string, string>, body: Uint8Array): AppPacket {
    const pairs: PairRole[] = [];
    const dest = h.destination ?? null;
    let name: string | null = dest;
    let id: string | null = h.receipt ?? h.id ?? h['message-id'] ?? null;
    const text = strictText(body);
    let data: unknown = text === null ? { $bytes: body.length } : text;
    if (text !== null && /json/.test(h['content-type'] ?? '')) {
      try {
        data = JSON.parse(text);
      } catch {
        // Stays text: a body that says JSON and is not is shown as sent.
      }
    }
    const bodyText = body.length === 0 ? '' : ` ${text === null ? `(${body.length} bytes)` : brief(text)}`;
    let summary = `${command}${dest ? ` ${dest}` : ''}${bodyText}`;
    switch (command) {
      case 'CONNECT':
      case 'STOMP':
        name = h.host ?? null;
        summary = `${command} ${h['accept-version'] ?? '1.0'}${h.host ? ` host ${h.host}` : ''}${h['heart-beat'] ? ` heart-beat ${h['heart-beat']}` : ''}`;
        pairs.push({ op: 'open', key: 'connect', name: command, id: 'connect' });
        break;
      case 'CONNECTED':
        summary = `CONNECTED ${h.version ?? '1.0'}${h['heart-beat'] ? ` heart-beat ${h['heart-beat']}` : ''}`;
        pairs.push({ op: 'answer', key: 'connect', final: true, error: false });
        break;
      case 'SUBSCRIBE':
        if (h.id !== undefined) pairs.push({ op: 'open', key: `sub:${h.id}`, name: dest, id: h.id });
        summary = `SUBSCRIBE ${dest ?? ''} id ${h.id ?? '?'}`;
        break;
      case 'UNSUBSCRIBE':
        if (h.id !== undefined) pairs.push({ op: 'answer', key: `sub:${h.id}`, final: true, error: false });
        summary = `UNSUBSCRIBE id ${h.id ?? '?'}`;
        break;
      case 'MESSAGE':
        if (h.subscription !== undefined)
          pairs.push({ op: 'answer', key: `sub:${h.subscription}`, final: false, error: false });
        id = h['message-id'] ?? null;
        break;
      case 'RECEIPT':
        id = h['receipt-id'] ?? null;
        if (id !== null) pairs.push({ op: 'answer', key: `receipt:${id}`, final: true, error: false });
        summary = `RECEIPT ${id ?? ''}`.trim();
        break;
      case 'ERROR':
        id = h['receipt-id'] ?? null;
        summary = `ERROR ${h.message ?? ''}${bodyText}`.replace(/\s+/g, ' ').trim();
        if (id !== null) pairs.push({ op: 'answer', key: `receipt:${id}`, final: true, error: true });
        pairs.push({ op: 'answer', key: 'connect', final: true, error: true });
        break;
    }
    if (h.receipt !== undefined && command !== 'RECEIPT')
      pairs.push({
        op: 'open',
        key: `receipt:${h.receipt}`,
        name: `${command}${dest ? ` ${dest}` : ''}`,
        id: h.receipt,
      });
    const packet: AppPacket = { kind: command, name, id, summary, data: { headers: h, body: data } };
    if (pairs.length) packet.pair = pairs;
    return packet;
  }
}
