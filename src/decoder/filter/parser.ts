// The display-filter parser: tokens → a syntax tree, with Wireshark's grammar and spellings.
//
//   expr    := or
//   or      := and  (("or" | "||") and)*
//   and     := not  (("and" | "&&") not)*
//   not     := ("not" | "!") not | primary
//   primary := "(" expr ")" | test
//   test    := FIELD [ relop value | "contains" value | "matches" value | ["not"] "in" set ]
//   relop   := == eq != ne < lt <= le > gt >= ge   (=== and !== as Wireshark 4 reads them)
//   set     := "{" item ([","] item)* "}"          item := value | value ".." value
//
// A field alone tests presence. Field names are checked here (did-you-mean for a near miss);
// values are checked against the field's type by compile.ts, which knows the types.

import { FilterError, type Token, tokenize } from './lexer.js';

export type RelOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type Op = RelOp | 'contains' | 'matches' | 'in' | 'not in';

export interface Literal {
  text: string;
  /** Written in double quotes (always a string; never a field, number or address). */
  quoted: boolean;
  column: number;
  length: number;
}

export type SetItem = { value: Literal } | { low: Literal; high: Literal };

export type FilterNode =
  | { kind: 'and'; left: FilterNode; right: FilterNode }
  | { kind: 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode }
  | { kind: 'test'; field: string; column: number; op: null }
  | { kind: 'test'; field: string; column: number; op: Exclude<Op, 'in' | 'not in'>; value: Literal; opColumn: number }
  | { kind: 'test'; field: string; column: number; op: 'in' | 'not in'; set: SetItem[]; opColumn: number };

