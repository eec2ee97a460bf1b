// The display filter's state in the app: the text being typed, the filter applied, what the
// worker said (ids per level, or the error), and the history. A store of its own (the app's
// store stays as it is); views read it with useDisplayFilter (use-display-filter.ts).
//
// Theory of operation
// - Typing checks the text at once on this thread (the decoder's checkFilter, cheap): the bar
//   turns red with the error the CLI would print. Enter applies it: the worker runs it over
//   everything decoded (renderer/worker/filter-run.ts) and answers ids per level.
// - While a capture loads, the applied filter is re-run when new rows arrive (at most every
//   RERUN_MS), so the table fills in as decoding goes on.
// - History: the last HISTORY_SIZE applied filters, newest first, kept in localStorage.

import { checkFilter, FilterError } from '../../../decoder/index.js';
import type { FilterResult } from '../../worker/protocol.js';

export interface FilterProblem {
  message: string;
  column: number;
  length: number;
}

export interface FilterState {
  /** What the bar shows. */
  text: string;
  /** The filter applied ('' = none). */
  applied: string;
  /** The worker's answer for `applied` (null while it runs, or with no filter). */
  result: FilterResult | null;
  /** The problem with `text`, as the CLI words it. */
  problem: FilterProblem | null;
  running: boolean;
  history: string[];
}

export const HISTORY_SIZE = 20;
const HISTORY_KEY = 'wsscope.filterHistory';
const RERUN_MS = 1000;

export type RunFilter = (source: string) => Promise<FilterResult | null>;

export function problemOf(text: string): FilterProblem | null {
  if (text.trim() === '') return null;
  try {
    checkFilter(text);
    return null;
  } catch (error) {
    if (error instanceof FilterError) return { message: error.message, column: error.column, length: error.length };
    return { message: String(error), column: 1, length: 1 };
  }
}

function loadHistory(): string[] {
  try {
    const raw = globalThis.localStorage?.getItem(HISTORY_KEY);
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string').slice(0, HISTORY_SIZE) : [];
  } catch {
    return [];
  }
}

export class FilterStore {
  private state: FilterState = { text: '', applied: '', result: null, problem: null, running: false, history: [] };
  private readonly listeners = new Set<() => void>();
  private run: RunFilter | null = null;
  private seq = 0;
  private lastRun = 0;
  private rerunTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.state = { ...this.state, history: loadHistory() };
  }

  getState = (): FilterState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<FilterState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** Where filters run (the open capture's worker); null when no capture is open. */
  attach(run: RunFilter | null): void {
    this.run = run;
    if (this.state.applied) void this.execute(this.state.applied);
  }

  type(text: string): void {
    this.set({ text, problem: problemOf(text) });
  }

  /** Apply the bar's text (Enter). A text with a problem is not applied. */
  async apply(text = this.state.text): Promise<void> {
    const problem = problemOf(text);
    this.set({ text, problem });
    if (problem) return;
    const source = text.trim();
    if (source === '') {
      this.clear();
      return;
    }
    this.remember(source);
    this.set({ applied: source });
    await this.execute(source);
  }

  clear(): void {
    this.seq++;
    this.set({ text: '', applied: '', result: null, problem: null, running: false });
  }

  /** New rows were decoded: run the applied filter again, not more often than RERUN_MS. */
  dataChanged(done: boolean): void {
    if (!this.state.applied || !this.run) return;
    const wait = done ? 0 : Math.max(0, this.lastRun + RERUN_MS - Date.now());
    if (this.rerunTimer) {
      if (!done) return;
      clearTimeout(this.rerunTimer);
    }
    this.rerunTimer = setTimeout(() => {
      this.rerunTimer = null;
      void this.execute(this.state.applied);
    }, wait);
  }

  private async execute(source: string): Promise<void> {
    if (!this.run) return;
    const seq = ++this.seq;
    this.lastRun = Date.now();
    this.set({ running: true });
    const result = await this.run(source);
    if (seq !== this.seq) return;
    this.set({
      running: false,
      result,
      problem: result?.error ?? this.state.problem,
    });
  }

  private remember(source: string): void {
    const history = [source, ...this.state.history.filter((h) => h !== source)].slice(0, HISTORY_SIZE);
    this.set({ history });
    try {
      globalThis.localStorage?.setItem(HISTORY_KEY, JSON.stringify(history));
    } catch {
      // private mode or a full storage: the history lives for this session only
    }
  }
}

/** The app's one filter store. */
export const filterStore = new FilterStore();
