// window.setLocation: the renderer says what the window shows (its stream and deep link), so the
// window state can reopen it there. The stream is resolved to a file only if main opened it from
// a path; a live capture, a file the page read itself or an unknown id count as "no file". The
// link's parts are checked one by one (src/shared/deep-link.ts); a malformed report is dropped.

import { InvalidArgumentError, parseStreamId } from '../../../node/validate.js';
import { deepLinkFrom } from '../../../shared/deep-link.js';
import type { MainContext } from '../context.js';

export function setLocation(ctx: MainContext, location: unknown): void {
  const link = deepLinkFrom(location);
  if (link === null) throw new InvalidArgumentError('invalid window location: expected an object');
  const stream = (location as { stream?: unknown }).stream;
  const file = stream === null || stream === undefined ? null : (ctx.files.get(parseStreamId(stream)) ?? null);
  ctx.setLocation(file, link);
}
