// Filters, checked and compiled: source text → one predicate per row level.
//
// Theory of operation
// - checkFilter parses and type-checks once (field names, operators against types, literals
//   read as the field's type): every mistake is a FilterError with its column.
// - bindFilter(checked, level) makes the predicate for rows of one level: connections,
//   messages, frames or findings. Each test ("atom") reads its field
//   · at the row itself when the field has a getter at that level;
//   · through the row's connection when it has a connection getter (tcp.port on a message):
//     the largest parts of the tree that read only the connection (`tcp.port == 80 &&
//     ip.addr == 10.0.0.0/8`) are decided once per connection and side and remembered by
//     connection id, so a million messages cost a million array reads, not a million tests;
//   · else from other records, as "marks": the caller shows the filter the records of those
//     levels (observe*), each atom is evaluated on them, and the ids of the rows they belong to
//     are remembered. A connection row then matches `ws.message.text contains "x"` when one of
//     its messages did; a frame row matches `ws.message.type == close` when its message did; a
//     message row matches `websocket.mask == 0` when one of its frames did.
//   Atoms are existential, as in Wireshark where a field occurs several times: `==` is "some
//   value equals", `!=` is "no value equals" (Wireshark 4's meaning), and a comparison with an
//   absent field is false.
// - Nothing is allocated per row: predicates are closures over cursors (cursors.ts).

import type { ConnectionRecord, Direction } from '../records.js';
import type { FindingCursor, FrameCursor, Level, MessageCursor } from './cursors.js';
import type { FieldType, FieldValue, FilterEnv, FilterFieldDef, Scalar } from './field-def.js';
import { FilterError } from './lexer.js';
import { type FilterNode, parseFilter, type SetItem } from './parser.js';
import { filterField } from './registry.js';
import { suggestField } from './suggest.js';
import {
  bytesCompare,
  bytesContain,
  bytesEqual,
  type Ip,
  ipMatches,
  type LiteralValue,
  parseLiteral,
  scalarText,
} from './values.js';

type Match = (v: Scalar) => boolean;

/** A type-checked filter: its tree with every test turned into a value matcher. */
export type CheckedNode =
  | { kind: 'and'; left: CheckedNode; right: CheckedNode }
  | { kind: 'or'; left: CheckedNode; right: CheckedNode }
  | { kind: 'not'; expr: CheckedNode }
  | {
      kind: 'atom';
      field: FilterFieldDef;
      test: (v: FieldValue) => boolean;
      /** For `field == number|boolean|string`: the literal (a fast path for single values). */
      scalarEq?: number | boolean | string;
    };

export interface CheckedFilter {
  source: string;
  root: CheckedNode;
  /** The fields it reads (for the app's column hints). */
  fields: string[];
}

export function checkFilter(source: string): CheckedFilter {
  const fields: string[] = [];
  const root = check(
    parseFilter(source, (name) => (filterField(name) ? null : suggestField(name))),
    fields,
  );
  return { source, root, fields };
}

