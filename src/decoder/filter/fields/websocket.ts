// Fields of the WebSocket frame header (Wireshark's "websocket.*" names) and wsscope's own
// (under "ws."). Frame header meanings come from the bit-level registry
// (websocket/field-registry.ts): declared there once, reused here.

import { FINDINGS } from '../../findings.js';
import { type FieldKey, WS_FIELDS } from '../../websocket/field-registry.js';
import { MESSAGE_TYPES, OPCODE } from '../../websocket/opcodes.js';
import type { FieldLayer, FieldValue, FilterFieldDef } from '../field-def.js';

const blurb = (key: FieldKey): string => `${WS_FIELDS[key].blurb} (${WS_FIELDS[key].rfc})`;
const list = (items: readonly string[]): FieldValue => (items.length === 0 ? null : items);

const rsvBit = (name: string, key: FieldKey, bit: number): FilterFieldDef => ({
  name,
  type: 'bool',
  blurb: blurb(key),
  frame: (f) => (f.rsv() & bit) !== 0,
});

export const WEBSOCKET_LAYER: FieldLayer = {
  protocol: 'websocket',
  title: 'RFC 6455 frame header, as Wireshark names it (a message or connection reads its frames)',
  fields: [
    { name: 'websocket', type: 'protocol', blurb: 'a WebSocket frame', frame: () => true },
    { name: 'websocket.fin', type: 'bool', blurb: blurb('websocket.fin'), frame: (f) => f.fin() },
    {
      name: 'websocket.rsv',
      type: 'uint',
      blurb: 'the three reserved bits as a number 0-7 (RSV1 = 4); must be 0 unless an extension defines them',
      frame: (f) => f.rsv(),
    },
    rsvBit('websocket.rsv1', 'websocket.rsv1', 4),
    rsvBit('websocket.rsv2', 'websocket.rsv2', 2),
    rsvBit('websocket.rsv3', 'websocket.rsv3', 1),
    {
      name: 'websocket.opcode',
      type: 'uint',
      blurb: blurb('websocket.opcode'),
      names: OPCODE,
      frame: (f) => f.opcode(),
    },
    { name: 'websocket.mask', type: 'bool', blurb: blurb('websocket.mask'), frame: (f) => f.masked() },
    {
      name: 'websocket.masking_key',
      type: 'bytes',
      blurb: blurb('websocket.masking_key'),
      frame: (f) => f.maskingKey(),
    },
    {
      name: 'websocket.pmc',
      type: 'bool',
      blurb: 'per-message compressed: RSV1 on a connection that negotiated permessage-deflate (RFC 7692 §6)',
      // Present only where deflate was negotiated, as in Wireshark (a field alone tests presence).
      frame: (f) => (f.connection()?.handshake?.deflate ? (f.rsv() & 4) !== 0 : null),
    },
    {
      name: 'websocket.payload_length',
      type: 'uint',
      blurb: `the 7-bit length field, as Wireshark reads it: ${WS_FIELDS['websocket.payload_length'].blurb} (ws.frame.length is the whole length)`,
      frame: (f) => (f.lengthForm() === 64 ? 127 : f.lengthForm() === 16 ? 126 : f.payloadLength()),
    },
    {
      name: 'websocket.payload_length_ext_16',
      type: 'uint',
      blurb: blurb('websocket.payload_length_ext16'),
      frame: (f) => (f.lengthForm() === 16 ? f.payloadLength() : null),
    },
    {
      name: 'websocket.payload_length_ext_64',
      type: 'uint',
      blurb: blurb('websocket.payload_length_ext64'),
      frame: (f) => (f.lengthForm() === 64 ? f.payloadLength() : null),
    },
    {
      name: 'websocket.payload',
      type: 'bytes',
      blurb: 'the frame payload after unmasking (not inflated; the captured part)',
      frame: (f) => f.payload(),
      span: { frame: (f) => f.payloadSpan() },
    },
  ],
};

const DIRECTIONS = ['client', 'server'] as const;

