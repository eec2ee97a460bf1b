// stream.reopen: the window's capture again, from its first byte, as a new stream (the hex view's
// TLS records decode it anew). Only a stream main opened can be reopened, and main reopens the path
// it opened that stream from (a live capture: the bytes captured so far, kept in memory, then
// what follows); the renderer never names a path.

import { basename } from 'node:path';
import { parseStreamId } from '../../../node/validate.js';
import type { StreamInfo } from '../../../shared/api.js';
import type { MainContext } from '../context.js';

export async function reopenStream(ctx: MainContext, id: unknown): Promise<StreamInfo> {
  const streamId = parseStreamId(id);
  const path = ctx.files.get(streamId);
  return ctx.streams.reopen(streamId).catch((error: Error) => {
    throw new Error(`cannot read ${path === undefined ? 'the capture' : basename(path)} again: ${error.message}`);
  });
}
