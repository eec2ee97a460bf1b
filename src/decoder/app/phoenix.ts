// Phoenix channels (hexdocs.pm/phoenix, Phoenix.Socket.V1.JSONSerializer and V2.JSONSerializer):
// v1 sends objects {topic, event, payload, ref, join_ref}; v2 (`vsn=2.0.0`) arrays
// [join_ref, ref, topic, event, payload]. Events: phx_join, phx_leave, phx_reply (payload
// {status, response}), phx_error, phx_close, heartbeat (topic "phoenix"), and the app's own.
//
// Pairing: a client push with a ref → the server's phx_reply with the same ref (status "error"
// fails it).

import type { Direction } from '../records.js';
import { type AppPacket, type AppResult, malformed, type ProtocolDecoder } from './types.js';
import { brief, isObject, parseJson, textOf } from './util.js';

export class PhoenixDecoder implements ProtocolDecoder {
  decode(dir: Direction, payload: Uint8Array, text: string | null): AppResult {
    const parsed = parseJson(text ?? textOf(payload));
    if (!parsed.ok) return malformed(parsed.offset, parsed.message);
    const v = parsed.value;
    let joinRef: unknown;
    let ref: unknown;
    let topic: unknown;
    let event: unknown;
    let body: unknown;
    if (Array.isArray(v) && v.length === 5) [joinRef, ref, topic, event, body] = v;
    else if (isObject(v)) ({ join_ref: joinRef, ref, topic, event, payload: body } = v);
    else return malformed(0, 'neither a v2 array of 5 nor a v1 object');
    if (typeof topic !== 'string' || typeof event !== 'string') return malformed(0, 'topic and event must be strings');
    const r = typeof ref === 'string' || typeof ref === 'number' ? String(ref) : null;
    const packet: AppPacket = {
      kind: event,
      name: `${topic} ${event}`,
      id: r,
      summary: `${topic} ${event} ${brief(body)}${r ? ` ref ${r}` : ''}`,
      data: body,
    };
    if (event === 'phx_reply' && r !== null) {
      const status = isObject(body) ? body.status : undefined;
      packet.name = topic;
      packet.summary = `${topic} reply ${String(status)} ${brief(isObject(body) ? body.response : body)} ref ${r}`;
      packet.pair = { op: 'answer', key: `ref:${r}`, final: true, error: status !== 'ok' };
    } else if (dir === 'client' && r !== null) {
      packet.pair = { op: 'open', key: `ref:${r}`, name: `${topic} ${event}`, id: r };
    }
    if (joinRef !== undefined && joinRef !== null) packet.data = { joinRef, payload: body };
    return { packets: [packet], malformed: null };
  }
}
