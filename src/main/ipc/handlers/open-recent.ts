// recent.open: only a path on the recent list (which main itself filled) may be opened.
// A recent file that has gone missing is dropped from the list, then the error is reported.

import { existsSync } from 'node:fs';
import { InvalidArgumentError, parsePathArgument } from '../../../node/validate.js';
import type { StreamInfo } from '../../../shared/api.js';
import type { MainContext } from '../context.js';
import { openCapture } from './open-capture.js';

export async function openRecent(ctx: MainContext, pathArgument: unknown): Promise<StreamInfo | null> {
  const path = parsePathArgument(pathArgument);
  if (!ctx.recent.has(path)) throw new InvalidArgumentError(`not a recent file: ${JSON.stringify(path)}`);
  try {
    return await openCapture(ctx, path);
  } catch (error) {
    if (!existsSync(path)) {
      await ctx.recent.remove(path);
      ctx.onRecentChange(path);
    }
    throw error;
  }
}
