// The application layer's vocabulary: what a protocol decoder hands back for one WebSocket
// message, and the request/response pairs built from it.
//
// Glossary
// - Protocol: the application protocol spoken inside the messages (Socket.IO, MQTT, …), chosen
//   once per connection (select.ts).
// - Packet: one unit of that protocol (an MQTT control packet, a STOMP frame, a JSON-RPC
//   object). A message may hold several (MQTT, STOMP, SignalR records, JSON-RPC batches) and a
//   packet may span several messages (MQTT, STOMP): it belongs to the message that completed it.
// - Request: a packet that expects an answer, matched by the protocol's own id (pairing.ts).

import type { Direction } from '../records.js';

export type AppProtocolName =
  | 'socket.io'
  | 'graphql-ws'
  | 'subscriptions-transport-ws'
  | 'mqtt'
  | 'stomp'
  | 'json-rpc'
  | 'signalr'
  | 'phoenix'
  | 'actioncable'
  | 'wamp'
  | 'sockjs'
  | 'msgpack'
  | 'cbor'
  | 'protobuf';

/** What pairing does with a packet, keyed by a string the protocol builds (ids are per protocol). */
export type PairRole =
  /** Opens a request awaiting an answer. */
  | { op: 'open'; key: string; name: string | null; id: string | number }
  /** Answers (or continues) the request `key`; `final` closes it; `error` marks it failed. */
  | { op: 'answer'; key: string; final: boolean; error: boolean };

/** One decoded packet. */
export interface AppPacket {
  /** The protocol's own packet type: EVENT, ACK, PUBLISH, SEND, request, next, … */
  kind: string;
  /** Event, method, operation, destination or topic. */
  name: string | null;
  /** The protocol's id (ack id, packet id, operation id, request id), if any. */
  id: string | number | null;
  /** One line, e.g. `chat ["hi"] ack 12`. */
  summary: string;
  /** The decoded body where it is JSON-like (undefined when there is none). */
  data?: unknown;
  /** What pairing does with it (a STOMP SUBSCRIBE with a receipt header does two things). */
  pair?: PairRole | PairRole[];
}

/** The `app` of one message (MessageRecord.app): the first packet's fields, and all packets. */
export interface AppInfo {
  protocol: AppProtocolName;
  kind: string;
  name: string | null;
  id: string | number | null;
  summary: string;
  data?: unknown;
  /** Every packet the message completed, when more than one. */
  packets?: AppPacket[];
}

export type RequestStatus = 'ok' | 'error' | 'pending';

/** One request and its answers. A `request` event carries a new snapshot each time it changes. */
export interface RequestRecord {
  /** Global id from 1, in order of the requests' messages. */
  id: number;
  connectionId: number;
  protocol: AppProtocolName;
  /** Who asked. */
  direction: Direction;
  /** The protocol's id (as text when it was a string). */
  requestId: string | number;
  name: string | null;
  /** Message ids: the request, its first answer (null when none), its final answer. */
  request: number;
  response: number | null;
  final: number | null;
  /** Answers seen (a subscription's `next`s and its `complete` count). */
  answers: number;
  requestTime: number;
  responseTime: number | null;
  /** Seconds from the request to its first answer; null when none came. */
  latency: number | null;
  /** Seconds from the request to its final answer (a subscription's whole life). */
  duration: number | null;
  status: RequestStatus;
  /** True once a final answer arrived (a stream may be answered but still open). */
  complete: boolean;
}

/** A payload that does not parse as the chosen protocol. */
export interface AppMalformed {
  offset: number;
  message: string;
}

/** What a protocol decoder returns for one message. */
export interface AppResult {
  packets: AppPacket[];
  malformed: AppMalformed | null;
  /** Bytes held for a packet that continues in a later message (MQTT, STOMP). */
  held?: number;
}

/** A protocol's decoder for one connection (state across messages lives inside it). */
export interface ProtocolDecoder {
  /** `text` is the message's text for text messages, else null. */
  decode(direction: Direction, payload: Uint8Array, text: string | null): AppResult;
}

export const NOTHING: AppResult = { packets: [], malformed: null };

export function malformed(offset: number, message: string, packets: AppPacket[] = []): AppResult {
  return { packets, malformed: { offset, message } };
}
