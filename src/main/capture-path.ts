// Checking a capture path that came from outside main's own dialogs: a dropped file, a wsscope://
// link (any web page can make one), the window-state file in userData (anything may have written
// it). Such a path is accepted only if it is absolute and, symlinks resolved, names a regular file
// with a capture extension, and so does the path itself: a symlink named *.pcap may point to
// ~/.ssh/id_rsa, and a link to a directory or a device must not be opened either. The resolved
// path is what gets opened (the link cannot be swapped afterwards to point elsewhere).

import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { CAPTURE_EXTENSIONS, hasCaptureExtension, InvalidArgumentError } from '../node/validate.js';

/** The path names nothing (a dangling symlink included): a caller may say the file is gone. */
export class MissingCaptureError extends InvalidArgumentError {}

/** The real path of the capture `path` names; an InvalidArgumentError with a one-line reason if it is not one. */
export async function checkCapturePath(path: string, what = 'path'): Promise<string> {
  if (!isAbsolute(path)) throw new InvalidArgumentError(`${what} is not absolute: ${JSON.stringify(path)}`);
  if (!hasCaptureExtension(path)) {
    const expected = CAPTURE_EXTENSIONS.map((ext) => `.${ext}`).join(', ');
    throw new InvalidArgumentError(`not a capture file: ${basename(path)} (expected ${expected})`);
  }
  const real = await realpath(path).catch(() => {
    throw new MissingCaptureError(`cannot open ${basename(path)}: no such file`);
  });
  if (!hasCaptureExtension(real)) {
    throw new InvalidArgumentError(`not a capture file: ${basename(path)} points to ${basename(real)}`);
  }
  const stats = await stat(real);
  if (!stats.isFile()) throw new InvalidArgumentError(`not a regular file: ${basename(path)}`);
  return real;
}
