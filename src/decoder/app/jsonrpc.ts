// JSON-RPC 2.0 (jsonrpc.org/specification): requests (§4, with an id), notifications (§4.1, no
// id), responses (§5: result or error, the request's id) and batches (§6: an array of those).
//
// Pairing: a response answers the request with the same id sent the other way; ids are kept
// with their JSON type (1 and "1" are different ids, §4). Either side may ask (JSON-RPC is
// symmetric over a WebSocket). A response with a null id (a parse error, §5.1) answers nothing.

import type { Direction } from '../records.js';
import { type AppPacket, type AppResult, malformed, type ProtocolDecoder } from './types.js';
import { brief, idOf, isObject, parseJson, str, textOf } from './util.js';

const other = (d: Direction): Direction => (d === 'client' ? 'server' : 'client');
const key = (asker: Direction, id: string | number) => `${asker}:${typeof id}:${id}`;

/** Does this value look like JSON-RPC 2.0 (for sniffing)? */
export function looksJsonRpc(v: unknown): boolean {
  const one = Array.isArray(v) ? v[0] : v;
  return isObject(one) && one.jsonrpc === '2.0' && ('method' in one || 'result' in one || 'error' in one);
}

export function jsonRpcPacket(dir: Direction, v: unknown): AppPacket | string {
  if (!isObject(v)) return 'not a JSON-RPC object';
  if (v.jsonrpc !== '2.0') return 'jsonrpc member is not "2.0"';
  const id = idOf(v.id);
  const method = str(v.method);
  if (method !== null) {
    const params = v.params === undefined ? '' : ` ${brief(v.params)}`;
    if (!('id' in v))
      return { kind: 'notification', name: method, id: null, summary: `${method}${params}`, data: v.params };
    if (id === null) return `request ${method} has an id that is neither a string nor a number`;
    return {
      kind: 'request',
      name: method,
      id,
      summary: `${method}${params} id ${JSON.stringify(id)}`,
      data: v.params,
      pair: { op: 'open', key: key(dir, id), name: method, id },
    };
  }
  if ('result' in v || 'error' in v) {
    const error = 'error' in v;
    const err = isObject(v.error) ? v.error : null;
    const summary = error
      ? `error ${err?.code ?? ''} ${brief(err?.message ?? v.error)}`.replace(/\s+/g, ' ')
      : `result ${brief(v.result)}`;
    const packet: AppPacket = {
      kind: error ? 'error' : 'result',
      name: null,
      id,
      summary: `${summary}${id !== null ? ` id ${JSON.stringify(id)}` : ''}`,
      data: error ? v.error : v.result,
    };
    if (id !== null) packet.pair = { op: 'answer', key: key(other(dir), id), final: true, error };
    return packet;
  }
  return 'neither a request (method) nor a response (result or error)';
}

export class JsonRpcDecoder implements ProtocolDecoder {
  decode(dir: Direction, payload: Uint8Array, text: string | null): AppResult {
    const parsed = parseJson(text ?? textOf(payload));
    if (!parsed.ok) return malformed(parsed.offset, parsed.message);
    const v = parsed.value;
    const items = Array.isArray(v) ? v : [v];
    if (Array.isArray(v) && v.length === 0) return malformed(0, 'empty batch (JSON-RPC 2.0 §6)');
    const packets: AppPacket[] = [];
    for (let i = 0; i < items.length; i++) {
      const p = jsonRpcPacket(dir, items[i]);
      if (typeof p === 'string') return malformed(0, Array.isArray(v) ? `batch item ${i}: ${p}` : p, packets);
      packets.push(p);
    }
    return { packets, malformed: null };
  }
}