export const WS_LAYER: FieldLayer = {
  protocol: 'ws',
  title: "wsscope's own: connections, directions, messages (defragmented, inflated), findings",
  fields: [
    {
      name: 'ws.connection',
      type: 'uint',
      blurb: "the connection's number, as 'wsscope connections' shows it",
      connection: (c) => c.id,
    },
    {
      name: 'ws.connection.kind',
      type: 'string',
      blurb: 'what the connection is: websocket, websocket-no-handshake, rejected, http, tcp',
      values: ['websocket', 'websocket-no-handshake', 'rejected', 'http', 'tcp'],
      connection: (c) => c.kind,
    },
    {
      name: 'ws.direction',
      type: 'string',
      blurb: 'who sent it: client or server',
      values: DIRECTIONS,
      message: (m) => m.direction(),
      frame: (f) => f.direction(),
      finding: (x) => x.finding().direction,
    },
    { name: 'ws.frame', type: 'uint', blurb: "the frame's number across the capture, from 1", frame: (f) => f.id() },
    {
      name: 'ws.frame.length',
      type: 'uint',
      blurb: "the frame's payload length as its header declares it (whichever length form)",
      frame: (f) => f.payloadLength(),
    },
    {
      name: 'ws.frame.complete',
      type: 'bool',
      blurb: 'false when bytes of the frame were never captured',
      frame: (f) => f.complete(),
    },
    {
      name: 'ws.message',
      type: 'uint',
      blurb: "the message's number across the capture, from 1",
      message: (m) => m.id(),
      finding: (x) => x.finding().messageId,
    },
    {
      name: 'ws.message.type',
      type: 'string',
      blurb: 'text, binary, close, ping, pong or reserved',
      values: MESSAGE_TYPES,
      message: (m) => m.type(),
    },
    {
      name: 'ws.message.text',
      type: 'string',
      blurb: 'the text of a text message (defragmented, inflated)',
      message: (m) => m.text(),
      span: { message: (m) => m.textSpan() },
    },
    {
      name: 'ws.message.payload',
      type: 'bytes',
      blurb: 'the application payload of a message (defragmented, unmasked, inflated)',
      message: (m) => m.payload(),
      span: { message: (m) => m.payloadSpan() },
    },
    {
      name: 'ws.message.length',
      type: 'uint',
      blurb: 'application payload length in bytes (after inflation)',
      message: (m) => m.length(),
    },
    {
      name: 'ws.message.wire_length',
      type: 'uint',
      blurb: "sum of the frames' payload lengths on the wire (before inflation)",
      message: (m) => m.wireLength(),
    },
    {
      name: 'ws.message.compressed',
      type: 'bool',
      blurb: 'compressed with permessage-deflate (RFC 7692)',
      message: (m) => m.compressed(),
    },
    {
      name: 'ws.message.complete',
      type: 'bool',
      blurb: 'false when the message was cut (bytes not captured, or over a limit)',
      message: (m) => m.complete(),
    },
    {
      name: 'ws.close.code',
      type: 'uint',
      blurb: 'status code of a close message (RFC 6455 §7.4)',
      message: (m) => m.closeCode(),
    },
    { name: 'ws.close.reason', type: 'string', blurb: 'reason of a close message', message: (m) => m.closeReason() },
    {
      name: 'ws.rtt',
      type: 'time',
      blurb: 'for a pong: seconds since the ping it answers',
      message: (m) => m.rtt(),
    },
    {
      name: 'ws.finding',
      type: 'string',
      blurb: 'code of a finding (see wsscope findings), e.g. frame.client-unmasked',
      values: Object.keys(FINDINGS),
      prefer: 'finding',
      message: (m) => list(m.findings()),
      frame: (f) => list(f.findings()),
      finding: (x) => x.finding().code,
    },
    {
      name: 'ws.finding.severity',
      type: 'string',
      blurb: 'severity of a finding: error, warning or note',
      values: ['error', 'warning', 'note'],
      finding: (x) => x.finding().severity,
    },
    {
      name: 'ws.subprotocol',
      type: 'string',
      blurb: 'the negotiated subprotocol (Sec-WebSocket-Protocol in the 101 response)',
      connection: (c) => c.handshake?.subprotocol ?? null,
    },
    {
      name: 'ws.extension',
      type: 'string',
      blurb: 'name of a negotiated extension, e.g. permessage-deflate',
      connection: (c) => list(c.handshake?.extensions.map((e) => e.name) ?? []),
    },
    {
      name: 'ws.accept.valid',
      type: 'bool',
      blurb: 'Sec-WebSocket-Accept matches the key (RFC 6455 §4.2.2)',
      connection: (c) => (c.handshake?.response ? c.handshake.accept.valid : null),
    },
  ],
};
