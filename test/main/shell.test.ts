// The Electron shell glue (src/main/shell.ts, windows/main-window.ts) with `electron` mocked:
// a locked-down window on dist/ui/index.html, every IPC channel served, the menu wired to the
// renderer, the initial capture (sample or command line), and files opened from outside.

import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamInfo } from '../../src/shared/api.js';
import { INVOKE_CHANNELS } from '../../src/shared/ipc.js';

type Listener = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  class FakeWebContents {
    readonly listeners = new Map<string, Listener>();
    windowOpenHandler: Listener | null = null;
    send = vi.fn();
    reload = vi.fn();
    session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    on(event: string, listener: Listener) {
      this.listeners.set(event, listener);
      return this;
    }
    setWindowOpenHandler(handler: Listener) {
      this.windowOpenHandler = handler;
    }
  }
  class BrowserWindow {
    static instances: BrowserWindow[] = [];
    readonly listeners = new Map<string, Listener>();
    readonly webContents = new FakeWebContents();
    loadURL = vi.fn(async (_url: string) => {});
    setTitle = vi.fn();
    show = vi.fn();
    focus = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      BrowserWindow.instances.push(this);
    }
    on(event: string, listener: Listener) {
      this.listeners.set(event, listener);
      return this;
    }
    once(event: string, listener: Listener) {
      return this.on(event, listener);
    }
  }
  const handlers = new Map<string, Listener>();
  const sendListeners = new Map<string, Listener>();
  const state = { userData: '/nonexistent', appPath: '/nonexistent' };
  return {
    state,
    handlers,
    sendListeners,
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: Listener) => handlers.set(channel, listener),
      removeHandler: (channel: string) => handlers.delete(channel),
      on: (channel: string, listener: Listener) => sendListeners.set(channel, listener),
      removeAllListeners: (channel: string) => sendListeners.delete(channel),
    },
    app: {
      getPath: (name: string) => (name === 'userData' ? state.userData : `/home/user/${name}`),
      getAppPath: () => state.appPath,
      addRecentDocument: vi.fn(),
    },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    shell: { openExternal: vi.fn(async (_url: string) => {}) },
    protocol: { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() },
  };
});
vi.mock('electron', () => electron);

const { startShell } = await import('../../src/main/shell.js');

const ROOT = join(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'fixtures/shared/01_pyws_text_echo.pcap');
const MAIN_DIR = '/opt/wsscope/dist/main';
const FROM_UI = { senderFrame: { url: 'app://wsscope/index.html' } };
const noCapture = () => {
  throw new Error('no live capture in this test');
};

function lastWindow() {
  return electron.BrowserWindow.instances.at(-1)!;
}

function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  return Promise.resolve(electron.handlers.get(channel)!(FROM_UI, ...args));
}

function lastMenu(): MenuItemConstructorOptions[] {
  return electron.Menu.buildFromTemplate.mock.lastCall![0] as MenuItemConstructorOptions[];
}

// Every test starts a shell afresh: an empty userData, no window, no IPC registered.
let userData: string;
beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'wsscope-userdata-'));
  electron.state.userData = userData;
  electron.state.appPath = ROOT;
  electron.BrowserWindow.instances.length = 0;
  electron.handlers.clear();
  electron.sendListeners.clear();
  vi.clearAllMocks();
});
afterEach(async () => {
  await rm(userData, { recursive: true, force: true });
});

