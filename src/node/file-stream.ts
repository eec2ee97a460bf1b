// Reading a capture file chunk by chunk, for every Node-side shell (CLI, server, Electron main).
//
// Rules
// - Never read the whole file: chunks of CHUNK_SIZE bytes, each a fresh Uint8Array, so the
//   decoder may keep views of a chunk without copying (it owns nothing we reuse). A caller that
//   keeps nothing of a chunk once it asks for the next but one (the CLI's decode loop: the session
//   copies what it keeps) passes `ring`: chunks then come from that many buffers in turn, and a
//   1 GiB file no longer leaves a thousand 1 MiB buffers to the garbage collector.
// - Problems that make the file unreadable become a CaptureOpenError with a one-line, lower-case
//   reason that a user can act on ("no such file", "is a directory", "empty file").
//   The caller adds the file name; nothing here prints.

import { open, stat } from 'node:fs/promises';

/** 1 MiB: large enough that syscalls cost nothing, small enough that memory stays flat. */
export const CHUNK_SIZE = 1024 * 1024;

export class CaptureOpenError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'CaptureOpenError';
  }
}

export interface CaptureFile {
  path: string;
  size: number;
  /** Modification time when opened (ms since the epoch; 0 for stdin): a ranged read checks it. */
  mtimeMs: number;
  /**
   * The file's bytes in order, CHUNK_SIZE at a time; stops early when `signal` aborts. With
   * `ring` (at least 2), chunk k is read into the buffer of chunk k - ring: the caller must be
   * done with a chunk before it asks for the one `ring - 1` places after it (a reader that reads
   * one chunk ahead, as the CLI's decode loop does, needs 2; 3 leaves a margin).
   */
  chunks(signal?: AbortSignal, ring?: number): AsyncGenerator<Uint8Array>;
}

/** Node's error codes as sentences a user understands. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a capture file';
    case 'ENOTDIR':
      return 'a parent of this path is not a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** "-" names standard input (`tcpdump -w - | wsscope messages -`); its size is unknown (0). */
export const STDIN_PATH = '-';

/** Checks that `path` names a non-empty regular file (or a FIFO/device, read as a stream). */
export async function openCaptureFile(path: string, chunkSize = CHUNK_SIZE): Promise<CaptureFile> {
  if (path === STDIN_PATH) return { path, size: 0, mtimeMs: 0, chunks: (signal) => readStdin(signal) };
  let size: number;
  let mtimeMs: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new CaptureOpenError('is a directory, not a capture file', path);
    size = st.size;
    mtimeMs = st.mtimeMs;
    if (st.isFile() && size === 0) throw new CaptureOpenError('empty file (0 bytes), not a capture', path);
  } catch (error) {
    if (error instanceof CaptureOpenError) throw error;
    throw new CaptureOpenError(describeFsError(error), path);
  }
  return {
    path,
    size,
    mtimeMs,
    chunks: (signal, ring) => readChunks(path, chunkSize, signal, ring),
  };
}

async function* readChunks(
  path: string,
  chunkSize: number,
  signal?: AbortSignal,
  ring = 0,
): AsyncGenerator<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new CaptureOpenError(describeFsError(error), path);
  }
  const buffers: Uint8Array[] = [];
  let turn = 0;
  try {
    while (!signal?.aborted) {
      let buffer: Uint8Array;
      if (ring < 2) buffer = new Uint8Array(chunkSize);
      else {
        buffer = buffers[turn] ??= new Uint8Array(chunkSize);
        turn = (turn + 1) % ring;
      }
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, chunkSize, null));
      } catch (error) {
        throw new CaptureOpenError(describeFsError(error), path);
      }
      if (bytesRead === 0) return;
      yield bytesRead === chunkSize ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function* readStdin(signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    if (signal?.aborted) return;
    // A Buffer may share Node's pool: copy so the chunk owns its bytes.
    yield new Uint8Array(chunk);
  }
}
