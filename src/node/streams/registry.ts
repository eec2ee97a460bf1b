// The byte streams the Electron main process has handed to the renderer, by id.
//
// Rules:
// - Ids are made here (randomUUID) and only here; any other id is rejected ("unknown stream id"),
//   so the renderer can only read what main opened for it.
// - A file stream is read lazily in chunks (src/node/file-stream.ts); a live stream is read from its
//   LiveSession's buffer with one cursor. `readChunk` returns null at the end.
// - `close` releases the stream: a file's descriptor is closed; a live capture is stopped, but its
//   bytes stay available to `liveBytes` (Save as pcapng) until the next live capture starts.
//
// No Electron here, so it is tested as a plain module.

import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { StreamInfo } from '../../shared/api.js';
import { openCaptureFile } from '../file-stream.js';
import type { LiveOptions } from '../validate.js';
import { InvalidArgumentError } from '../validate.js';
import type { LiveReader } from './live-buffer.js';
import { LiveSession, type StartLiveCapture } from './live-session.js';

type Entry =
  | { kind: 'file'; info: StreamInfo; path: string; chunks: AsyncGenerator<Uint8Array>; closed: boolean }
  | { kind: 'live'; info: StreamInfo; session: LiveSession; reader: LiveReader; closed: boolean };

export interface StreamRegistryOptions {
  newId?: () => string;
  /** Called whenever a live capture starts or stops (the menu enables Stop / Save by it). */
  onLiveChange?: () => void;
  fileChunkSize?: number;
}

export class StreamRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly newId: () => string;
  private readonly onLiveChange: () => void;

  constructor(private readonly options: StreamRegistryOptions = {}) {
    this.newId = options.newId ?? randomUUID;
    this.onLiveChange = options.onLiveChange ?? (() => {});
  }

  /** Opens a capture file (the caller has checked where the path came from). */
  async openFile(path: string): Promise<StreamInfo> {
    const file = await openCaptureFile(path, this.options.fileChunkSize);
    const id = this.newId();
    const info: StreamInfo = { id, name: basename(path), size: file.size, live: false };
    this.entries.set(id, { kind: 'file', info, path, chunks: file.chunks(), closed: false });
    return info;
  }

  /** Starts a live capture; throws if the capture process cannot be started. */
  async startLive(options: LiveOptions, startLiveCapture: StartLiveCapture): Promise<StreamInfo> {
    this.forgetClosedLive();
    const session = new LiveSession(this.newId(), options);
    await session.start(startLiveCapture);
    this.entries.set(session.id, {
      kind: 'live',
      info: session.info,
      session,
      reader: session.buffer.reader(),
      closed: false,
    });
    // Tell the menu once the capture has ended, also when it ends by itself (an error, the byte limit).
    void session.buffer.whenEnded().then(this.onLiveChange);
    this.onLiveChange();
    return session.info;
  }

  async readChunk(id: string): Promise<Uint8Array | null> {
    const entry = this.get(id);
    if (entry.closed) return null;
    if (entry.kind === 'live') return entry.reader.next();
    // Async generators queue overlapping next() calls, so chunks stay in order.
    const result = await entry.chunks.next();
    if (result.done) return null;
    // The last chunk may be a view of a bigger buffer; IPC would copy all of that buffer.
    const chunk = result.value;
    return chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice();
  }

  async close(id: string): Promise<void> {
    const entry = this.get(id);
    if (entry.closed) return;
    entry.closed = true;
    if (entry.kind === 'file') {
      this.entries.delete(id);
      await entry.chunks.return(undefined);
      return;
    }
    entry.reader.cancel();
    await this.stopLive(id);
  }

  /** Stops a live capture; its stream ends after the last bytes. */
  async stopLive(id: string): Promise<void> {
    const entry = this.getLive(id);
    await entry.session.stop();
  }

  /** All bytes of a live capture so far. */
  liveBytes(id: string): Uint8Array {
    return this.getLive(id).session.buffer.bytes();
  }

  liveSession(id: string): LiveSession {
    return this.getLive(id).session;
  }

  /** True if some live capture is still running. */
  get liveRunning(): boolean {
    for (const entry of this.entries.values()) if (entry.kind === 'live' && entry.session.running) return true;
    return false;
  }

  /** True if some live capture has bytes (Save as pcapng has something to save). */
  get liveSavable(): boolean {
    for (const entry of this.entries.values())
      if (entry.kind === 'live' && entry.session.buffer.byteLength > 0) return true;
    return false;
  }

  /** Closes everything (window closed, app quitting). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id).catch(() => {})));
    this.entries.clear();
  }

  private get(id: string): Entry {
    const entry = this.entries.get(id);
    if (entry === undefined) throw new InvalidArgumentError(`unknown stream id ${JSON.stringify(id)}`);
    return entry;
  }

  private getLive(id: string): Extract<Entry, { kind: 'live' }> {
    const entry = this.get(id);
    if (entry.kind !== 'live') throw new InvalidArgumentError(`stream ${JSON.stringify(id)} is not a live capture`);
    return entry;
  }

  private forgetClosedLive(): void {
    for (const [id, entry] of this.entries) if (entry.kind === 'live' && entry.closed) this.entries.delete(id);
  }
}
