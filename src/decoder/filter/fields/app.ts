// Fields of the application protocol inside the messages (app/): the protocol chosen for a
// connection, and what each message's packets are. A message holds one packet or several (MQTT,
// STOMP, SignalR records, JSON-RPC batches); every packet is one occurrence of the field, as a
// field that occurs several times in a Wireshark packet. A frame or connection reads its
// messages' (the cross-level rule, compile.ts).
//
// Protocol-specific fields take the name of Wireshark's field under app. where it has one
// (mqtt.topic → app.mqtt.topic, stomp.command → app.stomp.command).

import type { AppInfo, AppPacket, AppProtocolName } from '../../app/types.js';
import type { MessageCursor } from '../cursors.js';
import type { FieldLayer, FieldValue, FilterFieldDef } from '../field-def.js';

type Value = string | number;

/**
 * The values `read` gives for each packet of the message's reading (of `protocol` only, when
 * given): one value alone, several as a list, none as absent.
 */
function perPacket(
  m: MessageCursor,
  protocol: AppProtocolName | null,
  read: (p: AppPacket) => Value | readonly Value[] | null | undefined,
): FieldValue {
  const app: AppInfo | null = m.app();
  if (app === null || (protocol !== null && app.protocol !== protocol)) return null;
  // A message of one packet, the common case: its own fields, nothing allocated.
  if (!app.packets) return read(app) ?? null;
  const out: Value[] = [];
  for (const p of app.packets) {
    const v = read(p);
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) out.push(...(v as readonly Value[]));
    else out.push(v as Value);
  }
  return out.length === 0 ? null : out.length === 1 ? out[0] : out;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A string field of one protocol's packets of some kinds. */
function protocolField(
  name: string,
  protocol: AppProtocolName,
  kinds: readonly string[] | null,
  blurb: string,
  read: (p: AppPacket) => Value | readonly Value[] | null | undefined,
): FilterFieldDef {
  return {
    name,
    type: 'string',
    blurb,
    message: (m) => perPacket(m, protocol, (p) => (kinds === null || kinds.includes(p.kind) ? read(p) : null)),
  };
}

/** Topic filters of an MQTT SUBSCRIBE ([{topic, qos}]) or UNSUBSCRIBE ([topic]); v5 wraps them in {topics}. */
function mqttTopics(data: unknown): string[] | null {
  const list = Array.isArray(data) ? data : (data as { topics?: unknown } | undefined)?.topics;
  if (!Array.isArray(list)) return null;
  const out: string[] = [];
  for (const t of list) {
    const topic = typeof t === 'string' ? t : text((t as { topic?: unknown } | null)?.topic);
    if (topic !== null) out.push(topic);
  }
  return out;
}

export const APP_LAYER: FieldLayer = {
  protocol: 'app',
  title: 'the application protocol inside the messages (Socket.IO, MQTT, STOMP, …): one value per packet',
  fields: [
    {
      name: 'app',
      type: 'protocol',
      blurb: 'a message read as an application protocol (a connection: one was chosen for it)',
      connection: (c) => (c.app ? true : null),
      message: (m) => (m.app() ? true : null),
    },
    {
      name: 'app.protocol',
      type: 'string',
      blurb: 'the application protocol chosen for the connection (socket.io, mqtt, graphql-ws, …)',
      connection: (c) => c.app?.protocol ?? null,
    },
    {
      name: 'app.kind',
      type: 'string',
      blurb: "a packet's type as its protocol names it: EVENT, PUBLISH, SEND, request, next, …",
      message: (m) => perPacket(m, null, (p) => p.kind),
    },
    {
      name: 'app.name',
      type: 'string',
      blurb: "a packet's event, method, operation, destination or topic (an answer: its request's)",
      message: (m) => perPacket(m, null, (p) => p.name),
    },
    {
      name: 'app.id',
      type: 'string',
      blurb: "a packet's id in its protocol (ack, packet, operation or request id), as text",
      message: (m) => perPacket(m, null, (p) => (p.id === null ? null : String(p.id))),
    },
    {
      name: 'app.summary',
      type: 'string',
      blurb: "a packet's one-line summary, as the messages list shows it",
      message: (m) => perPacket(m, null, (p) => p.summary),
    },
    protocolField(
      'app.mqtt.topic',
      'mqtt',
      ['PUBLISH', 'SUBSCRIBE', 'UNSUBSCRIBE'],
      'MQTT topic of a PUBLISH, or a topic filter of a SUBSCRIBE or UNSUBSCRIBE (Wireshark: mqtt.topic)',
      (p) => (p.kind === 'PUBLISH' ? p.name : mqttTopics(p.data)),
    ),
    protocolField(
      'app.socketio.event',
      'socket.io',
      ['EVENT', 'BINARY_EVENT'],
      'Socket.IO event name of an EVENT or BINARY_EVENT',
      (p) => p.name,
    ),
    protocolField(
      'app.stomp.command',
      'stomp',
      null,
      'STOMP frame command: CONNECT, SEND, SUBSCRIBE, MESSAGE, RECEIPT, ERROR, … (Wireshark: stomp.command)',
      (p) => (p.kind === 'heart-beat' ? null : p.kind),
    ),
    protocolField('app.stomp.destination', 'stomp', null, 'the destination header of a STOMP frame', (p) =>
      text((p.data as { headers?: Record<string, unknown> } | undefined)?.headers?.destination),
    ),
    protocolField(
      'app.jsonrpc.method',
      'json-rpc',
      ['request', 'notification'],
      'JSON-RPC method of a request or notification (Wireshark: jsonrpc.method)',
      (p) => p.name,
    ),
    {
      name: 'app.graphql.operation',
      type: 'string',
      blurb: 'GraphQL operation name of a subscribe (graphql-ws) or start (subscriptions-transport-ws)',
      message: (m) => {
        const app = m.app();
        if (app === null || (app.protocol !== 'graphql-ws' && app.protocol !== 'subscriptions-transport-ws'))
          return null;
        return perPacket(m, null, (p) => (p.kind === 'subscribe' || p.kind === 'start' ? p.name : null));
      },
    },
  ],
};
