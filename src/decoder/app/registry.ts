// Protocol name → a fresh decoder for one connection.

import { ActionCableDecoder } from './actioncable.js';
import { GenericDecoder, type ProtoChoice } from './generic.js';
import { GraphqlDecoder } from './graphql.js';
import { JsonRpcDecoder } from './jsonrpc.js';
import { MqttDecoder } from './mqtt.js';
import { PhoenixDecoder } from './phoenix.js';
import { SignalRDecoder } from './signalr.js';
import { engineIoVersion, SocketIoDecoder } from './socketio.js';
import { SockJsDecoder } from './sockjs.js';
import { StompDecoder } from './stomp.js';
import type { AppProtocolName, ProtocolDecoder } from './types.js';
import { WampDecoder } from './wamp.js';

/** `target`: the upgrade request's target (Engine.IO's version is in its query). */
export function makeDecoder(protocol: AppProtocolName, target: string | null, proto?: ProtoChoice): ProtocolDecoder {
  switch (protocol) {
    case 'socket.io':
      return new SocketIoDecoder(engineIoVersion(target));
    case 'graphql-ws':
    case 'subscriptions-transport-ws':
      return new GraphqlDecoder(protocol);
    case 'mqtt':
      return new MqttDecoder();
    case 'stomp':
      return new StompDecoder();
    case 'json-rpc':
      return new JsonRpcDecoder();
    case 'signalr':
      return new SignalRDecoder();
    case 'phoenix':
      return new PhoenixDecoder();
    case 'actioncable':
      return new ActionCableDecoder();
    case 'wamp':
      return new WampDecoder();
    case 'sockjs':
      return new SockJsDecoder();
    case 'protobuf':
      return new GenericDecoder(protocol, proto);
    case 'msgpack':
    case 'cbor':
      return new GenericDecoder(protocol);
  }
}
