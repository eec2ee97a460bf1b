// recent.list: the recent captures, most recent first.

import type { MainContext } from '../context.js';

export async function recentFiles(ctx: MainContext): Promise<string[]> {
  return ctx.recent.list();
}
