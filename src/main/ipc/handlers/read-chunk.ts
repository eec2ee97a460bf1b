// stream.readChunk: the next chunk of a stream main opened, or null at its end.

import { parseStreamId } from '../../../node/validate.js';
import type { MainContext } from '../context.js';

export async function readChunk(ctx: MainContext, id: unknown): Promise<Uint8Array | null> {
  return ctx.streams.readChunk(parseStreamId(id));
}
