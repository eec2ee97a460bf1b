// What every command gets from main: parsed arguments, the output, stderr and a stop signal.
//
// Commands return an exit code or throw a UsageError / InputError; main owns the exit path.
// Nothing else touches the process: stdout, stderr and Ctrl-C come through the context, so a
// test can hand in its own (the real one is processContext, below; main.ts makes it).

import type { ParsedArgs } from './args.js';
import { UsageError } from './args.js';
import { printable } from './cells.js';
import { FORMATS, type Format, Output } from './output.js';

export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Usage help after a mistake, warnings and the progress bar. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** One line to stderr, prefixed "wsscope: ". */
  warn(line: string): void;
  /** Aborted when stdout's reader went away (EPIPE): stop reading. */
  signal: AbortSignal;
  /**
   * While a file is read, Ctrl-C runs `cleanup` (erase the progress bar, so the shell prompt
   * starts on a clean line) and then ends the process as an interrupted one does: exit code 130
   * (128 + SIGINT). Returns the function that removes `cleanup` again.
   */
  onInterrupt(cleanup: () => void): () => void;
}

/** The part of `process` processContext uses (a test passes a fake). */
export type CliProcess = Pick<NodeJS.Process, 'stdout' | 'stderr' | 'on' | 'off' | 'exit'>;

/** The context of the real process; `signal` is main's EPIPE signal. */
export function processContext(
  signal: AbortSignal = new AbortController().signal,
  proc: CliProcess = process,
): CliContext {
  const cleanups = new Set<() => void>();
  const onSigint = (): void => {
    for (const cleanup of cleanups) cleanup();
    proc.exit(130);
  };
  return {
    stdout: proc.stdout,
    stderr: proc.stderr,
    warn: (line) => {
      // File names and messages may hold control characters (a file named with an escape sequence).
      proc.stderr.write(`wsscope: ${printable(line)}\n`);
    },
    signal,
    onInterrupt(cleanup) {
      // Listen only while someone reads: otherwise Ctrl-C keeps Node's default (and serve's and
      // capture's own handlers stay the only ones).
      if (cleanups.size === 0) proc.on('SIGINT', onSigint);
      cleanups.add(cleanup);
      return () => {
        if (cleanups.delete(cleanup) && cleanups.size === 0) proc.off('SIGINT', onSigint);
      };
    },
  };
}

export const FORMAT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The format asked for, else table on a terminal and `pipeDefault` elsewhere. */
export function chooseFormat(
  args: ParsedArgs,
  command: string,
  ctx: CliContext,
  options: { pipeDefault?: Format; allowed?: readonly Format[] } = {},
): Format {
  const allowed = options.allowed ?? FORMATS;
  const value = args.values.format;
  if (typeof value === 'string') {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new UsageError(`invalid --format ${JSON.stringify(value)}: expected one of ${allowed.join(', ')}`, command);
    }
    return value as Format;
  }
  return ctx.stdout.isTTY ? 'table' : (options.pipeDefault ?? 'ndjson');
}

export function makeOutput(ctx: CliContext, format: Format): Output {
  // process.stdout's write callback runs once the bytes are in the kernel: its chunks can be reused.
  const recycleChunks = (ctx.stdout as unknown) === process.stdout;
  return new Output(ctx.stdout as unknown as import('node:stream').Writable, format, { recycleChunks });
}

/** The one capture file a file command takes. */
export function capturePath(args: ParsedArgs, command: string): string {
  if (args.positionals.length === 0) throw new UsageError(`'${command}' needs a capture file`, command);
  if (args.positionals.length > 1) {
    throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[1])} for '${command}'`, command);
  }
  return args.positionals[0];
}
