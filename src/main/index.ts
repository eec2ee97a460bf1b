// Electron main process: boot only (app lifecycle). Everything else lives in ./shell.ts and the
// modules it wires together.
//
// One instance per user: a second launch (double-clicking another capture, clicking a wsscope://
// link) hands its file or link to the first instance's window. macOS delivers files through
// `open-file` and links through `open-url`, possibly before `ready`.

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { startLiveCapture } from '../node/live-capture.js';
import { captureFromArgv, linkFromArgv } from './argv.js';
import { LINK_SCHEME } from './open-link.js';
import { type Shell, startShell } from './shell.js';
import { registerUiScheme } from './windows/ui-protocol.js';

const mainDir = dirname(fileURLToPath(import.meta.url));
const defaultApp = process.defaultApp === true;

// Privileged schemes must be declared before the app is ready.
registerUiScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let shell: Shell | null = null;
  let capture = captureFromArgv(process.argv, { defaultApp, cwd: process.cwd() });
  let link = linkFromArgv(process.argv, { defaultApp, cwd: process.cwd() });
  // macOS and Linux register the scheme from the package (electron-builder.yml `protocols`);
  // Windows installers do not, so the packaged app registers itself.
  if (app.isPackaged && process.platform === 'win32') app.setAsDefaultProtocolClient(LINK_SCHEME);

  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (shell === null) {
      capture = path;
      link = null;
    } else void shell.openPath(path);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (shell === null) link = url;
    else void shell.openLink(url);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const context = { defaultApp, cwd: workingDirectory };
    const path = captureFromArgv(argv, context);
    const url = linkFromArgv(argv, context);
    if (shell === null) return;
    if (url !== null) void shell.openLink(url);
    else if (path !== null) void shell.openPath(path);
    else shell.ensureWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => shell?.ensureWindow());
  app.on('before-quit', () => void shell?.shutdown());

  app
    .whenReady()
    .then(async () => {
      shell = await startShell({ mainDir, capture, link, startLiveCapture });
    })
    .catch((error: unknown) => {
      console.error(`wsscope: could not start: ${error instanceof Error ? error.stack : String(error)}`);
      app.exit(1);
    });
}
