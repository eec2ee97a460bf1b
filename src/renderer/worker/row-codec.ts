// Rows cross from the worker to the UI as COLUMNS: typed arrays (transferred, zero-copy) plus
// one array of strings, instead of arrays of objects.
//
// Why: structured clone of plain objects costs per property; a million frame rows and a million
// message rows (30+ million properties) kept the UI thread busy for seconds while loading
// (measured with the CDP profiler: the batch handler was the top self-time function). Building
// the row objects from columns on the UI side is a tight JIT-compiled loop instead.

import type { Direction, MessageType } from '../../decoder/records.js';
import type { FrameRow, MessageRow } from './protocol.js';

export interface FrameRowColumns {
  count: number;
  id: Int32Array;
  connectionId: Int32Array;
  index: Int32Array;
  /** -1 for null. */
  messageId: Int32Array;
  findingCount: Int32Array;
  time: Float64Array;
  payloadLength: Float64Array;
  opcode: Uint8Array;
  /** bit 0 FIN, 1-3 RSV1-3, 4 MASK, 5 complete, 6 server. */
  flags: Uint8Array;
  summary: string[];
}

export interface MessageRowColumns {
  count: number;
  id: Int32Array;
  connectionId: Int32Array;
  opcode: Uint8Array;
  /** Index into MESSAGE_TYPES. */
  type: Uint8Array;
  /** bit 0 server, 1 compressed, 2 complete. */
  flags: Uint8Array;
  firstTime: Float64Array;
  time: Float64Array;
  wireLength: Float64Array;
  length: Float64Array;
  /** -1 for null. */
  closeCode: Int32Array;
  pingId: Int32Array;
  /** NaN for null. */
  rtt: Float64Array;
  findingCount: Int32Array;
  /** Frame ids of message i are frameIds[frameStart[i] .. frameStart[i + 1]). */
  frameStart: Int32Array;
  frameIds: Int32Array;
  preview: string[];
}

const MESSAGE_TYPES: readonly MessageType[] = ['text', 'binary', 'close', 'ping', 'pong', 'reserved'];

export function encodeFrameRows(rows: FrameRow[]): FrameRowColumns {
  const n = rows.length;
  const c: FrameRowColumns = {
    count: n,
    id: new Int32Array(n),
    connectionId: new Int32Array(n),
    index: new Int32Array(n),
    messageId: new Int32Array(n),
    findingCount: new Int32Array(n),
    time: new Float64Array(n),
    payloadLength: new Float64Array(n),
    opcode: new Uint8Array(n),
    flags: new Uint8Array(n),
    summary: new Array<string>(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    c.id[i] = r.id;
    c.connectionId[i] = r.connectionId;
    c.index[i] = r.index;
    c.messageId[i] = r.messageId ?? -1;
    c.findingCount[i] = r.findingCount;
    c.time[i] = r.time;
    c.payloadLength[i] = r.payloadLength;
    c.opcode[i] = r.opcode;
    c.flags[i] =
      (r.fin ? 1 : 0) |
      (r.rsv[0] === '1' ? 2 : 0) |
      (r.rsv[1] === '1' ? 4 : 0) |
      (r.rsv[2] === '1' ? 8 : 0) |
      (r.masked ? 16 : 0) |
      (r.complete ? 32 : 0) |
      (r.direction === 'server' ? 64 : 0);
    c.summary[i] = r.summary;
  }
  return c;
}

const RSV = ['000', '100', '010', '110', '001', '101', '011', '111'];

export function decodeFrameRows(c: FrameRowColumns): FrameRow[] {
  const out = new Array<FrameRow>(c.count);
  for (let i = 0; i < c.count; i++) {
    const f = c.flags[i];
    out[i] = {
      id: c.id[i],
      connectionId: c.connectionId[i],
      direction: (f & 64 ? 'server' : 'client') as Direction,
      index: c.index[i],
      time: c.time[i],
      fin: (f & 1) !== 0,
      rsv: RSV[(f >> 1) & 7],
      opcode: c.opcode[i],
      masked: (f & 16) !== 0,
      payloadLength: c.payloadLength[i],
      complete: (f & 32) !== 0,
      messageId: c.messageId[i] < 0 ? null : c.messageId[i],
      summary: c.summary[i],
      findingCount: c.findingCount[i],
    };
  }
  return out;
}

export function encodeMessageRows(rows: MessageRow[]): MessageRowColumns {
  const n = rows.length;
  let frames = 0;
  for (const r of rows) frames += r.frameIds.length;
  const c: MessageRowColumns = {
    count: n,
    id: new Int32Array(n),
    connectionId: new Int32Array(n),
    opcode: new Uint8Array(n),
    type: new Uint8Array(n),
    flags: new Uint8Array(n),
    firstTime: new Float64Array(n),
    time: new Float64Array(n),
    wireLength: new Float64Array(n),
    length: new Float64Array(n),
    closeCode: new Int32Array(n),
    pingId: new Int32Array(n),
    rtt: new Float64Array(n),
    findingCount: new Int32Array(n),
    frameStart: new Int32Array(n + 1),
    frameIds: new Int32Array(frames),
    preview: new Array<string>(n),
  };
  let at = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    c.id[i] = r.id;
    c.connectionId[i] = r.connectionId;
    c.opcode[i] = r.opcode;
    c.type[i] = MESSAGE_TYPES.indexOf(r.type);
    c.flags[i] = (r.direction === 'server' ? 1 : 0) | (r.compressed ? 2 : 0) | (r.complete ? 4 : 0);
    c.firstTime[i] = r.firstTime;
    c.time[i] = r.time;
    c.wireLength[i] = r.wireLength;
    c.length[i] = r.length;
    c.closeCode[i] = r.closeCode ?? -1;
    c.pingId[i] = r.pingId ?? -1;
    c.rtt[i] = r.rtt ?? Number.NaN;
    c.findingCount[i] = r.findingCount;
    c.frameStart[i] = at;
    for (const id of r.frameIds) c.frameIds[at++] = id;
    c.preview[i] = r.preview;
  }
  c.frameStart[n] = at;
  return c;
}

export function decodeMessageRows(c: MessageRowColumns): MessageRow[] {
  const out = new Array<MessageRow>(c.count);
  for (let i = 0; i < c.count; i++) {
    const f = c.flags[i];
    const frameIds: number[] = [];
    for (let k = c.frameStart[i]; k < c.frameStart[i + 1]; k++) frameIds.push(c.frameIds[k]);
    out[i] = {
      id: c.id[i],
      connectionId: c.connectionId[i],
      direction: f & 1 ? 'server' : 'client',
      type: MESSAGE_TYPES[c.type[i]],
      opcode: c.opcode[i],
      firstTime: c.firstTime[i],
      time: c.time[i],
      frameIds,
      wireLength: c.wireLength[i],
      length: c.length[i],
      compressed: (f & 2) !== 0,
      preview: c.preview[i],
      closeCode: c.closeCode[i] < 0 ? null : c.closeCode[i],
      pingId: c.pingId[i] < 0 ? null : c.pingId[i],
      rtt: Number.isNaN(c.rtt[i]) ? null : c.rtt[i],
      complete: (f & 4) !== 0,
      findingCount: c.findingCount[i],
    };
  }
  return out;
}

/** The buffers to transfer with a batch (the worker never touches them again). */
export function rowBuffers(frames: FrameRowColumns, messages: MessageRowColumns): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const cols of [frames, messages]) {
    for (const v of Object.values(cols)) {
      if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer && v.buffer.byteLength > 0) out.push(v.buffer);
    }
  }
  return out;
}
