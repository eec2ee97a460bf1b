// Exit codes and stderr of the built binary on bad input and wrong usage (issue 3, Behaviour):
// 0 success (also for a damaged capture, whose damage goes to stderr), 1 the input is not a
// capture (one line naming the file), 2 wrong usage. Never a stack trace.

import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ndjson, runCli, SHARED } from './helpers.js';
import { plainHttpCapture } from './pcap-writer.js';

let bin: string;
let dir: string;
const ECHO = join(SHARED, '01_pyws_text_echo.pcap');

beforeAll(() => {
  bin = buildCli();
  dir = mkdtempSync(join(tmpdir(), 'wsscope-bad-'));
  writeFileSync(join(dir, 'empty.pcap'), new Uint8Array(0));
  writeFileSync(join(dir, 'notes.txt'), 'GET / HTTP/1.1\nthis is a text file, not a capture\n');
  // PNG signature and the start of an IHDR chunk
  writeFileSync(
    join(dir, 'image.png'),
    Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  );
  // Bytes that start like nothing in particular (fixed, so the test is repeatable)
  writeFileSync(join(dir, 'random.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 197 + 89) % 251)));
  // The echo capture cut in the middle of a record
  writeFileSync(join(dir, 'cut.pcap'), readFileSync(ECHO).subarray(0, 2000));
  writeFileSync(join(dir, 'http.pcap'), plainHttpCapture());
  copyFileSync(ECHO, join(dir, 'echo with spaces.pcap'));
});

function expectOneLine(stderr: string): string {
  const lines = stderr.split('\n').filter(Boolean);
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0];
}

describe('inputs that are not captures exit 1 with one line naming the file', () => {
  const cases: [string, string, RegExp][] = [
    ['a missing file', 'missing.pcap', /missing\.pcap: no such file/],
    ['a directory', '.', /\.: is a directory/],
    ['an empty file', 'empty.pcap', /empty\.pcap: empty file/],
    ['a text file', 'notes.txt', /notes\.txt: .*not a pcap or pcapng/],
    ['a PNG image', 'image.png', /image\.png: .*not a pcap or pcapng/],
    ['random bytes', 'random.bin', /random\.bin: .*not a pcap or pcapng/],
  ];
  it.each(cases)('%s', async (_what, name, pattern) => {
    for (const command of ['messages', 'connections', 'stats']) {
      const r = await runCli(bin, [command, name], { cwd: dir });
      expect(r.code, `${command}: ${r.stderr}`).toBe(1);
      expect(r.stdout).toBe('');
      expect(expectOneLine(r.stderr)).toMatch(new RegExp(`^wsscope: ${pattern.source}`));
    }
  });
});

describe('damaged and unusual captures', () => {
  it('decodes a capture cut mid-record, warns on stderr and exits 0', async () => {
    const r = await runCli(bin, ['messages', 'cut.pcap'], { cwd: dir });
    expect(r.code).toBe(0);
    const messages = ndjson<{ text: string }>(r.stdout);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0].text).toBe('hello');
    expect(expectOneLine(r.stderr)).toMatch(/^wsscope: warning: cut\.pcap: /);
  });

  it('says so when a capture has no WebSocket traffic', async () => {
    const r = await runCli(bin, ['connections', 'http.pcap'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(expectOneLine(r.stderr)).toBe(
      'wsscope: no WebSocket connections in http.pcap (2 TCP connections; use --all to list them)',
    );
    const all = await runCli(bin, ['connections', 'http.pcap', '--all', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(all.stdout)).toHaveLength(2);
  });

  it('reads file names with spaces', async () => {
    const r = await runCli(bin, ['messages', 'echo with spaces.pcap'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout).length).toBe(16);
  });
});

describe('wrong usage exits 2 with one line and a hint', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'an unknown option',
      ['messages', ECHO, '--bogus'],
      /unknown option '--bogus' for 'messages' \(try 'wsscope messages --help'\)/,
    ],
    ['an unknown short option', ['frames', ECHO, '-z'], /unknown option '-z'/],
    ['an unknown command', ['mesages', ECHO], /unknown command 'mesages'; did you mean 'messages'\?/],
    ['a missing capture argument', ['frames'], /'frames' needs a capture file/],
    ['two capture arguments', ['frames', ECHO, ECHO], /unexpected argument/],
    ['a bad format', ['messages', ECHO, '--format', 'xml'], /invalid --format "xml"/],
    ['a bad opcode', ['messages', ECHO, '--opcode', 'banana'], /invalid --opcode "banana"/],
    ['a bad direction', ['messages', ECHO, '-d', 'up'], /invalid --direction "up"/],
    ['a bad connection', ['messages', ECHO, '-c', 'one'], /invalid --connection "one"/],
    ['a bad regex', ['messages', ECHO, '--grep', '/(/'], /invalid --grep regular expression/],
    ['a value missing', ['messages', ECHO, '--connection'], /option '--connection' needs a value/],
    ['capture without --port', ['capture'], /'capture' needs --port/],
    [
      'follow on a capture with two connections',
      ['follow', join(SHARED, '04_fragments_ping_pong_close_codes.pcap')],
      /2 WebSocket connections \(1, 2\): choose one with --connection N/,
    ],
    ['a connection that does not exist', ['follow', ECHO, '-c', '9'], /no connection 9 in/],
    [
      'a listing of a connection that does not exist',
      ['messages', ECHO, '-c', '5'],
      /no connection 5 in .* \(its only connection is 1\)/,
    ],
  ];
  it.each(cases)('%s', async (_what, args, pattern) => {
    const r = await runCli(bin, args);
    expect(r.code, r.stderr).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(pattern);
  });

  it('prints the overview with no arguments, to stderr, exit 2', async () => {
    const r = await runCli(bin, []);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: wsscope <command>');
  });
});

describe('--help on every command, with examples', () => {
  const commands = [
    'connections',
    'frames',
    'messages',
    'handshake',
    'follow',
    'findings',
    'stats',
    'capture',
    'serve',
  ];
  it.each(commands)('wsscope %s --help', async (command) => {
    const r = await runCli(bin, [command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: wsscope ${command}`);
    expect(r.stdout).toContain('Examples:');
    expect(r.stderr).toBe('');
  });

  it('wsscope --help lists every command', async () => {
    const r = await runCli(bin, ['--help']);
    expect(r.code).toBe(0);
    for (const command of commands) expect(r.stdout).toContain(`  ${command} `);
  });
});
