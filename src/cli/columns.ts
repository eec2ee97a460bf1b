// Table and csv columns for each kind of row (frames, messages, findings, connections).
//
// csv keeps full values (epoch times, every packet number, the whole text and base64 payload);
// the table shows what fits a terminal line: times relative to the first record shown,
// shortened previews, arrows for direction. json/ndjson use records.ts instead.

import type { ConnectionRecord, Finding, FrameRecord, MessageRecord } from '../decoder/index.js';
import {
  endpointText,
  hexNumber,
  hexOf,
  messagePreview,
  opcodeName,
  payloadLengthText,
  TERMINAL_PREVIEW,
} from '../decoder/index.js';

export { endpointText };

import { writeFindingJson, writeFrameJson, writeMessageJson } from './json-rows.js';
import type { Column, Format, RowSpec } from './output.js';
import { base64, connectionJson, extensionText, findingJson, frameJson, messageJson } from './records.js';

/** Times in a table are relative to the first one printed (as Wireshark's default view). */
export class TimeBase {
  origin: number | null = null;
  relative(time: number): string {
    if (this.origin === null) this.origin = time;
    return (time - this.origin).toFixed(6);
  }
}

export function arrow(direction: 'client' | 'server'): string {
  return direction === 'client' ? 'c→s' : 's→c';
}

function col<T>(
  header: string,
  key: string,
  width: number,
  value: Column<T>['value'],
  align: 'left' | 'right' = 'left',
): Column<T> {
  return { header, key, width, value, align };
}

/** Picks the table view of a column when the format is table, the full value otherwise. */
function pick<T>(format: Format, table: Column<T>['value'], full: Column<T>['value']): Column<T>['value'] {
  return format === 'table' ? table : full;
}

export function frameSpec(format: Format, base: TimeBase): RowSpec<FrameRecord> {
  const t = format === 'table';
  const columns: Column<FrameRecord>[] = [
    col('FRAME', 'id', 6, (f) => f.id, 'right'),
    col('CONN', 'connection', 4, (f) => f.connectionId, 'right'),
    col(
      'DIR',
      'direction',
      3,
      pick(
        format,
        (f) => arrow(f.direction),
        (f) => f.direction,
      ),
    ),
    col(
      'TIME',
      'time',
      12,
      pick(
        format,
        (f) => base.relative(f.time),
        (f) => f.time,
      ),
      'right',
    ),
    col('FIN', 'fin', 3, (f) => (t ? (f.fin ? '1' : '0') : f.fin)),
  ];
  if (t) columns.push(col('RSV', 'rsv', 3, (f) => `${+f.rsv1}${+f.rsv2}${+f.rsv3}`));
  else {
    columns.push(
      col('', 'rsv1', 0, (f) => f.rsv1),
      col('', 'rsv2', 0, (f) => f.rsv2),
      col('', 'rsv3', 0, (f) => f.rsv3),
    );
  }
  columns.push(
    col(
      'OPCODE',
      'opcode',
      16,
      pick(
        format,
        (f) => `${f.opcode} ${opcodeName(f.opcode)}`,
        (f) => f.opcode,
      ),
    ),
    col('MASK', 'masked', 4, (f) => (t ? (f.masked ? '1' : '0') : f.masked)),
    col('KEY', 'maskingKey', 8, (f) => (f.maskingKey ? hexOf(f.maskingKey) : null)),
    // exact digits in table and CSV text (a 64-bit length beyond 2^53 - 1); JSON keeps its number
    col(
      'LENGTH',
      'length',
      9,
      (f) => (format === 'table' || format === 'csv' ? payloadLengthText(f) : f.payloadLength),
      'right',
    ),
    col('PACKETS', 'packets', 0, (f) => packetsText(f.packets, t)),
  );
  if (!t) {
    columns.push(
      col('', 'complete', 0, (f) => f.complete),
      col('', 'findings', 0, (f) => f.findings.join(' ')),
    );
  } else {
    columns[columns.length - 1] = col('PACKETS', 'packets', 0, (f) => {
      const notes = [...f.findings, ...(f.complete ? [] : ['incomplete'])];
      return packetsText(f.packets, true) + (notes.length ? `  ! ${notes.join(' ')}` : '');
    });
  }
  return { columns, json: frameJson, writeJson: writeFrameJson };
}

