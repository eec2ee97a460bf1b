// stream.readRange: bytes [start, end) of a capture file main opened, read at that position with a
// file handle (never the whole file), so the decoder worker reads payloads back instead of keeping
// them (src/renderer/worker/file-payloads.ts; the page relays, src/renderer/shell/reread-port.ts).
//
// Only a stream id main made; integers within the size the file had when main opened it, at most
// MAX_RANGE_BYTES at a time; never a live capture (its bytes are not a file with fixed offsets).
// A file changed on disk since (size or modification time) or gone is refused in one line: the
// offsets the worker kept would point at other bytes.

import { InvalidArgumentError, parseByteRange, parseStreamId } from '../../../node/validate.js';
import type { MainContext } from '../context.js';

export async function readRange(ctx: MainContext, id: unknown, start: unknown, end: unknown): Promise<Uint8Array> {
  const streamId = parseStreamId(id);
  const info = ctx.streams.info(streamId);
  if (info.live || info.size === null) throw liveRefused();
  const { offset, length } = parseByteRange(start, end, info.size);
  const bytes = await ctx.streams.readRange(streamId, offset, length);
  if (bytes === null) throw liveRefused();
  return bytes;
}

/** The browser-mode server's words for the same refusal (src/server/api.ts). */
function liveRefused(): InvalidArgumentError {
  return new InvalidArgumentError('a live capture cannot be read by range');
}
