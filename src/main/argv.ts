// The capture file given on the command line, and the initial capture when none is given.
//
// process.argv in Electron is [executable, ...args] for a packaged app and
// [executable, appPath, ...args] when the app runs from the plain `electron` binary
// (process.defaultApp is then true). Options (anything starting with "-", including Chromium
// switches and macOS's -psn_… argument) are skipped; the first remaining argument is the capture,
// resolved against the working directory, unless it is a wsscope:// link (./open-link.ts), which
// linkFromArgv returns instead.

import { isAbsolute, join, resolve } from 'node:path';
import { isOpenLink } from './open-link.js';

export interface ArgvContext {
  /** process.defaultApp: true when run as `electron <appPath> …`. */
  defaultApp: boolean;
  cwd: string;
}

export function captureFromArgv(argv: readonly string[], context: ArgvContext): string | null {
  const arg = firstArgument(argv, context);
  if (arg === null || isOpenLink(arg)) return null;
  return isAbsolute(arg) ? arg : resolve(context.cwd, arg);
}

/** The wsscope:// link the app was started with (the OS passes a clicked link as the argument), or null. */
export function linkFromArgv(argv: readonly string[], context: ArgvContext): string | null {
  const arg = firstArgument(argv, context);
  return arg !== null && isOpenLink(arg) ? arg : null;
}

function firstArgument(argv: readonly string[], context: ArgvContext): string | null {
  const args = argv.slice(context.defaultApp ? 2 : 1);
  let optionsEnded = false;
  for (const arg of args) {
    if (!optionsEnded && arg === '--') {
      optionsEnded = true;
      continue;
    }
    if (!optionsEnded && arg.startsWith('-')) continue;
    if (arg.length === 0) continue;
    return arg;
  }
  return null;
}

/**
 * The bundled sample capture, relative to the app's root (app.getAppPath()). In a packaged app
 * the root is an app.asar archive, and electron-builder.yml unpacks the sample beside it
 * (asarUnpack) so that it is a real file for every fs call, not one Electron's asar layer fakes.
 */
export function sampleCapturePath(appPath: string): string {
  const root = appPath.endsWith('.asar') ? `${appPath}.unpacked` : appPath;
  return join(root, 'fixtures', 'sample.pcap');
}
