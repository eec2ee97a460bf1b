// The controller: every action the UI can take, and the plumbing between the shell, the decoder
// worker and the store. Views call these methods; nothing else writes the store.
//
// Opening a capture = a fresh worker + a fresh CaptureData; cancel = terminate the worker (the
// rows decoded so far stay on screen). The first WebSocket connection is selected as soon as
// it appears, so a capture never opens onto an empty screen.

import type { AppProtocolName } from '../../decoder/index.js';
import type { MenuCommand, ShellApi, StreamInfo } from '../../shared/api.js';
import { detectShell } from '../shell/detect.js';
import { rereadPort } from '../shell/reread-port.js';
import { createDecoderWorker, DecoderClient } from '../worker/client.js';
import type { Batch, FrameCiphertext, FrameDetail, MessageDetail, WorkerLike } from '../worker/protocol.js';
import { CaptureData } from './capture-data.js';
import type { DetailTab, Store } from './store.js';
import type { SummaryWant } from './summary-keys.js';
import { type ExplainTarget, type PaneId, sameTarget } from './view-state.js';

/**
 * Re-render at most this often while loading. Every refresh re-derives the table's row model,
 * which is O(rows) in time and garbage, so huge captures refresh less often (measured in
 * test/e2e/large.test.ts: a million rows every 1.5 s kept the UI thread busy in GC).
 */
export function refreshInterval(rows: number): number {
  if (rows < 50_000) return 100;
  if (rows < 200_000) return 500;
  return Math.min(10_000, rows / 100);
}

/** Beyond this many rows, refresh only when they grew by GROWTH (or after MAX_QUIET_MS). */
const GEOMETRIC_FROM = 200_000;
const GROWTH = 1.3;
const MAX_QUIET_MS = 15_000;

/**
 * Whether a batch should re-render the views. Huge captures refresh geometrically (each time
 * the rows grew by 30 %), so loading n rows re-derives the table O(log n) times, O(n) in all.
 */
export function refreshDue(rows: number, refreshedRows: number, elapsedMs: number): boolean {
  if (elapsedMs < refreshInterval(rows)) return false;
  return rows < GEOMETRIC_FROM || rows >= refreshedRows * GROWTH || elapsedMs >= MAX_QUIET_MS;
}

export const FONT_SIZES = [12, 13, 14, 16, 18, 20, 24] as const;

export class Controller {
  private client: DecoderClient | null = null;
  private shell: ShellApi | null = null;
  private lastRefresh = 0;
  /** Rows shown at the last refresh (see refreshDue). */
  private refreshedRows = 0;
  /** The selected connection's first frames were published (they are, at once: onBatch). */
  private framesShown = false;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private searchSeq = 0;
  private detailSeq = 0;
  /** Bumped per opened capture, so a stale stream loop stops pushing. */
  private generation = 0;
  /** TLS key logs the user opened: sent to every capture's worker before its bytes. */
  private readonly keyLogs: { text: Uint8Array; name: string }[] = [];
  /** The File the current capture came from (to decode it again when keys arrive after it). */
  private lastFile: File | null = null;

  /**
   * `memoryBudget`: bytes the decoder worker may hold before it cuts a capture (undefined: the
   * setting `wsscope.memoryBudgetMiB` in localStorage, else the worker's default,
   * worker/memory-budget.ts): a machine with much more or much less memory than a desktop's
   * can move it, and tests make it small.
   */
  constructor(
    readonly store: Store,
    private readonly makeWorker: () => WorkerLike = createDecoderWorker,
    private memoryBudget?: number,
  ) {
    this.loadSettings();
  }

  /**
   * A decoder worker made before it is needed (prepareWorker): the next capture starts decoding
   * without waiting for the worker's script to load and compile (~0.1-0.5 s of the time to the
   * first rows, on a loaded machine: bench/ui-longtasks.mjs).
   */
  private spare: WorkerLike | null = null;
  private keepSpare = false;

