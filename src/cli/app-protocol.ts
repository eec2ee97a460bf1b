// `--protocol CONN=NAME[,CONN=NAME…]`: the user's choice of application protocol per connection
// (NAME `none` turns decoding off for it), overriding the subprotocol, target and sniffing.

import { APP_PROTOCOLS, type AppOptions, type AppProtocolName, isAppProtocol } from '../decoder/index.js';
import { type ParsedArgs, stringOption, UsageError } from './args.js';

export const PROTOCOL_OPTION = { protocol: { type: 'string' as const } };

export const PROTOCOL_HELP = `Application protocols:
      --protocol CONN=NAME[,CONN=NAME...]
                              decode connection CONN as NAME whatever its subprotocol, target or
                              content suggest: socket.io, graphql-ws, subscriptions-transport-ws,
                              mqtt, stomp, json-rpc, signalr, phoenix, actioncable, wamp, sockjs,
                              msgpack, cbor, protobuf, or none`;

export function parseProtocolOption(args: ParsedArgs, command: string): AppOptions {
  const v = stringOption(args, 'protocol');
  if (v === undefined) return {};
  const overrides = new Map<number, AppProtocolName | 'none'>();
  for (const part of v.split(',')) {
    const m = /^\s*(\d+)\s*=\s*([\w.-]+)\s*$/.exec(part);
    if (!m)
      throw new UsageError(`invalid --protocol ${JSON.stringify(part)}: expected CONN=NAME, e.g. 3=mqtt`, command);
    const name = (m[2] ?? '').toLowerCase();
    if (name !== 'none' && !isAppProtocol(name))
      throw new UsageError(
        `invalid --protocol ${JSON.stringify(part)}: ${name} is not one of ${APP_PROTOCOLS.join(', ')}, none`,
        command,
      );
    overrides.set(Number(m[1]), name as AppProtocolName | 'none');
  }
  return { overrides };
}
