// MQTT 3.1.1 (OASIS, 2014) and 5.0 (OASIS, 2019) over WebSocket (§6 of both: binary messages
// carry the byte stream; a control packet may span messages and a message may hold several).
//
// Theory of operation: each direction's bytes are appended to a buffer; every complete control
// packet (fixed header §2.2: type and flags, Remaining Length as a variable byte integer, then
// that many bytes) is decoded and belongs to the message that completed it. The protocol level
// comes from CONNECT (4: 3.1.1, 5: 5.0, 3: 3.1), which decides whether properties and reason
// codes are present.
//
// Pairing: CONNECT → CONNACK; PUBLISH QoS 1 → PUBACK; PUBLISH QoS 2 → PUBREC → PUBREL → PUBCOMP;
// SUBSCRIBE → SUBACK; UNSUBSCRIBE → UNSUBACK (packet ids are per sender, §2.3.1); PINGREQ →
// PINGRESP. A CONNACK return code or any reason code ≥ 0x80 marks the request failed.

import type { Direction } from '../records.js';
import { MqttReader, MqttShort } from './mqtt-reader.js';
import { type AppPacket, type AppResult, malformed, type PairRole, type ProtocolDecoder } from './types.js';
import { brief, strictText } from './util.js';

const TYPES = [
  'reserved',
  'CONNECT',
  'CONNACK',
  'PUBLISH',
  'PUBACK',
  'PUBREC',
  'PUBREL',
  'PUBCOMP',
  'SUBSCRIBE',
  'SUBACK',
  'UNSUBSCRIBE',
  'UNSUBACK',
  'PINGREQ',
  'PINGRESP',
  'DISCONNECT',
  'AUTH',
] as const;

/** Largest packet held across messages before the stream is given up (limits memory). */
const MAX_HELD = 16 * 1024 * 1024;

const other = (d: Direction): Direction => (d === 'client' ? 'server' : 'client');

