// capture.openInitial: the file from the command line, else the bundled sample; main chose it.

import type { StreamInfo } from '../../../shared/api.js';
import type { MainContext } from '../context.js';
import { openCapture } from './open-capture.js';

export async function openInitial(ctx: MainContext): Promise<StreamInfo | null> {
  const initial = ctx.initialCapture();
  return initial === null ? null : openCapture(ctx, initial.path, initial.remember);
}
