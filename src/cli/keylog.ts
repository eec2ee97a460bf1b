// TLS key logs for the commands that read a capture: `--keylog FILE`, else the SSLKEYLOGFILE the
// environment names (the file browsers, curl and Node write when it is set). Which one was used
// is said on stderr; keys in the capture itself (pcapng Decryption Secrets Blocks) are used too.

import { readFile } from 'node:fs/promises';
import type { ParsedArgs } from './args.js';
import type { CliContext } from './context.js';
import { InputError } from './decode-file.js';

export const TLS_OPTIONS = { keylog: { type: 'string' } } as const;

export interface KeyLogChoice {
  path: string;
  from: '--keylog' | 'SSLKEYLOGFILE';
  text: Uint8Array;
}

/**
 * The key log to decrypt with, or null. An unreadable --keylog is an input error (exit 1); an
 * unreadable SSLKEYLOGFILE only a warning (it is often set for other programs).
 */
export async function chooseKeyLog(
  args: ParsedArgs,
  ctx: Pick<CliContext, 'warn'>,
  env: Record<string, string | undefined> = process.env,
): Promise<KeyLogChoice | null> {
  const given = args.values.keylog;
  const path = typeof given === 'string' ? given : env.SSLKEYLOGFILE;
  if (!path) return null;
  const from = typeof given === 'string' ? '--keylog' : 'SSLKEYLOGFILE';
  try {
    return { path, from, text: await readFile(path) };
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    if (from === '--keylog') throw new InputError(`${path}: cannot read the key log (${why})`);
    ctx.warn(`SSLKEYLOGFILE=${path} cannot be read (${why}); decrypting with keys in the capture only`);
    return null;
  }
}
