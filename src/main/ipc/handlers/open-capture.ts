// Opening a capture file whose path main already trusts (from a dialog, a drop, the recent list or
// the command line, a link, the window state): register the stream, note which file it is (the window
// state names it), remember it as recent, put its name in the title.

import { basename } from 'node:path';
import type { StreamInfo } from '../../../shared/api.js';
import type { MainContext } from '../context.js';

export const APP_NAME = 'wsscope';

export async function openCapture(ctx: MainContext, path: string, remember = true): Promise<StreamInfo> {
  const info = await ctx.streams.openFile(path).catch((error: Error) => {
    throw new Error(`cannot open ${basename(path)}: ${error.message}`);
  });
  ctx.files.set(info.id, path);
  if (remember) {
    await ctx.recent.add(path);
    ctx.onRecentChange(path);
  }
  ctx.setTitle(windowTitle(basename(path)));
  return info;
}

/** "capture.pcap — wsscope", or just "wsscope". */
export function windowTitle(name: string): string {
  return name.length > 0 ? `${name} — ${APP_NAME}` : APP_NAME;
}
