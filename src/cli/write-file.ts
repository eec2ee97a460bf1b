// Writing an output file for export and slice: "-" is standard output; a failure is one line
// naming the file (exit 1), never a stack.

import { writeFile } from 'node:fs/promises';
import type { CliContext } from './context.js';
import { InputError } from './decode-file.js';

export async function writeOutput(path: string, data: string | Uint8Array, ctx: CliContext): Promise<void> {
  if (path === '-') {
    await new Promise<void>((resolve, reject) =>
      ctx.stdout.write(data, (error?: Error | null) => (error ? reject(error) : resolve())),
    );
    return;
  }
  try {
    await writeFile(path, data);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'EACCES' ? 'permission denied' : e.code === 'ENOENT' ? 'no such directory' : e.message;
    throw new InputError(`cannot write ${path}: ${why}`);
  }
}
