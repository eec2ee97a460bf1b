// Electron main process: boot only (app lifecycle). Everything else lives in ./shell.ts and the
// modules it wires together.
//
// One instance per user: a second launch (double-clicking another capture) hands its file to the
// first instance's window. macOS delivers files through `open-file`, possibly before `ready`.

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { startLiveCapture } from '../node/live-capture.js';
import { captureFromArgv } from './argv.js';
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

  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (shell === null) capture = path;
    else void shell.openPath(path);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const path = captureFromArgv(argv, { defaultApp, cwd: workingDirectory });
    if (shell === null) return;
    if (path !== null) void shell.openPath(path);
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
      shell = await startShell({ mainDir, capture, startLiveCapture });
    })
    .catch((error: unknown) => {
      console.error(`wsscope: could not start: ${error instanceof Error ? error.stack : String(error)}`);
      app.exit(1);
    });
}