/** "12-15" for consecutive packets in a table, every number in csv. */
function packetsText(packets: number[], short: boolean): string {
  if (!short || packets.length <= 2) return packets.join(' ');
  const consecutive = packets.every((p, i) => i === 0 || p === packets[i - 1] + 1);
  return consecutive ? `${packets[0]}-${packets.at(-1)}` : `${packets[0]} … ${packets.at(-1)} (${packets.length})`;
}

export function messageSpec(format: Format, base: TimeBase): RowSpec<MessageRecord> {
  if (format === 'table') {
    return {
      json: messageJson,
      writeJson: writeMessageJson,
      columns: [
        col('MSG', 'id', 6, (m) => m.id, 'right'),
        col('CONN', 'connection', 4, (m) => m.connectionId, 'right'),
        col('DIR', 'direction', 3, (m) => arrow(m.direction)),
        col('TIME', 'time', 12, (m) => base.relative(m.time), 'right'),
        // A reserved opcode as its number: "reserved-0x3" would not fit.
        col('TYPE', 'type', 8, (m) => (m.type === 'reserved' ? hexNumber(m.opcode) : m.type)),
        col('LENGTH', 'length', 9, (m) => m.payload.byteLength, 'right'),
        col('FR', 'frames', 3, (m) => m.frameIds.length, 'right'),
        col(
          'FLAGS',
          'flags',
          5,
          (m) => `${m.compressed ? 'z' : ''}${m.complete ? '' : '!'}${m.findings.length ? 'F' : ''}`,
        ),
        col('PAYLOAD', 'payload', 0, (m) => {
          const notes = m.findings.length ? `  ! ${m.findings.join(' ')}` : '';
          return (
            messagePreview(m, TERMINAL_PREVIEW) +
            (m.rtt !== null ? `  rtt ${(m.rtt * 1000).toFixed(3)} ms` : '') +
            notes
          );
        }),
      ],
    };
  }
  return {
    json: messageJson,
    writeJson: writeMessageJson,
    columns: [
      col('', 'id', 0, (m) => m.id),
      col('', 'connection', 0, (m) => m.connectionId),
      col('', 'direction', 0, (m) => m.direction),
      col('', 'time', 0, (m) => m.time),
      col('', 'opcode', 0, (m) => m.opcode),
      col('', 'type', 0, (m) => m.type),
      col('', 'length', 0, (m) => m.payload.byteLength),
      col('', 'frames', 0, (m) => m.frameIds.length),
      col('', 'compressed', 0, (m) => m.compressed),
      col('', 'complete', 0, (m) => m.complete),
      col('', 'close_code', 0, (m) => m.close?.code ?? null),
      col('', 'close_reason', 0, (m) => m.close?.reason ?? null),
      col('', 'rtt', 0, (m) => m.rtt),
      col('', 'findings', 0, (m) => m.findings.join(' ')),
      col('', 'text', 0, (m) => (m.type === 'text' ? (m.text ?? '') : null)),
      col('', 'base64', 0, (m) => base64(m.payload)),
    ],
  };
}

export function findingSpec(format: Format): RowSpec<Finding> {
  const t = format === 'table';
  return {
    json: findingJson,
    writeJson: writeFindingJson,
    columns: [
      col('SEVERITY', 'severity', 8, (f) => f.severity),
      col('CODE', 'code', 28, (f) => f.code),
      col('RFC', 'rfc', 12, (f) => f.rfc),
      col('CONN', 'connection', 4, (f) => f.connectionId, 'right'),
      ...(t ? [] : [col<Finding>('', 'direction', 0, (f) => f.direction)]),
      col('PACKET', 'packet', 7, (f) => f.packet, 'right'),
      ...(t ? [] : [col<Finding>('', 'frame', 0, (f) => f.frameId), col<Finding>('', 'time', 0, (f) => f.time)]),
      col('MESSAGE', 'message', 0, (f) => f.message),
    ],
  };
}

/** What a TCP connection carries: (tls), (ssh), (ftp), … or (tcp) when unknown. */
function tcpLabel(c: ConnectionRecord): string {
  return `(${c.protocol && c.protocol !== 'unknown' ? c.protocol : 'tcp'})`;
}

