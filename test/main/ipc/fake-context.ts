// A MainContext made of real plain modules (StreamRegistry, RecentFiles in a temp dir) and fakes
// for everything Electron would do (dialogs, window title, file writes, the capture tool).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InitialCapture, MainContext } from '../../../src/main/ipc/context.js';
import { RecentFiles } from '../../../src/main/recent-files.js';
import type { LiveCaptureStartOptions } from '../../../src/node/streams/live-session.js';
import { StreamRegistry } from '../../../src/node/streams/registry.js';
import type { DeepLink } from '../../../src/shared/deep-link.js';

export interface FakeContext {
  ctx: MainContext;
  titles: string[];
  written: { path: string; bytes: Uint8Array }[];
  recentChanges: string[];
  /** The next answers of the open / save dialogs (null = cancelled). */
  openAnswers: (string | null)[];
  saveAnswers: (string | null)[];
  saveDefaults: string[];
  captureStarts: LiveCaptureStartOptions[];
  captureStops: number;
  initial: InitialCapture | null;
  /** Every window location the renderer reported, its stream resolved to a file. */
  locations: { file: string | null; link: DeepLink }[];
  cleanup(): Promise<void>;
}

export async function makeFakeContext(): Promise<FakeContext> {
  const dir = await mkdtemp(join(tmpdir(), 'wsscope-ipc-'));
  const fake: FakeContext = {
    titles: [],
    written: [],
    recentChanges: [],
    openAnswers: [],
    saveAnswers: [],
    saveDefaults: [],
    captureStarts: [],
    captureStops: 0,
    initial: null,
    locations: [],
    cleanup: () => rm(dir, { recursive: true, force: true }),
    ctx: undefined as unknown as MainContext,
  };
  fake.ctx = {
    streams: new StreamRegistry(),
    recent: await RecentFiles.load(join(dir, 'recent-files.json')),
    initialCapture: () => fake.initial,
    dialogs: {
      chooseCapture: async () => fake.openAnswers.shift() ?? null,
      chooseSaveTarget: async (defaultName) => {
        fake.saveDefaults.push(defaultName);
        return fake.saveAnswers.shift() ?? null;
      },
    },
    setTitle: (title) => fake.titles.push(title),
    startLiveCapture: (options) => {
      fake.captureStarts.push(options);
      return {
        pid: 99,
        ready: Promise.resolve(),
        stop: async () => {
          fake.captureStops += 1;
        },
      };
    },
    writeFile: async (path, bytes) => {
      fake.written.push({ path, bytes });
    },
    onRecentChange: (path) => fake.recentChanges.push(path),
    files: new Map(),
    setLocation: (file, link) => fake.locations.push({ file, link }),
  };
  return fake;
}
