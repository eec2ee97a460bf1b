// The Electron IPC contract: one map from channel name to the ShellApi method it carries.
//
// Rules:
// - Channel names are dotted and stable ('capture.openDialog', 'stream.readChunk'), as in Zui's
//   operations map. Each channel's argument and result types are those of its ShellApi method, so
//   the preload (caller) and src/main/ipc (handlers) cannot drift apart from src/shared/api.ts.
// - Three kinds of channel: invoke (renderer asks, main answers: ipcRenderer.invoke/ipcMain.handle),
//   send (renderer tells, no answer: ipcRenderer.send/ipcMain.on) and event (main tells the renderer:
//   webContents.send/ipcRenderer.on).
// - Each name is written once: the invoke channels are the keys of INVOKE_METHODS, and their types
//   are derived from it.
// - Types plus two constants: this file is shared by main, preload and the type-only decoder
//   project, so it imports nothing at runtime.

import type { MenuCommand, ShellApi } from './api.js';

/**
 * Renderer → main requests with an answer (ipcRenderer.invoke / ipcMain.handle): each channel and
 * the ShellApi method it carries.
 */
export const INVOKE_METHODS = {
  'capture.openDialog': 'openFileDialog',
  'capture.openInitial': 'openInitial',
  'capture.openDropped': 'openDropped',
  'recent.list': 'recentFiles',
  'recent.open': 'openRecent',
  'stream.readChunk': 'readChunk',
  'stream.close': 'closeStream',
  'stream.reopen': 'reopenStream',
  'stream.readRange': 'readRange',
  'live.start': 'startLiveCapture',
  'live.stop': 'stopLiveCapture',
  'live.save': 'saveLiveCapture',
} as const satisfies Record<string, keyof ShellApi>;

// NonNullable: a method only the Electron shell has is optional in ShellApi, never on its channel.
export type InvokeChannels = {
  [K in keyof typeof INVOKE_METHODS]: NonNullable<ShellApi[(typeof INVOKE_METHODS)[K]]>;
};

/** Renderer → main notifications without an answer (ipcRenderer.send / ipcMain.on). */
export interface SendChannels {
  'window.setTitle': ShellApi['setTitle'];
  'window.setLocation': NonNullable<ShellApi['reportLocation']>;
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
export const INVOKE_CHANNELS = Object.keys(INVOKE_METHODS) as readonly InvokeChannel[];

/**
 * File extensions main opens by path (dialog filter, drops, file associations). The preload hands
 * the renderer a path only for these; other dropped files are read by the renderer itself.
 */
export const CAPTURE_EXTENSIONS = ['pcap', 'pcapng', 'cap'] as const;