  /** Have a worker ready for the next capture, and another each time a capture has loaded. */
  prepareWorker(): void {
    this.keepSpare = true;
    this.spare ??= this.makeWorker();
  }

  get shellApi(): ShellApi | null {
    return this.shell;
  }

  /** The open capture's decoder worker, for requests of other views (filter bar, exports). */
  get decoder(): DecoderClient | null {
    return this.client;
  }

  async init(): Promise<void> {
    const detected = await detectShell();
    this.shell = detected.shell;
    this.store.set({ shellMode: detected.mode, serverVersion: detected.version });
    this.shell?.onMenuCommand((command) => this.onMenuCommand(command));
    if (this.shell) {
      this.shell
        .recentFiles()
        .then((recentFiles) => this.store.set({ recentFiles }))
        .catch(() => undefined);
      try {
        const initial = await this.shell.openInitial();
        if (initial && !this.store.getState().capture) await this.openStream(initial);
      } catch (err) {
        this.notify(`could not open the initial capture: ${errorMessage(err)}`);
      }
    }
  }

  // ---------------------------------------------------------------- opening

  private begin(name: string, size: number | null, live: boolean, streamId: string | null): DecoderClient {
    this.client?.cancel();
    this.generation++;
    this.refreshedRows = 0;
    this.framesShown = false;
    const data = new CaptureData();
    const worker = this.spare ?? this.makeWorker();
    this.spare = null;
    const client = new DecoderClient(
      worker,
      (batch) => this.onBatch(client, batch),
      (message) => this.onWorkerError(client, message),
      // e.g. the capture file changed on disk, so a payload could not be read back
      (message) => client === this.client && this.notify(message),
    );
    this.client = client;
    const want = () => this.wantPreviews(client, data);
    data.frames.lazy.onWant = want;
    data.messages.lazy.onWant = want;
    data.frames.summaryKeys.onWant = (want) => void this.fetchSummaryKeys(client, data, want);
    for (const k of this.keyLogs) client.addKeyLog(k.text, k.name);
    this.store.set({
      capture: { name, size, live, streamId },
      data,
      dataVersion: 0,
      loading: true,
      cancelled: false,
      fatal: null,
      memoryCut: null,
      notice: null,
      progress: { bytesIn: 0, records: 0, total: size },
      selectedConnectionId: null,
      selectedFrameId: null,
      selectedMessageId: null,
      frameDetail: null,
      detailTab: 'handshake',
      searchResult: null,
      liveRunning: live,
    });
    this.shell?.setTitle(`${name} — wsscope`);
    if (!this.shell) document.title = `${name} — wsscope`;
    return client;
  }

  /** A File from the picker or a drop: the worker reads it directly. */
  openFile(file: File): void {
    const client = this.begin(file.name, file.size, false, null);
    this.lastFile = file;
    client.openFile(file, this.memoryBudget);
    const query = this.store.getState().searchQuery;
    if (query) this.search(query);
  }

  /** A shell stream (file opened natively, the command-line capture, a live capture). */
  async openStream(info: StreamInfo): Promise<void> {
    const shell = this.shell;
    if (!shell) return;
    const client = this.begin(info.name, info.size, info.live, info.id);
    this.lastFile = null;
    const generation = this.generation;
    client.openStream(info.size, shell.streamUrl?.(info.id) ?? null, rereadPort(shell, info.id), this.memoryBudget);
    try {
      for (;;) {
        // read on only while the worker keeps up (client.ts MAX_IN_FLIGHT)
        await client.whenRoom();
        const chunk = await shell.readChunk(info.id);
        if (generation !== this.generation) {
          await shell.closeStream(info.id);
          return;
        }
        if (!chunk) break;
        client.pushChunk(chunk);
      }
      client.end();
    } catch (err) {
      if (generation === this.generation) this.notify(`reading ${info.name} failed: ${errorMessage(err)}`);
      client.end();
    } finally {
      if (generation === this.generation) this.store.set({ liveRunning: false });
    }
  }

