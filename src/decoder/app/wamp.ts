// WAMP v2 basic profile (RFC-draft "The Web Application Messaging Protocol", wamp-proto.org):
// every message is an array [type, …] in JSON (wamp.2.json) or MessagePack (wamp.2.msgpack).
//
// Pairing by request id, per side that chose it: HELLO → WELCOME/ABORT; CALL → RESULT (progressive
// results with details.progress keep it open) or ERROR; PUBLISH (acknowledge) → PUBLISHED;
// SUBSCRIBE → SUBSCRIBED; UNSUBSCRIBE → UNSUBSCRIBED; REGISTER → REGISTERED; UNREGISTER →
// UNREGISTERED; INVOCATION (router to callee) → YIELD or ERROR; GOODBYE → GOODBYE.

import type { Direction } from '../records.js';
import { decodeMsgpack } from './generic.js';
import { type AppPacket, type AppResult, malformed, type PairRole, type ProtocolDecoder } from './types.js';
import { brief, isObject, parseJson } from './util.js';

const NAMES: Record<number, string> = {
  1: 'HELLO',
  2: 'WELCOME',
  3: 'ABORT',
  4: 'CHALLENGE',
  5: 'AUTHENTICATE',
  6: 'GOODBYE',
  8: 'ERROR',
  16: 'PUBLISH',
  17: 'PUBLISHED',
  32: 'SUBSCRIBE',
  33: 'SUBSCRIBED',
  34: 'UNSUBSCRIBE',
  35: 'UNSUBSCRIBED',
  36: 'EVENT',
  48: 'CALL',
  49: 'CANCEL',
  50: 'RESULT',
  64: 'REGISTER',
  65: 'REGISTERED',
  66: 'UNREGISTER',
  67: 'UNREGISTERED',
  68: 'INVOCATION',
  69: 'INTERRUPT',
  70: 'YIELD',
};
/** Requests: type → index of the URI naming them (or null). */
const REQUESTS: Record<number, number | null> = { 16: 3, 32: 3, 34: null, 48: 3, 64: 3, 66: null, 68: null };
const ANSWERS = new Set([17, 33, 35, 50, 65, 67, 70]);
const other = (d: Direction): Direction => (d === 'client' ? 'server' : 'client');

export class WampDecoder implements ProtocolDecoder {
  decode(dir: Direction, payload: Uint8Array, text: string | null): AppResult {
    let v: unknown;
    if (text === null) {
      const r = decodeMsgpack(payload);
      if (!r.ok) return malformed(r.offset, r.message);
      v = r.value;
    } else {
      const p = parseJson(text);
      if (!p.ok) return malformed(p.offset, p.message);
      v = p.value;
    }
    if (!Array.isArray(v) || typeof v[0] !== 'number') return malformed(0, 'not an array starting with a message type');
    const type = v[0];
    const kind = NAMES[type];
    if (!kind) return malformed(0, `unknown WAMP message type ${type}`);
    const req = typeof v[1] === 'number' || typeof v[1] === 'bigint' ? String(v[1]) : null;
    let name: string | null = null;
    let pair: PairRole | undefined;
    if (type === 1) {
      name = String(v[1]);
      pair = { op: 'open', key: 'hello', name: `HELLO ${name}`, id: name };
    } else if (type === 2 || type === 3) pair = { op: 'answer', key: 'hello', final: true, error: type === 3 };
    else if (type in REQUESTS && req !== null) {
      const at = REQUESTS[type];
      name = at !== null && at !== undefined && typeof v[at] === 'string' ? (v[at] as string) : kind;
      const acknowledged = type !== 16 || (isObject(v[2]) && v[2].acknowledge === true);
      if (acknowledged) pair = { op: 'open', key: `${dir}:${req}`, name, id: req };
    } else if (ANSWERS.has(type) && req !== null) {
      const progress = (type === 50 || type === 70) && isObject(v[2]) && v[2].progress === true;
      pair = { op: 'answer', key: `${other(dir)}:${req}`, final: !progress, error: false };
    } else if (type === 8) {
      const r = typeof v[2] === 'number' ? String(v[2]) : null;
      name = typeof v[4] === 'string' ? v[4] : null;
      if (r !== null) pair = { op: 'answer', key: `${other(dir)}:${r}`, final: true, error: true };
    } else if (type === 36) name = `subscription ${String(v[1])}`;
    const packet: AppPacket = {
      kind,
      name,
      id: type === 8 && typeof v[2] === 'number' ? String(v[2]) : req,
      summary: `${kind} ${brief(v.slice(1))}`,
      data: v,
    };
    if (pair) packet.pair = pair;
    return { packets: [packet], malformed: null };
  }
}
