// The option parser's contract, word for word: what it accepts and the one-line message of each
// usage error. Written against the hand-written parser, kept for its node:util replacement.

import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args.js';

const SPECS = {
  format: { type: 'string', short: 'f' },
  connection: { type: 'string', short: 'c' },
  all: { type: 'boolean', short: 'a' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usageError(argv: string[]): UsageError {
  try {
    parseArgs(argv, SPECS, 'frames');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).command).toBe('frames');
    return error as UsageError;
  }
  throw new Error(`no usage error for ${JSON.stringify(argv)}`);
}

describe('parseArgs accepts', () => {
  it('long values with a space or "=", short ones apart or attached, booleans and positionals in any order', () => {
    expect(parseArgs(['a.pcap', '--format', 'csv', '-c', '2', '-a'], SPECS, 'frames')).toEqual({
      positionals: ['a.pcap'],
      values: { format: 'csv', connection: '2', all: true },
    });
    expect(parseArgs(['--connection=7', '-fjson', 'b.pcap', '--help'], SPECS, 'frames')).toEqual({
      positionals: ['b.pcap'],
      values: { connection: '7', format: 'json', help: true },
    });
  });

  it('takes the next word as a value even when it starts with a dash', () => {
    expect(parseArgs(['-c', '-1'], SPECS, 'frames').values).toEqual({ connection: '-1' });
    expect(parseArgs(['--format', '--help'], SPECS, 'frames').values).toEqual({ format: '--help' });
    expect(parseArgs(['--format='], SPECS, 'frames').values).toEqual({ format: '' });
  });

  it('keeps the last of a repeated option', () => {
    expect(parseArgs(['-c', '1', '--connection', '2', '-a', '--all'], SPECS, 'frames').values).toEqual({
      connection: '2',
      all: true,
    });
  });

  it('reads "-" (standard input) and words like "-5" as positionals, and everything after "--"', () => {
    expect(parseArgs(['-', '-5', '-12x'], SPECS, 'frames').positionals).toEqual(['-', '-5', '-12x']);
    expect(parseArgs(['x', '--', '--format', '-a', '--'], SPECS, 'frames')).toEqual({
      positionals: ['x', '--format', '-a', '--'],
      values: {},
    });
    expect(parseArgs([], SPECS, 'frames')).toEqual({ positionals: [], values: {} });
  });
});

describe('parseArgs refuses, with exactly these messages', () => {
  it.each([
    [['--nope'], "unknown option '--nope' for 'frames'"],
    [['--nope=1'], "unknown option '--nope' for 'frames'"],
    [['--constructor'], "unknown option '--constructor' for 'frames'"],
    [['--=x'], "unknown option '--' for 'frames'"],
    [['-z'], "unknown option '-z' for 'frames'"],
    [['-zc3'], "unknown option '-z' for 'frames'"],
    [['--format'], "option '--format' needs a value"],
    [['x', '-f'], "option '--format' needs a value"],
    [['--all=yes'], "option '--all' takes no value"],
    [['--all='], "option '--all' takes no value"],
    [['-ax'], "option '--all' takes no value"],
    [['-hc3'], "option '--help' takes no value"],
    // The first bad word wins.
    [['--nope', '--format'], "unknown option '--nope' for 'frames'"],
    [['-a', '--all=1', '-z'], "option '--all' takes no value"],
  ])('%j: %s', (argv, message) => {
    expect(usageError(argv).message).toBe(message);
  });
});
