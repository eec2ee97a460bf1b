// The contract between the renderer (React UI) and the shell it runs in.
//
// Shells only move bytes: the renderer's Web Worker runs the decoder on whatever bytes a shell
// hands over, so desktop, browser mode and static mode decode identically.
//
// - Electron: src/preload exposes `window.wsscope: ShellApi` over a typed IPC bridge
//   (one function per operation, never a raw ipcRenderer).
// - Browser mode (`wsscope serve`): the renderer builds a ShellApi over HTTP (src/renderer/shell/).
// - Static files (no server): no ShellApi at all; drag and drop and <input type=file> only.
//
// Every byte stream (a file, a live capture) is pulled chunk by chunk with `readChunk(id)`:
// pull-based, so a slow renderer applies back-pressure and nothing crosses IPC unasked.

import type { WindowLocation } from './deep-link.js';

export type ShellKind = 'electron' | 'server';

export interface StreamInfo {
  /** Opaque id to pass to readChunk/closeStream. */
  id: string;
  /** Display name: the file's base name, or "live: lo port 8080". */
  name: string;
  /** Total size in bytes when known (files), null for live captures. */
  size: number | null;
  live: boolean;
}

export interface LiveCaptureOptions {
  port: number;
  /** Network interface; default "lo". */
  interface?: string;
  /** An NSS key log (SSLKEYLOGFILE) to follow: its lines decrypt wss:// and go into the saved pcapng. */
  keyLog?: string;
}

/** Every command the native menu sends to the renderer (the preload lets only these cross). */
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
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];

export interface ShellApi {
  readonly kind: ShellKind;
  /** Show an open-file dialog (Electron) and open the chosen capture; null if cancelled. */
  openFileDialog(): Promise<StreamInfo | null>;
  /** The capture to show first: the file given on the command line, else the bundled sample. */
  openInitial(): Promise<StreamInfo | null>;
  /** Open a file the user dropped on the window (Electron gives its path via webUtils). */
  openDropped(path: string): Promise<StreamInfo | null>;
  recentFiles(): Promise<string[]>;
  openRecent(path: string): Promise<StreamInfo | null>;
  /** Next chunk of the stream, or null at its end. For live captures it waits for data. */
  readChunk(id: string): Promise<Uint8Array | null>;
  closeStream(id: string): Promise<void>;
  startLiveCapture(options: LiveCaptureOptions): Promise<StreamInfo>;
  /** Stops the capture process; the stream then ends after the last bytes. */
  stopLiveCapture(id: string): Promise<void>;
  /** Save the bytes of a live capture as a pcapng file (asks where, in Electron). Returns the path or null. */
  saveLiveCapture(id: string): Promise<string | null>;
  /** Subscribe to native menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Set the window title (file name). */
  setTitle(title: string): void;
  /** Path of a dropped File object (Electron only), else null. */
  pathForFile?(file: unknown): string | null;
  /**
   * A URL the decoder worker can fetch the stream from again, from its first byte (browser mode:
   * the hex view's TLS records read the capture again on demand), else absent.
   */
  streamUrl?(id: string): string | null;
  /**
   * Electron: the same capture again as a new stream from its first byte, with its own cursor
   * (the hex view's TLS records decode it anew). Main reopens the path it opened `id` from (a live
   * capture: the bytes captured so far); the renderer never names a path.
   */
  reopenStream?(id: string): Promise<StreamInfo>;
  /**
   * Electron: bytes [start, end) of the capture file main opened as `id` (the decoder worker reads
   * payloads back by range instead of keeping them). Refused in one line for a live capture, a
   * range past the size the file had when opened, and a file changed on disk since.
   */
  readRange?(id: string, start: number, end: number): Promise<Uint8Array>;
  /** Electron: what the window shows now (stream and deep link), kept by main to restore the window. */
  reportLocation?(location: WindowLocation): void;
}

declare global {
  interface Window {
    /** Present only inside the Electron shell. */
    wsscope?: ShellApi;
  }
}