const WORD_OPS: Record<string, RelOp> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
const SYMBOL_REL: Record<string, RelOp> = {
  '==': '==',
  '===': '==',
  '!=': '!=',
  '!==': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/** Checks a field name: null when known, else why not and a suggestion. */
export type FieldCheck = (name: string) => { reason: string; hint: string | null } | null;

export function parseFilter(source: string, checkField: FieldCheck): FilterNode {
  const p = new Parser(tokenize(source), checkField);
  if (p.peek().kind === 'end') throw new FilterError('empty filter', 1);
  const node = p.or();
  const rest = p.peek();
  if (rest.kind !== 'end') {
    if (rest.kind === 'rparen') throw new FilterError('")" without a matching "("', rest.column);
    throw new FilterError(`expected "and", "or" or the end, got ${describe(rest)}`, rest.column, rest.length);
  }
  return node;
}

function describe(t: Token): string {
  if (t.kind === 'end') return 'the end';
  if (t.kind === 'string') return `"${t.text}"`;
  return `"${t.text}"`;
}

function isWord(t: Token, ...words: string[]): boolean {
  return t.kind === 'word' && words.includes(t.text.toLowerCase());
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly checkField: FieldCheck,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }

  or(): FilterNode {
    let left = this.and();
    while (isWord(this.peek(), 'or') || (this.peek().kind === 'op' && this.peek().text === '||')) {
      const op = this.next();
      left = { kind: 'or', left, right: this.operand(op, () => this.and()) };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.not();
    while (isWord(this.peek(), 'and') || (this.peek().kind === 'op' && this.peek().text === '&&')) {
      const op = this.next();
      left = { kind: 'and', left, right: this.operand(op, () => this.not()) };
    }
    return left;
  }

  private not(): FilterNode {
    const t = this.peek();
    if (isWord(t, 'not') || (t.kind === 'op' && t.text === '!')) {
      this.next();
      return { kind: 'not', expr: this.operand(t, () => this.not()) };
    }
    return this.primary();
  }

  /** The operand after `op`, or "expected a test after …" when the filter stops there. */
  private operand(op: Token, parse: () => FilterNode): FilterNode {
    const t = this.peek();
    if (t.kind === 'end' || t.kind === 'rparen' || isWord(t, 'and', 'or')) {
      throw new FilterError(`expected a test after "${op.text}"`, t.column, t.length || 1);
    }
    return parse();
  }

  private primary(): FilterNode {
    const t = this.peek();
    if (t.kind === 'lparen') {
      this.next();
      const inner = this.operand(t, () => this.or());
      const close = this.peek();
      if (close.kind !== 'rparen') {
        throw new FilterError(`expected ")" for the "(" of column ${t.column}, got ${describe(close)}`, close.column);
      }
      this.next();
      return inner;
    }
    if (t.kind !== 'word') {
      throw new FilterError(`expected a field name, got ${describe(t)}`, t.column, t.length || 1);
    }
    return this.test();
  }

  private test(): FilterNode {
    const name = this.next();
    const problem = this.checkField(name.text);
    if (problem !== null) throw new FilterError(problem.reason, name.column, name.length, problem.hint);
    const field = name.text;
    const column = name.column;
    const t = this.peek();
    // "not in": two words
    if (isWord(t, 'not') && isWord(this.peek(1), 'in')) {
      this.next();
      this.next();
      return { kind: 'test', field, column, op: 'not in', set: this.set(t), opColumn: t.column };
    }
    if (isWord(t, 'in')) {
      this.next();
      return { kind: 'test', field, column, op: 'in', set: this.set(t), opColumn: t.column };
    }
    let op: Exclude<Op, 'in' | 'not in'> | null = null;
    if (t.kind === 'op' && SYMBOL_REL[t.text]) op = SYMBOL_REL[t.text];
    else if (t.kind === 'op' && t.text === '~') op = 'matches';
    else if (t.kind === 'word' && WORD_OPS[t.text.toLowerCase()]) op = WORD_OPS[t.text.toLowerCase()];
    else if (isWord(t, 'contains')) op = 'contains';
    else if (isWord(t, 'matches')) op = 'matches';
    else if (t.kind === 'op' && t.text === '~=') {
      throw new FilterError('"~=" (any not equal) is not supported; use "!=" or "not (… == …)"', t.column, 2);
    }
    if (op === null) {
      // A field alone: presence. What follows must end the test.
      if (t.kind === 'word' && !isWord(t, 'and', 'or', 'not')) {
        throw new FilterError(
          `expected an operator (==, !=, <, >, contains, matches, in) after "${field}", got ${describe(t)}`,
          t.column,
          t.length,
        );
      }
      if (t.kind === 'string') {
        throw new FilterError(`expected an operator after "${field}", got ${describe(t)}`, t.column, t.length);
      }
      return { kind: 'test', field, column, op: null };
    }
    this.next();
    return { kind: 'test', field, column, op, value: this.value(t), opColumn: t.column };
  }

  private value(after: Token): Literal {
    const t = this.peek();
    if (t.kind === 'word' || t.kind === 'string') {
      this.next();
      return { text: t.text, quoted: t.kind === 'string', column: t.column, length: t.length };
    }
    throw new FilterError(`expected a value after "${after.text}"`, t.column, t.length || 1);
  }

  private set(op: Token): SetItem[] {
    const open = this.peek();
    if (open.kind !== 'lbrace') throw new FilterError(`expected "{" after "${op.text}"`, open.column);
    this.next();
    const items: SetItem[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'rbrace') {
        if (items.length === 0) throw new FilterError('empty set "{}"', open.column, 2);
        this.next();
        return items;
      }
      if (t.kind === 'comma' && items.length > 0) {
        this.next();
        continue;
      }
      if (t.kind !== 'word' && t.kind !== 'string') {
        throw new FilterError(`expected a value or "}" in the set, got ${describe(t)}`, t.column, t.length || 1);
      }
      this.next();
      items.push(rangeOrValue(t));
    }
  }
}

/** `1..5` (one word to the lexer) is a range; anything else one value. */
function rangeOrValue(t: Token): SetItem {
  const at = t.kind === 'word' ? t.text.indexOf('..') : -1;
  if (at <= 0) return { value: { text: t.text, quoted: t.kind === 'string', column: t.column, length: t.length } };
  const low = t.text.slice(0, at);
  const high = t.text.slice(at + 2);
  if (!high) throw new FilterError(`expected a value after ".." in "${t.text}"`, t.column + at + 2);
  return {
    low: { text: low, quoted: false, column: t.column, length: at },
    high: { text: high, quoted: false, column: t.column + at + 2, length: high.length },
  };
}