/** A payload as data: JSON when it parses, else its text, else its size. */
function payloadData(b: Uint8Array): unknown {
  const text = strictText(b);
  if (text === null) return { $bytes: b.length };
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Does this message start like an MQTT CONNECT (for sniffing)? */
export function looksMqttConnect(b: Uint8Array): boolean {
  // 0x10, remaining length, then the protocol name "MQTT" (or "MQIsdp") as a UTF-8 string.
  if (b[0] !== 0x10) return false;
  let i = 1;
  while (i < 5 && ((b[i] ?? 0) & 0x80) !== 0) i++;
  const name = String.fromCharCode(...b.subarray(i + 3, i + 7));
  return b[i + 1] === 0 && (name === 'MQTT' || name === 'MQIs');
}

export class MqttDecoder implements ProtocolDecoder {
  private level = 4;
  private readonly held: Record<Direction, Uint8Array> = { client: new Uint8Array(0), server: new Uint8Array(0) };
  private readonly broken: Record<Direction, boolean> = { client: false, server: false };

  decode(dir: Direction, payload: Uint8Array, _text: string | null): AppResult {
    if (this.broken[dir]) return { packets: [], malformed: null };
    const before = this.held[dir].length;
    const b = before === 0 ? payload : concat(this.held[dir], payload);
    const packets: AppPacket[] = [];
    let at = 0;
    while (at < b.length) {
      // Fixed header: byte 1, then up to four length bytes.
      let length = 0;
      let mult = 1;
      let i = at + 1;
      let done = false;
      for (; i < b.length && i < at + 5; i++) {
        const x = b[i] as number;
        length += (x & 0x7f) * mult;
        mult *= 128;
        if ((x & 0x80) === 0) {
          done = true;
          i++;
          break;
        }
      }
      if (!done && i >= at + 5) return this.fail(dir, at - before, 'remaining length longer than 4 bytes', packets);
      if (!done || i + length > b.length) break;
      try {
        packets.push(this.packet(dir, b, at, i, i + length));
      } catch (error) {
        if (!(error instanceof MqttShort)) throw error;
        return this.fail(dir, error.offset - before, error.message, packets);
      }
      at = i + length;
    }
    this.held[dir] = at === b.length ? new Uint8Array(0) : b.slice(at);
    if (this.held[dir].length > MAX_HELD) return this.fail(dir, 0, 'packet larger than 16 MiB held', packets);
    return { packets, malformed: null, held: this.held[dir].length };
  }

  private fail(dir: Direction, offset: number, message: string, packets: AppPacket[]): AppResult {
    // The framing is lost: the rest of this direction cannot be split into packets.
    this.broken[dir] = true;
    this.held[dir] = new Uint8Array(0);
    return malformed(Math.max(0, offset), message, packets);
  }

  private packet(dir: Direction, b: Uint8Array, start: number, body: number, end: number): AppPacket {
    const first = b[start] as number;
    const type = TYPES[first >> 4] ?? 'reserved';
    const flags = first & 0x0f;
    // §2.2.2: the flags are fixed for every type but PUBLISH (0010 for PUBREL, SUBSCRIBE and
    // UNSUBSCRIBE, else 0000); anything else is malformed.
    const fixed = type === 'PUBREL' || type === 'SUBSCRIBE' || type === 'UNSUBSCRIBE' ? 2 : 0;
    if (type !== 'PUBLISH' && flags !== fixed)
      throw new MqttShort(
        start,
        `${type} with flags ${flags.toString(2).padStart(4, '0')} (§2.2.2: must be ${fixed.toString(2).padStart(4, '0')})`,
      );
    const r = new MqttReader(b, body, end);
    const v5 = this.level >= 5;
    const reasonFailed = (code: number) => code >= 0x80;
    let name: string | null = null;
    let id: number | null = null;
    let summary: string = type;
    let data: unknown;
    let pair: PairRole | undefined;
    const ack = (key: string, final: boolean) => {
      id = r.u16('packet identifier');
      const reason = v5 && r.left > 0 ? r.byte('reason code') : 0;
      if (v5 && r.left > 0) data = r.properties();
      summary = `${type} id ${id}${reason ? ` reason 0x${reason.toString(16)}` : ''}`;
      pair = { op: 'answer', key: `${key}:${id}`, final: final || reasonFailed(reason), error: reasonFailed(reason) };
    };
    switch (type) {
      case 'CONNECT': {
        const protocol = r.str('protocol name');
        this.level = r.byte('protocol level');
        const cf = r.byte('connect flags');
        const keepAlive = r.u16('keep alive');
        const properties = this.level >= 5 ? r.properties() : undefined;
        const clientId = r.str('client identifier');
        let will: unknown;
        if (cf & 0x04) {
          const willProps = this.level >= 5 ? r.properties() : undefined;
          will = { topic: r.str('will topic'), payload: payloadData(r.bin('will payload')), properties: willProps };
        }
        const username = cf & 0x80 ? r.str('user name') : undefined;
        if (cf & 0x40) r.bin('password');
        const version =
          this.level === 5 ? '5.0' : this.level === 4 ? '3.1.1' : this.level === 3 ? '3.1' : `level ${this.level}`;
        name = clientId;
        summary = `CONNECT ${protocol} ${version} client ${JSON.stringify(clientId)} keepalive ${keepAlive}${cf & 0x02 ? ' clean' : ''}`;
        data = {
          protocol,
          level: this.level,
          clientId,
          keepAlive,
          cleanStart: (cf & 0x02) !== 0,
          username,
          will,
          properties,
        };
        pair = { op: 'open', key: 'connect', name: 'CONNECT', id: 'connect' };
        break;
      }
      case 'CONNACK': {
        const sessionPresent = (r.byte('acknowledge flags') & 1) === 1;
        const code = r.byte('return code');
        const properties = v5 ? r.properties() : undefined;
        summary = `CONNACK ${code === 0 ? 'accepted' : `refused 0x${code.toString(16)}`}${sessionPresent ? ' session present' : ''}`;
        data = { sessionPresent, returnCode: code, properties };
        pair = { op: 'answer', key: 'connect', final: true, error: v5 ? reasonFailed(code) : code !== 0 };
        break;
      }
      case 'PUBLISH': {
        const qos = (flags >> 1) & 3;
        const retain = (flags & 1) === 1;
        const dup = (flags & 8) === 8;
        if (qos === 3) throw new MqttShort(start, 'PUBLISH with QoS 3 (§3.3.1.2: malformed)');
        name = r.str('topic name');
        if (qos > 0) id = r.u16('packet identifier');
        const properties = v5 ? r.properties() : undefined;
        const body = r.rest();
        data = payloadData(body);
        summary = `PUBLISH ${name} qos ${qos}${retain ? ' retain' : ''}${dup ? ' dup' : ''}${id !== null ? ` id ${id}` : ''} ${
          typeof data === 'string' ? brief(data) : body.length > 256 ? `(${body.length} bytes)` : brief(data)
        }`;
        if (properties) data = { payload: data, properties };
        if (qos > 0 && id !== null) pair = { op: 'open', key: `${dir}:${id}`, name, id };
        break;
      }
      case 'PUBACK':
      case 'PUBREC':
      case 'PUBCOMP':
        ack(other(dir), type !== 'PUBREC');
        break;
      case 'PUBREL':
        // From the publisher: continues its own request.
        ack(dir, false);
        break;
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE': {
        id = r.u16('packet identifier');
        const properties = v5 ? r.properties() : undefined;
        const topics: unknown[] = [];
        while (r.left > 0) {
          const topic = r.str('topic filter');
          if (type === 'SUBSCRIBE') topics.push({ topic, qos: r.byte('subscription options') & 3 });
          else topics.push(topic);
        }
        name = topics.map((t) => (typeof t === 'string' ? t : (t as { topic: string }).topic)).join(', ');
        summary = `${type} id ${id} ${brief(topics)}`;
        data = properties ? { topics, properties } : topics;
        pair = { op: 'open', key: `${dir}:${id}`, name, id };
        break;
      }
      case 'SUBACK':
      case 'UNSUBACK': {
        id = r.u16('packet identifier');
        const properties = v5 ? r.properties() : undefined;
        const codes = Array.from(r.rest());
        const bad = codes.some((c) => c >= 0x80);
        summary = `${type} id ${id} ${codes.map((c) => `0x${c.toString(16)}`).join(' ')}`.trim();
        data = properties ? { codes, properties } : codes;
        pair = { op: 'answer', key: `${other(dir)}:${id}`, final: true, error: bad };
        break;
      }
      case 'PINGREQ':
        pair = { op: 'open', key: 'ping', name: 'PINGREQ', id: 'ping' };
        break;
      case 'PINGRESP':
        pair = { op: 'answer', key: 'ping', final: true, error: false };
        break;
      case 'DISCONNECT':
      case 'AUTH':
        if (v5 && r.left > 0) {
          const code = r.byte('reason code');
          data = { reasonCode: code, properties: r.left > 0 ? r.properties() : undefined };
          summary = `${type} reason 0x${code.toString(16)}`;
        }
        break;
      default:
        throw new MqttShort(start, `reserved packet type ${first >> 4}`);
    }
    const packet: AppPacket = { kind: type, name, id, summary, data };
    if (pair) packet.pair = pair;
    return packet;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
