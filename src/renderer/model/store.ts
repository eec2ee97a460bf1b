// The UI store: a small external store read with useSyncExternalStore.
//
// Rules
// - State holds selections, settings and small things; the rows live in CaptureData (mutable,
//   see capture-data.ts); the controller bumps `dataVersion` to publish a change, and views read
//   the rows through useCaptureData (use-capture-data.ts), never through the version itself.
// - Only the controller (controller.ts) writes; views read with useAppState(selector) and call
//   controller actions. Selectors must return existing references (no new objects).

import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ShellMode } from '../shell/detect.js';
import type { MemoryCut } from '../worker/memory-budget.js';
import type { FrameDetail, LoadProgress, SearchResult } from '../worker/protocol.js';
import { CaptureData } from './capture-data.js';
import type { TimeMode } from './labels.js';
import type { ExplainTarget, PaneId } from './view-state.js';

export type DetailTab = 'handshake' | 'frame' | 'payload' | 'findings' | 'requests';
export type Theme = 'light' | 'dark';

export interface OpenCapture {
  name: string;
  size: number | null;
  live: boolean;
  /** Shell stream id (Electron / server), null for a dropped File. */
  streamId: string | null;
}

export interface AppState {
  shellMode: ShellMode | 'detecting';
  serverVersion: string | null;
  capture: OpenCapture | null;
  data: CaptureData;
  dataVersion: number;
  loading: boolean;
  progress: LoadProgress;
  cancelled: boolean;
  fatal: string | null;
  /** Decoding stopped at the worker's memory budget (worker/memory-budget.ts), if it did. */
  memoryCut: MemoryCut | null;
  /** A one-line message for the user (errors from the shell, hints). */
  notice: string | null;
  selectedConnectionId: number | null;
  selectedFrameId: number | null;
  selectedMessageId: number | null;
  frameDetail: FrameDetail | null;
  detailTab: DetailTab;
  searchQuery: string;
  searchResult: SearchResult | null;
  theme: Theme;
  fontSize: number;
  timeMode: TimeMode;
  liveRunning: boolean;
  /** The "start a live capture on port …" form is open (the Live button or the native menu). */
  liveFormOpen: boolean;
  /** Recently opened files (Electron), newest first. */
  recentFiles: string[];
  /** TLS key logs opened (by name), used for every capture decoded from then on. */
  keyLogNames: string[];
  /** The list beside the detail panel: frames as on the wire, or messages as received. */
  listView: 'frames' | 'messages';
  /** What the explanation panel explains (the selected field, finding or header). */
  explain: ExplainTarget | null;
  /** The pane shown alone (maximised), if any. */
  maximized: PaneId | null;
  /** Presentation setting: large type for a projector (fontSize is then the presentation size). */
  presentation: boolean;
}

export function initialState(): AppState {
  return {
    shellMode: 'detecting',
    serverVersion: null,
    capture: null,
    data: new CaptureData(),
    dataVersion: 0,
    loading: false,
    progress: { bytesIn: 0, records: 0, total: null },
    cancelled: false,
    fatal: null,
    memoryCut: null,
    notice: null,
    selectedConnectionId: null,
    selectedFrameId: null,
    selectedMessageId: null,
    frameDetail: null,
    detailTab: 'handshake',
    searchQuery: '',
    searchResult: null,
    theme: 'light',
    fontSize: 14,
    timeMode: 'relative',
    liveRunning: false,
    liveFormOpen: false,
    recentFiles: [],
    keyLogNames: [],
    listView: 'frames',
    explain: null,
    maximized: null,
    presentation: false,
  };
}

export class Store {
  private state: AppState;
  private readonly listeners = new Set<() => void>();

  constructor(state: AppState = initialState()) {
    this.state = state;
  }

  getState = (): AppState => this.state;

  set(patch: Partial<AppState> | ((s: AppState) => Partial<AppState>)): void {
    const p = typeof patch === 'function' ? patch(this.state) : patch;
    this.state = { ...this.state, ...p };
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export const StoreContext = createContext<Store | null>(null);

export function useStore(): Store {
  const store = useContext(StoreContext);
  if (!store) throw new Error('StoreContext missing');
  return store;
}

export function useAppState<T>(selector: (s: AppState) => T): T {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
