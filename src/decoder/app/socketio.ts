// Socket.IO over Engine.IO, on a WebSocket transport.
//
// Engine.IO (github.com/socketio/engine.io-protocol, v4; v3 where it differs): every text
// message starts with a packet type digit: 0 open (the handshake JSON), 1 close, 2 ping, 3 pong,
// 4 message, 5 upgrade, 6 noop; "2probe"/"3probe" test a transport upgrade. A binary message is a
// message packet of its own (v4) or starts with a 0x04 byte (v3). Heartbeat: in v4 the server
// pings and the client pongs; in v3 the other way round.
// Socket.IO (socket.io-protocol v5; v4 and v3 alike on the wire here) inside an Engine.IO
// message: <type>[<attachments>-][<namespace>,][<ack id>][<JSON>] with types 0 CONNECT,
// 1 DISCONNECT, 2 EVENT, 3 ACK, 4 CONNECT_ERROR, 5 BINARY_EVENT, 6 BINARY_ACK. A binary packet's
// attachments follow as that many binary messages, and its JSON holds {"_placeholder":true,"num":i}
// where each goes.
//
// Pairing: an EVENT with an ack id awaits the ACK with that id, in its namespace, from the other
// side; CONNECT to a namespace awaits the server's CONNECT (or CONNECT_ERROR); a ping its pong.

import type { Direction } from '../records.js';
import { type AppPacket, type AppResult, malformed, type PairRole, type ProtocolDecoder } from './types.js';
import { brief, isObject, parseJson } from './util.js';

const EIO_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
const SIO_TYPES = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'] as const;

const other = (d: Direction): Direction => (d === 'client' ? 'server' : 'client');

/** Engine.IO version from a request target such as /socket.io/?EIO=4&transport=websocket. */
export function engineIoVersion(target: string | null): number {
  const m = target ? /[?&]EIO=(\d+)/.exec(target) : null;
  return m ? Number(m[1]) : 4;
}

/** Binary placeholders ({"_placeholder":true,"num":0}) shown as `<attachment 0>` in summaries. */
function shown(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shown);
  if (isObject(v)) {
    if (v._placeholder === true && typeof v.num === 'number') return `<attachment ${v.num}>`;
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = shown(x);
    return o;
  }
  return v;
}

