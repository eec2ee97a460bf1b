// The Electron IPC contract: one map from channel name to the ShellApi method it carries.
//
// Rules:
// - Channel names are dotted and stable ('capture.openDialog', 'stream.readChunk'), as in Zui's
//   operations map. Each channel's argument and result types are those of its ShellApi method, so
//   the preload (caller) and src/main/ipc (handlers) cannot drift apart from src/shared/api.ts.
// - Three kinds of channel: invoke (renderer asks, main answers: ipcRenderer.invoke/ipcMain.handle),
//   send (renderer tells, no answer: ipcRenderer.send/ipcMain.on) and event (main tells the renderer:
//   webContents.send/ipcRenderer.on).
// - Types only plus one constant list: this file is shared by main, preload and the type-only
//   decoder project, so it imports nothing at runtime.

import type { MenuCommand, ShellApi } from './api.js';

/** Renderer → main requests with an answer (ipcRenderer.invoke / ipcMain.handle). */
export interface InvokeChannels {
  'capture.openDialog': ShellApi['openFileDialog'];
  'capture.openInitial': ShellApi['openInitial'];
  'capture.openDropped': ShellApi['openDropped'];
  'recent.list': ShellApi['recentFiles'];
  'recent.open': ShellApi['openRecent'];
  'stream.readChunk': ShellApi['readChunk'];
  'stream.close': ShellApi['closeStream'];
  'live.start': ShellApi['startLiveCapture'];
  'live.stop': ShellApi['stopLiveCapture'];
  'live.save': ShellApi['saveLiveCapture'];
}

/** Renderer → main notifications without an answer (ipcRenderer.send / ipcMain.on). */
export interface SendChannels {
  'window.setTitle': ShellApi['setTitle'];
}

/** Main → renderer events (webContents.send / ipcRenderer.on). */
export interface EventChannels {
  'menu.command': (command: MenuCommand) => void;
}

export type InvokeChannel = keyof InvokeChannels;
export type SendChannel = keyof SendChannels;
export type EventChannel = keyof EventChannels;

export type InvokeArgs<K extends InvokeChannel> = Parameters<InvokeChannels[K]>;
export type InvokeResult<K extends InvokeChannel> = Awaited<ReturnType<InvokeChannels[K]>>;
export type SendArgs<K extends SendChannel> = Parameters<SendChannels[K]>;
export type EventArgs<K extends EventChannel> = Parameters<EventChannels[K]>;

/** Every invoke channel, so main can check at startup that each one has a handler. */
export const INVOKE_CHANNELS = [
  'capture.openDialog',
  'capture.openInitial',
  'capture.openDropped',
  'recent.list',
  'recent.open',
  'stream.readChunk',
  'stream.close',
  'live.start',
  'live.stop',
  'live.save',
] as const satisfies readonly InvokeChannel[];

/**
 * File extensions main opens by path (dialog filter, drops, file associations). The preload hands
 * the renderer a path only for these; other dropped files are read by the renderer itself.
 */
export const CAPTURE_EXTENSIONS = ['pcap', 'pcapng', 'cap'] as const;

/** Every menu command, for validating what crosses the bridge. */
export const MENU_COMMANDS = [
  'file.open',
  'live.start',
  'live.stop',
  'live.save',
  'view.zoomIn',
  'view.zoomOut',
  'view.resetZoom',
  'view.toggleTheme',
  'find',
] as const satisfies readonly MenuCommand[];

/** Compile-time check that INVOKE_CHANNELS names every invoke channel: `true` only if none is missing. */
export type AllInvokeChannelsListed =
  Exclude<InvokeChannel, (typeof INVOKE_CHANNELS)[number]> extends never ? true : false;
export const allInvokeChannelsListed: AllInvokeChannelsListed = true;
