// The JSON form of a message, as `wsscope messages --format json` prints it and the app saves it:
// one definition, so the CLI's contract and the app's export cannot drift apart.

import type { AppInfo } from './app/types.js';
import { toBase64 } from './har/base64.js';
import type { MessageRecord } from './records.js';

export interface MessageJson {
  id: number;
  connection: number;
  direction: 'client' | 'server';
  index: number;
  time: number;
  firstTime: number;
  opcode: number;
  type: string;
  length: number;
  wireLength: number;
  frames: number;
  frameIds: number[];
  compressed: boolean;
  base64: string;
  text: string | null;
  close: { code: number | null; reason: string } | null;
  pingId: number | null;
  rtt: number | null;
  findings: string[];
  complete: boolean;
  /** The application protocol's reading (null when none applies). */
  app: AppInfo | null;
}

export function messageJson(m: MessageRecord): MessageJson {
  return {
    id: m.id,
    connection: m.connectionId,
    direction: m.direction,
    index: m.index,
    time: m.time,
    firstTime: m.firstTime,
    opcode: m.opcode,
    type: m.type,
    length: m.payload.byteLength,
    wireLength: m.wireLength,
    frames: m.frameIds.length,
    frameIds: m.frameIds,
    compressed: m.compressed,
    base64: toBase64(m.payload),
    text: m.type === 'text' ? (m.text ?? '') : null,
    close: m.close ? { code: m.close.code, reason: m.close.reason } : null,
    pingId: m.pingId,
    rtt: m.rtt,
    findings: [...m.findings],
    complete: m.complete,
    app: m.app ?? null,
  };
}