/** The upgrade's target; over TLS with a lock mark, and without keys what is known instead. */
function targetText(c: ConnectionRecord): string | null {
  const target = c.handshake?.request?.target ?? null;
  const t = c.tls;
  if (!t) return target ?? (c.kind === 'tcp' ? tcpLabel(c) : null);
  if (t.decrypted) return `🔒 ${target ?? (t.alpn === 'h2' ? '(h2)' : '(tls)')}`;
  return `🔒 ${t.version ?? 'TLS'} ${t.sni ?? ''}, no keys`.replace(' ,', ',');
}

function status(c: ConnectionRecord): string | number | null {
  return c.handshake?.response?.status ?? null;
}

function acceptText(c: ConnectionRecord): string | null {
  const a = c.handshake?.accept;
  if (!a || (a.expected === null && a.received === null)) return null;
  // The accept check belongs to a 101 answer; a refused upgrade has nothing to check.
  const status = c.handshake?.response?.status;
  if (status !== undefined && status !== 101 && a.received === null) return null;
  if (a.valid) return 'ok';
  return `expected ${a.expected ?? '?'} got ${a.received ?? 'none'}`;
}

export function connectionSpec(format: Format, base: TimeBase): RowSpec<ConnectionRecord> {
  const t = format === 'table';
  const pair = (c: ConnectionRecord, k: 'frames' | 'messages' | 'bytes'): string =>
    `${c.stats.client[k]}/${c.stats.server[k]}`;
  const extensions = (c: ConnectionRecord): string => (c.handshake?.extensions ?? []).map(extensionText).join(', ');
  if (!t) {
    return {
      json: connectionJson,
      columns: [
        col('', 'id', 0, (c) => c.id),
        col('', 'kind', 0, (c) => c.kind),
        col('', 'client', 0, (c) => endpointText(c.client)),
        col('', 'server', 0, (c) => endpointText(c.server)),
        col('', 'target', 0, (c) => c.handshake?.request?.target ?? null),
        col('', 'tls', 0, (c) => (c.tls ? `${c.tls.version ?? 'TLS'}${c.tls.decrypted ? '' : ' (no keys)'}` : null)),
        col('', 'status', 0, status),
        col('', 'accept', 0, acceptText),
        col('', 'subprotocol', 0, (c) => c.handshake?.subprotocol ?? null),
        col('', 'extensions', 0, extensions),
        col('', 'client_frames', 0, (c) => c.stats.client.frames),
        col('', 'server_frames', 0, (c) => c.stats.server.frames),
        col('', 'client_messages', 0, (c) => c.stats.client.messages),
        col('', 'server_messages', 0, (c) => c.stats.server.messages),
        col('', 'client_bytes', 0, (c) => c.stats.client.bytes),
        col('', 'server_bytes', 0, (c) => c.stats.server.bytes),
        col('', 'first_time', 0, (c) => c.firstTime),
        col('', 'last_time', 0, (c) => c.lastTime),
        col('', 'findings', 0, (c) => c.findingCount),
      ],
    };
  }
  return {
    json: connectionJson,
    columns: [
      col('ID', 'id', 3, (c) => c.id, 'right'),
      col('CLIENT', 'client', 21, (c) => endpointText(c.client)),
      col('SERVER', 'server', 21, (c) => endpointText(c.server)),
      col('TARGET', 'target', 16, targetText),
      col('STATUS', 'status', 6, status, 'right'),
      col('SUBPROTO', 'subprotocol', 8, (c) => c.handshake?.subprotocol ?? null),
      // Names only in the table; the parameters are in csv and json.
      col('EXTENSIONS', 'extensions', 18, (c) => (c.handshake?.extensions ?? []).map((e) => e.name).join(', ') || null),
      col('FRAMES c/s', 'frames', 10, (c) => pair(c, 'frames'), 'right'),
      col('MSGS c/s', 'messages', 9, (c) => pair(c, 'messages'), 'right'),
      col('BYTES c/s', 'bytes', 15, (c) => pair(c, 'bytes'), 'right'),
      col('FIRST', 'first', 10, (c) => base.relative(c.firstTime), 'right'),
      col('LAST', 'last', 10, (c) => base.relative(c.lastTime), 'right'),
      col('FINDINGS', 'findings', 8, (c) => c.findingCount, 'right'),
      col('ACCEPT', 'accept', 0, acceptText),
    ],
  };
}
