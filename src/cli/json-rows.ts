// JSON of one frame, message or finding, written straight into a ByteSink.
//
// Rules
// - Each writer produces exactly the bytes of `JSON.stringify(xJson(record))` (records.ts holds
//   the contract and stays the reference; test/cli/json-rows.test.ts checks the two agree on
//   real captures): same keys, same order, same number and string forms.
// - Why: on a capture of small messages, `JSON.stringify(messageJson(m))`, the batch join and
//   the UTF-8 encoding of the batch were most of the CLI's own time. Writing the fixed keys and
//   the values into the sink makes no temporary object and no intermediate string.
// - Strings that may need escaping (text, close reasons, finding codes and messages) go through
//   `jsonString`; strings from a fixed alphabet (direction, type names) are written as they are.

import type { Finding, FrameRecord, MessageRecord } from '../decoder/index.js';
import type { ByteSink } from './byte-sink.js';
import { opcodeName } from './records.js';

function numbers(out: ByteSink, a: readonly number[]): void {
  out.ascii('[');
  for (let i = 0; i < a.length; i++) {
    if (i > 0) out.ascii(',');
    out.number(a[i]);
  }
  out.ascii(']');
}

function strings(out: ByteSink, a: readonly string[]): void {
  out.ascii('[');
  for (let i = 0; i < a.length; i++) {
    if (i > 0) out.ascii(',');
    out.jsonString(a[i]);
  }
  out.ascii(']');
}

function stringOrNull(out: ByteSink, s: string | null): void {
  if (s === null) out.ascii('null');
  else out.jsonString(s);
}

const bool = (b: boolean): string => (b ? 'true' : 'false');

/** The bytes of JSON.stringify(messageJson(m)). */
export function writeMessageJson(out: ByteSink, m: MessageRecord): void {
  out.ascii('{"id":');
  out.number(m.id);
  out.ascii(',"connection":');
  out.number(m.connectionId);
  out.ascii(m.direction === 'client' ? ',"direction":"client","index":' : ',"direction":"server","index":');
  out.number(m.index);
  out.ascii(',"time":');
  out.number(m.time);
  out.ascii(',"firstTime":');
  out.number(m.firstTime);
  out.ascii(',"opcode":');
  out.number(m.opcode);
  out.ascii(',"type":"');
  out.ascii(m.type);
  out.ascii('","length":');
  out.number(m.payload.byteLength);
  out.ascii(',"wireLength":');
  out.number(m.wireLength);
  out.ascii(',"frames":');
  out.number(m.frameIds.length);
  out.ascii(',"frameIds":');
  numbers(out, m.frameIds);
  out.ascii(m.compressed ? ',"compressed":true,"base64":"' : ',"compressed":false,"base64":"');
  out.base64(m.payload);
  out.ascii('","text":');
  if (m.type === 'text') out.jsonString(m.text ?? '');
  else out.ascii('null');
  out.ascii(',"close":');
  if (m.close === null) out.ascii('null');
  else {
    out.ascii('{"code":');
    out.numberOrNull(m.close.code);
    out.ascii(',"reason":');
    out.jsonString(m.close.reason);
    out.ascii('}');
  }
  out.ascii(',"pingId":');
  out.numberOrNull(m.pingId);
  out.ascii(',"rtt":');
  out.numberOrNull(m.rtt);
  out.ascii(',"findings":');
  strings(out, m.findings);
  out.ascii(m.complete ? ',"complete":true}' : ',"complete":false}');
}

/** The bytes of JSON.stringify(frameJson(f)). */
export function writeFrameJson(out: ByteSink, f: FrameRecord): void {
  out.ascii('{"id":');
  out.number(f.id);
  out.ascii(',"connection":');
  out.number(f.connectionId);
  out.ascii(f.direction === 'client' ? ',"direction":"client","index":' : ',"direction":"server","index":');
  out.number(f.index);
  out.ascii(',"time":');
  out.number(f.time);
  out.ascii(`,"fin":${bool(f.fin)},"rsv":[${bool(f.rsv1)},${bool(f.rsv2)},${bool(f.rsv3)}],"opcode":`);
  out.number(f.opcode);
  out.ascii(',"type":"');
  out.ascii(opcodeName(f.opcode));
  out.ascii(f.masked ? '","masked":true,"maskingKey":' : '","masked":false,"maskingKey":');
  if (f.maskingKey) {
    out.ascii('"');
    out.hex(f.maskingKey);
    out.ascii('"');
  } else out.ascii('null');
  out.ascii(',"length":');
  out.number(f.payloadLength);
  out.ascii(',"lengthForm":');
  out.number(f.lengthForm);
  out.ascii(',"headerLength":');
  out.number(f.headerLength);
  out.ascii(',"header":"');
  out.hex(f.header);
  out.ascii('","packets":');
  numbers(out, f.packets);
  out.ascii(',"streamOffset":');
  out.number(f.streamOffset);
  out.ascii(',"message":');
  out.numberOrNull(f.messageId);
  out.ascii(f.complete ? ',"complete":true,"findings":' : ',"complete":false,"findings":');
  strings(out, f.findings);
  out.ascii(',"base64":"');
  out.base64(f.payload);
  out.ascii('"}');
}

/** The bytes of JSON.stringify(findingJson(f)). */
export function writeFindingJson(out: ByteSink, f: Finding): void {
  out.ascii('{"code":');
  out.jsonString(f.code);
  out.ascii(',"severity":');
  out.jsonString(f.severity);
  out.ascii(',"rfc":');
  stringOrNull(out, f.rfc);
  out.ascii(',"connection":');
  out.numberOrNull(f.connectionId);
  out.ascii(',"direction":');
  stringOrNull(out, f.direction);
  out.ascii(',"packet":');
  out.numberOrNull(f.packet);
  out.ascii(',"frame":');
  out.numberOrNull(f.frameId);
  out.ascii(',"messageId":');
  out.numberOrNull(f.messageId);
  out.ascii(',"time":');
  out.numberOrNull(f.time);
  out.ascii(',"message":');
  out.jsonString(f.message);
  out.ascii('}');
}
