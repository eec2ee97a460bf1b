// The Electron shell put together: context, IPC, window, menu.
//
// Theory of operation: `startShell` runs once the app is ready. It loads the recent list, decides
// the initial capture (command line, else the bundled sample), builds the MainContext from the real
// Electron APIs, registers IPC, opens the window and installs the menu.
// Opening a file from outside the renderer (Open Recent in the menu, macOS open-file, a second
// instance given a file) makes it the initial capture and reloads the window: the renderer asks
// for openInitial() on load, so no extra channel is needed. Streams of the old page are closed
// (on every main-frame navigation, i.e. reloads, and when the renderer process dies).

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, type BrowserWindow, dialog, ipcMain, Menu, shell } from 'electron';
import type { StartLiveCapture } from '../node/streams/live-session.js';
import { StreamRegistry } from '../node/streams/registry.js';
import { CAPTURE_EXTENSIONS } from '../node/validate.js';
import type { MenuCommand } from '../shared/api.js';
import type { EventArgs, EventChannel } from '../shared/ipc.js';
import { sampleCapturePath } from './argv.js';
import { openExternalIfAllowed } from './external-links.js';
import type { InitialCapture, MainContext } from './ipc/context.js';
import { APP_NAME } from './ipc/handlers/open-capture.js';
import { registerIpc, senderIsUi } from './ipc/register.js';
import { buildMenuTemplate } from './menu.js';
import { RecentFiles } from './recent-files.js';
import { createMainWindow } from './windows/main-window.js';
import { handleUiProtocol, UI_URL } from './windows/ui-protocol.js';

export interface ShellOptions {
  /** Directory of the built main bundle (dist/main). */
  mainDir: string;
  /** A capture from the command line, already resolved to an absolute path. */
  capture: string | null;
  startLiveCapture: StartLiveCapture;
}

export interface Shell {
  /** Shows `path` (a file the OS or the user handed to main) in the window. */
  openPath(path: string): Promise<void>;
  /** Creates the window again (macOS dock click with no window open). */
  ensureWindow(): void;
  shutdown(): Promise<void>;
}

export async function startShell(options: ShellOptions): Promise<Shell> {
  const recent = await RecentFiles.load(join(app.getPath('userData'), 'recent-files.json'));
  const sample = sampleCapturePath(app.getAppPath());
  let initial: InitialCapture | null =
    options.capture !== null
      ? { path: options.capture, remember: true }
      : existsSync(sample)
        ? { path: sample, remember: false }
        : null;
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
  };

  handleUiProtocol(uiDir);
  registerIpc(ipcMain, ctx, senderIsUi(UI_URL));

  const ensureWindow = () => {
    if (window !== null) return;
    window = createMainWindow({ preload, url: UI_URL, devTools: !app.isPackaged });
    window.setTitle(APP_NAME);
    window.on('closed', () => {
      window = null;
      void streams.closeAll();
    });
    // A reloaded or crashed page cannot read its old streams any more: release them (file
    // descriptors, running captures) instead of waiting for the window to close.
    window.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) void streams.closeAll();
    });
    window.webContents.on('render-process-gone', () => void streams.closeAll());
  };

  const openPath = async (path: string) => {
    initial = { path, remember: true };
    await streams.closeAll();
    if (window === null) {
      ensureWindow();
    } else {
      window.webContents.reload();
      window.focus();
    }
  };

  ensureWindow();
  refreshMenu();
  return { openPath, ensureWindow, shutdown: () => streams.closeAll() };
}
