// -Y/--filter EXPR on the listing commands: the decoder's display-filter language applied to the
// streamed events (src/decoder/filter).
//
// Rows are printed as they stream when the filter can decide them at once: it reads the row
// itself and its connection (whose snapshot comes first). A filter that reads records which come
// later (a frame filter on its message, `ws.message.type == close`; a finding filter on its
// frame) holds the rows it cannot decide yet and decides them at the end of the capture. Message
// rows that read their frames need not wait: a message completes after its frames. Frame rows
// that read only their own message wait for it alone: a frame knows its message's id when it is
// decoded, so held frames go out, in order, as their messages complete (holding every frame of
// a capture until its end cost more than the decoding).

import {
  type BoundFilter,
  bindFilter,
  type CheckedFilter,
  type ConnectionRecord,
  checkFilter,
  type DecoderEvent,
  type FilterEnv,
  FilterError,
  type Finding,
  type FrameRecord,
  IdSet,
  type MessageRecord,
  RecordFindingCursor,
  RecordFrameCursor,
  RecordMessageCursor,
} from '../decoder/index.js';
import { type ParsedArgs, stringOption, UsageError } from './args.js';

export const DISPLAY_FILTER_OPTION = { filter: { type: 'string', short: 'Y' } } as const;

/** The -Y filter, checked; a mistake is a usage error (exit 2) naming its column. */
export function parseDisplayFilter(args: ParsedArgs, command: string): CheckedFilter | null {
  const source = stringOption(args, 'filter');
  if (source === undefined) return null;
  try {
    return checkFilter(source);
  } catch (error) {
    if (error instanceof FilterError) throw new UsageError(`invalid filter: ${error.message}`, command);
    throw error;
  }
}

type RowLevel = 'frame' | 'message' | 'finding' | 'connection';
type RecordOf = { frame: FrameRecord; message: MessageRecord; finding: Finding; connection: ConnectionRecord };

/**
 * Decides rows of one level as events stream by. Feed it every event (`event`) with the
 * decoder's latest connection snapshots; rows that pass go to `emit`, in order; `end()` decides
 * the held ones.
 */
export class StreamFilter<L extends RowLevel> {
  private readonly env: FilterEnv = { origin: Number.NaN };
  private connections: ReadonlyMap<number, ConnectionRecord> = new Map();
  private readonly lookup = (id: number): ConnectionRecord | undefined => this.connections.get(id);
  private readonly frameCursor = new RecordFrameCursor(this.lookup);
  private readonly messageCursor = new RecordMessageCursor(this.lookup);
  private readonly findingCursor = new RecordFindingCursor(this.lookup);
  private readonly bound: BoundFilter<L>;
  /** Rows waiting for records that come later, in arrival order, from `next`. */
  private held: RecordOf[L][] = [];
  private next = 0;
  readonly holds: boolean;
  /** Frame rows that wait only for their own message: released as messages are observed. */
  private readonly byMessage: boolean;
  private readonly seen = new IdSet();

  constructor(
    checked: CheckedFilter,
    readonly level: L,
    private readonly emit: (row: RecordOf[L]) => void,
  ) {
    this.bound = bindFilter(checked, level, this.env);
    const observes = [...this.bound.observes];
    this.holds =
      level === 'connection' || (level === 'message' ? observes.some((l) => l !== 'frame') : observes.length > 0);
    this.byMessage = level === 'frame' && observes.length === 1 && observes[0] === 'message';
  }

  event(e: DecoderEvent, connections: ReadonlyMap<number, ConnectionRecord>): void {
    this.connections = connections;
    // The time origin of frame.time_relative: the first packet of the capture, which is the first
    // packet of the first connection (its snapshot is in `connections` before its records).
    if (Number.isNaN(this.env.origin)) for (const c of connections.values()) this.setOrigin(c.firstTime);
    const observes = this.bound.observes;
    switch (e.kind) {
      case 'connection':
        this.setOrigin(e.connection.firstTime);
        return;
      case 'frame':
        if (observes.has('frame')) this.bound.observeFrame(this.frameCursor.at(e.frame));
        if (this.level === 'frame') this.row(e.frame as RecordOf[L]);
        return;
      case 'message':
        if (observes.has('message')) this.bound.observeMessage(this.messageCursor.at(e.message));
        if (this.level === 'message') this.row(e.message as RecordOf[L]);
        if (this.byMessage) {
          this.seen.add(e.message.id);
          this.release();
        }
        return;
      case 'finding':
        if (observes.has('finding')) this.bound.observeFinding(this.findingCursor.at(e.finding));
        if (this.level === 'finding') this.row(e.finding as RecordOf[L]);
        return;
    }
  }

  private setOrigin(time: number): void {
    if (!(time >= this.env.origin)) this.env.origin = time;
  }

  /** A row of this level (connections: the final snapshots, at the end). */
  row(record: RecordOf[L]): void {
    if (this.holds) {
      this.held.push(record);
      // a frame that belongs to no message needs no wait (when none before it waits)
      if (this.byMessage && (record as FrameRecord).messageId === null) this.release();
    } else if (this.test(record)) this.emit(record);
  }

  /** Frame rows whose message has been observed (or that have none), from the oldest held. */
  private release(): void {
    const held = this.held as FrameRecord[];
    while (this.next < held.length) {
      const f = held[this.next];
      if (f.messageId !== null && !this.seen.has(f.messageId)) break;
      this.next++;
      if (this.test(f as RecordOf[L])) this.emit(f as RecordOf[L]);
    }
    if (this.next === held.length) {
      held.length = 0;
      this.next = 0;
    } else if (this.next > 4096 && this.next * 2 > held.length) {
      this.held = this.held.slice(this.next);
      this.next = 0;
    }
  }

  /** Decides the held rows, in order. */
  end(connections?: ReadonlyMap<number, ConnectionRecord>): void {
    if (connections) this.connections = connections;
    for (let i = this.next; i < this.held.length; i++) {
      const record = this.held[i];
      if (this.test(record)) this.emit(record);
    }
    this.held.length = 0;
    this.next = 0;
  }

  test(record: RecordOf[L]): boolean {
    const t = this.bound.test as (row: unknown) => boolean;
    switch (this.level) {
      case 'frame':
        return t(this.frameCursor.at(record as FrameRecord));
      case 'message':
        return t(this.messageCursor.at(record as MessageRecord));
      case 'finding':
        return t(this.findingCursor.at(record as Finding));
      default:
        return t(record);
    }
  }
}