  async openDialog(): Promise<void> {
    if (!this.shell) return;
    try {
      const info = await this.shell.openFileDialog();
      if (info) await this.openStream(info);
    } catch (err) {
      this.notify(errorMessage(err));
    }
  }

  async openRecent(path: string): Promise<void> {
    if (!this.shell) return;
    try {
      const info = await this.shell.openRecent(path);
      if (info) await this.openStream(info);
    } catch (err) {
      this.notify(errorMessage(err));
    }
  }

  /**
   * A TLS key log (NSS format, as SSLKEYLOGFILE writes): used for the open capture and every
   * capture after. Records still waiting for keys (a live capture) are decrypted at once; a
   * capture opened from a File is decoded again with the keys (its connections already ended).
   */
  async addKeyLogFile(file: File): Promise<void> {
    let text: Uint8Array;
    try {
      text = new Uint8Array(await file.arrayBuffer());
    } catch (err) {
      this.notify(`could not read ${file.name}: ${errorMessage(err)}`);
      return;
    }
    this.keyLogs.push({ text, name: file.name });
    this.store.set((s) => ({ keyLogNames: [...s.keyLogNames, file.name] }));
    const { capture, loading } = this.store.getState();
    if (capture && this.lastFile && !loading) {
      this.openFile(this.lastFile);
      return;
    }
    this.client?.addKeyLog(text, file.name);
    if (capture && !this.lastFile && !loading)
      this.notify(`TLS keys from ${file.name} apply to captures opened from now on: open ${capture.name} again`);
  }

  /** A dropped File: in Electron open it by path (the main process reads it), else read it here. */
  async openDropped(file: File): Promise<void> {
    if (await looksLikeKeyLog(file)) {
      await this.addKeyLogFile(file);
      return;
    }
    const path = this.shell?.pathForFile?.(file) ?? null;
    if (path && this.shell) {
      try {
        const info = await this.shell.openDropped(path);
        if (info) {
          await this.openStream(info);
          return;
        }
      } catch (err) {
        this.notify(errorMessage(err));
        return;
      }
    }
    this.openFile(file);
  }

  cancel(): void {
    if (!this.client || !this.store.getState().loading) return;
    this.client.cancel();
    this.generation++;
    const { capture } = this.store.getState();
    if (capture?.streamId && this.shell) this.shell.closeStream(capture.streamId).catch(() => undefined);
    this.store.set((s) => ({ loading: false, cancelled: true, dataVersion: s.data.version, liveRunning: false }));
  }

  // ---------------------------------------------------------------- live capture

  async startLive(port: number, iface?: string, keyLog?: string): Promise<void> {
    if (!this.shell) return;
    try {
      // keyLog: a path on the capturing machine, followed there (its lines arrive in the stream).
      const info = await this.shell.startLiveCapture({
        port,
        interface: iface || undefined,
        keyLog: keyLog || undefined,
      });
      await this.openStream(info);
    } catch (err) {
      this.notify(`live capture failed: ${errorMessage(err)}`);
    }
  }

  async stopLive(): Promise<void> {
    const capture = this.store.getState().capture;
    if (!this.shell || !capture?.live || !capture.streamId) return;
    try {
      await this.shell.stopLiveCapture(capture.streamId);
    } catch (err) {
      this.notify(errorMessage(err));
    }
  }

  async saveLive(): Promise<void> {
    const capture = this.store.getState().capture;
    if (!this.shell || !capture?.live || !capture.streamId) return;
    try {
      await this.shell.saveLiveCapture(capture.streamId);
    } catch (err) {
      this.notify(errorMessage(err));
    }
  }

  // ---------------------------------------------------------------- worker output

  private previewsDue = false;

  /** The columns' trim steps (CaptureData.trimSteps), one per task, while this capture is open. */
  private trimLater(client: DecoderClient, steps: (() => void)[]): void {
    const next = () => {
      if (client !== this.client) return;
      const step = steps.shift();
      if (!step) return;
      step();
      setTimeout(next, 0);
    };
    setTimeout(next, 0);
  }

