// ASP.NET Core SignalR hub protocols (github.com/dotnet/aspnetcore, src/SignalR/docs/specs/
// HubProtocol.md): first the handshake, `{"protocol":"json"|"messagepack","version":1}` from the
// client and `{}` (or `{"error":…}`) from the server, each ended by the record separator 0x1E.
// JSON: every message is a JSON object ended by 0x1E, several per WebSocket message. MessagePack:
// each message is a VarInt length (7 bits a byte, low first) and a MessagePack array.
// Types: 1 Invocation, 2 StreamItem, 3 Completion, 4 StreamInvocation, 5 CancelInvocation,
// 6 Ping, 7 Close, 8 Ack, 9 Sequence.
//
// Pairing: an Invocation/StreamInvocation with an invocationId → StreamItems → the Completion
// with that id (its `error` fails it); the handshake request → the handshake response.

import type { Direction } from '../records.js';
import { decodeMsgpack } from './generic.js';
import { type AppPacket, type AppResult, malformed, type PairRole, type ProtocolDecoder } from './types.js';
import { brief, isObject, parseJson, textOf } from './util.js';

const RS = '\x1e';
const TYPES = [
  '',
  'Invocation',
  'StreamItem',
  'Completion',
  'StreamInvocation',
  'CancelInvocation',
  'Ping',
  'Close',
  'Ack',
  'Sequence',
];

export class SignalRDecoder implements ProtocolDecoder {
  private handshaken: Record<Direction, boolean> = { client: false, server: false };
  private binary = false;

  decode(dir: Direction, payload: Uint8Array, text: string | null): AppResult {
    const packets: AppPacket[] = [];
    let s = text ?? '';
    let offset = 0;
    if (!this.handshaken[dir]) {
      const raw = text ?? textOf(payload);
      const end = raw.indexOf(RS);
      if (end < 0) return malformed(0, 'handshake without its 0x1E record separator');
      const parsed = parseJson(raw.slice(0, end));
      if (!parsed.ok) return malformed(parsed.offset, `handshake: ${parsed.message}`);
      const v = parsed.value;
      this.handshaken[dir] = true;
      if (dir === 'client') {
        const protocol = isObject(v) ? String(v.protocol) : '?';
        this.binary = protocol === 'messagepack';
        packets.push({
          kind: 'handshake',
          name: protocol,
          id: null,
          summary: `handshake ${protocol} v${isObject(v) ? String(v.version) : '?'}`,
          data: v,
          pair: { op: 'open', key: 'handshake', name: 'handshake', id: 'handshake' },
        });
      } else {
        const error = isObject(v) && typeof v.error === 'string' ? v.error : null;
        packets.push({
          kind: 'handshake-response',
          name: null,
          id: null,
          summary: error ? `handshake refused: ${error}` : 'handshake accepted',
          data: v,
          pair: { op: 'answer', key: 'handshake', final: true, error: error !== null },
        });
      }
      offset = end + 1;
      s = raw.slice(end + 1);
      if (s.length === 0) return { packets, malformed: null };
      if (this.binary)
        return this.msgpack(dir, payload.subarray(new TextEncoder().encode(raw.slice(0, end + 1)).length), packets);
    } else if (this.binary && text === null) return this.msgpack(dir, payload, packets);
    for (const record of s.split(RS)) {
      if (record.length === 0) {
        offset += 1;
        continue;
      }
      const parsed = parseJson(record);
      if (!parsed.ok) return malformed(offset + parsed.offset, parsed.message, packets);
      const v = parsed.value;
      if (!isObject(v) || typeof v.type !== 'number')
        return malformed(offset, 'record is not an object with a numeric type', packets);
      packets.push(this.packet(dir, v.type, v.invocationId, v.target, v.arguments, v));
      offset += record.length + 1;
    }
    if (!s.endsWith(RS)) return malformed(offset, 'last record not ended by 0x1E', packets);
    return { packets, malformed: null };
  }

  private msgpack(dir: Direction, b: Uint8Array, packets: AppPacket[]): AppResult {
    let at = 0;
    while (at < b.length) {
      let length = 0;
      let shift = 0;
      const start = at;
      for (;;) {
        const x = b[at++];
        if (x === undefined || shift > 28) return malformed(start, 'message length runs past the end', packets);
        length |= (x & 0x7f) << shift;
        shift += 7;
        if ((x & 0x80) === 0) break;
      }
      if (at + length > b.length) return malformed(start, `message length ${length} runs past the end`, packets);
      const r = decodeMsgpack(b.subarray(at, at + length));
      if (!r.ok) return malformed(at + r.offset, r.message, packets);
      const a = r.value;
      if (!Array.isArray(a) || typeof a[0] !== 'number')
        return malformed(at, 'message is not an array starting with its type', packets);
      // [1, headers, invocationId, target, arguments, streamIds?]; [3, headers, id, kind, result?]
      if (a[0] === 1 || a[0] === 4) packets.push(this.packet(dir, a[0], a[2], a[3], a[4], a));
      else if (a[0] === 2) packets.push(this.packet(dir, 2, a[2], undefined, undefined, { item: a[3] }));
      else if (a[0] === 3)
        packets.push(this.packet(dir, 3, a[2], undefined, undefined, a[3] === 1 ? { error: a[4] } : { result: a[4] }));
      else if (a[0] === 5) packets.push(this.packet(dir, 5, a[2], undefined, undefined, a));
      else packets.push(this.packet(dir, a[0], undefined, undefined, undefined, a));
      at += length;
    }
    return { packets, malformed: null };
  }

  private packet(
    dir: Direction,
    type: number,
    invocationId: unknown,
    target: unknown,
    args: unknown,
    v: unknown,
  ): AppPacket {
    const kind = TYPES[type] || `type ${type}`;
    const id = typeof invocationId === 'string' ? invocationId : null;
    const key = id !== null ? `${type === 1 || type === 4 ? dir : dir === 'client' ? 'server' : 'client'}:${id}` : '';
    let pair: PairRole | undefined;
    let name: string | null = null;
    let summary = kind;
    const o = isObject(v) ? v : {};
    if (type === 1 || type === 4) {
      name = typeof target === 'string' ? target : null;
      summary = `${kind} ${name ?? '?'} ${brief(args ?? [])}${id !== null ? ` id ${id}` : ''}`;
      if (id !== null) pair = { op: 'open', key, name, id };
    } else if (type === 2) {
      summary = `StreamItem ${id ?? ''} ${brief(o.item)}`;
      if (id !== null) pair = { op: 'answer', key, final: false, error: false };
    } else if (type === 3) {
      const error = typeof o.error === 'string';
      summary =
        `Completion ${id ?? ''} ${error ? `error ${brief(o.error)}` : 'result' in o ? brief(o.result) : ''}`.trim();
      if (id !== null) pair = { op: 'answer', key, final: true, error };
    } else if (type === 5) {
      summary = `CancelInvocation ${id ?? ''}`;
      if (id !== null) pair = { op: 'answer', key: `${dir}:${id}`, final: true, error: false };
    } else if (type === 7) summary = `Close${typeof o.error === 'string' ? ` error ${brief(o.error)}` : ''}`;
    const packet: AppPacket = { kind, name, id, summary, data: v };
    if (pair) packet.pair = pair;
    return packet;
  }
}
