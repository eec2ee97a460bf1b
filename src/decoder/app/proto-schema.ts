// A `.proto` file read far enough to name what the wire carries (protobuf.dev language guides
// for proto2 and proto3): packages, messages (nested too), enums, fields with their labels,
// `map<K, V>` and `oneof`. Options, imports, services, reserved ranges and extensions are
// skipped. Types are resolved the way protoc does: innermost scope outwards.

export type ScalarType =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

const SCALARS = new Set<string>([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

export interface ProtoFieldDef {
  name: string;
  number: number;
  /** A scalar, or the full name of a message or enum (".pkg.Outer.Inner" without the dot). */
  type: string;
  repeated: boolean;
  /** For map fields: the key and value types (the wire has a repeated entry message, 1 and 2). */
  map?: { key: string; value: string };
}

export interface ProtoSchema {
  messages: Map<string, Map<number, ProtoFieldDef>>;
  enums: Map<string, Map<number, string>>;
}

export type SchemaResult = { ok: true; schema: ProtoSchema } | { ok: false; line: number; message: string };

interface Token {
  text: string;
  line: number;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_][\w.]*|-?\d[\w.]*|\S/g;
  for (const m of src.matchAll(re)) {
    const text = m[0];
    if (text.startsWith('//') || text.startsWith('/*')) continue;
    const line = src.slice(0, m.index).split('\n').length;
    out.push({ text, line });
  }
  return out;
}

class Fail extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseProto(src: string): SchemaResult {
  const t = tokenize(src);
  let i = 0;
  const messages = new Map<string, Map<number, ProtoFieldDef>>();
  const enums = new Map<string, Map<number, string>>();
  /** Field types as written, with the scope they were written in, resolved at the end. */
  const unresolved: { def: ProtoFieldDef; scope: string; line: number }[] = [];
  const peek = () => t[i]?.text;
  const line = () => t[Math.min(i, t.length - 1)]?.line ?? 1;
  const next = (): string => {
    const tok = t[i++];
    if (!tok) throw new Fail(line(), 'unexpected end of file');
    return tok.text;
  };
  const expect = (s: string) => {
    const got = next();
    if (got !== s) throw new Fail(t[i - 1]?.line ?? 1, `expected "${s}", found "${got}"`);
  };
  const skipStatement = () => {
    let depth = 0;
    while (i < t.length) {
      const x = next();
      if (x === '{') depth++;
      else if (x === '}') {
        depth--;
        if (depth === 0) return;
      } else if (x === ';' && depth === 0) return;
    }
  };
  const skipOptions = () => {
    if (peek() !== '[') return;
    while (i < t.length && next() !== ']');
  };
  let pkg = '';

  const field = (scope: string, fields: Map<number, ProtoFieldDef>, label: string | null) => {
    const at = line();
    let type = next();
    let map: ProtoFieldDef['map'];
    if (type === 'map') {
      expect('<');
      const key = next();
      expect(',');
      const value = next();
      expect('>');
      map = { key, value };
      type = 'map';
    }
    const name = next();
    expect('=');
    const number = Number(next());
    if (!Number.isInteger(number) || number < 1) throw new Fail(at, `field ${name} has an invalid number`);
    skipOptions();
    expect(';');
    const def: ProtoFieldDef = { name, number, type, repeated: label === 'repeated' || map !== undefined };
    if (map) def.map = map;
    fields.set(number, def);
    unresolved.push({ def, scope, line: at });
  };

  const enumBody = (full: string) => {
    const values = new Map<number, string>();
    expect('{');
    while (peek() !== '}') {
      const name = next();
      if (name === 'option' || name === 'reserved') {
        skipStatement();
        continue;
      }
      expect('=');
      const n = Number(next());
      skipOptions();
      expect(';');
      if (!values.has(n)) values.set(n, name);
    }
    expect('}');
    enums.set(full, values);
  };

  const messageBody = (full: string) => {
    const fields = new Map<number, ProtoFieldDef>();
    messages.set(full, fields);
    expect('{');
    while (peek() !== '}') {
      const x = peek();
      if (x === undefined) throw new Fail(line(), `message ${full} is not closed`);
      if (x === 'message') {
        next();
        messageBody(`${full}.${next()}`);
      } else if (x === 'enum') {
        next();
        enumBody(`${full}.${next()}`);
      } else if (x === 'oneof') {
        next();
        next();
        expect('{');
        while (peek() !== '}') {
          if (peek() === 'option') skipStatement();
          else field(full, fields, null);
        }
        expect('}');
      } else if (x === 'option' || x === 'reserved' || x === 'extensions' || x === 'extend') skipStatement();
      else if (x === ';') next();
      else if (x === 'repeated' || x === 'optional' || x === 'required') field(full, fields, next());
      else field(full, fields, null);
    }
    expect('}');
  };

  try {
    while (i < t.length) {
      const x = next();
      if (x === 'package') {
        pkg = next();
        expect(';');
      } else if (x === 'message') messageBody(pkg ? `${pkg}.${next()}` : next());
      else if (x === 'enum') enumBody(pkg ? `${pkg}.${next()}` : next());
      else if (x === ';') continue;
      else skipStatement(); // syntax, import, option, service
    }
    const resolve = (name: string, scope: string, at: number): string => {
      if (SCALARS.has(name)) return name;
      if (name.startsWith('.')) return name.slice(1);
      // Innermost scope outwards, as protoc does.
      for (let s = scope; ; s = s.slice(0, Math.max(0, s.lastIndexOf('.')))) {
        const full = s ? `${s}.${name}` : name;
        if (messages.has(full) || enums.has(full)) return full;
        if (!s) break;
      }
      throw new Fail(at, `unknown type ${name}`);
    };
    for (const u of unresolved) {
      if (u.def.map) u.def.map = { key: u.def.map.key, value: resolve(u.def.map.value, u.scope, u.line) };
      else u.def.type = resolve(u.def.type, u.scope, u.line);
    }
  } catch (error) {
    if (error instanceof Fail) return { ok: false, line: error.line, message: error.message };
    throw error;
  }
  return { ok: true, schema: { messages, enums } };
}

export function isScalar(type: string): type is ScalarType {
  return SCALARS.has(type);
}