function check(node: FilterNode, fields: string[]): CheckedNode {
  if (node.kind === 'not') return { kind: 'not', expr: check(node.expr, fields) };
  if (node.kind === 'and' || node.kind === 'or') {
    const both = { left: check(node.left, fields), right: check(node.right, fields) };
    return node.kind === 'and' ? { kind: 'and', ...both } : { kind: 'or', ...both };
  }
  const field = filterField(node.field)!;
  if (!fields.includes(field.name)) fields.push(field.name);
  if (node.op === null) return { kind: 'atom', field, test: present };
  if (field.type === 'protocol') {
    throw new FilterError(
      `${field.name} is a protocol: test it alone ("${field.name}")`,
      node.opColumn,
      node.op.length,
    );
  }
  const number = field.type === 'uint' || field.type === 'float' || field.type === 'time';
  const ip = field.type === 'ipv4' || field.type === 'ipv6';
  const textual = field.type === 'string' || field.type === 'bytes';
  const opName = node.op;
  const refuse = (what: string): never => {
    throw new FilterError(`"${opName}" does not apply to ${field.name} (${what})`, node.opColumn, opName.length);
  };
  if ('set' in node) {
    const matches = node.set.map((item) => setMatcher(field, item, number));
    const any: Match = (v) => matches.some((m) => m(v));
    return { kind: 'atom', field, test: node.op === 'in' ? some(any) : none(any) };
  }
  if (node.op === 'contains' || node.op === 'matches') {
    if (!textual) refuse(`a ${typeName(field)}; it applies to strings and bytes`);
    if (node.op === 'matches') return { kind: 'atom', field, test: some(regexMatcher(node.value)) };
    const lit = parseLiteral({ ...field, values: undefined }, node.value);
    if (lit instanceof Uint8Array) {
      return { kind: 'atom', field, test: some((v) => v instanceof Uint8Array && bytesContain(v, lit)) };
    }
    const needle = String(lit);
    return { kind: 'atom', field, test: some((v) => typeof v === 'string' && v.includes(needle)) };
  }
  const lit = parseLiteral(field, node.value);
  const eq = equality(lit);
  if (node.op === '==') {
    const scalarEq = typeof lit === 'object' ? undefined : lit;
    return { kind: 'atom', field, test: some(eq), scalarEq };
  }
  if (node.op === '!=') return { kind: 'atom', field, test: none(eq) };
  if (field.type === 'bool' || ip) refuse(`a ${typeName(field)}; use == or !=`);
  const sign = ORDER[node.op];
  return { kind: 'atom', field, test: some((v) => sign(compare(v, lit))) };
}

const ORDER: Record<'<' | '<=' | '>' | '>=', (c: number) => boolean> = {
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

const TYPE_NAME: Record<FieldType, string> = {
  uint: 'number',
  float: 'number',
  time: 'time',
  bool: 'boolean',
  string: 'string',
  bytes: 'byte string',
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  protocol: 'protocol',
};

function typeName(field: FilterFieldDef): string {
  return TYPE_NAME[field.type];
}

function present(v: FieldValue): boolean {
  return v !== null && !(Array.isArray(v) && v.length === 0);
}

/** Some value matches (false when absent). */
function some(m: Match): (v: FieldValue) => boolean {
  return (v) => {
    if (v === null) return false;
    if (Array.isArray(v)) {
      for (const x of v as readonly Scalar[]) if (m(x)) return true;
      return false;
    }
    return m(v as Scalar);
  };
}

/** Present, and no value matches. */
function none(m: Match): (v: FieldValue) => boolean {
  const s = some(m);
  return (v) => present(v) && !s(v);
}

function equality(lit: LiteralValue): Match {
  if (lit instanceof Uint8Array) return (v) => v instanceof Uint8Array && bytesEqual(v, lit);
  if (typeof lit === 'object') return (v) => typeof v === 'string' && ipMatches(v, lit as Ip);
  return (v) => v === lit;
}

function compare(v: Scalar, lit: LiteralValue): number {
  if (typeof v === 'number' && typeof lit === 'number') return v - lit;
  if (v instanceof Uint8Array && lit instanceof Uint8Array) return bytesCompare(v, lit);
  if (typeof v === 'string' && typeof lit === 'string') return v < lit ? -1 : v > lit ? 1 : 0;
  return Number.NaN;
}

function setMatcher(field: FilterFieldDef, item: SetItem, number: boolean): Match {
  if ('value' in item) return equality(parseLiteral(field, item.value));
  if (!number) throw new FilterError(`a range needs a number field (${field.name} is not)`, item.low.column);
  const low = parseLiteral(field, item.low) as number;
  const high = parseLiteral(field, item.high) as number;
  return (v) => typeof v === 'number' && v >= low && v <= high;
}

/** Wireshark's `matches`: a regular expression, case-sensitive; a leading (?i) ignores case. */
function regexMatcher(lit: { text: string; column: number; length: number }): Match {
  let pattern = lit.text;
  let flags = 's';
  if (pattern.startsWith('(?i)')) {
    pattern = pattern.slice(4);
    flags += 'i';
  }
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags);
  } catch (error) {
    const why = (error as Error).message.replace(/^Invalid regular expression: /, '');
    throw new FilterError(`invalid regular expression: ${why}`, lit.column, lit.length);
  }
  return (v) => re.test(typeof v === 'string' ? v : scalarText(v));
}

