// Filters, checked and compiled: source text → one predicate per row level.
//
// Theory of operation
// - checkFilter parses and type-checks once (field names, operators against types, literals
//   read as the field's type): every mistake is a FilterError with its column.
// - bindFilter(checked, level) (bind.ts) makes the predicate for rows of one level: connections,
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
// - Nothing is allocated per row: predicates are closures over cursors (cursors.ts). `contains`
//   on a field that declares its bytes in place (FilterFieldDef.span: payloads, a message's text
//   in the app's stores) searches them there, without a view or a decoded string per row.
//
// Checking is here; binding in bind.ts, the per-connection parts in per-connection.ts, marks in
// marks.ts.

import type { FieldType, FieldValue, FilterFieldDef, Scalar } from './field-def.js';
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
      /**
       * For `contains`: the needle as bytes, to search a field's bytes in place (FilterFieldDef
       * `span`). A string needle is its UTF-8; absent when it holds U+FFFD, which a decoded
       * text can hold where its bytes do not.
       */
      needle?: Uint8Array;
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
    const any: Match = (v) => {
      for (const m of matches) if (m(v)) return true;
      return false;
    };
    return { kind: 'atom', field, test: node.op === 'in' ? some(any) : none(any) };
  }
  if (node.op === 'contains' || node.op === 'matches') {
    if (!textual) refuse(`a ${typeName(field)}; it applies to strings and bytes`);
    if (node.op === 'matches') return { kind: 'atom', field, test: some(regexMatcher(node.value)) };
    const lit = parseLiteral({ ...field, values: undefined }, node.value);
    if (lit instanceof Uint8Array) {
      return {
        kind: 'atom',
        field,
        test: some((v) => v instanceof Uint8Array && bytesContain(v, lit)),
        needle: lit,
      };
    }
    const text = String(lit);
    // UTF-8 is self-synchronising: a needle without U+FFFD occurs in a text exactly where its
    // bytes occur in the bytes that text decodes from (invalid sequences decode to U+FFFD only).
    const needle = text.includes('\uFFFD') ? undefined : new TextEncoder().encode(text);
    return { kind: 'atom', field, test: some((v) => typeof v === 'string' && v.includes(text)), needle };
  }
  const lit = parseLiteral(field, node.value);
  const eq = equality(lit);
  if (node.op === '==') {
    const scalarEq = typeof lit === 'object' ? undefined : lit;
    return { kind: 'atom', field, test: some(eq), scalarEq };
  }
  if (node.op === '!=') return { kind: 'atom', field, test: none(eq) };
  if (field.type === 'bool' || ip) refuse(`a ${typeName(field)}; use == or !=`);
  return { kind: 'atom', field, test: some(order(node.op, lit)) };
}

const ORDER: Record<'<' | '<=' | '>' | '>=', (c: number) => boolean> = {
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

/** A relation with a literal; numbers, the common case, compared directly. */
function order(op: keyof typeof ORDER, lit: LiteralValue): Match {
  const sign = ORDER[op];
  const general: Match = (v) => sign(compare(v, lit));
  if (typeof lit !== 'number') return general;
  switch (op) {
    case '<':
      return (v) => (typeof v === 'number' ? v < lit : general(v));
    case '<=':
      return (v) => (typeof v === 'number' ? v <= lit : general(v));
    case '>':
      return (v) => (typeof v === 'number' ? v > lit : general(v));
    case '>=':
      return (v) => (typeof v === 'number' ? v >= lit : general(v));
  }
}

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