describe('Electron shell', () => {
  it('opens one locked-down window on app://wsscope/ (serving dist/ui) with the bundled preload', async () => {
    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    expect(electron.BrowserWindow.instances.length).toBe(1);
    const window = lastWindow();
    expect(window.options.webPreferences).toMatchObject({
      preload: '/opt/wsscope/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect((window.options.webPreferences as Record<string, unknown>).webSecurity).toBeUndefined();
    expect(window.loadURL).toHaveBeenCalledWith('app://wsscope/index.html');
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('blocks navigation and new windows; allowlisted links open in the browser', async () => {
    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    const contents = lastWindow().webContents;
    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      contents.listeners.get('will-navigate')!(event);
      return event.preventDefault;
    };
    expect(navigate('file:///home/user/dropped.pcap')).toHaveBeenCalled();
    expect(navigate('https://evil.example/')).toHaveBeenCalled();
    expect(navigate('https://www.rfc-editor.org/rfc/rfc6455')).toHaveBeenCalled();
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://www.rfc-editor.org/rfc/rfc6455']]);

    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://datatracker.ietf.org/doc/html/rfc6455' })).toEqual({
      action: 'deny',
    });
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(2);

    const webview = { preventDefault: vi.fn() };
    contents.listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('refuses IPC from a page that is not the UI', async () => {
    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    const fileUrl = { senderFrame: { url: 'file:///opt/wsscope/dist/ui/index.html' } };
    await expect(Promise.resolve(electron.handlers.get('recent.list')!(fileUrl))).rejects.toThrow('refused');
  });

  it('serves every IPC channel, and opens the bundled sample first', async () => {
    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    expect([...electron.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const info = (await invoke('capture.openInitial')) as StreamInfo;
    expect(info.name).toBe('sample.pcap');
    expect(info.size).toBe((await readFile(join(ROOT, 'fixtures/sample.pcap'))).length);
    expect(lastWindow().setTitle).toHaveBeenLastCalledWith('sample.pcap — wsscope');
    expect(await invoke('recent.list')).toEqual([]); // the sample is not a recent file
  });

  it('opens a capture given on the command line and remembers it', async () => {
    await startShell({ mainDir: MAIN_DIR, capture: FIXTURE, startLiveCapture: noCapture });
    const info = (await invoke('capture.openInitial')) as StreamInfo;
    expect(info.name).toBe('01_pyws_text_echo.pcap');
    expect(await invoke('recent.list')).toEqual([FIXTURE]);
    expect(electron.app.addRecentDocument).toHaveBeenCalledWith(FIXTURE);
  });

  it('sends menu commands to the renderer', async () => {
    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled();
    const file = lastMenu().find((entry) => entry.label === '&File')!.submenu as MenuItemConstructorOptions[];
    (file[0].click as () => void)();
    expect(lastWindow().webContents.send).toHaveBeenCalledWith('menu.command', 'file.open');
  });

  it('opens a file chosen in the native dialog', async () => {
    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [FIXTURE] });
    const info = (await invoke('capture.openDialog')) as StreamInfo;
    expect(info.name).toBe('01_pyws_text_echo.pcap');
    const options = electron.dialog.showOpenDialog.mock.lastCall!.at(-1) as { filters: { extensions: string[] }[] };
    expect(options.filters[0].extensions).toEqual(['pcap', 'pcapng', 'cap']);
    // Open Recent now lists it.
    const file = lastMenu().find((entry) => entry.label === '&File')!.submenu as MenuItemConstructorOptions[];
    const recent = file.find((entry) => entry.label === 'Open Recent')!.submenu as MenuItemConstructorOptions[];
    expect(recent[0].label).toBe(FIXTURE);
  });

  it('shows a file opened from outside the renderer by loading the page again with it as the initial capture', async () => {
    const shell = await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    const sample = (await invoke('capture.openInitial')) as StreamInfo;
    await shell.openPath(FIXTURE);
    // A new query each time: a URL differing only in its hash would not load the page again.
    expect(lastWindow().loadURL).toHaveBeenLastCalledWith('app://wsscope/index.html?open=1');
    // The old page's streams are gone; the reloaded page gets the new file.
    await expect(invoke('stream.readChunk', sample.id)).rejects.toThrow('unknown stream id');
    expect(((await invoke('capture.openInitial')) as StreamInfo).name).toBe('01_pyws_text_echo.pcap');
  });

  it('closes the streams when the page reloads or its renderer dies', async () => {
    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    const contents = lastWindow().webContents;
    const first = (await invoke('capture.openInitial')) as StreamInfo;
    contents.listeners.get('did-start-navigation')!({ isMainFrame: true, isSameDocument: true });
    expect(await invoke('stream.readChunk', first.id)).not.toBeNull(); // a hash change keeps them
    contents.listeners.get('did-start-navigation')!({ isMainFrame: true, isSameDocument: false });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(invoke('stream.readChunk', first.id)).rejects.toThrow('unknown stream id');
    const second = (await invoke('capture.openInitial')) as StreamInfo;
    contents.listeners.get('render-process-gone')!({}, { reason: 'crashed' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(invoke('stream.readChunk', second.id)).rejects.toThrow('unknown stream id');
  });

  it('closes the streams when the window is closed', async () => {
    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    const info = (await invoke('capture.openInitial')) as StreamInfo;
    lastWindow().listeners.get('closed')!();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(invoke('stream.readChunk', info.id)).rejects.toThrow('unknown stream id');
  });
});

// Issue 12: the window state and wsscope:// links, through the shell as Electron would drive it.
describe('Electron shell: window state and deep links', () => {
  const LINK = { conn: 1, frame: 4, field: 'websocket.opcode', filter: 'websocket.opcode == 1' };
  const HASH = '#conn=1&frame=4&field=websocket.opcode&filter=websocket.opcode%20%3D%3D%201';
  const report = (location: unknown) => electron.sendListeners.get('window.setLocation')!(FROM_UI, location);
  const saveState = (windows: unknown) =>
    writeFile(join(userData, 'window-state.json'), JSON.stringify({ version: 1, windows }));

  it('remembers what the window shows and reopens it there on the next start', async () => {
    const first = await startShell({ mainDir: MAIN_DIR, capture: FIXTURE, startLiveCapture: noCapture });
    const info = (await invoke('capture.openInitial')) as StreamInfo;
    report({ stream: info.id, ...LINK });
    await first.shutdown(); // the app quits: the state is written at once
    expect(JSON.parse(await readFile(join(userData, 'window-state.json'), 'utf8'))).toEqual({
      version: 1,
      windows: [{ file: FIXTURE, link: LINK }],
    });

    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    // The page opens on the link (applied by the renderer once the rows are decoded) ...
    expect(lastWindow().loadURL).toHaveBeenCalledWith(`app://wsscope/index.html${HASH}`);
    // ... and its initial capture is the saved file, not the sample.
    expect(((await invoke('capture.openInitial')) as StreamInfo).name).toBe('01_pyws_text_echo.pcap');
  });

  it('says in one line that the saved capture is gone, and opens empty', async () => {
    const gone = join(userData, 'gone.pcap');
    await saveState([{ file: gone, link: LINK }]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    expect(lastWindow().loadURL).toHaveBeenCalledWith('app://wsscope/index.html'); // no link to a capture not shown
    const line = `gone.pcap, open when wsscope last closed, is gone (${gone})`;
    await expect(invoke('capture.openInitial')).rejects.toThrow(line);
    expect(warn.mock.calls).toEqual([[`wsscope: ${line}`]]);
    warn.mockRestore();
  });

  it('does not open a file the state names through a symlink to a non-capture', async () => {
    const secret = join(userData, 'id_rsa');
    await writeFile(secret, 'PRIVATE KEY');
    await symlink(secret, join(userData, 'innocent.pcap'));
    await saveState([{ file: join(userData, 'innocent.pcap'), link: LINK }]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    await expect(invoke('capture.openInitial')).rejects.toThrow('not a capture file: innocent.pcap points to id_rsa');
    warn.mockRestore();
  });

  it('starts normally (on the sample) from a corrupt state file', async () => {
    await writeFile(join(userData, 'window-state.json'), '\u0000\u0001 not json');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    expect(((await invoke('capture.openInitial')) as StreamInfo).name).toBe('sample.pcap');
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('a file on the command line wins over the saved window', async () => {
    await saveState([{ file: join(ROOT, 'fixtures/sample.pcap'), link: LINK }]);
    await startShell({ mainDir: MAIN_DIR, capture: FIXTURE, startLiveCapture: noCapture });
    expect(lastWindow().loadURL).toHaveBeenCalledWith('app://wsscope/index.html');
    expect(((await invoke('capture.openInitial')) as StreamInfo).name).toBe('01_pyws_text_echo.pcap');
  });

  it('opens a wsscope:// link from the command line there, and remembers the file', async () => {
    const url = `wsscope://open?file=${encodeURIComponent(FIXTURE)}&conn=1&frame=4&field=websocket.opcode&filter=websocket.opcode%20%3D%3D%201`;
    await startShell({ mainDir: MAIN_DIR, capture: null, link: url, startLiveCapture: noCapture });
    expect(lastWindow().loadURL).toHaveBeenCalledWith(`app://wsscope/index.html${HASH}`);
    expect(((await invoke('capture.openInitial')) as StreamInfo).name).toBe('01_pyws_text_echo.pcap');
    expect(await invoke('recent.list')).toEqual([FIXTURE]);
  });

  it('follows a link given to the running app (open-url, a second instance) by loading the page on it', async () => {
    const shell = await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    await shell.openLink(`wsscope://open?file=${encodeURIComponent(FIXTURE)}&frame=4`);
    expect(lastWindow().loadURL).toHaveBeenLastCalledWith('app://wsscope/index.html?open=1#frame=4');
    expect(((await invoke('capture.openInitial')) as StreamInfo).name).toBe('01_pyws_text_echo.pcap');
  });

  it('refuses a link to a file that is not a capture, saying why, and keeps the window as it is', async () => {
    const shell = await startShell({ mainDir: MAIN_DIR, capture: null, startLiveCapture: noCapture });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await shell.openLink('wsscope://open?file=%2Fetc%2Fpasswd&conn=1');
    expect(lastWindow().loadURL).toHaveBeenCalledTimes(1); // only the first load
    expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(lastWindow(), {
      type: 'warning',
      message: 'wsscope cannot open this link',
      detail: 'not a capture file: passwd (expected .pcap, .pcapng, .cap)',
    });
    expect(((await invoke('capture.openInitial')) as StreamInfo).name).toBe('sample.pcap');
    warn.mockRestore();
  });

  it('reopens the window’s capture as a new stream for the TLS records view', async () => {
    await startShell({ mainDir: MAIN_DIR, capture: FIXTURE, startLiveCapture: noCapture });
    const info = (await invoke('capture.openInitial')) as StreamInfo;
    const again = (await invoke('stream.reopen', info.id)) as StreamInfo;
    expect(again.id).not.toBe(info.id);
    expect(Buffer.from((await invoke('stream.readChunk', again.id)) as Uint8Array)).toEqual(await readFile(FIXTURE));
  });
});
