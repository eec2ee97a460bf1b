// --jobs N: how many threads decode a capture file's connections (decode-file.ts, src/decoder/shard/).

import { type ParsedArgs, UsageError } from './args.js';

export const JOBS_OPTION = { jobs: { type: 'string', short: 'j' } } as const;

/** Up to this many decoder threads: more only adds copies of the decoder's memory. */
const MAX_JOBS = 64;

/** The --jobs asked for, or undefined for the default (decode-file.ts). */
export function jobsOption(args: ParsedArgs, command: string): number | undefined {
  const value = args.values.jobs;
  if (typeof value !== 'string') return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS) {
    throw new UsageError(
      `invalid --jobs ${JSON.stringify(value)}: expected a whole number of decoder threads from 1 to ${MAX_JOBS}`,
      command,
    );
  }
  return n;
}
