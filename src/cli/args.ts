// Command-line parsing: node:util's parseArgs splits the words; this file turns its tokens into
// checked values and wsscope's own one-line usage errors.
//
// Rules
// - Every command declares its options; anything else is a UsageError (exit code 2) whose
//   message is one line naming the offending word, and main adds "try 'wsscope CMD --help'".
// - Long options take `--name value` or `--name=value`; short ones `-c 3` or `-c3`.
//   Boolean options take no value (`-ax` is "-a takes no value", not "-a -x"). `--` ends the
//   options; "-" (standard input) and words like "-5" are positionals. A value may start with a
//   dash (`-c -1` is then refused by the number check, with a clearer message).
// - Values are validated here (numbers, enums) so commands get typed, checked values.
//
// Why parseArgs in non-strict mode with tokens, not strict mode: strict mode's errors are Node's
// own multi-sentence messages (which change between Node versions), and it refuses a value that
// starts with a dash; the tokens keep Node's tokenizing and let us keep our messages.

import { parseArgs as parseWords } from 'node:util';

export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose --help to suggest, or null for the top level. */
    readonly command: string | null = null,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  positionals: string[];
  /** string for string options, true for boolean ones; absent when not given. */
  values: Record<string, string | true | undefined>;
}

export function parseArgs(argv: string[], specs: OptionSpecs, command: string): ParsedArgs {
  const values: ParsedArgs['values'] = {};
  const positionals: string[] = [];
  const { tokens } = parseWords({ args: argv, options: specs, strict: false, allowPositionals: true, tokens: true });
  let lastIndex = -1;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    // One word may give several tokens ("-ax" → -a, -x); only its first one counts, as below.
    const first = token.index !== lastIndex;
    lastIndex = token.index;
    if (!first) continue;
    const word = argv[token.index];
    // "-5" is a (negative-looking) positional, never the short option "5".
    if (/^-\d/.test(word)) {
      positionals.push(word);
      continue;
    }
    const long = word.startsWith('--');
    // Long: the text before any "="; short: the letter after "-" (the rest of the word is its value).
    const name = long ? word.slice(2, word.includes('=') ? word.indexOf('=') : undefined) : shortName(specs, word[1]);
    if (name === undefined || !Object.hasOwn(specs, name)) {
      throw new UsageError(`unknown option '${long ? `--${name}` : `-${word[1]}`}' for '${command}'`, command);
    }
    if (specs[name].type === 'boolean') {
      if (long ? word.includes('=') : word.length > 2)
        throw new UsageError(`option '--${name}' takes no value`, command);
      values[name] = true;
      continue;
    }
    if (token.value === undefined) throw new UsageError(`option '--${name}' needs a value`, command);
    values[name] = token.value;
  }
  return { positionals, values };
}

function shortName(specs: OptionSpecs, letter: string): string | undefined {
  for (const [name, spec] of Object.entries(specs)) if (spec.short === letter) return name;
  return undefined;
}

/** A string option's value, or undefined. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function intOption(
  args: ParsedArgs,
  name: string,
  command: string,
  range: { min: number; max: number } = { min: 0, max: Number.MAX_SAFE_INTEGER },
): number | undefined {
  const v = stringOption(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v))
    throw new UsageError(`invalid --${name} ${JSON.stringify(v)}: expected a whole number`, command);
  const n = Number(v);
  if (n < range.min || n > range.max) {
    throw new UsageError(`invalid --${name} ${v}: expected ${range.min} to ${range.max}`, command);
  }
  return n;
}

export function enumOption<T extends string>(
  args: ParsedArgs,
  name: string,
  allowed: readonly T[],
  command: string,
): T | undefined {
  const v = stringOption(args, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`invalid --${name} ${JSON.stringify(v)}: expected one of ${allowed.join(', ')}`, command);
  }
  return v as T;
}
