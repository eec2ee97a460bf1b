// The Electron shell put together: context, IPC, window, menu.
//
// Theory of operation: `startShell` runs once the app is ready. It loads the recent list and the
// window state, decides the initial capture (a wsscope:// link or a file on the command line, else
// the window as it was when the app last closed, else the bundled sample), builds the MainContext
// from the real Electron APIs, registers IPC, opens the window and installs the menu.
// Opening a file from outside the renderer (Open Recent in the menu, macOS open-file and open-url, a
// second instance given a file or a link) makes it the initial capture and loads the page again:
// the renderer asks for openInitial() on load, so no extra channel is needed. Streams of the old
// page are closed (on every main-frame navigation, i.e. reloads, and when the renderer process dies).
// Deep links (issue 12): where the window opens in the capture travels in the page URL's hash,
// which the renderer applies once its rows are decoded, exactly as in browser mode; the renderer
// reports every change back (window.setLocation) and main keeps it in the window state.

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, type BrowserWindow, dialog, ipcMain, Menu, shell } from 'electron';
import type { StartLiveCapture } from '../node/streams/live-session.js';
import { StreamRegistry } from '../node/streams/registry.js';
import { CAPTURE_EXTENSIONS } from '../node/validate.js';
import type { MenuCommand } from '../shared/api.js';
import { type DeepLink, deepLinkHash, NO_LINK } from '../shared/deep-link.js';
import type { EventArgs, EventChannel } from '../shared/ipc.js';
import { sampleCapturePath } from './argv.js';
import { checkCapturePath } from './capture-path.js';
import { openExternalIfAllowed } from './external-links.js';
import type { InitialCapture, MainContext } from './ipc/context.js';
import { APP_NAME } from './ipc/handlers/open-capture.js';
import { registerIpc, senderIsUi } from './ipc/register.js';
import { buildMenuTemplate } from './menu.js';
import { parseOpenLink } from './open-link.js';
import { RecentFiles } from './recent-files.js';
import { restoreTarget, type SavedWindow, WINDOW_STATE_FILE, WindowState } from './window-state.js';
import { createMainWindow } from './windows/main-window.js';
import { handleUiProtocol, UI_URL } from './windows/ui-protocol.js';

export interface ShellOptions {
  /** Directory of the built main bundle (dist/main). */
  mainDir: string;
  /** A capture from the command line, already resolved to an absolute path. */
  capture: string | null;
  /** A wsscope:// link from the command line or macOS's open-url (before the app was ready). */
  link?: string | null;
  startLiveCapture: StartLiveCapture;
}

export interface Shell {
  /** Shows `path` (a file the OS or the user handed to main) in the window, at `link` if given. */
  openPath(path: string, link?: DeepLink): Promise<void>;
  /** Follows a wsscope:// link (a second instance's argument, macOS open-url); a bad one is reported, not opened. */
  openLink(url: string): Promise<void>;
  /** Creates the window again (macOS dock click with no window open). */
  ensureWindow(): void;
  shutdown(): Promise<void>;
}

