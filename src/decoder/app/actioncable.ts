// Rails Action Cable (actioncable-v1-json; the protocol of @rails/actioncable and
// ActionCable::Connection): the server sends {type: welcome | ping | disconnect |
// confirm_subscription | reject_subscription} or a broadcast {identifier, message}; the client
// sends {command: subscribe | unsubscribe | message, identifier, data}, where identifier and data
// are JSON text inside the JSON.
//
// Pairing: subscribe → confirm_subscription (or reject_subscription) for the same identifier.

import type { Direction } from '../records.js';
import { type AppPacket, type AppResult, malformed, type ProtocolDecoder } from './types.js';
import { brief, isObject, parseJson, str, textOf } from './util.js';

/** `ChatChannel {"room":"1"}` from the identifier's JSON text. */
function channelName(identifier: string | null): string | null {
  if (identifier === null) return null;
  const p = parseJson(identifier);
  if (!p.ok || !isObject(p.value)) return identifier;
  const { channel, ...rest } = p.value;
  return `${String(channel)}${Object.keys(rest).length ? ` ${brief(rest)}` : ''}`;
}

export class ActionCableDecoder implements ProtocolDecoder {
  decode(dir: Direction, payload: Uint8Array, text: string | null): AppResult {
    const parsed = parseJson(text ?? textOf(payload));
    if (!parsed.ok) return malformed(parsed.offset, parsed.message);
    const v = parsed.value;
    if (!isObject(v)) return malformed(0, 'not a JSON object');
    const identifier = str(v.identifier);
    const channel = channelName(identifier);
    const key = `sub:${identifier}`;
    let packet: AppPacket;
    if (dir === 'client') {
      const command = str(v.command);
      if (!command) return malformed(0, 'client message without a command');
      let data: unknown = v.data;
      if (typeof data === 'string') {
        const d = parseJson(data);
        if (d.ok) data = d.value;
      }
      const action = isObject(data) ? str(data.action) : null;
      packet = {
        kind: command,
        name: action ?? channel,
        id: null,
        summary: `${command} ${channel ?? ''}${data !== undefined ? ` ${brief(data)}` : ''}`.trim(),
        data,
      };
      if (command === 'subscribe') packet.pair = { op: 'open', key, name: channel, id: identifier ?? '' };
      if (command === 'unsubscribe') packet.pair = { op: 'answer', key, final: true, error: false };
      return { packets: [packet], malformed: null };
    }
    const type = str(v.type);
    if (type === 'confirm_subscription' || type === 'reject_subscription') {
      packet = {
        kind: type,
        name: channel,
        id: null,
        summary: `${type} ${channel ?? ''}`.trim(),
        pair: { op: 'answer', key, final: true, error: type === 'reject_subscription' },
      };
    } else if (type !== null) {
      packet = {
        kind: type,
        name: null,
        id: null,
        summary: `${type}${v.message !== undefined ? ` ${brief(v.message)}` : ''}${v.reason ? ` reason ${String(v.reason)}` : ''}`,
        data: v.message,
      };
    } else if (identifier !== null) {
      packet = { kind: 'message', name: channel, id: null, summary: `${channel} ${brief(v.message)}`, data: v.message };
    } else return malformed(0, 'server message with neither a type nor an identifier');
    return { packets: [packet], malformed: null };
  }
}
