// capture.openInitial: the file from the command line or a link, else the restored window's, else
// the bundled sample; main chose it. A file that cannot be opened is the renderer's notice.

import { InvalidArgumentError } from '../../../node/validate.js';
import type { StreamInfo } from '../../../shared/api.js';
import type { MainContext } from '../context.js';
import { openCapture } from './open-capture.js';

export async function openInitial(ctx: MainContext): Promise<StreamInfo | null> {
  const initial = ctx.initialCapture();
  if (initial === null) return null;
  if ('problem' in initial) throw new InvalidArgumentError(initial.problem);
  return openCapture(ctx, initial.path, initial.remember);
}
