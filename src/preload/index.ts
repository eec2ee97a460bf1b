// The preload bridge: exposes `window.wsscope: ShellApi` to the renderer, and nothing else.
//
// Rules (Electron security checklist; electron-vite's IPC warning):
// - One named function per operation, each calling one fixed channel of src/shared/ipc.ts.
//   No ipcRenderer, no generic invoke(channel) and no Node reaches the page.
// - Runs sandboxed (sandbox: true), so it may only require('electron'): scripts/build-electron.mjs
//   bundles it, with src/shared inlined, into dist/preload/index.cjs.
// - Dropped files: the renderer gets a path only through pathForFile(file), for a File the user
//   really dropped or picked (webUtils returns "" for a File made in JS) whose name has a capture
//   extension; for any other file it gets null and reads the File itself, as in the browser.
//   openDropped accepts only such paths, so a page script cannot name an arbitrary file; main
//   checks again.
// - reopenStream(id), readRange(id, start, end) and reportLocation(location) name only stream ids
//   main made, byte offsets and a deep link (numbers and two short strings); main resolves ids to
//   the paths it opened and checks the rest (a range: integers, within the file as it was opened).

import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { MENU_COMMANDS, type MenuCommand, type ShellApi } from '../shared/api.js';
import {
  CAPTURE_EXTENSIONS,
  type EventArgs,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
  type SendArgs,
  type SendChannel,
} from '../shared/ipc.js';

function invoke<K extends InvokeChannel>(channel: K, ...args: InvokeArgs<K>): Promise<InvokeResult<K>> {
  return ipcRenderer.invoke(channel, ...args).catch((error: unknown) => {
    throw new Error(mainErrorMessage(error));
  });
}

/** Electron wraps main's errors as "Error invoking remote method 'x': Error: why"; keep "why". */
export function mainErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, '');
}

function send<K extends SendChannel>(channel: K, ...args: SendArgs<K>): void {
  ipcRenderer.send(channel, ...args);
}

function isMenuCommand(value: unknown): value is MenuCommand {
  return (MENU_COMMANDS as readonly unknown[]).includes(value);
}

const CAPTURE_NAME = new RegExp(`\\.(?:${CAPTURE_EXTENSIONS.join('|')})$`, 'i');

/** Paths webUtils gave for real dropped or picked files during this page's life. */
const droppedPaths = new Set<string>();

export const shellApi: ShellApi = {
  kind: 'electron',
  openFileDialog: () => invoke('capture.openDialog'),
  openInitial: () => invoke('capture.openInitial'),
  openDropped: (path) =>
    droppedPaths.has(path)
      ? invoke('capture.openDropped', path)
      : Promise.reject(new Error('openDropped: pass a path returned by pathForFile(file)')),
  recentFiles: () => invoke('recent.list'),
  openRecent: (path) => invoke('recent.open', path),
  readChunk: (id) => invoke('stream.readChunk', id),
  closeStream: (id) => invoke('stream.close', id),
  reopenStream: (id) => invoke('stream.reopen', id),
  readRange: (id, start, end) => invoke('stream.readRange', id, start, end),
  startLiveCapture: (options) => invoke('live.start', options),
  stopLiveCapture: (id) => invoke('live.stop', id),
  saveLiveCapture: (id) => invoke('live.save', id),
  onMenuCommand: (listener) => {
    const onCommand = (_event: unknown, ...[command]: EventArgs<'menu.command'>) => {
      if (isMenuCommand(command)) listener(command);
    };
    ipcRenderer.on('menu.command', onCommand);
    return () => {
      ipcRenderer.off('menu.command', onCommand);
    };
  },
  setTitle: (title) => send('window.setTitle', title),
  // Only the known fields cross (a page object may carry anything else).
  reportLocation: ({ stream, conn, frame, field, filter }) =>
    send('window.setLocation', { stream, conn, frame, field, filter }),
  pathForFile: (file) => {
    let path = '';
    try {
      path = webUtils.getPathForFile(file as File);
    } catch {
      return null; // not a File
    }
    if (path === '') return null; // a File made in JS, not backed by a file on disk
    if (!CAPTURE_NAME.test(path)) return null; // main opens captures only; the renderer reads the rest
    droppedPaths.add(path);
    return path;
  },
};

contextBridge.exposeInMainWorld('wsscope', shellApi);
