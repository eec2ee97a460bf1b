// What every command gets from main: parsed arguments, the output, stderr and a stop signal.
//
// Commands return an exit code or throw a UsageError / InputError; main owns the exit path.
// (The only exits elsewhere: EPIPE in main.ts, and Ctrl-C while a file is read, in decode-file.)

import type { ParsedArgs } from './args.js';
import { UsageError } from './args.js';
import { FORMATS, type Format, Output } from './output.js';

export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** One line to stderr, prefixed "wsscope: ". */
  warn(line: string): void;
  /** Aborted when stdout's reader went away (EPIPE): stop reading. */
  signal: AbortSignal;
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
  return new Output(ctx.stdout as unknown as import('node:stream').Writable, format);
}

/** The one capture file a file command takes. */
export function capturePath(args: ParsedArgs, command: string): string {
  if (args.positionals.length === 0) throw new UsageError(`'${command}' needs a capture file`, command);
  if (args.positionals.length > 1) {
    throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[1])} for '${command}'`, command);
  }
  return args.positionals[0];
}
