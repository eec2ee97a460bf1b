// Command-line parsing: a small parser with no dependency, strict about what it accepts.
//
// Rules
// - Every command declares its options; anything else is a UsageError (exit code 2) whose
//   message is one line naming the offending word, and main adds "try 'wsscope CMD --help'".
// - Long options take `--name value` or `--name=value`; short ones `-c 3` or `-c3`.
//   Boolean options take no value. `--` ends the options.
// - Values are validated here (numbers, enums) so commands get typed, checked values.

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
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.short) byShort.set(spec.short, name);

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
      if (!Object.hasOwn(specs, name)) throw new UsageError(`unknown option '--${name}' for '${command}'`, command);
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      name = byShort.get(arg[1]);
      if (!name) throw new UsageError(`unknown option '-${arg[1]}' for '${command}'`, command);
      if (arg.length > 2) inline = arg.slice(2);
    } else {
      positionals.push(arg);
      continue;
    }
    const spec = specs[name];
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option '--${name}' takes no value`, command);
      values[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`option '--${name}' needs a value`, command);
      value = argv[++i];
    }
    values[name] = value;
  }
  return { positionals, values };
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
