// The display-filter lexer: Wireshark's filter text split into tokens, each with its 1-based
// column so every error can point at the exact place.
//
// Words: a field name, a bare value or a keyword share one token kind ("word"), as in
// Wireshark's "unparsed" literals: `10.0.0.0/8`, `aa:bb:cc`, `0x1f`, `::1`, `text` and
// `websocket.opcode` are all words; what a word means is decided by the parser from where it
// stands (field before an operator, value after it). Quoted strings are their own kind, with C
// escapes (\" \\ \n \t \r \xNN \uNNNN).

export type TokenKind = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'lbrace' | 'rbrace' | 'comma' | 'end';

export interface Token {
  kind: TokenKind;
  /** The word, the decoded string, or the operator as written ("==", "&&", "!"). */
  text: string;
  /** 1-based column of the first character. */
  column: number;
  /** Characters in the source (for quoted strings: with the quotes). */
  length: number;
}

/** A mistake in a filter, at a column (1-based): `message` is "REASON at COLUMN[; HINT]". */
export class FilterError extends Error {
  constructor(
    readonly reason: string,
    readonly column: number,
    readonly length = 1,
    /** A suggestion, after the column: "did you mean websocket.opcode?". */
    readonly hint: string | null = null,
  ) {
    super(`${reason} at ${column}${hint ? `; ${hint}` : ''}`);
    this.name = 'FilterError';
  }
}

const SYMBOL_OPS = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '~=', '<', '>', '!', '~'];
const WORD_CHAR = /[A-Za-z0-9_.:/\-+]/;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const column = i + 1;
    const single = SINGLE[ch];
    if (single) {
      tokens.push({ kind: single, text: ch, column, length: 1 });
      i++;
      continue;
    }
    if (ch === '"') {
      const { text, end } = readString(source, i);
      tokens.push({ kind: 'string', text, column, length: end - i });
      i = end;
      continue;
    }
    const op = SYMBOL_OPS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, column, length: op.length });
      i += op.length;
      continue;
    }
    if (WORD_CHAR.test(ch)) {
      let j = i + 1;
      while (j < source.length && WORD_CHAR.test(source[j])) j++;
      tokens.push({ kind: 'word', text: source.slice(i, j), column, length: j - i });
      i = j;
      continue;
    }
    throw new FilterError(`unexpected character ${JSON.stringify(ch)}`, column);
  }
  tokens.push({ kind: 'end', text: '', column: source.length + 1, length: 0 });
  return tokens;
}

const SINGLE: Record<string, TokenKind | undefined> = {
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
  ',': 'comma',
};

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07' };

function readString(source: string, start: number): { text: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '"') return { text: out, end: i + 1 };
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    const next = source[i + 1];
    if (next === undefined) break;
    if (ESCAPES[next] !== undefined) {
      out += ESCAPES[next];
      i += 2;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(source.slice(i + 2, i + 4))) {
      out += String.fromCharCode(Number.parseInt(source.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
      out += String.fromCharCode(Number.parseInt(source.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      throw new FilterError(`unknown escape "\\${next}" in string`, i + 1, 2);
    }
  }
  throw new FilterError('string not closed (missing ")', start + 1);
}
