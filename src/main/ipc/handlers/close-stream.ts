// stream.close: release a stream (a live capture is stopped; its bytes stay savable).

import { parseStreamId } from '../../../node/validate.js';
import type { MainContext } from '../context.js';

export async function closeStream(ctx: MainContext, id: unknown): Promise<void> {
  await ctx.streams.close(parseStreamId(id));
}
