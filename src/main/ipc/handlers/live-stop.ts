// live.stop: stop a live capture; its stream ends after the last captured bytes.

import { parseStreamId } from '../../../node/validate.js';
import type { MainContext } from '../context.js';

export async function stopLiveCapture(ctx: MainContext, id: unknown): Promise<void> {
  await ctx.streams.stopLive(parseStreamId(id));
}
