// A checked filter bound to one row level: the predicate for connections, messages, frames or
// findings (compile.ts has the rules), and the observers that show it records of other levels.

import type { ConnectionRecord } from '../records.js';
import type { CheckedFilter, CheckedNode } from './compile.js';
import type { FindingCursor, FrameCursor, Level, MessageCursor } from './cursors.js';
import type { FieldValue, FilterEnv } from './field-def.js';
import { type Answers, type AtomMemo, RowMarks } from './marks.js';
import { perConnection, reach } from './per-connection.js';
import { spanContains } from './values.js';

export interface RowOf {
  connection: ConnectionRecord;
  message: MessageCursor;
  frame: FrameCursor;
  finding: FindingCursor;
}

export interface BoundFilter<L extends Level> {
  level: L;
  test(row: RowOf[L]): boolean;
  /** Levels whose records this filter must see (observe*) before it can decide rows. */
  observes: ReadonlySet<Level>;
  observeMessage(m: MessageCursor): void;
  observeFrame(f: FrameCursor): void;
  observeFinding(x: FindingCursor): void;
}

const VIA: Record<Level, readonly Level[]> = {
  connection: ['message', 'frame', 'finding'],
  message: ['frame', 'finding'],
  frame: ['message', 'finding'],
  finding: ['frame', 'message'],
};

type Atom = Extract<CheckedNode, { kind: 'atom' }>;

interface MarkAtom {
  source: Level;
  decide: (record: never) => boolean;
  marks: RowMarks;
  /** Answers shared with the same test bound at other levels (AtomMemo), or null. */
  answers: Answers | null;
}

/** The test of `atom` on a record of `level`, where the field has a getter. */
function atomAt(atom: Atom, level: Level, env: FilterEnv): (r: never) => boolean {
  const { field, test } = atom;
  const get = field[level] as (r: never, env: FilterEnv) => FieldValue;
  const needle = atom.needle;
  const span = needle && (level === 'message' || level === 'frame') ? field.span?.[level] : undefined;
  if (needle && span) {
    // contains on bytes read in place: no view, no text decode per row.
    return (r) => {
      const s = span(r as never);
      return s !== null ? spanContains(s, needle) : test(get(r, env));
    };
  }
  // The common case, a single value compared with ==, without the general matcher's calls.
  const eq = atom.scalarEq;
  if (eq !== undefined) {
    return (r) => {
      const v = get(r, env);
      return v === eq || (v !== null && typeof v === 'object' && test(v));
    };
  }
  return (r) => test(get(r, env));
}

export function bindFilter<L extends Level>(
  checked: CheckedFilter,
  level: L,
  env: FilterEnv,
  memo?: AtomMemo,
): BoundFilter<L> {
  const marks: MarkAtom[] = [];
  const observes = new Set<Level>();
  const build = (node: CheckedNode): ((row: RowOf[L]) => boolean) => {
    // A part that reads only the row's connection (and the row's side of it) is decided once
    // per connection and side, not per row.
    if (level !== 'connection' && reach(node, level) !== 'row') return perConnection(node, level, env);
    if (node.kind === 'and' || node.kind === 'or') {
      // Pure tests, so the order is free: the part decided per connection first (it is cheap).
      const swap = level !== 'connection' && reach(node.right, level) !== 'row';
      const a = build(swap ? node.right : node.left);
      const b = build(swap ? node.left : node.right);
      return node.kind === 'and' ? (r) => a(r) && b(r) : (r) => a(r) || b(r);
    }
    if (node.kind === 'not') {
      const a = build(node.expr);
      return (r) => !a(r);
    }
    const field = node.field;
    if (field[level]) return atomAt(node, level, env) as (r: RowOf[L]) => boolean;
    const source =
      (field.prefer && level === 'connection' && field[field.prefer] ? field.prefer : null) ??
      VIA[level].find((l) => field[l] !== undefined)!;
    const rowMarks = new RowMarks(source, level);
    const answers = memo && source !== 'finding' ? memo.for(node, source) : null;
    marks.push({ source, decide: atomAt(node, source, env), marks: rowMarks, answers });
    observes.add(source);
    return rowMarks.has() as (r: RowOf[L]) => boolean;
  };
  const test = build(checked.root);
  const observe = (source: Level) => {
    const mine = marks.filter((m) => m.source === source).map(observer);
    if (mine.length === 1) return mine[0];
    return (cursor: unknown): void => {
      for (const o of mine) o(cursor);
    };
  };
  return {
    level,
    test,
    observes,
    observeMessage: observe('message'),
    observeFrame: observe('frame'),
    observeFinding: observe('finding'),
  };
}

/** Shows one record to one mark: decided (or read from the shared answers), then marked. */
function observer(m: MarkAtom): (cursor: unknown) => void {
  const { decide, marks, answers } = m;
  const connectionRows = m.marks.level === 'connection';
  const decideShared =
    answers === null
      ? decide
      : (cursor: never): boolean => {
          const id = (cursor as FrameCursor | MessageCursor).id();
          if (answers.decided.has(id)) return answers.matched.has(id);
          const value = decide(cursor);
          answers.decided.add(id);
          if (value) answers.matched.add(id);
          return value;
        };
  if (connectionRows) {
    return (cursor) => {
      if (!marks.covers(cursor as never) && decideShared(cursor as never)) marks.add(cursor as never);
    };
  }
  return (cursor) => {
    if (decideShared(cursor as never)) marks.add(cursor as never);
  };
}
