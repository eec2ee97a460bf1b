// capture.openDropped: a path the renderer got from a dropped File (preload's pathForFile).
//
// The renderer is not trusted with paths, so besides the preload's own check (it only forwards
// paths that webUtils.getPathForFile returned for a real dropped file), main accepts only an
// absolute path to a regular file with a capture extension, symlinks resolved (the target must
// pass too; ../../capture-path.ts): a compromised renderer cannot use this to read ~/.ssh/id_rsa.

import { parsePathArgument } from '../../../node/validate.js';
import type { StreamInfo } from '../../../shared/api.js';
import { checkCapturePath } from '../../capture-path.js';
import type { MainContext } from '../context.js';
import { openCapture } from './open-capture.js';

export async function openDropped(ctx: MainContext, pathArgument: unknown): Promise<StreamInfo | null> {
  const path = parsePathArgument(pathArgument);
  return openCapture(ctx, await checkCapturePath(path, 'dropped path'));
}
