// The byte streams a shell has handed to its renderer, by id: one registry for both shells.
//
// Rules:
// - Ids are made here (randomUUID) and only here; any other id is rejected (UnknownStreamError),
//   so the renderer can only read what the shell opened for it.
// - A file stream is read lazily in chunks (src/node/file-stream.ts); a live stream is read from its
//   LiveSession's buffer, which keeps every byte.
// - How a stream is read depends on the shell (option `everyReadFromStart`):
//   Electron pulls chunk by chunk over IPC, so each stream has ONE cursor that `readChunk` advances;
//   browser mode fetches a stream over HTTP, and a reloaded page fetches it again, so every
//   `reader(id)` starts at the stream's first byte and any number may read at once (a late reader
//   of a live capture still sees the capture's file header).
// - `close` releases the stream: a file's reader is closed; a live capture is stopped, but its
//   bytes stay available to `liveBytes` (Save as pcapng) until the next live capture starts.
//
// No Electron and no HTTP here: src/main and src/server both use it.

import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { StreamInfo } from '../../shared/api.js';
import { type CaptureFile, describeFsError, openCaptureFile } from '../file-stream.js';
import type { LiveOptions } from '../validate.js';
import { InvalidArgumentError } from '../validate.js';
import { LiveSession, type StartLiveCapture } from './live-session.js';

/** An id this registry never made (or a file stream already closed); HTTP answers 404 for it. */
export class UnknownStreamError extends InvalidArgumentError {}

/** One pass over a stream's bytes. */
export interface StreamReader {
  /** The next bytes (waiting for a live capture's), or null at the end. */
  next(): Promise<Uint8Array | null>;
  /** Ends this pass: a pending and every later `next()` returns null; a file's descriptor is closed. */
  cancel(): Promise<void>;
}

type Entry =
  | { kind: 'file'; info: StreamInfo; file: CaptureFile; cursor: StreamReader | null; closed: boolean }
  | { kind: 'live'; info: StreamInfo; session: LiveSession; cursor: StreamReader | null; closed: boolean }
  /** A second pass over a live capture's bytes (reopen): closing it leaves the capture running. */
  | { kind: 'live-pass'; info: StreamInfo; session: LiveSession; cursor: StreamReader | null; closed: boolean };

export interface StreamRegistryOptions {
  newId?: () => string;
  /** Called whenever a live capture starts or stops (the menu enables Stop / Save by it). */
  onLiveChange?: () => void;
  fileChunkSize?: number;
  /** Browser mode: every `reader(id)` starts at byte 0 and streams have no shared cursor (see above). */
  everyReadFromStart?: boolean;
}

/** A capture file read by range is no longer the file the stream opened. */
export class StreamChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamChangedError';
  }
}

type FileEntry = Extract<Entry, { kind: 'file' }>;

/**
 * Why the file `entry` opened is no longer the file it was (its size, or its modification time: a
 * file rewritten at the same size), in one line; null when it is. A second pass or a ranged read
 * would otherwise decode other bytes at the offsets the first pass found.
 */
function changedOnDisk(entry: FileEntry, size: number, mtimeMs: number): string | null {
  const name = entry.info.name;
  if (size !== entry.file.size) return `${name} changed on disk (${size} bytes, was ${entry.file.size}); open it again`;
  if (mtimeMs !== entry.file.mtimeMs) return `${name} changed on disk (modified since it was opened); open it again`;
  return null;
}