export async function startShell(options: ShellOptions): Promise<Shell> {
  const recent = await RecentFiles.load(join(app.getPath('userData'), 'recent-files.json'));
  const windowState = await WindowState.load(join(app.getPath('userData'), WINDOW_STATE_FILE));
  let initial = await firstCapture(options, windowState);
  if (initial !== null && 'problem' in initial) console.warn(`wsscope: ${initial.problem}`);
  /** What the window shows now, as the renderer last reported it. */
  let location: SavedWindow = { file: null, link: NO_LINK };
  /** Pages loaded by main after the first (see pageUrl). */
  let loads = 0;
  const uiDir = join(options.mainDir, '..', 'ui');
  const preload = join(options.mainDir, '..', 'preload', 'index.cjs');
  let window: BrowserWindow | null = null;

  const sendEvent = <K extends EventChannel>(channel: K, ...args: EventArgs<K>) => {
    window?.webContents.send(channel, ...args);
  };
  const refreshMenu = () => {
    const template = buildMenuTemplate(
      {
        platform: process.platform,
        recent: recent.list(),
        liveRunning: streams.liveRunning,
        liveSavable: streams.liveSavable,
        development: !app.isPackaged,
      },
      {
        send: (command: MenuCommand) => sendEvent('menu.command', command),
        openRecent: (path) => void openPath(path),
        clearRecent: () => void recent.clear().then(refreshMenu),
        openExternal: (url) => openExternalIfAllowed(url, (allowed) => shell.openExternal(allowed)),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  const streams = new StreamRegistry({ onLiveChange: refreshMenu });

  const ctx: MainContext = {
    streams,
    recent,
    initialCapture: () => initial,
    dialogs: {
      async chooseCapture() {
        const filters = [
          { name: 'Captures', extensions: [...CAPTURE_EXTENSIONS] },
          { name: 'All files', extensions: ['*'] },
        ];
        const result = window
          ? await dialog.showOpenDialog(window, { properties: ['openFile'], filters })
          : await dialog.showOpenDialog({ properties: ['openFile'], filters });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      async chooseSaveTarget(defaultName) {
        const settings = {
          defaultPath: join(app.getPath('documents'), defaultName),
          filters: [{ name: 'pcapng capture', extensions: ['pcapng'] }],
        };
        const result = window ? await dialog.showSaveDialog(window, settings) : await dialog.showSaveDialog(settings);
        return result.canceled ? null : (result.filePath ?? null);
      },
    },
    setTitle: (title) => window?.setTitle(title),
    startLiveCapture: options.startLiveCapture,
    writeFile: (path, bytes) => writeFile(path, bytes),
    onRecentChange: (path) => {
      if (recent.has(path)) app.addRecentDocument(path);
      refreshMenu();
    },
    files: new Map(),
    setLocation: (file, link) => {
      location = { file, link };
      windowState.set(0, location);
    },
  };

  handleUiProtocol(uiDir);
  registerIpc(ipcMain, ctx, senderIsUi(UI_URL));

  const ensureWindow = () => {
    if (window !== null) return;
    window = createMainWindow({ preload, url: pageUrl(initial, loads), devTools: !app.isPackaged });
    window.setTitle(APP_NAME);
    window.on('closed', () => {
      window = null;
      void releaseStreams();
      // A window opened again (macOS dock click) shows what this one showed.
      if (location.file !== null) initial = { path: location.file, remember: false, link: location.link };
    });
    // A reloaded or crashed page cannot read its old streams any more: release them (file
    // descriptors, running captures) instead of waiting for the window to close.
    window.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) void releaseStreams();
    });
    window.webContents.on('render-process-gone', () => void releaseStreams());
  };
  const releaseStreams = () => {
    ctx.files.clear();
    return streams.closeAll();
  };

  const openPath = async (path: string, link?: DeepLink) => {
    initial = { path, remember: true, link };
    await releaseStreams();
    loads += 1;
    if (window === null) {
      ensureWindow();
    } else {
      void window.loadURL(pageUrl(initial, loads));
      window.focus();
    }
  };

  const openLink = async (url: string) => {
    const target = await linkTarget(url);
    if ('path' in target) {
      await openPath(target.path, target.link);
      return;
    }
    console.warn(`wsscope: ${target.problem}`);
    const box = { type: 'warning' as const, message: 'wsscope cannot open this link', detail: target.problem };
    void (window ? dialog.showMessageBox(window, box) : dialog.showMessageBox(box));
  };

  ensureWindow();
  refreshMenu();
  return {
    openPath,
    openLink,
    ensureWindow,
    shutdown: () => {
      // Synchronously: the app may exit before an asynchronous write started here completes.
      windowState.flushSync();
      return streams.closeAll();
    },
  };
}

/**
 * The first capture: a link, else a file from the command line, else the window as the app last
 * left it (its file checked again: the state file is not trusted), else the bundled sample.
 */
async function firstCapture(options: ShellOptions, windowState: WindowState): Promise<InitialCapture | null> {
  if (options.link) return linkTarget(options.link);
  if (options.capture !== null) return { path: options.capture, remember: true };
  const restored = await restoreTarget(windowState.saved(0));
  if (restored !== null) return 'problem' in restored ? restored : { ...restored, remember: false };
  const sample = sampleCapturePath(app.getAppPath());
  return existsSync(sample) ? { path: sample, remember: false } : null;
}

/** A wsscope:// link's capture, checked like a dropped file (any web page can make a link), or why not. */
async function linkTarget(
  url: string,
): Promise<{ path: string; remember: true; link: DeepLink } | { problem: string }> {
  try {
    const { file, link } = parseOpenLink(url);
    return { path: await checkCapturePath(file, 'linked path'), remember: true, link };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The page's URL: the UI, its hash the link to open at. Every load after the first gets a new
 * query (`?open=N`): a URL that differs from the current one only in its hash would be a
 * same-document navigation, which scrolls instead of loading the page (and its openInitial()).
 * The app:// handler serves the file by path and the IPC sender check ignores query and hash.
 */
export function pageUrl(initial: InitialCapture | null, load: number): string {
  const link = initial !== null && 'path' in initial ? initial.link : undefined;
  return `${UI_URL}${load > 0 ? `?open=${load}` : ''}${link ? deepLinkHash(link) : ''}`;
}