// ---------------------------------------------------------------- binding to a row level

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

interface MarkAtom {
  source: Level;
  get: (row: never, env: FilterEnv) => FieldValue;
  test: (v: FieldValue) => boolean;
  set: IdSet;
  node: CheckedNode;
}

/**
 * Marked ids: a growable bitmap (ids are dense from 1: frames, messages, connections), so a
 * million marks cost 128 KiB and no hashing.
 */
class IdSet {
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

/**
 * Shared by filters bound at several levels to the same records (the app binds frames,
 * messages and connections at once): a test evaluated on a frame or message is remembered for
 * that record, so observing it for the next level costs a lookup, not a second text decode.
 */
export type AtomMemo = Map<CheckedNode, { id: number; value: boolean }>;

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
    const { field, test } = node;
    const own = field[level] as ((row: RowOf[L], env: FilterEnv) => FieldValue) | undefined;
    if (own) {
      // The common case, a single value compared with ==, without the general matcher's calls.
      const eq = node.scalarEq;
      if (eq !== undefined) {
        return (r) => {
          const v = own(r, env);
          return v === eq || (v !== null && typeof v === 'object' && test(v));
        };
      }
      return (r) => test(own(r, env));
    }
    const source =
      (field.prefer && level === 'connection' && field[field.prefer] ? field.prefer : null) ??
      VIA[level].find((l) => field[l] !== undefined)!;
    const mark: MarkAtom = { source, get: field[source] as MarkAtom['get'], test, set: new IdSet(), node };
    marks.push(mark);
    observes.add(source);
    return rowHasMark(level, source, mark.set) as (r: RowOf[L]) => boolean;
  };
  const test = build(checked.root);
  const observe = (source: Level) => {
    const mine = marks.filter((m) => m.source === source);
    return (cursor: unknown): void => {
      const id = memo && source !== 'finding' ? (cursor as FrameCursor).id() : -1;
      for (const m of mine) {
        let value: boolean;
        const seen = id >= 0 ? memo!.get(m.node) : undefined;
        if (seen !== undefined && seen.id === id) value = seen.value;
        else {
          value = m.test(m.get(cursor as never, env));
          if (id >= 0) {
            if (seen) {
              seen.id = id;
              seen.value = value;
            } else memo!.set(m.node, { id, value });
          }
        }
        if (value) addKeys(source, level, cursor as never, m.set);
      }
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

/**
 * What an expression at a row level (not connection) reads: only the row's connection
 * ('connection'), the connection as seen from the row's sender ('side': ip.src), or the row.
 */
type Reach = 'connection' | 'side' | 'row';

function reach(node: CheckedNode, level: Level): Reach {
  if (node.kind === 'not') return reach(node.expr, level);
  if (node.kind === 'and' || node.kind === 'or') {
    const a = reach(node.left, level);
    const b = reach(node.right, level);
    return a === 'row' || b === 'row' ? 'row' : a === 'side' || b === 'side' ? 'side' : 'connection';
  }
  const f = node.field;
  return f[level] ? 'row' : f.side ? 'side' : f.connection ? 'connection' : 'row';
}

/** A connection-level reading of an expression whose reach is not 'row'. A missing connection reads every field as absent. */
function connectionTest(node: CheckedNode, env: FilterEnv): (c: ConnectionRecord | null, server: boolean) => boolean {
  if (node.kind === 'not') {
    const a = connectionTest(node.expr, env);
    return (c, s) => !a(c, s);
  }
  if (node.kind === 'and' || node.kind === 'or') {
    const a = connectionTest(node.left, env);
    const b = connectionTest(node.right, env);
    return node.kind === 'and' ? (c, s) => a(c, s) && b(c, s) : (c, s) => a(c, s) || b(c, s);
  }
  const { field, test } = node;
  if (field.side) {
    const read = field.side;
    return (c, s) => c !== null && test(read(c, s ? 'server' : 'client'));
  }
  const read = field.connection!;
  return (c) => c !== null && test(read(c, env));
}

/**
 * An expression decided once per connection and side, remembered by connection id: rows of many
 * connections interleave (a capture with 400 open at once), so one "last connection" is not
 * enough. A changed connection is a new snapshot object, which is decided again.
 */
function perConnection<L extends Level>(node: CheckedNode, level: L, env: FilterEnv): (r: RowOf[L]) => boolean {
  const decide = connectionTest(node, env);
  const whenNone = decide(null, false);
  const sided = reach(node, level) === 'side';
  const sender = senderOf(level);
  const snapshots: (ConnectionRecord | undefined)[] = [];
  // Per connection id: bit 0 the client side is decided, bit 1 its answer; bits 2, 3 the server's.
  let known = new Uint8Array(256);
  return (r) => {
    const c = (r as { connection(): ConnectionRecord | null }).connection();
    if (c === null) return whenNone;
    const id = c.id;
    if (id < 0) return decide(c, sided && sender(r as never) === 'server');
    if (id >= known.length) {
      const next = new Uint8Array(Math.max(id + 1, known.length * 2));
      next.set(known);
      known = next;
    }
    if (snapshots[id] !== c) {
      snapshots[id] = c;
      known[id] = 0;
    }
    const server = sided && sender(r as never) === 'server';
    const shift = server ? 2 : 0;
    const bits = known[id] >> shift;
    if ((bits & 1) !== 0) return (bits & 2) !== 0;
    const answer = decide(c, server);
    known[id] |= (answer ? 3 : 1) << shift;
    return answer;
  };
}

function senderOf(level: Level): (r: never) => Direction | null {
  if (level === 'finding') return (r) => (r as FindingCursor).finding().direction;
  return (r) => (r as FrameCursor | MessageCursor).direction();
}

/** Remember the ids of the `level` rows that observed record `cursor` (of level `source`) belongs to. */
function addKeys(source: Level, level: Level, cursor: never, set: IdSet): void {
  if (source === 'frame') {
    const f = cursor as FrameCursor;
    set.add(level === 'connection' ? f.connectionId() : f.id());
  } else if (source === 'message') {
    const m = cursor as MessageCursor;
    if (level === 'connection') set.add(m.connectionId());
    else if (level === 'frame') for (const id of m.frameIds()) set.add(id);
    else set.add(m.id());
  } else if (source === 'finding') {
    const x = (cursor as FindingCursor).finding();
    const key = level === 'connection' ? x.connectionId : level === 'frame' ? x.frameId : x.messageId;
    if (key !== null) set.add(key);
  }
}

/** Does the row own one of the marked ids (see addKeys for which ids each pair uses)? */
function rowHasMark(level: Level, source: Level, set: IdSet): (r: never) => boolean {
  switch (level) {
    case 'connection':
      return (r) => set.has((r as ConnectionRecord).id);
    case 'frame':
      return (r) => set.has((r as FrameCursor).id());
    case 'message':
      if (source === 'frame') {
        return (r) => {
          for (const id of (r as MessageCursor).frameIds()) if (set.has(id)) return true;
          return false;
        };
      }
      return (r) => set.has((r as MessageCursor).id());
    case 'finding': {
      return (r) => {
        const x = (r as FindingCursor).finding();
        const key = source === 'frame' ? x.frameId : x.messageId;
        return key !== null && set.has(key);
      };
    }
  }
}

/** Check and bind in one step (the CLI's way). */
export function compileFilter<L extends Level>(source: string, level: L, env: FilterEnv): BoundFilter<L> {
  return bindFilter(checkFilter(source), level, env);
}
