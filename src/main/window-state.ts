// The window state: per window, the capture file it shows and where in it (the deep link:
// connection, frame, field, filter), so the next start opens exactly there (issue 12).
//
// Rules
// - Persisted as JSON in userData (window-state.json). Writes go to a temporary file that is then
//   renamed, so a crash mid-write never leaves half a file; saves are coalesced (the renderer
//   reports every selection change) and flushed synchronously when the app quits, because an
//   asynchronous write started in before-quit may not finish.
// - Read defensively: the file may be corrupt, old, or written by something hostile. A file that
//   does not parse, or an entry that does not check, counts as "no saved window" (one line on
//   stderr, never a crash). A saved path is opened only after checkCapturePath (absolute, symlinks
//   resolved, a regular file with a capture extension), exactly like a dropped file.
// - The app has one window today; the file keeps a list so that each window can have its entry.

import { renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute } from 'node:path';
import { type DeepLink, deepLinkFrom, NO_LINK } from '../shared/deep-link.js';
import { checkCapturePath, MissingCaptureError } from './capture-path.js';

export const WINDOW_STATE_FILE = 'window-state.json';
/** Coalesce the renderer's reports into one write per this many milliseconds. */
export const SAVE_DELAY_MS = 500;
const WINDOWS_MAX = 16;
const PATH_MAX = 4096;

export interface SavedWindow {
  /** The capture file the window showed (absolute), or null (nothing, a live capture, a file read by the page). */
  file: string | null;
  link: DeepLink;
}

interface WindowStateJson {
  version: 1;
  windows: SavedWindow[];
}

/** Where a restored window opens: a checked capture and its link, or why the saved one cannot be opened. */
export type RestoreTarget = { path: string; link: DeepLink } | { problem: string };

export class WindowState {
  private windows: SavedWindow[];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<void> = Promise.resolve();
  private writes = 0;

  private constructor(
    private readonly jsonPath: string,
    windows: SavedWindow[],
    private readonly warn: (line: string) => void,
  ) {
    this.windows = windows;
  }

  /** Loads the saved windows (none if the file is missing, unreadable or invalid). */
  static async load(jsonPath: string, warn = (line: string) => console.warn(line)): Promise<WindowState> {
    let text: string;
    try {
      text = await readFile(jsonPath, 'utf8');
    } catch {
      return new WindowState(jsonPath, [], warn);
    }
    const windows = windowsFrom(text);
    if (windows === null) warn(`wsscope: ignored ${basename(jsonPath)}: not a window state file; windows open empty`);
    return new WindowState(jsonPath, windows ?? [], warn);
  }

  /** The saved state of window `index` (0: the main window), or null. */
  saved(index = 0): SavedWindow | null {
    return this.windows[index] ?? null;
  }

  /** Records what window `index` shows; saved shortly after (coalesced). */
  set(index: number, entry: SavedWindow): void {
    if (index < 0 || index >= WINDOWS_MAX) return;
    const next = this.windows.slice(0, Math.max(this.windows.length, index + 1));
    for (let i = 0; i < next.length; i++) next[i] ??= { file: null, link: NO_LINK };
    next[index] = { file: entry.file, link: { ...entry.link } };
    if (JSON.stringify(next) === JSON.stringify(this.windows)) return;
    this.windows = next;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.saving = this.saving.then(() => this.save()).catch((error: unknown) => this.warnWrite(error));
    }, SAVE_DELAY_MS);
  }

  /** Writes now, asynchronously (tests, and anything that can wait). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.saving;
    await this.save().catch((error: unknown) => this.warnWrite(error));
  }

  /** Writes now, synchronously: for the app's quit, when asynchronous work may be cut short. */
  flushSync(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      const temporary = this.temporaryPath();
      writeFileSync(temporary, this.json(), 'utf8');
      renameSync(temporary, this.jsonPath);
    } catch (error) {
      this.warnWrite(error);
    }
  }

  private async save(): Promise<void> {
    await mkdir(dirname(this.jsonPath), { recursive: true });
    const temporary = this.temporaryPath();
    await writeFile(temporary, this.json(), 'utf8');
    await rename(temporary, this.jsonPath);
  }

  private json(): string {
    const json: WindowStateJson = { version: 1, windows: this.windows };
    return `${JSON.stringify(json, null, 2)}\n`;
  }

  /** One temporary name per write: an asynchronous save and the quit's synchronous one never share a file. */
  private temporaryPath(): string {
    this.writes += 1;
    return `${this.jsonPath}.${process.pid}.${this.writes}.tmp`;
  }

  private warnWrite(error: unknown): void {
    this.warn(`wsscope: could not save the window state: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The saved windows in `text`, or null if it is not a window state file at all. */
export function windowsFrom(text: string): SavedWindow[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { version, windows } = parsed as Partial<Record<keyof WindowStateJson, unknown>>;
  if (version !== 1 || !Array.isArray(windows)) return null;
  return windows.slice(0, WINDOWS_MAX).map(windowFrom);
}

/** One entry; a bad file or link is dropped (the window then opens as without a saved state). */
function windowFrom(value: unknown): SavedWindow {
  if (typeof value !== 'object' || value === null) return { file: null, link: NO_LINK };
  const v = value as Record<string, unknown>;
  const file =
    typeof v.file === 'string' && v.file.length <= PATH_MAX && !v.file.includes('\0') && isAbsolute(v.file)
      ? v.file
      : null;
  return { file, link: deepLinkFrom(v.link) ?? NO_LINK };
}

/**
 * Where to reopen a saved window: its file, checked as a dropped file is (symlinks resolved, a
 * regular capture file), or the one line saying why not. Null when the window showed no file.
 */
export async function restoreTarget(saved: SavedWindow | null): Promise<RestoreTarget | null> {
  if (saved === null || saved.file === null) return null;
  try {
    return { path: await checkCapturePath(saved.file, 'saved path'), link: saved.link };
  } catch (error) {
    if (error instanceof MissingCaptureError) {
      return { problem: `${basename(saved.file)}, open when wsscope last closed, is gone (${saved.file})` };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { problem: `did not reopen ${basename(saved.file)} from the last session: ${reason}` };
  }
}
