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
import { MESSAGE_TYPES, opcodeName, payloadLengthText } from '../decoder/index.js';
import { type ByteSink, latin1Bytes, safeJson } from './byte-sink.js';

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

// The fixed parts of each row, as bytes prepared once: copying a prepared Uint8Array costs
// about half of copying the same string character by character.
const K = (s: string): Uint8Array => latin1Bytes(s);
const NULL = K('null');
const DIRECTION = { client: K(',"direction":"client","index":'), server: K(',"direction":"server","index":') };

const M = {
  id: K('{"id":'),
  connection: K(',"connection":'),
  time: K(',"time":'),
  firstTime: K(',"firstTime":'),
  opcode: K(',"opcode":'),
  /** `,"type":"binary","length":` per message type. */
  type: new Map<string, Uint8Array>(MESSAGE_TYPES.map((t) => [t, K(`,"type":"${t}","length":`)])),
  wireLength: K(',"wireLength":'),
  frames: K(',"frames":'),
  frameIds: K(',"frameIds":'),
  compressed: [K(',"compressed":false,"base64":"'), K(',"compressed":true,"base64":"')],
  text: K('","text":'),
  close: K(',"close":'),
  closeCode: K('{"code":'),
  closeReason: K(',"reason":'),
  closeEnd: K('}'),
  pingId: K(',"pingId":'),
  rtt: K(',"rtt":'),
  findings: K(',"findings":'),
  complete: [K(',"complete":false'), K(',"complete":true')],
  app: K(',"app":'),
  end: K('}'),
};

/** The bytes of JSON.stringify(messageJson(m)). */
export function writeMessageJson(out: ByteSink, m: MessageRecord): void {
  out.bytes(M.id);
  out.number(m.id);
  out.bytes(M.connection);
  out.number(m.connectionId);
  out.bytes(DIRECTION[m.direction]);
  out.number(m.index);
  out.bytes(M.time);
  out.number(m.time);
  out.bytes(M.firstTime);
  out.number(m.firstTime);
  out.bytes(M.opcode);
  out.number(m.opcode);
  const type = M.type.get(m.type);
  if (type) out.bytes(type);
  else out.ascii(`,"type":${JSON.stringify(m.type)},"length":`);
  out.number(m.payload.byteLength);
  out.bytes(M.wireLength);
  out.number(m.wireLength);
  out.bytes(M.frames);
  out.number(m.frameIds.length);
  out.bytes(M.frameIds);
  numbers(out, m.frameIds);
  out.bytes(M.compressed[m.compressed ? 1 : 0]);
  out.base64(m.payload);
  out.bytes(M.text);
  if (m.type === 'text') out.jsonString(m.text ?? '');
  else out.bytes(NULL);
  out.bytes(M.close);
  if (m.close === null) out.bytes(NULL);
  else {
    out.bytes(M.closeCode);
    out.numberOrNull(m.close.code);
    out.bytes(M.closeReason);
    out.jsonString(m.close.reason);
    out.bytes(M.closeEnd);
  }
  out.bytes(M.pingId);
  out.numberOrNull(m.pingId);
  out.bytes(M.rtt);
  out.numberOrNull(m.rtt);
  out.bytes(M.findings);
  strings(out, m.findings);
  out.bytes(M.complete[m.complete ? 1 : 0]);
  out.bytes(M.app);
  // Decoded application data is rare enough (and varied enough) for JSON.stringify.
  if (m.app) out.text(safeJson(JSON.stringify(m.app)));
  else out.bytes(NULL);
  out.bytes(M.end);
}

const bool = (b: boolean): string => (b ? 'true' : 'false');

const F = {
  id: M.id,
  connection: M.connection,
  time: M.time,
  /** `,"fin":true,"rsv":[false,false,false],"opcode":` by the four bits FIN RSV1 RSV2 RSV3. */
  finRsv: Array.from({ length: 16 }, (_, b) =>
    K(
      `,"fin":${bool((b & 8) !== 0)},"rsv":[${bool((b & 4) !== 0)},${bool((b & 2) !== 0)},${bool((b & 1) !== 0)}],"opcode":`,
    ),
  ),
  /** `,"type":"text","masked":` and `…"masked":true` by opcode and MASK bit. */
  typeMasked: Array.from({ length: 16 }, (_, op) => [
    K(`,"type":"${opcodeName(op)}","masked":false,"maskingKey":`),
    K(`,"type":"${opcodeName(op)}","masked":true,"maskingKey":`),
  ]),
  quote: K('"'),
  length: K(',"length":'),
  lengthForm: K(',"lengthForm":'),
  headerLength: K(',"headerLength":'),
  header: K(',"header":"'),
  packets: K('","packets":'),
  streamOffset: K(',"streamOffset":'),
  message: K(',"message":'),
  complete: [K(',"complete":false,"findings":'), K(',"complete":true,"findings":')],
  base64: K(',"base64":"'),
  end: K('"}'),
};

/** The bytes of JSON.stringify(frameJson(f)). */
export function writeFrameJson(out: ByteSink, f: FrameRecord): void {
  out.bytes(F.id);
  out.number(f.id);
  out.bytes(F.connection);
  out.number(f.connectionId);
  out.bytes(DIRECTION[f.direction]);
  out.number(f.index);
  out.bytes(F.time);
  out.number(f.time);
  out.bytes(F.finRsv[(f.fin ? 8 : 0) | (f.rsv1 ? 4 : 0) | (f.rsv2 ? 2 : 0) | (f.rsv3 ? 1 : 0)]);
  out.number(f.opcode);
  const typeMasked = F.typeMasked[f.opcode];
  if (typeMasked) out.bytes(typeMasked[f.masked ? 1 : 0]);
  else out.ascii(`,"type":"${opcodeName(f.opcode)}","masked":${bool(f.masked)},"maskingKey":`);
  if (f.maskingKey) {
    out.bytes(F.quote);
    out.hex(f.maskingKey);
    out.bytes(F.quote);
  } else out.bytes(NULL);
  out.bytes(F.length);
  // Beyond 2^53 - 1 a number is not exact: the header's own digits (a valid JSON number), so the
  // JSON says 9223372036854775824 as the table, the CSV and the app do, not 9223372036854776000.
  if (f.payloadLength > Number.MAX_SAFE_INTEGER) out.ascii(payloadLengthText(f));
  else out.number(f.payloadLength);
  out.bytes(F.lengthForm);
  out.number(f.lengthForm);
  out.bytes(F.headerLength);
  out.number(f.headerLength);
  out.bytes(F.header);
  out.hex(f.header);
  out.bytes(F.packets);
  numbers(out, f.packets);
  out.bytes(F.streamOffset);
  out.number(f.streamOffset);
  out.bytes(F.message);
  out.numberOrNull(f.messageId);
  out.bytes(F.complete[f.complete ? 1 : 0]);
  strings(out, f.findings);
  out.bytes(F.base64);
  out.base64(f.payload);
  out.bytes(F.end);
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
