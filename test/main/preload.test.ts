// The preload bridge with `electron` mocked: what it exposes, and which channel each operation uses.
// (Kept under test/main: the preload is part of the Electron shell tested here.)

import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  return {
    listeners,
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]) => 'answer'),
      send: vi.fn(),
      on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      }),
      off: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((l) => l !== listener),
        );
      }),
    },
    webUtils: { getPathForFile: vi.fn((_file: unknown): string => '') },
  };
});
vi.mock('electron', () => electron);

const { shellApi } = await import('../../src/preload/index.js');

describe('preload bridge', () => {
  beforeEach(() => {
    electron.ipcRenderer.invoke.mockClear();
    electron.ipcRenderer.send.mockClear();
  });

  it('exposes the ShellApi as window.wsscope, with named functions only', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledWith('wsscope', shellApi);
    expect(Object.keys(shellApi).sort()).toEqual(
      [
        'kind',
        'openFileDialog',
        'openInitial',
        'openDropped',
        'recentFiles',
        'openRecent',
        'readChunk',
        'closeStream',
        'reopenStream',
        'readRange',
        'startLiveCapture',
        'stopLiveCapture',
        'saveLiveCapture',
        'onMenuCommand',
        'setTitle',
        'reportLocation',
        'pathForFile',
      ].sort(),
    );
    expect(shellApi.kind).toBe('electron');
    expect(Object.values(shellApi).some((value) => value === electron.ipcRenderer)).toBe(false);
  });

  it.each([
    ['openFileDialog', [], 'capture.openDialog'],
    ['openInitial', [], 'capture.openInitial'],
    ['recentFiles', [], 'recent.list'],
    ['openRecent', ['/a.pcap'], 'recent.open'],
    ['readChunk', ['id-1'], 'stream.readChunk'],
    ['closeStream', ['id-1'], 'stream.close'],
    ['reopenStream', ['id-1'], 'stream.reopen'],
    ['readRange', ['id-1', 40, 140], 'stream.readRange'],
    ['startLiveCapture', [{ port: 8080 }], 'live.start'],
    ['stopLiveCapture', ['id-2'], 'live.stop'],
    ['saveLiveCapture', ['id-2'], 'live.save'],
  ] as const)('%s invokes %j on channel %s', async (method, args, channel) => {
    const call = shellApi[method] as (...a: unknown[]) => Promise<unknown>;
    expect(await call(...args)).toBe('answer');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(channel, ...args);
  });

  it("passes main's error message on without Electron's wrapping", async () => {
    electron.ipcRenderer.invoke.mockRejectedValueOnce(
      new Error(
        "Error invoking remote method 'live.start': InvalidArgumentError: invalid port 0; expected an integer 1-65535",
      ),
    );
    await expect(shellApi.startLiveCapture({ port: 0 })).rejects.toThrow(
      /^invalid port 0; expected an integer 1-65535$/,
    );
    electron.ipcRenderer.invoke.mockRejectedValueOnce(
      new Error("Error invoking remote method 'capture.openDialog': Error: cannot open a.pcap: no such file"),
    );
    await expect(shellApi.openFileDialog()).rejects.toThrow(/^cannot open a.pcap: no such file$/);
  });

  it("passes main's one-line refusal of a range on as it is", async () => {
    electron.ipcRenderer.invoke.mockRejectedValueOnce(
      new Error(
        "Error invoking remote method 'stream.readRange': StreamChangedError: a.pcap changed on disk (20 bytes, was 10); open it again",
      ),
    );
    await expect(shellApi.readRange!('id-1', 0, 10)).rejects.toThrow(
      /^a\.pcap changed on disk \(20 bytes, was 10\); open it again$/,
    );
  });

  it('setTitle sends window.setTitle', () => {
    shellApi.setTitle('a.pcap — wsscope');
    expect(electron.ipcRenderer.send).toHaveBeenCalledWith('window.setTitle', 'a.pcap — wsscope');
  });

  it('reportLocation sends window.setLocation with the known fields only', () => {
    const location = { stream: 'id-1', conn: 3, frame: 120, field: 'websocket.opcode', filter: 'ws.rtt > 1' };
    shellApi.reportLocation!({ ...location, secret: '/etc/passwd' } as typeof location);
    expect(electron.ipcRenderer.send).toHaveBeenCalledWith('window.setLocation', location);
  });

  it('forwards only known menu commands, until unsubscribed', () => {
    const seen: string[] = [];
    const unsubscribe = shellApi.onMenuCommand((command) => seen.push(command));
    const emit = (command: unknown) => {
      for (const listener of electron.listeners.get('menu.command') ?? []) listener({ sender: 'ipc' }, command);
    };
    emit('file.open');
    emit('rm -rf');
    emit('find');
    unsubscribe();
    emit('view.zoomIn');
    expect(seen).toEqual(['file.open', 'find']);
  });

  it('opens a dropped file only with a path pathForFile returned', async () => {
    await expect(shellApi.openDropped('/home/u/.ssh/id_rsa')).rejects.toThrow(
      'openDropped: pass a path returned by pathForFile(file)',
    );
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();

    electron.webUtils.getPathForFile.mockReturnValueOnce('/captures/dropped.pcap');
    expect(shellApi.pathForFile!({ name: 'dropped.pcap' })).toBe('/captures/dropped.pcap');
    await shellApi.openDropped('/captures/dropped.pcap');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('capture.openDropped', '/captures/dropped.pcap');
  });

  it('pathForFile answers null for a file without a capture extension (the renderer reads it itself)', async () => {
    electron.webUtils.getPathForFile.mockReturnValueOnce('/captures/trace.dump');
    expect(shellApi.pathForFile!({ name: 'trace.dump' })).toBeNull();
    await expect(shellApi.openDropped('/captures/trace.dump')).rejects.toThrow('pass a path returned by pathForFile');
    electron.webUtils.getPathForFile.mockReturnValueOnce('/captures/UPPER.PCAPNG');
    expect(shellApi.pathForFile!({ name: 'UPPER.PCAPNG' })).toBe('/captures/UPPER.PCAPNG');
  });

  it('pathForFile answers null for a File made in JS or for something that is not a File', () => {
    electron.webUtils.getPathForFile.mockReturnValueOnce('');
    expect(shellApi.pathForFile!({})).toBeNull();
    electron.webUtils.getPathForFile.mockImplementationOnce(() => {
      throw new TypeError('not a File');
    });
    expect(shellApi.pathForFile!('nope')).toBeNull();
  });
});