export class StreamRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly newId: () => string;
  private readonly onLiveChange: () => void;
  private readonly fromStart: boolean;

  constructor(private readonly options: StreamRegistryOptions = {}) {
    this.newId = options.newId ?? randomUUID;
    this.onLiveChange = options.onLiveChange ?? (() => {});
    this.fromStart = options.everyReadFromStart ?? false;
  }

  /** Opens a capture file (the caller has checked where the path came from). */
  async openFile(path: string): Promise<StreamInfo> {
    const file = await openCaptureFile(path, this.options.fileChunkSize);
    const id = this.newId();
    const info: StreamInfo = { id, name: basename(path), size: file.size, live: false };
    const cursor = this.fromStart ? null : fileReader(file);
    this.entries.set(id, { kind: 'file', info, file, cursor, closed: false });
    return info;
  }

  /** Starts a live capture; throws if the capture process cannot be started. */
  async startLive(options: LiveOptions, startLiveCapture: StartLiveCapture): Promise<StreamInfo> {
    this.forgetClosedLive();
    const session = new LiveSession(this.newId(), options);
    await session.start(startLiveCapture);
    const cursor = this.fromStart ? null : liveReader(session);
    this.entries.set(session.id, { kind: 'live', info: session.info, session, cursor, closed: false });
    // Tell the menu once the capture has ended, also when it ends by itself (an error, the byte limit).
    void session.buffer.whenEnded().then(this.onLiveChange);
    this.onLiveChange();
    return session.info;
  }

  /**
   * Electron: a second pass over stream `id` from its first byte, as a new stream with its own
   * cursor (the hex view's TLS records decode the capture again). A file is opened again from the
   * path main opened it from, and must still have its size; a live capture's pass reads what was
   * captured so far, then what follows. The caller never gives a path.
   */
  async reopen(id: string): Promise<StreamInfo> {
    const entry = this.get(id);
    if (entry.kind === 'file') {
      const file = await openCaptureFile(entry.file.path, this.options.fileChunkSize);
      const changed = changedOnDisk(entry, file.size, file.mtimeMs);
      if (changed !== null) throw new InvalidArgumentError(changed);
      const again: StreamInfo = { ...entry.info, id: this.newId() };
      const cursor = this.fromStart ? null : fileReader(file);
      this.entries.set(again.id, { kind: 'file', info: again, file, cursor, closed: false });
      return again;
    }
    const again: StreamInfo = { ...entry.info, id: this.newId() };
    const cursor = this.fromStart ? null : liveReader(entry.session);
    this.entries.set(again.id, { kind: 'live-pass', info: again, session: entry.session, cursor, closed: false });
    return again;
  }

  /** Electron: the next chunk at the stream's one cursor, or null at the end (or once closed). */
  async readChunk(id: string): Promise<Uint8Array | null> {
    const entry = this.get(id);
    if (entry.closed) return null;
    if (entry.cursor === null) throw new Error('readChunk needs the one-cursor mode; use reader(id)');
    // Overlapping calls stay in order: file readers queue them, a live reader hands out each byte once.
    const chunk = await entry.cursor.next();
    if (chunk === null || entry.kind !== 'file') return chunk;
    // The last chunk of a file may be a view of a bigger buffer; IPC would copy all of that buffer.
    return chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice();
  }

  /** Browser mode: a new pass over the stream from its first byte. */
  reader(id: string): StreamReader {
    const entry = this.get(id);
    if (!this.fromStart) throw new Error('reader() needs everyReadFromStart; use readChunk');
    return entry.kind === 'file' ? fileReader(entry.file) : liveReader(entry.session);
  }

  info(id: string): StreamInfo {
    return this.get(id).info;
  }

  /**
   * Both shells: `length` bytes of a capture file from `offset`, read at that position (the app
   * reads payloads back by range, src/renderer/worker/file-payloads.ts). Null for a live capture,
   * which has no fixed bytes to read by range. Throws StreamChangedError when the file is gone or
   * its size or modification time is not what it was when opened: one line to show as it is.
   */
  async readRange(id: string, offset: number, length: number): Promise<Uint8Array | null> {
    const entry = this.get(id);
    if (entry.kind !== 'file') return null;
    const name = entry.info.name;
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(entry.file.path, 'r');
    } catch (error) {
      throw new StreamChangedError(`${name} cannot be read again (${describeFsError(error)}); open it again`);
    }
    try {
      const { size, mtimeMs } = await handle.stat();
      const changed = changedOnDisk(entry, size, mtimeMs);
      if (changed !== null) throw new StreamChangedError(changed);
      const bytes = new Uint8Array(length);
      let at = 0;
      while (at < length) {
        const { bytesRead } = await handle.read(bytes, at, length - at, offset + at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return at === length ? bytes : bytes.subarray(0, at);
    } finally {
      await handle.close();
    }
  }

  async close(id: string): Promise<void> {
    const entry = this.get(id);
    if (entry.closed) return;
    entry.closed = true;
    if (entry.kind !== 'live') {
      this.entries.delete(id);
      await entry.cursor?.cancel();
      return;
    }
    await entry.cursor?.cancel();
    await this.stopLive(id);
  }

  /** Stops a live capture; its stream ends after the last bytes. */
  async stopLive(id: string): Promise<void> {
    await this.getLive(id).session.stop();
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

  /** How many live captures are running now. */
  get liveRunningCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.kind === 'live' && entry.session.running) count += 1;
    return count;
  }

  /** True if some live capture has bytes (Save as pcapng has something to save). */
  get liveSavable(): boolean {
    for (const entry of this.entries.values())
      if (entry.kind === 'live' && entry.session.buffer.byteLength > 0) return true;
    return false;
  }

  /** Closes everything (window closed, app quitting, server closing). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id).catch(() => {})));
    this.entries.clear();
  }

  private get(id: string): Entry {
    const entry = this.entries.get(id);
    if (entry === undefined) throw new UnknownStreamError(`unknown stream id ${JSON.stringify(id)}`);
    return entry;
  }

  private getLive(id: string): Extract<Entry, { kind: 'live' }> {
    const entry = this.get(id);
    if (entry.kind !== 'live') throw new UnknownStreamError(`stream ${JSON.stringify(id)} is not a live capture`);
    return entry;
  }

  private forgetClosedLive(): void {
    for (const [id, entry] of this.entries) if (entry.kind === 'live' && entry.closed) this.entries.delete(id);
  }
}

/** A file from its first byte; the descriptor opens on the first `next()` and closes at the end or on cancel. */
function fileReader(file: CaptureFile): StreamReader {
  const chunks = file.chunks();
  return {
    async next() {
      const result = await chunks.next();
      return result.done ? null : result.value;
    },
    async cancel() {
      await chunks.return(undefined);
    },
  };
}

function liveReader(session: LiveSession): StreamReader {
  const reader = session.buffer.reader();
  return {
    next: () => reader.next(),
    async cancel() {
      reader.cancel();
    },
  };
}
