// What IPC handlers may use: everything they touch in the outside world comes in through this
// context, so each handler is a plain function tested with fakes, without Electron
// (the model is Zui's `createOperation(channel, (ctx, ...args) => …)`).

import type { StartLiveCapture } from '../../node/streams/live-session.js';
import type { StreamRegistry } from '../../node/streams/registry.js';
import type { DeepLink } from '../../shared/deep-link.js';
import type { RecentFiles } from '../recent-files.js';

/**
 * The capture to show first: from the command line or a wsscope:// link (remembered as recent), the
 * restored window's, or the bundled sample; or why the one asked for cannot be opened (the window
 * then opens empty and the renderer shows that line).
 */
export type InitialCapture =
  | {
      path: string;
      /** Add it to the recent files when opened (true for a file the user chose, false for the sample). */
      remember: boolean;
      /** Where in it the window opens (the page's URL carries it too); absent: at the start. */
      link?: DeepLink;
    }
  | { problem: string };

export interface MainContext {
  streams: StreamRegistry;
  recent: RecentFiles;
  initialCapture(): InitialCapture | null;
  dialogs: {
    /** Native open dialog filtered to captures; the chosen path, or null if cancelled. */
    chooseCapture(): Promise<string | null>;
    /** Native save dialog; the chosen path, or null if cancelled. */
    chooseSaveTarget(defaultName: string): Promise<string | null>;
  };
  setTitle(title: string): void;
  startLiveCapture: StartLiveCapture;
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  /** The recent list changed (rebuild the Open Recent menu, tell the OS). */
  onRecentChange(path: string): void;
  /** The path each capture file stream was opened from, by stream id (what the window shows). */
  files: Map<string, string>;
  /** What the window shows now (the renderer's report, its stream resolved to a file): the window state. */
  setLocation(file: string | null, link: DeepLink): void;
}