/** Does this text look like an Engine.IO packet (for sniffing)? 0{"sid"…}, 40, 42[…], 2, 3. */
export function looksSocketIo(text: string): boolean {
  return /^(0\{"sid"|4[0-6]|[23](probe)?$|6$)/.test(text);
}

export class SocketIoDecoder implements ProtocolDecoder {
  private readonly attachments: Record<Direction, { left: number; of: string; total: number }> = {
    client: { left: 0, of: '', total: 0 },
    server: { left: 0, of: '', total: 0 },
  };

  constructor(private readonly eio = 4) {}

  decode(dir: Direction, payload: Uint8Array, text: string | null): AppResult {
    if (text === null) return this.binary(dir, payload);
    if (text.length === 0) return malformed(0, 'empty Engine.IO packet');
    const t = text.charCodeAt(0) - 48;
    const type = EIO_TYPES[t];
    if (type === undefined) return malformed(0, `unknown Engine.IO packet type ${JSON.stringify(text[0])}`);
    const rest = text.slice(1);
    if (type === 'message') return this.socketIo(dir, rest);
    let pair: PairRole | undefined;
    let data: unknown;
    let summary = `engine.io ${type}${rest ? ` ${brief(rest)}` : ''}`;
    if (type === 'ping' || type === 'pong') {
      const asker = type === 'ping' ? dir : other(dir);
      const key = `eio-ping:${asker}:${rest}`;
      pair =
        type === 'ping'
          ? { op: 'open', key, name: rest ? `ping ${rest}` : 'ping', id: 'ping' }
          : { op: 'answer', key, final: true, error: false };
      summary = `engine.io ${type}${rest ? ` ${rest}` : ''}`;
    } else if (type === 'open') {
      const parsed = parseJson(rest);
      if (!parsed.ok) return malformed(1 + parsed.offset, parsed.message);
      data = parsed.value;
      const sid = isObject(data) ? data.sid : undefined;
      summary = `engine.io open sid ${String(sid)}`;
    }
    const packet: AppPacket = { kind: `eio.${type}`, name: null, id: null, summary, data };
    if (pair) packet.pair = pair;
    return { packets: [packet], malformed: null };
  }

  private binary(dir: Direction, payload: Uint8Array): AppResult {
    // Engine.IO v3 prefixes binary messages with the packet type byte (4 = message).
    let body = payload;
    if (this.eio < 4) {
      if (payload[0] !== 4) return malformed(0, `Engine.IO v3 binary message without the 0x04 message type byte`);
      body = payload.subarray(1);
    }
    const a = this.attachments[dir];
    if (a.left === 0) {
      return {
        packets: [
          {
            kind: 'eio.binary',
            name: null,
            id: null,
            summary: `binary message (${body.length} bytes)`,
            data: undefined,
          },
        ],
        malformed: null,
      };
    }
    const num = a.total - a.left;
    a.left--;
    return {
      packets: [
        {
          kind: 'attachment',
          name: null,
          id: num,
          summary: `attachment ${num + 1} of ${a.total} to ${a.of} (${body.length} bytes)`,
        },
      ],
      malformed: null,
    };
  }

  private socketIo(dir: Direction, s: string): AppResult {
    if (s.length === 0) return malformed(1, 'empty Socket.IO packet');
    const t = s.charCodeAt(0) - 48;
    const type = SIO_TYPES[t];
    if (type === undefined) return malformed(1, `unknown Socket.IO packet type ${JSON.stringify(s[0])}`);
    let i = 1;
    let attachments = 0;
    if (type === 'BINARY_EVENT' || type === 'BINARY_ACK') {
      const dash = s.indexOf('-', i);
      if (dash < 0 || !/^\d+$/.test(s.slice(i, dash)))
        return malformed(1 + i, 'binary packet without its attachment count');
      attachments = Number(s.slice(i, dash));
      i = dash + 1;
    }
    let nsp = '/';
    if (s[i] === '/') {
      const comma = s.indexOf(',', i);
      const end = comma < 0 ? s.length : comma;
      nsp = s.slice(i, end);
      i = comma < 0 ? s.length : comma + 1;
    }
    let ack: number | null = null;
    const digits = /^\d+/.exec(s.slice(i));
    if (digits) {
      ack = Number(digits[0]);
      i += digits[0].length;
    }
    let data: unknown;
    if (i < s.length) {
      const parsed = parseJson(s.slice(i));
      if (!parsed.ok) return malformed(1 + i + parsed.offset, parsed.message);
      data = parsed.value;
    }
    const where = nsp === '/' ? '' : `${nsp} `;
    let name: string | null = null;
    let summary: string;
    let pair: PairRole | undefined;
    switch (type) {
      case 'EVENT':
      case 'BINARY_EVENT': {
        if (!Array.isArray(data) || data.length === 0)
          return malformed(1 + i, `${type} payload is not a non-empty array`);
        name = typeof data[0] === 'string' ? data[0] : String(data[0]);
        summary = `${where}${name} ${brief(shown(data.slice(1)))}${ack !== null ? ` ack ${ack}` : ''}`;
        if (ack !== null) pair = { op: 'open', key: `${dir}:${nsp}:${ack}`, name, id: ack };
        break;
      }
      case 'ACK':
      case 'BINARY_ACK':
        if (ack === null) return malformed(1 + i, `${type} without an ack id`);
        summary = `${where}ack ${ack} ${brief(shown(data))}`;
        pair = { op: 'answer', key: `${other(dir)}:${nsp}:${ack}`, final: true, error: false };
        break;
      case 'CONNECT':
        summary = `${where || '/ '}connect${data !== undefined ? ` ${brief(data)}` : ''}`.trim();
        name = `connect ${nsp}`;
        pair =
          dir === 'client'
            ? { op: 'open', key: `connect:${nsp}`, name, id: nsp }
            : { op: 'answer', key: `connect:${nsp}`, final: true, error: false };
        break;
      case 'CONNECT_ERROR':
        summary = `${where}connect error ${brief(data)}`;
        pair = { op: 'answer', key: `connect:${nsp}`, final: true, error: true };
        break;
      default:
        summary = `${where}disconnect`;
    }
    if (attachments > 0) {
      summary += ` (+${attachments} binary attachment${attachments > 1 ? 's' : ''})`;
      this.attachments[dir] = { left: attachments, of: name ?? type, total: attachments };
    }
    const packet: AppPacket = { kind: type, name, id: ack, summary, data };
    if (pair) packet.pair = pair;
    return { packets: [packet], malformed: null };
  }
}
