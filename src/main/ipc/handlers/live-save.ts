// live.save: write a live capture's bytes as pcapng where the user chooses (native save dialog).
// The target path comes from the dialog main shows, never from the renderer.

import { toPcapng } from '../../../node/pcapng-writer.js';
import { parseStreamId } from '../../../node/validate.js';
import type { MainContext } from '../context.js';

export async function saveLiveCapture(ctx: MainContext, id: unknown): Promise<string | null> {
  const streamId = parseStreamId(id);
  const session = ctx.streams.liveSession(streamId);
  const bytes = toPcapng(ctx.streams.liveBytes(streamId));
  const target = await ctx.dialogs.chooseSaveTarget(
    `wsscope-${session.options.iface}-port-${session.options.port}.pcapng`,
  );
  if (target === null) return null;
  await ctx.writeFile(target, bytes);
  return target;
}
