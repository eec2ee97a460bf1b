// `electron` mocked for tests that drive the preload's real ShellApi against main's real IPC
// handlers in one process: ipcRenderer.invoke and send reach whatever registerIpc registered on
// `ipcMain` (the returned IpcMainLike), as if from the app's own page.
// Imported through `vi.hoisted(async () => …)`, so it may only import what vitest hoists safely.

import { vi } from 'vitest';
import type { IpcEventLike, IpcMainLike } from '../../../src/main/ipc/register.js';

type Handler = Parameters<IpcMainLike['handle']>[1];
type Listener = Parameters<IpcMainLike['on']>[1];

export function electronLoopback() {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Listener>();
  const fromUi: IpcEventLike = { senderFrame: { url: 'app://wsscope/index.html' } };
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => handlers.set(channel, listener),
    removeHandler: (channel) => handlers.delete(channel),
    on: (channel, listener) => listeners.set(channel, listener),
    removeAllListeners: (channel) => listeners.delete(channel),
  };
  return {
    ipcMain,
    contextBridge: { exposeInMainWorld: () => {} },
    ipcRenderer: {
      // As Electron does: the channel's handler in main answers (errors wrapped as Electron wraps them).
      invoke: vi.fn(async (channel: string, ...args: unknown[]) => {
        try {
          return await handlers.get(channel)!(fromUi, ...args);
        } catch (error) {
          throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
        }
      }),
      send: (channel: string, ...args: unknown[]) => listeners.get(channel)?.(fromUi, ...args),
      on: () => {},
      off: () => {},
    },
    webUtils: { getPathForFile: () => '' },
  };
}
