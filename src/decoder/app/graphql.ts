// GraphQL over WebSocket, both protocols:
// - graphql-ws's `graphql-transport-ws` (github.com/enisdenjo/graphql-ws, PROTOCOL.md):
//   connection_init → connection_ack, ping/pong, subscribe{id} → next{id}… → complete{id} or
//   error{id}; either side's complete ends the operation.
// - Apollo's older subscriptions-transport-ws, whose subprotocol is confusingly named
//   `graphql-ws` (PROTOCOL.md of apollographql/subscriptions-transport-ws): connection_init →
//   connection_ack / connection_error, ka (keep-alive), start{id} → data{id}… → complete{id},
//   error{id}; stop{id} from the client; connection_terminate.
//
// Pairing: one request per operation id (subscribe/start), answered by every next/data (a
// result carrying `errors` marks it failed), closed by complete or error; connection_init pairs
// with connection_ack (or connection_error), ping with pong.

import type { Direction } from '../records.js';
import { type AppPacket, type AppResult, malformed, type PairRole, type ProtocolDecoder } from './types.js';
import { brief, idOf, isObject, parseJson, str, textOf } from './util.js';

type Flavour = 'graphql-ws' | 'subscriptions-transport-ws';

const TYPES: Record<Flavour, ReadonlySet<string>> = {
  'graphql-ws': new Set([
    'connection_init',
    'connection_ack',
    'ping',
    'pong',
    'subscribe',
    'next',
    'error',
    'complete',
  ]),
  'subscriptions-transport-ws': new Set([
    'connection_init',
    'connection_ack',
    'connection_error',
    'connection_terminate',
    'ka',
    'start',
    'data',
    'error',
    'complete',
    'stop',
  ]),
};

/**
 * Which of the two a parsed message belongs to, for sniffing (null: neither). Only messages whose
 * shape is the protocol's own count: a `type` alone is too common in JSON ("subscribe" chat
 * commands), so operations need their string id and a payload holding a query.
 */
export function graphqlFlavour(v: unknown): Flavour | null {
  if (!isObject(v) || typeof v.type !== 'string') return null;
  const t = v.type;
  const keys = Object.keys(v).filter((k) => k !== 'type' && k !== 'payload');
  const operation = typeof v.id === 'string' && isObject(v.payload) && typeof v.payload.query === 'string';
  if (t === 'subscribe' && operation) return 'graphql-ws';
  if (t === 'start' && operation) return 'subscriptions-transport-ws';
  if (keys.length > 0) return null;
  if (t === 'connection_init' || t === 'connection_ack' || t === 'ping' || t === 'pong') return 'graphql-ws';
  if (t === 'ka' || t === 'connection_terminate') return 'subscriptions-transport-ws';
  return null;
}

/** The operation's name: operationName, else `subscription greetings` from the query text. */
export function operationName(payload: unknown): string | null {
  if (!isObject(payload)) return null;
  const named = str(payload.operationName);
  if (named) return named;
  const query = str(payload.query);
  if (!query) return null;
  const m =
    /^\s*(query|mutation|subscription)?\s*([_A-Za-z][_0-9A-Za-z]*)?\s*(\([^)]*\))?\s*\{\s*([_A-Za-z][_0-9A-Za-z]*)/.exec(
      query.replace(/#[^\n]*/g, ''),
    );
  if (!m) return null;
  return `${m[1] ?? 'query'} ${m[2] ?? m[4]}`;
}

const hasErrors = (payload: unknown): boolean =>
  isObject(payload) && Array.isArray(payload.errors) && payload.errors.length > 0;

export class GraphqlDecoder implements ProtocolDecoder {
  constructor(private readonly flavour: Flavour) {}

  decode(dir: Direction, payload: Uint8Array, text: string | null): AppResult {
    const parsed = parseJson(text ?? textOf(payload));
    if (!parsed.ok) return malformed(parsed.offset, parsed.message);
    const v = parsed.value;
    if (!isObject(v) || typeof v.type !== 'string') return malformed(0, 'not an object with a string "type"');
    const type = v.type;
    if (!TYPES[this.flavour].has(type))
      return malformed(0, `unknown ${this.flavour} message type ${JSON.stringify(type)}`);
    const id = idOf(v.id);
    const op = id === null ? '' : `${id}`;
    const client = dir === 'client';
    let pair: PairRole | undefined;
    let name: string | null = null;
    let summary = type;
    switch (type) {
      case 'connection_init':
        pair = { op: 'open', key: 'init', name: 'connection_init', id: 'init' };
        break;
      case 'connection_ack':
        pair = { op: 'answer', key: 'init', final: true, error: false };
        break;
      case 'connection_error':
        pair = { op: 'answer', key: 'init', final: true, error: true };
        summary = `connection_error ${brief(v.payload)}`;
        break;
      case 'ping':
      case 'pong': {
        const asker = type === 'ping' ? dir : client ? 'server' : 'client';
        pair =
          type === 'ping'
            ? { op: 'open', key: `ping:${asker}`, name: 'ping', id: 'ping' }
            : { op: 'answer', key: `ping:${asker}`, final: true, error: false };
        break;
      }
      case 'subscribe':
      case 'start':
        if (id === null) return malformed(0, `${type} without an id`);
        name = operationName(v.payload);
        summary = `${type} ${op} ${name ?? brief(v.payload)}`;
        pair = { op: 'open', key: `op:${op}`, name, id };
        break;
      case 'next':
      case 'data':
        if (id === null) return malformed(0, `${type} without an id`);
        summary = `${type} ${op} ${brief(v.payload)}`;
        pair = { op: 'answer', key: `op:${op}`, final: false, error: hasErrors(v.payload) };
        break;
      case 'error':
        summary = `error ${op} ${brief(v.payload)}`;
        if (id !== null) pair = { op: 'answer', key: `op:${op}`, final: true, error: true };
        break;
      case 'complete':
      case 'stop':
        if (id === null) return malformed(0, `${type} without an id`);
        summary = `${type} ${op}${client ? ' (client cancels)' : ''}`;
        pair = { op: 'answer', key: `op:${op}`, final: true, error: false };
        break;
    }
    const packet: AppPacket = { kind: type, name, id, summary, data: v.payload };
    if (pair) packet.pair = pair;
    return { packets: [packet], malformed: null };
  }
}
