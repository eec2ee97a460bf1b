// What the app copies and saves: a payload as text, hex or base64, and messages as JSON
// (the CLI's `messages --format json` objects), CSV or HAR. Pure: records in, text out.

import {
  type ConnectionRecord,
  harOf,
  hexOf,
  type MessageRecord,
  messageJson,
  toBase64,
} from '../../../decoder/index.js';

export type PayloadFormat = 'text' | 'hex' | 'base64';

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function payloadAs(bytes: Uint8Array, format: PayloadFormat): string {
  if (format === 'text') return utf8.decode(bytes);
  if (format === 'base64') return toBase64(bytes);
  return (hexOf(bytes).match(/../g) ?? []).join(' ');
}

export function messagesJson(messages: readonly MessageRecord[]): string {
  return `${JSON.stringify(messages.map(messageJson), null, 2)}\n`;
}

/** RFC 4180 CSV: CRLF lines, fields quoted when they hold a comma, quote or line break. */
function csvField(v: string | number | boolean | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function messagesCsv(messages: readonly MessageRecord[]): string {
  const head = ['id', 'connection', 'direction', 'time', 'type', 'opcode', 'length', 'compressed', 'text', 'base64'];
  const rows = messages.map((m) =>
    [
      m.id,
      m.connectionId,
      m.direction,
      m.time,
      m.type,
      m.opcode,
      m.payload.byteLength,
      m.compressed,
      m.type === 'text' ? (m.text ?? '') : m.close ? `${m.close.code ?? ''} ${m.close.reason}`.trim() : null,
      toBase64(m.payload),
    ]
      .map(csvField)
      .join(','),
  );
  return `${[head.join(','), ...rows].join('\r\n')}\r\n`;
}

export function messagesHar(connections: readonly ConnectionRecord[], messages: readonly MessageRecord[]): string {
  const ids = new Set(messages.map((m) => m.connectionId));
  const { har } = harOf(
    connections.filter((c) => ids.has(c.id)),
    messages,
    { name: 'wsscope', version: 'app' },
  );
  return `${JSON.stringify(har, null, 2)}\n`;
}
