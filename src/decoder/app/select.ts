// Which application protocol a connection speaks, in this order (the rule):
// 1. the user's override (`--protocol CONN=NAME`, the UI's menu);
// 2. the negotiated Sec-WebSocket-Protocol (`mqtt`, `v12.stomp`, `graphql-transport-ws`, …);
// 3. the request target (`/socket.io/?EIO=4`, `/socket/websocket?vsn=2.0.0`, `/cable`, …);
// 4. sniffing the first messages, each sniffer giving a confidence in [0, 1]; the best at or
//    above SNIFF_MIN wins; after SNIFF_MESSAGES messages without one, the connection has none.

import type { Handshake } from '../records.js';
import { decodeCbor, decodeMsgpack } from './generic.js';
import { graphqlFlavour } from './graphql.js';
import { looksJsonRpc } from './jsonrpc.js';
import { looksMqttConnect } from './mqtt.js';
import { looksSocketIo } from './socketio.js';
import { looksStomp } from './stomp.js';
import type { AppProtocolName } from './types.js';
import { isObject, parseJson } from './util.js';

export type ChosenBy = 'override' | 'subprotocol' | 'target' | 'sniff';

export interface Choice {
  protocol: AppProtocolName;
  chosenBy: ChosenBy;
  confidence: number;
}

export const SNIFF_MIN = 0.5;
export const SNIFF_MESSAGES = 4;

export const APP_PROTOCOLS: readonly AppProtocolName[] = [
  'socket.io',
  'graphql-ws',
  'subscriptions-transport-ws',
  'mqtt',
  'stomp',
  'json-rpc',
  'signalr',
  'phoenix',
  'actioncable',
  'wamp',
  'sockjs',
  'msgpack',
  'cbor',
  'protobuf',
];

export function isAppProtocol(name: string): name is AppProtocolName {
  return (APP_PROTOCOLS as readonly string[]).includes(name);
}

/** Registered and common Sec-WebSocket-Protocol values (IANA registry and the libraries' own). */
const SUBPROTOCOLS: Record<string, AppProtocolName> = {
  mqtt: 'mqtt',
  'mqttv3.1': 'mqtt',
  'mqttv3.1.1': 'mqtt',
  'mqttv5.0': 'mqtt',
  'v10.stomp': 'stomp',
  'v11.stomp': 'stomp',
  'v12.stomp': 'stomp',
  stomp: 'stomp',
  'graphql-transport-ws': 'graphql-ws',
  'graphql-ws': 'subscriptions-transport-ws',
  'wamp.2.json': 'wamp',
  'wamp.2.msgpack': 'wamp',
  'wamp.2.json.batched': 'wamp',
  'actioncable-v1-json': 'actioncable',
  'actioncable-v1-msgpack': 'actioncable',
  'actioncable-unsupported': 'actioncable',
  jsonrpc: 'json-rpc',
  'json-rpc': 'json-rpc',
  'jsonrpc2.0': 'json-rpc',
  'jsonrpc-2.0': 'json-rpc',
  msgpack: 'msgpack',
  cbor: 'cbor',
  protobuf: 'protobuf',
};

export function bySubprotocol(h: Handshake | null): AppProtocolName | null {
  const p = h?.subprotocol?.toLowerCase();
  return p ? (SUBPROTOCOLS[p] ?? null) : null;
}

export function byTarget(h: Handshake | null): AppProtocolName | null {
  const t = h?.request?.target;
  if (!t) return null;
  const [path = '', query = ''] = t.split('?', 2);
  if (/\/socket\.io\/?$/.test(path) || /(^|&)EIO=\d/.test(query)) return 'socket.io';
  if (/(^|&)vsn=\d/.test(query) && /\/websocket$/.test(path)) return 'phoenix';
  if (/\/\d+\/[^/]+\/websocket$/.test(path)) return 'sockjs';
  if (/\/cable$/.test(path)) return 'actioncable';
  if (/\/signalr\b/i.test(path) || (/hub$/i.test(path) && /(^|&)id=/.test(query))) return 'signalr';
  return null;
}

