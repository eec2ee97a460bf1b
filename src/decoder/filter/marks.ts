// Marks: how a row reads a field of another level (compile.ts's "marks"). The records of the
// field's level are shown to the filter (observe*), each test is decided on them, and the ids of
// the rows they belong to are remembered in bitmaps.

import type { ConnectionRecord } from '../records.js';
import type { FindingCursor, FrameCursor, Level, MessageCursor } from './cursors.js';

/**
 * Marked ids: a growable bitmap (ids are dense from 1: frames, messages, connections), so a
 * million marks cost 128 KiB and no hashing.
 */
export class IdSet {
  private bits = new Uint8Array(1024);
  add(id: number): void {
    if (id < 0) return;
    const byte = id >> 3;
    if (byte >= this.bits.length) {
      const next = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      next.set(this.bits);
      this.bits = next;
    }
    this.bits[byte] |= 1 << (id & 7);
  }
  has(id: number): boolean {
    const byte = id >> 3;
    return id >= 0 && byte < this.bits.length && (this.bits[byte] & (1 << (id & 7))) !== 0;
  }
}

/** One test's answers on the records of one level: which ids were decided, and which matched. */
export interface Answers {
  decided: IdSet;
  matched: IdSet;
}

/**
 * Shared by filters bound at several levels to the same records (the app binds frames,
 * messages and connections at once): a test decided on a frame or message is remembered for
 * that record, so observing it for the next level costs two bit reads, not a second search.
 * Keyed by the test and the level of the records it was decided on.
 */
export class AtomMemo {
  private readonly answers = new Map<object, Map<Level, Answers>>();
  for(test: object, source: Level): Answers {
    let bySource = this.answers.get(test);
    if (!bySource) {
      bySource = new Map();
      this.answers.set(test, bySource);
    }
    let a = bySource.get(source);
    if (!a) {
      a = { decided: new IdSet(), matched: new IdSet() };
      bySource.set(source, a);
    }
    return a;
  }
}

/**
 * The rows of one level that a test marked through records of another (`source`) level: a
 * connection row has a mark when one of its messages matched, a message row when one of its
 * frames did, and so on. Keys are the row ids the observed records belong to.
 */
export class RowMarks {
  readonly ids = new IdSet();
  /** The key a connection row is marked by, for `covers`. */
  private readonly connectionOf: ((cursor: never) => number | null) | null;

  constructor(
    readonly source: Level,
    readonly level: Level,
  ) {
    this.connectionOf =
      level !== 'connection'
        ? null
        : source === 'finding'
          ? (x) => (x as FindingCursor).finding().connectionId
          : (r) => (r as FrameCursor | MessageCursor).connectionId();
  }

  /** Is the row this record belongs to marked already (connection rows: one match is enough)? */
  covers(cursor: never): boolean {
    if (this.connectionOf === null) return false;
    const id = this.connectionOf(cursor);
    return id !== null && this.ids.has(id);
  }

  /** Mark the rows of `level` that record `cursor` (of level `source`) belongs to. */
  add(cursor: never): void {
    const { source, level, ids } = this;
    if (source === 'frame') {
      const f = cursor as FrameCursor;
      if (level === 'connection') ids.add(f.connectionId());
      else if (level === 'message') {
        // A decoded frame names its message from the start (direction.ts takes a message's id at
        // its first frame), so the CLI's streamed frames mark their message by id like the app's.
        const m = f.messageId();
        if (m !== null) ids.add(m);
      } else ids.add(f.id());
    } else if (source === 'message') {
      const m = cursor as MessageCursor;
      if (level === 'connection') ids.add(m.connectionId());
      else if (level === 'frame') for (const id of m.frameIds()) ids.add(id);
      else ids.add(m.id());
    } else if (source === 'finding') {
      const x = (cursor as FindingCursor).finding();
      const key = level === 'connection' ? x.connectionId : level === 'frame' ? x.frameId : x.messageId;
      if (key !== null) ids.add(key);
    }
  }

  /** The row test: does the row own one of the marked ids? */
  has(): (r: never) => boolean {
    const ids = this.ids;
    const source = this.source;
    switch (this.level) {
      case 'connection':
        return (r) => ids.has((r as ConnectionRecord).id);
      case 'frame':
        return (r) => ids.has((r as FrameCursor).id());
      case 'message':
        return (r) => ids.has((r as MessageCursor).id());
      case 'finding':
        return (r) => {
          const x = (r as FindingCursor).finding();
          const key = source === 'frame' ? x.frameId : x.messageId;
          return key !== null && ids.has(key);
        };
    }
  }
}