  /**
   * Rows a view read without their preview text (preview-cache.ts): one request for all of them,
   * after the render that read them; the answer re-renders the views.
   */
  private wantPreviews(client: DecoderClient, data: CaptureData): void {
    if (this.previewsDue) return;
    this.previewsDue = true;
    setTimeout(() => {
      this.previewsDue = false;
      void this.fetchPreviews(client, data);
    }, 0);
  }

  /** Summary ranks and matches of every frame (a table sorted or filtered by summary: summary-keys.ts). */
  private async fetchSummaryKeys(client: DecoderClient, data: CaptureData, want: SummaryWant): Promise<void> {
    const keys = await client.summaryKeys(want.locale, want.ranks, want.match);
    data.frames.summaryKeys.put(keys && client === this.client ? keys : null);
    if (!keys || client !== this.client) return;
    data.version++;
    this.store.set({ dataVersion: data.version });
  }

  private async fetchPreviews(client: DecoderClient, data: CaptureData): Promise<void> {
    const frameIds = data.frames.lazy.takeWanted();
    const messageIds = data.messages.lazy.takeWanted();
    if (frameIds.length === 0 && messageIds.length === 0) return;
    const previews = await client.previews(frameIds, messageIds);
    if (!previews || client !== this.client) {
      data.frames.lazy.drop(frameIds);
      data.messages.lazy.drop(messageIds);
      return;
    }
    data.frames.lazy.put(frameIds, previews.frames);
    data.messages.lazy.put(messageIds, previews.messages);
    data.version++;
    this.store.set({ dataVersion: data.version });
  }