/** One message's vote: the protocol it looks like and how sure that is. */
export function sniff(
  payload: Uint8Array,
  text: string | null,
): { protocol: AppProtocolName; confidence: number } | null {
  if (text === null) {
    if (looksMqttConnect(payload)) return { protocol: 'mqtt', confidence: 0.95 };
    return sniffBinary(payload);
  }
  if (text.endsWith('\x1e') && /^\{"protocol":"(json|messagepack)"/.test(text))
    return { protocol: 'signalr', confidence: 0.95 };
  if (looksStomp(text)) return { protocol: 'stomp', confidence: 0.9 };
  if (text === 'o' || /^a\["/.test(text)) return { protocol: 'sockjs', confidence: 0.8 };
  if (looksSocketIo(text)) return { protocol: 'socket.io', confidence: text.startsWith('0{"sid"') ? 0.95 : 0.6 };
  const first = text.charCodeAt(0);
  if (first !== 0x7b && first !== 0x5b) return null; // { or [
  const parsed = parseJson(text);
  if (!parsed.ok) return null;
  const v = parsed.value;
  if (looksJsonRpc(v)) return { protocol: 'json-rpc', confidence: 0.9 };
  const gql = graphqlFlavour(v);
  if (gql) return { protocol: gql, confidence: 0.8 };
  if (isObject(v)) {
    if (
      v.type === 'welcome' ||
      v.type === 'confirm_subscription' ||
      (typeof v.command === 'string' && typeof v.identifier === 'string')
    )
      return { protocol: 'actioncable', confidence: 0.9 };
    if (typeof v.topic === 'string' && typeof v.event === 'string' && 'payload' in v)
      return { protocol: 'phoenix', confidence: 0.85 };
  }
  if (Array.isArray(v)) {
    if (
      v.length === 5 &&
      typeof v[2] === 'string' &&
      typeof v[3] === 'string' &&
      (/^phx_/.test(v[3]) || v[2] === 'phoenix')
    )
      return { protocol: 'phoenix', confidence: 0.9 };
    if (v.length === 5 && typeof v[2] === 'string' && typeof v[3] === 'string' && isObject(v[4]))
      return { protocol: 'phoenix', confidence: 0.55 };
    if (typeof v[0] === 'number' && v[0] === 1 && typeof v[1] === 'string' && isObject(v[2]))
      return { protocol: 'wamp', confidence: 0.85 };
  }
  return null;
}

/**
 * A binary payload that is one whole MessagePack or CBOR map or array (a weak vote: the session
 * wants a second message to agree). Both formats put small arrays and maps in 0x80-0xbf; where
 * both parse, 0xa0-0xbf is a CBOR map (a MessagePack string alone is unlikely) and 0x80-0x9f a
 * MessagePack map or array. Protobuf is never guessed: almost any bytes parse as it.
 */
function sniffBinary(b: Uint8Array): { protocol: AppProtocolName; confidence: number } | null {
  if (b.length < 2) return null;
  const first = b[0] as number;
  const container = (v: unknown) =>
    (Array.isArray(v) || (v !== null && typeof v === 'object')) && !(v instanceof Uint8Array);
  const mp = (first >= 0x80 && first <= 0x9f) || first === 0xdc || first === 0xdd || first === 0xde || first === 0xdf;
  const cb = (first >= 0x80 && first <= 0xbf) || first === 0x9f || first === 0xbf;
  const m = mp ? decodeMsgpack(b) : null;
  const c = cb ? decodeCbor(b) : null;
  const mOk = m?.ok === true && container(m.value);
  const cOk = c?.ok === true && container(c.value);
  if (mOk && (!cOk || first < 0xa0)) return { protocol: 'msgpack', confidence: 0.55 };
  if (cOk) return { protocol: 'cbor', confidence: 0.55 };
  return null;
}
