// In-process unit tests of the CLI's pieces with small hand-built records: the argument parser,
// the four output formats, filters and error mapping.

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/app.js';
import { parseArgs, UsageError } from '../../src/cli/args.js';
import { csvCell } from '../../src/cli/cells.js';
import { messageSpec, TimeBase } from '../../src/cli/columns.js';
import { InputError } from '../../src/cli/decode-file.js';
import { messageMatches, parseGrep, parseOpcode } from '../../src/cli/filters.js';
import { type Format, Output } from '../../src/cli/output.js';
import { messageJson } from '../../src/cli/records.js';
import type { MessageRecord } from '../../src/decoder/index.js';

const SPECS = {
  format: { type: 'string', short: 'f' },
  all: { type: 'boolean', short: 'a' },
  connection: { type: 'string', short: 'c' },
} as const;

function message(over: Partial<MessageRecord> = {}): MessageRecord {
  const text = over.text ?? 'hello, "world"';
  return {
    id: 1,
    connectionId: 2,
    direction: 'client',
    index: 0,
    opcode: 1,
    type: 'text',
    frameIds: [1, 2],
    firstTime: 1700000000.5,
    time: 1700000000.75,
    payload: new TextEncoder().encode(text),
    wireLength: 14,
    compressed: false,
    text,
    close: null,
    pingId: null,
    rtt: null,
    complete: true,
    findings: [],
    ...over,
  };
}

async function render(format: Format, records: MessageRecord[]): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (b: Buffer) => chunks.push(b));
  const out = new Output(stream, format);
  const w = out.list(messageSpec(format, new TimeBase()));
  w.begin();
  for (const r of records) w.row(r);
  w.end();
  await out.flush();
  return Buffer.concat(chunks).toString('utf8');
}

describe('argument parser', () => {
  it('reads long, short, inline and attached values, booleans and positionals', () => {
    const a = parseArgs(['x.pcap', '--format=csv', '-a', '-c3', '--', '-odd-name'], SPECS, 'messages');
    expect(a.positionals).toEqual(['x.pcap', '-odd-name']);
    expect(a.values).toEqual({ format: 'csv', all: true, connection: '3' });
    expect(parseArgs(['-f', 'json', 'y'], SPECS, 'frames').values.format).toBe('json');
  });

  it('rejects unknown options and missing values as usage errors naming the command', () => {
    expect(() => parseArgs(['--nope'], SPECS, 'frames')).toThrow(
      new UsageError("unknown option '--nope' for 'frames'", 'frames'),
    );
    expect(() => parseArgs(['-z'], SPECS, 'frames')).toThrow(/unknown option '-z'/);
    expect(() => parseArgs(['--format'], SPECS, 'frames')).toThrow(/needs a value/);
    expect(() => parseArgs(['--all=yes'], SPECS, 'frames')).toThrow(/takes no value/);
  });
});

describe('error mapping', () => {
  it('gives exit 2 with a help hint, 1 for input, 70 for bugs, all on one line', () => {
    expect(describeError(new UsageError('bad thing', 'frames'))).toEqual({
      line: "wsscope: bad thing (try 'wsscope frames --help')",
      code: 2,
    });
    expect(describeError(new InputError('x.pcap: no such file'))).toEqual({
      line: 'wsscope: x.pcap: no such file',
      code: 1,
    });
    const bug = describeError(new TypeError('cannot read properties of undefined\n    at foo'));
    expect(bug.code).toBe(70);
    expect(bug.line).toMatch(/^wsscope: internal error: cannot read properties of undefined \(this is a bug/);
    expect(bug.line).not.toContain('\n');
  });
});

describe('filters', () => {
  it('parses opcode names and numbers (RFC 6455 §5.2 opcodes)', () => {
    expect(['continuation', 'text', 'binary', 'close', 'ping', 'pong'].map((o) => parseOpcode(o, 'x'))).toEqual([
      0, 1, 2, 8, 9, 10,
    ]);
    expect(parseOpcode('0xB', 'x')).toBe(11);
    expect(parseOpcode('3', 'x')).toBe(3);
    expect(() => parseOpcode('16', 'x')).toThrow(UsageError);
  });

  it('greps text or /regex/flags', () => {
    expect(parseGrep('World', 'x')('hello world')).toBe(false);
    expect(parseGrep('/WORLD$/i', 'x')('hello world')).toBe(true);
    expect(messageMatches(message(), { grep: parseGrep('"world"', 'x'), direction: 'client', connection: 2 })).toBe(
      true,
    );
    expect(messageMatches(message(), { direction: 'server' })).toBe(false);
    const close = message({ opcode: 8, type: 'close', text: null, close: { code: 1001, reason: 'going away' } });
    expect(messageMatches(close, { grep: parseGrep('/^1001 going/', 'x') })).toBe(true);
  });
});

describe('message JSON contract (issue 3)', () => {
  it('has the contract fields with their types', () => {
    const j = messageJson(message());
    expect(j).toMatchObject({
      connection: 2,
      direction: 'client',
      time: 1700000000.75,
      opcode: 1,
      type: 'text',
      length: 14,
      frames: 2,
      compressed: false,
      base64: Buffer.from('hello, "world"').toString('base64'),
      text: 'hello, "world"',
      close: null,
      findings: [],
      complete: true,
    });
    const c = messageJson(
      message({ opcode: 8, type: 'close', text: null, payload: new Uint8Array(0), close: { code: null, reason: '' } }),
    );
    expect(c.close).toEqual({ code: null, reason: '' });
    expect(c.text).toBeNull();
    expect(c.base64).toBe('');
  });
});

describe('output formats', () => {
  const rows = [
    message(),
    message({ id: 2, direction: 'server', text: 'line1\nline2', payload: new TextEncoder().encode('line1\nline2') }),
  ];

  it('ndjson: one object per line', async () => {
    const lines = (await render('ndjson', rows)).split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]).text).toBe('line1\nline2');
  });

  it('json: one array, also when empty', async () => {
    expect(JSON.parse(await render('json', rows))).toHaveLength(2);
    expect(JSON.parse(await render('json', []))).toEqual([]);
  });

  it('csv: RFC 4180 quoting', async () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
    const text = await render('csv', rows);
    expect(text).toContain(',"hello, ""world""",');
    expect(text).toContain(',"line1\nline2",');
  });

  it('table: fixed columns, control characters escaped, relative times', async () => {
    const lines = (await render('table', rows)).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ {3}MSG {2}CONN {2}DIR {10}TIME/);
    expect(lines[1]).toContain('c→s');
    expect(lines[1]).toContain('0.000000');
    expect(lines[2]).toContain('"line1\\nline2"');
  });
});
