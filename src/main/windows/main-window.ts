// The one application window, locked down (Electron security checklist).
//
// - webPreferences: contextIsolation on, sandbox on, nodeIntegration off, webSecurity left at its
//   default (on), no <webview>. The renderer reaches main only through the preload's ShellApi.
// - Navigation: the window shows dist/ui/index.html (as app://wsscope/index.html, ./ui-protocol.ts)
//   and nothing else. `will-navigate` is always
//   prevented (a dropped file the renderer did not handle would otherwise replace the UI), new
//   windows are always denied, and a link to an allowlisted documentation site opens in the
//   user's browser instead.
// - Permissions (camera, notifications, …) are refused, except writing to the clipboard ("copy as
//   hex" buttons).
// - The Content-Security-Policy is a response header of the app:// protocol (plus the page's own
//   <meta http-equiv>).

import { BrowserWindow, shell, type WebContents } from 'electron';
import { openExternalIfAllowed } from '../external-links.js';

const ALLOWED_PERMISSIONS = new Set<string>(['clipboard-sanitized-write']);

export interface MainWindowOptions {
  /** dist/preload/index.cjs */
  preload: string;
  /** The UI's URL, app://wsscope/index.html. */
  url: string;
  /** Development build: the developer tools may open (never in a packaged app). */
  devTools?: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    // The layout must survive a 1280×720 projector; allow a little less.
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'wsscope',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
      // Not even by keyboard shortcut in a shipped app (the menu offers them in development only).
      devTools: options.devTools === true,
    },
  });
  window.once('ready-to-show', () => window.show());
  lockDown(window.webContents);
  void window.loadURL(options.url);
  return window;
}

/** Blocks navigation, new windows, webviews and permission requests for `contents`. */
export function lockDown(contents: WebContents): void {
  const openExternal = (url: string) => openExternalIfAllowed(url, (allowed) => shell.openExternal(allowed));
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openExternal(event.url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  contents.session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
}
