// The messages table's columns: one row per message as the application received it
// (defragmented, inflated, UTF-8 decoded), read from the UI's message columns
// (model/message-columns.ts, fed by the worker's MessageStore through row-schema.ts's
// MESSAGE_FIELDS). Each column says what it shows and how wide it is; the table draws them.

import type { Direction } from '../../../decoder/index.js';
import { DIRECTION_ARROW, formatTime, type TimeMode } from '../../model/labels.js';
import type { MessageRow } from '../../worker/row-schema.js';

export interface MessageCellContext {
  timeMode: TimeMode;
  origin: number;
  /** The wire length as exact text (beyond 2^53 - 1 a number is rounded). */
  wireText: (id: number) => string;
}

export interface MessageTableColumn {
  readonly id: string;
  readonly header: string | ((timeMode: TimeMode) => string);
  /** What a screen reader and the title attribute say about the header. */
  readonly description: string;
  /** Width in em (scales with the font); none = the column takes the rest. */
  readonly width?: number;
  readonly alignRight?: boolean;
  /** The cell's text; the payload column draws more (MessagesTable). */
  readonly text: (row: MessageRow, ctx: MessageCellContext) => string;
  /** `search`: only in search results (they span connections); `wide`: dropped in a narrow pane. */
  readonly show?: 'search' | 'wide';
}

/** "12 B", "1,024 B": sizes in exact bytes (a reader compares the two size columns). */
export function byteCount(n: number | string): string {
  // Exact text (a length beyond 2^53 - 1) is grouped by hand: a number would round it.
  const digits = typeof n === 'number' ? (Number.isSafeInteger(n) ? String(n) : null) : n;
  if (digits == null) return `${n.toLocaleString('en-US')} B`;
  return `${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')} B`;
}

export const MESSAGE_TABLE: readonly MessageTableColumn[] = [
  { id: 'id', header: '#', description: 'message number', width: 3.4, alignRight: true, text: (m) => String(m.id) },
  {
    id: 'conn',
    header: 'C',
    description: 'connection',
    width: 2.4,
    alignRight: true,
    text: (m) => String(m.connectionId),
    show: 'search',
  },
  {
    id: 'time',
    header: (mode) => (mode === 'relative' ? 'Time (s)' : 'Time (UTC)'),
    description: 'when the last frame of the message arrived',
    width: 6.4,
    text: (m, ctx) => formatTime(m.time, ctx.timeMode, ctx.origin),
    show: 'wide',
  },
  {
    id: 'direction',
    header: 'Dir',
    description: 'direction: → client to server, ← server to client',
    width: 2.6,
    text: (m) => DIRECTION_ARROW[m.direction as Direction],
  },
  { id: 'type', header: 'Type', description: 'message type (opcode)', width: 4.6, text: (m) => m.type },
  {
    id: 'frames',
    header: 'Frames',
    description: 'frames the message was sent in (more than one: fragmented)',
    width: 4.8,
    alignRight: true,
    text: (m) => String(m.frameCount),
    show: 'wide',
  },
  {
    id: 'length',
    header: 'Size',
    description: 'payload size as the application received it (after inflation)',
    width: 5.6,
    alignRight: true,
    text: (m) => byteCount(m.length),
  },
  {
    id: 'wire',
    header: 'On wire',
    description: 'payload bytes on the wire: compressed size for permessage-deflate (⇲)',
    width: 6,
    alignRight: true,
    text: (m, ctx) => `${m.compressed ? '⇲ ' : ''}${byteCount(ctx.wireText(m.id))}`,
    show: 'wide',
  },
  {
    id: 'payload',
    header: 'Payload',
    description: 'the text, close code and reason, or first bytes in hex',
    text: (m) => m.preview,
  },
];

/** The columns shown: the connection only in search results, the wide ones only when room. */
export function shownMessageColumns(options: { showConnection: boolean; compact: boolean }): MessageTableColumn[] {
  return MESSAGE_TABLE.filter((c) =>
    c.show === 'search' ? options.showConnection : c.show === 'wide' ? !options.compact : true,
  );
}
