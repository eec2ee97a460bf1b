// capture.openDropped: a path the renderer got from a dropped File (preload's pathForFile).
//
// The renderer is not trusted with paths, so besides the preload's own check (it only forwards
// paths that webUtils.getPathForFile returned for a real dropped file), main accepts only an
// absolute path to a regular file with a capture extension, symlinks resolved (the target must
// pass too): a compromised renderer cannot use this to read ~/.ssh/id_rsa.

import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import {
  CAPTURE_EXTENSIONS,
  hasCaptureExtension,
  InvalidArgumentError,
  parsePathArgument,
} from '../../../node/validate.js';
import type { StreamInfo } from '../../../shared/api.js';
import type { MainContext } from '../context.js';
import { openCapture } from './open-capture.js';

export async function openDropped(ctx: MainContext, pathArgument: unknown): Promise<StreamInfo | null> {
  const path = parsePathArgument(pathArgument);
  if (!isAbsolute(path)) throw new InvalidArgumentError(`dropped path is not absolute: ${JSON.stringify(path)}`);
  if (!hasCaptureExtension(path)) {
    const expected = CAPTURE_EXTENSIONS.map((ext) => `.${ext}`).join(', ');
    throw new InvalidArgumentError(`not a capture file: ${basename(path)} (expected ${expected})`);
  }
  // A symlink named *.pcap may point anywhere (~/.ssh/id_rsa): follow it and judge the target,
  // which must itself be a regular file with a capture extension; open the target, not the link.
  const real = await realpath(path).catch(() => {
    throw new InvalidArgumentError(`cannot open ${basename(path)}: no such file`);
  });
  if (!hasCaptureExtension(real)) {
    throw new InvalidArgumentError(`not a capture file: ${basename(path)} points to ${basename(real)}`);
  }
  const stats = await stat(real);
  if (!stats.isFile()) throw new InvalidArgumentError(`not a regular file: ${basename(path)}`);
  return openCapture(ctx, real);
}