  private onBatch(client: DecoderClient, batch: Batch): void {
    if (client !== this.client) return;
    const state = this.store.getState();
    state.data.apply(batch);
    const patch: Partial<ReturnType<Store['getState']>> = { progress: batch.progress };
    if (batch.fatal) patch.fatal = batch.fatal;
    if (batch.done || batch.fatal) patch.loading = false;
    if (batch.cut && !state.memoryCut) {
      // The worker decodes no more: stop pulling a shell stream (its loop closes it), as cancel does.
      patch.memoryCut = batch.cut;
      patch.liveRunning = false;
      this.generation++;
    }
    if (state.selectedConnectionId == null) {
      const first = state.data.firstInteresting();
      if (first) patch.selectedConnectionId = first.id;
    }
    const now = performance.now();
    // Connections count as rows too: every refresh sorts and draws over all of them, and a
    // capture of 50,000 half-open connections (no frames at all) refreshed every 100 ms.
    const rows = state.data.frames.size + state.data.connections.size;
    const due = refreshDue(rows, this.refreshedRows, now - this.lastRefresh);
    // The selected connection's first frames show at once, not at the next refresh (500 ms later).
    const selected = patch.selectedConnectionId ?? state.selectedConnectionId;
    const firstFrames = selected != null && !this.framesShown && state.data.framesByConnection.has(selected);
    if (firstFrames) this.framesShown = true;
    if (due || firstFrames || batch.done || patch.selectedConnectionId != null || batch.fatal || patch.memoryCut) {
      this.lastRefresh = now;
      this.refreshedRows = rows;
      patch.dataVersion = state.data.version;
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
      this.refreshTimer = null;
    } else if (!this.refreshTimer && rows < GEOMETRIC_FROM) {
      // Small captures: make sure the last rows of a pause show up (live capture).
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = null;
        this.lastRefresh = performance.now();
        const data = this.store.getState().data;
        this.refreshedRows = data.frames.size + data.connections.size;
        this.store.set((s) => ({ dataVersion: s.data.version }));
      }, refreshInterval(rows));
    }
    this.store.set(patch);
    if (batch.done) {
      this.trimLater(client, state.data.trimSteps());
      // the next worker loads once this capture no longer needs the CPU
      if (this.keepSpare) this.prepareWorker();
    }
    // A search typed before or during loading is re-run once everything is in.
    if (batch.done && this.store.getState().searchQuery) this.search(this.store.getState().searchQuery);
  }

  private onWorkerError(client: DecoderClient, message: string): void {
    if (client !== this.client) return;
    this.store.set({ loading: false, fatal: `the decoder stopped: ${message}` });
  }

  // ---------------------------------------------------------------- selection

  selectConnection(id: number): void {
    const s = this.store.getState();
    if (s.selectedConnectionId === id) return;
    this.store.set({
      selectedConnectionId: id,
      selectedFrameId: null,
      selectedMessageId: null,
      frameDetail: null,
      detailTab: s.detailTab === 'findings' ? 'findings' : 'handshake',
    });
  }

  async selectFrame(frameId: number, tab?: DetailTab): Promise<void> {
    const s = this.store.getState();
    const row = s.data.frames.row(frameId);
    if (!row) return;
    this.store.set({
      selectedFrameId: frameId,
      selectedMessageId: row.messageId,
      selectedConnectionId: row.connectionId,
      detailTab: tab ?? (s.detailTab === 'handshake' || s.detailTab === 'findings' ? 'frame' : s.detailTab),
    });
    const seq = ++this.detailSeq;
    const detail = (await this.client?.frameDetail(frameId)) ?? null;
    if (seq === this.detailSeq) this.store.set({ frameDetail: detail });
  }

  selectMessage(messageId: number, tab?: DetailTab): void {
    const first = this.store.getState().data.messages.firstFrameOf(messageId);
    if (!this.store.getState().data.messages.has(messageId) || first == null) return;
    void this.selectFrame(first, tab);
  }

  /**
   * A findings link to a capture record: select the first frame that packet carried (or the
   * nearest frame of its connection); a packet with no frame nearby shows its connection.
   */
  async selectPacket(packet: number, connectionId: number | null, time: number | null): Promise<void> {
    const ids = (await this.client?.framesForPacket(packet, connectionId, time)) ?? [];
    if (ids.length > 0) await this.selectFrame(ids[0], 'frame');
    else if (connectionId != null) this.selectConnection(connectionId);
  }

  /** The rest of a payload cut for display (the worker sends the first 256 KiB by default). */
  async loadFullPayload(messageId: number): Promise<Uint8Array | null> {
    const detail = await this.client?.messageDetail(messageId, Number.MAX_SAFE_INTEGER);
    return detail?.message.payload ?? null;
  }

  /** One frame's record and its message, from the worker (the lesson reads several). */
  frameDetail(frameId: number): Promise<FrameDetail | null> {
    return this.client?.frameDetail(frameId) ?? Promise.resolve(null);
  }

  /** The TLS records a decrypted frame came from (the worker reads the capture again). */
  frameCiphertext(frameId: number): Promise<FrameCiphertext | null> {
    return this.client?.frameCiphertext(frameId) ?? Promise.resolve(null);
  }

  /** One message's record, its payload cut to `maxBytes`. */
  messageDetail(messageId: number, maxBytes: number): Promise<MessageDetail | null> {
    return this.client?.messageDetail(messageId, maxBytes) ?? Promise.resolve(null);
  }

  /** Decode a connection as another application protocol (null: automatic; 'none': none). */
  setProtocol(connectionId: number, protocol: AppProtocolName | 'none' | null): void {
    this.client?.setProtocol(connectionId, protocol);
  }

  setTab(tab: DetailTab): void {
    this.store.set({ detailTab: tab });
  }

  // ---------------------------------------------------------------- search

  search(query: string): void {
    this.store.set({ searchQuery: query });
    const seq = ++this.searchSeq;
    if (!query.trim()) {
      this.store.set({ searchResult: null });
      return;
    }
    this.client?.search(query).then((result) => {
      if (seq === this.searchSeq && result) this.store.set({ searchResult: result });
    });
  }

  // ---------------------------------------------------------------- settings

  toggleTheme(): void {
    this.store.set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' }));
    this.saveSettings();
  }

  zoom(step: -1 | 0 | 1): void {
    this.store.set((s) => {
      if (step === 0) return { fontSize: 14 };
      const i = FONT_SIZES.indexOf(s.fontSize as (typeof FONT_SIZES)[number]);
      const next = FONT_SIZES[Math.max(0, Math.min(FONT_SIZES.length - 1, (i < 0 ? 2 : i) + step))];
      return { fontSize: next };
    });
    this.saveSettings();
  }

  toggleTimeMode(): void {
    this.store.set((s) => ({ timeMode: s.timeMode === 'relative' ? 'absolute' : 'relative' }));
  }

  setLiveForm(open: boolean): void {
    this.store.set({ liveFormOpen: open });
  }

  // ---------------------------------------------------------------- views (issue 10)

  /** Frames as on the wire, or messages as the application received them. */
  setListView(view: 'frames' | 'messages'): void {
    this.store.set({ listView: view });
  }

  /** Show what a selected field, finding or header means in the explanation panel. */
  explain(target: ExplainTarget | null): void {
    if (!sameTarget(this.store.getState().explain, target)) this.store.set({ explain: target });
  }

  /** Show one pane alone (null: all of them again). */
  maximize(pane: PaneId | null): void {
    this.store.set((s) => ({ maximized: s.maximized === pane ? null : pane }));
  }

  /**
   * Presentation setting: the largest type for a projector, and back to the size used before.
   * The font-size control keeps working in either state.
   */
  togglePresentation(): void {
    this.store.set((s) => {
      if (s.presentation) return { presentation: false, fontSize: this.sizeBeforePresentation };
      this.sizeBeforePresentation = s.fontSize;
      return { presentation: true, fontSize: FONT_SIZES[FONT_SIZES.length - 1] };
    });
    this.saveSettings();
  }
  private sizeBeforePresentation = 14;

  notify(message: string | null): void {
    this.store.set({ notice: message });
  }

  private onMenuCommand(command: MenuCommand): void {
    switch (command) {
      case 'file.open':
        void this.openDialog();
        break;
      case 'live.stop':
        void this.stopLive();
        break;
      case 'live.save':
        void this.saveLive();
        break;
      case 'live.start':
        this.setLiveForm(true);
        break;
      case 'view.zoomIn':
        this.zoom(1);
        break;
      case 'view.zoomOut':
        this.zoom(-1);
        break;
      case 'view.resetZoom':
        this.zoom(0);
        break;
      case 'view.toggleTheme':
        this.toggleTheme();
        break;
      case 'find':
        document.querySelector<HTMLInputElement>('input[type=search]')?.focus();
        break;
    }
  }

  private loadSettings(): void {
    try {
      const mib = Number(globalThis.localStorage?.getItem('wsscope.memoryBudgetMiB'));
      if (this.memoryBudget === undefined && Number.isFinite(mib) && mib > 0) this.memoryBudget = mib * 1024 * 1024;
      const raw = globalThis.localStorage?.getItem('wsscope.settings');
      const saved = raw ? (JSON.parse(raw) as { theme?: string; fontSize?: number }) : {};
      const prefersDark = globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
      this.store.set({
        theme: saved.theme === 'dark' || saved.theme === 'light' ? saved.theme : prefersDark ? 'dark' : 'light',
        fontSize: typeof saved.fontSize === 'number' ? saved.fontSize : 14,
      });
    } catch {
      // storage unavailable (file://, privacy mode): defaults are fine
    }
  }

  private saveSettings(): void {
    try {
      const { theme, fontSize } = this.store.getState();
      globalThis.localStorage?.setItem('wsscope.settings', JSON.stringify({ theme, fontSize }));
    } catch {
      // ignore
    }
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A text file whose first line is a key log comment or label (captures start with binary magic). */
async function looksLikeKeyLog(file: File): Promise<boolean> {
  try {
    const head = new TextDecoder().decode(await file.slice(0, 256).arrayBuffer());
    return /^(#|CLIENT_RANDOM |CLIENT_[A-Z_]*SECRET|SERVER_[A-Z_]*SECRET|EXPORTER_SECRET )/.test(head.trimStart());
  } catch {
    return false;
  }
}
