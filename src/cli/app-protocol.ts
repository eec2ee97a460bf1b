// `--protocol CONN=NAME[,CONN=NAME…]`: the user's choice of application protocol per connection
// (NAME `none` turns decoding off for it), overriding the subprotocol, target and sniffing.

import { readFileSync } from 'node:fs';
import {
  APP_PROTOCOLS,
  type AppOptions,
  type AppProtocolName,
  isAppProtocol,
  type ProtoChoice,
  parseProto,
} from '../decoder/index.js';
import { type ParsedArgs, stringOption, UsageError } from './args.js';

export const PROTOCOL_OPTION = { protocol: { type: 'string' as const }, proto: { type: 'string' as const } };

export const PROTOCOL_HELP = `Application protocols:
      --protocol CONN=NAME[,CONN=NAME...]
                              decode connection CONN as NAME whatever its subprotocol, target or
                              content suggest: socket.io, graphql-ws, subscriptions-transport-ws,
                              mqtt, stomp, json-rpc, signalr, phoenix, actioncable, wamp, sockjs,
                              msgpack, cbor, protobuf, or none
      --proto FILE.proto[:Message]
                              decode protobuf connections with this schema, each binary message
                              as Message (default: the file's first message)`;

export function parseProtocolOption(args: ParsedArgs, command: string): AppOptions {
  const proto = protoOption(args, command);
  const v = stringOption(args, 'protocol');
  if (v === undefined) return proto ? { proto } : {};
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
  return proto ? { overrides, proto } : { overrides };
}

/** `--proto FILE[:Message]`: the schema, read and parsed here (a bad one is a usage error). */
function protoOption(args: ParsedArgs, command: string): ProtoChoice | undefined {
  const v = stringOption(args, 'proto');
  if (v === undefined) return undefined;
  const colon = v.lastIndexOf(':');
  const file = colon > 0 && !v.slice(colon + 1).includes('/') ? v.slice(0, colon) : v;
  const wanted = file === v ? null : v.slice(colon + 1);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read --proto ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      command,
    );
  }
  const parsed = parseProto(text);
  if (!parsed.ok) throw new UsageError(`${file}:${parsed.line}: ${parsed.message}`, command);
  const names = [...parsed.schema.messages.keys()];
  const type = wanted === null ? names[0] : names.find((n) => n === wanted || n.endsWith(`.${wanted}`));
  if (!type)
    throw new UsageError(
      wanted === null ? `${file} declares no message` : `${file} has no message ${wanted} (it has ${names.join(', ')})`,
      command,
    );
  return { schema: parsed.schema, type };
}
