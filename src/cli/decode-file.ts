// Running one capture file through the decoder, chunk by chunk, for the file commands.
//
// Theory of operation
// - The file is read 1 MiB at a time (src/node/file-stream.ts), one read ahead of the decoder,
//   and pushed into a CaptureSession in 64 KiB slices; after every slice the session is drained
//   and the events go to the command's handler, which prints rows; then the output is flushed
//   (waiting if the reader is slow). Nothing already printed is kept, so memory stays flat.
// - A 'connection' event is a full snapshot: only the latest per id is kept (connections are few).
// - A 'fatal' event (not a capture at all) stops reading and becomes an InputError (exit 1).
//   Damage findings (capture.damaged) do not stop anything: they are repeated on stderr at the
//   end as warnings, and the exit code stays 0.

import { open, stat } from 'node:fs/promises';
import {
  AnySession,
  type AppOptions,
  type CaptureFileInfo,
  type CaptureProgress,
  type ConnectionRecord,
  type DecoderEvent,
  detectCaptureFormat,
  type Finding,
  ShardedSession,
} from '../decoder/index.js';
import { FilePayloadSource } from '../node/file-payload-source.js';
import { CaptureOpenError, openCaptureFile } from '../node/file-stream.js';
import { shardWorkerScript, workerShard } from '../node/shard-threads.js';
import { nodeTlsCrypto } from '../node/tls-crypto.js';
import { printable } from './cells.js';
import type { CliContext } from './context.js';
import type { KeyLogChoice } from './keylog.js';
import { asOutOfMemory, checkMemory, stateBudget } from './memory-guard.js';
import type { Output } from './output.js';
import { ProgressBar } from './progress.js';
import { isWebSocketConnection } from './records.js';

/** The input could not be read as a capture: exit code 1, one line naming the file. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export interface DecodeSummary {
  path: string;
  info: CaptureFileInfo | null;
  /** Latest snapshot of every connection, by id (ascending); empty with DecodeOptions.countOnly. */
  connections: ConnectionRecord[];
  /** How many TCP connections the capture has (their ids are 1 to this). */
  connectionCount: number;
  /** How many of them are WebSocket connections (isWebSocketConnection of their last snapshot). */
  webSocketCount: number;
  /** How many are TLS without keys (not HTTP/2): the stderr hint about SSLKEYLOGFILE. */
  lockedCount: number;
  /** How many come from a source that recorded no messages for them (a Firefox HAR). */
  unrecordedMessagesCount?: number;
  records: number;
  bytes: number;
  /** Capture-level damage findings, to report on stderr. */
  damage: Finding[];
  /** Packets not decoded, by what (the session's progress record). */
  skipped?: CaptureProgress['skipped'];
  /** TCP packets found inside tunnels, by tunnel. */
  decapsulated?: CaptureProgress['decapsulated'];
}

export interface DecodeOptions {
  progress?: boolean;
  /**
   * Keep no connection records, only count them (and the WebSocket ones): a million connections'
   * records took gigabytes. For commands that list frames, messages or findings, whose handlers
   * still get each drain's snapshots.
   */
  countOnly?: boolean;
  /** Application protocol decoding (on by default; `--protocol` overrides go here; false: off). */
  app?: AppOptions | false;
  /**
   * The handler writes out (or counts) each event's records at once and keeps no payload past
   * its call: the session may reuse payload memory (SessionOptions.transientPayloads). Not with
   * a display filter, which holds rows it cannot decide yet.
   */
  transientPayloads?: boolean;
  /**
   * The handler reads no binary message's payload bytes, only their length: those read back from
   * the file are not (SessionOptions.binaryPayloadLengthsOnly).
   */
  binaryPayloadLengthsOnly?: boolean;

  /**
   * The command's context: the progress bar goes to its stderr, is hidden around output to its
   * stdout when that is a terminal, and is erased by its Ctrl-C; its signal (EPIPE, Ctrl-C) stops
   * reading at the next chunk.
   */
  ctx: Pick<CliContext, 'stdout' | 'stderr' | 'onInterrupt' | 'signal'> & Partial<Pick<CliContext, 'warn'>>;
  /** TLS key log (--keylog or SSLKEYLOGFILE, see keylog.ts); keys in a pcapng are used anyway. */
  keyLog?: KeyLogChoice | null;
  /**
   * Threads that decode connections (--jobs): 1 (the default) decodes in this one; N > 1 starts
   * N decoder threads (src/decoder/shard/), same output. Not the default: on the 2-core machine
   * it was measured on, handing records back cost about what decoding them does, so only wss
   * decryption on more cores gains (bench/README.md, "decode on every core").
   */
  jobs?: number;
}

const DAMAGE_CODES = new Set(['capture.damaged']);
/** Read buffers used in turn (CaptureFile.chunks' ring). */
const READ_RING = 3;

export async function decodeCaptureFile(
  /** A file, or "-" for standard input. */
  filePath: string,
  out: Output,
  /** Called per event; `connections` already holds the snapshots of the same drain. */
  onEvent: (event: DecoderEvent, connections: ReadonlyMap<number, ConnectionRecord>) => void,
  options: DecodeOptions,
): Promise<DecodeSummary> {
  const path = filePath === '-' ? 'standard input' : filePath;
  let file: Awaited<ReturnType<typeof openCaptureFile>>;
  try {
    file = await openCaptureFile(filePath);
  } catch (error) {
    if (error instanceof CaptureOpenError) throw new InputError(`${path}: ${error.message}`);
    throw error;
  }
  // No output shows frames' bit-level field records, so they are not built (a per-frame cost;
  // buildFrameFields makes them from a frame's header on demand).
  // A capture or a HAR file (told apart by content: src/decoder/open-session.ts).
  // The decoder's memory budget is sized to the heap, so it degrades gracefully (evicting idle
  // connections) before the heap guard below has to stop it.
  const common = {
    frameFields: false,
    tls: { crypto: nodeTlsCrypto },
    app: options.app ?? true,
    limits: { maxConnectionStateBytes: stateBudget() },
  };
  const jobs = options.jobs ?? 1;
  // Shards decode pcap and pcapng only (a HAR file has no packets to share out); standard input
  // cannot be looked at first, so it is read in one thread.
  const script = jobs > 1 && filePath !== '-' && (await isPacketCapture(filePath)) ? shardWorkerScript() : null;
  // The frames of a fragmented message are read back from the file when it ends, not held until
  // then (src/decoder/payload-source.ts); a pipe or a FIFO cannot be read again.
  const source = script === null && (await isRegularFile(filePath)) ? new FilePayloadSource(filePath, file.size) : null;
  const session: AnySession | ShardedSession =
    script !== null
      ? new ShardedSession({ ...common, shards: { count: jobs, open: workerShard(script) } })
      : new AnySession({
          ...common,
          // Records are written out and dropped, so bytes in flight are all the decoder holds: in
          // reused blocks, not left as old garbage once their message is out.
          pooledBuffers: true,
          transientPayloads: options.transientPayloads === true,
          payloadSource: source ?? undefined,
          binaryPayloadLengthsOnly: options.binaryPayloadLengthsOnly === true,
        });
  if (options.keyLog) {
    const k = options.keyLog;
    const n = session.addKeyLog(k.text, k.path);
    options.ctx.warn?.(`TLS keys: ${n} secret${n === 1 ? '' : 's'} from ${k.path} (${k.from})`);
  }
  const connections = new Map<number, ConnectionRecord>();
  let connectionCount = 0;
  const webSockets = new Set<number>();
  const locked = new Set<number>();
  const unrecordedMessages = new Set<number>();
  const damage: Finding[] = [];
  let info: CaptureFileInfo | null = null;
  let bytes = 0;
  const ctx = options.ctx;
  const signal = ctx.signal;
  // ProgressBar writes, and reads isTTY and columns: all that CliContext's stderr has.
  const bar = new ProgressBar(
    ctx.stderr as NodeJS.WriteStream,
    file.size,
    `reading ${printable(path)}`,
    options.progress !== false,
  );
  const stdoutIsTty = Boolean(ctx.stdout.isTTY);

  // State first (connection snapshots, file info), then the command's handler: the decoder may
  // put a connection's snapshot after that connection's messages in one drain, and handlers
  // (follow's heading) want the connection when they see its first message.
  const handle = (events: DecoderEvent[]): void => {
    for (const event of events) {
      switch (event.kind) {
        case 'fatal':
          throw new InputError(`${path}: ${event.message}`);
        case 'capture-info':
          info = event.info;
          break;
        case 'connection': {
          const c = event.connection;
          if (c.id > connectionCount) connectionCount = c.id;
          if (isWebSocketConnection(c)) webSockets.add(c.id);
          else webSockets.delete(c.id);
          if (c.tls !== null && !c.tls.decrypted && c.tls.alpn !== 'h2') locked.add(c.id);
          else locked.delete(c.id);
          if (c.absent?.includes('messages')) unrecordedMessages.add(c.id);
          if (options.countOnly !== true) connections.set(c.id, c);
          break;
        }
        case 'finding':
          if (DAMAGE_CODES.has(event.finding.code)) damage.push(event.finding);
          break;
      }
    }
    for (const event of events) onEvent(event, connections);
  };

  const take = (events: DecoderEvent[]): void => {
    if (source?.failure) throw new InputError(`${path}: ${source.failure}`);
    handle(events);
    checkMemory(path);
  };

  const flush = async (): Promise<void> => {
    if (!out.hasPending) return;
    if (stdoutIsTty) bar.hide();
    await out.flush();
    if (stdoutIsTty) bar.show();
  };

  // Ctrl-C while reading: erase the progress bar (the context then ends the process, exit 130).
  const stopListening = ctx.onInterrupt(() => bar.finish());
  try {
    // The session copies what it keeps, and readAhead holds one chunk besides the one being
    // read: three buffers in turn are enough (file-stream.ts).
    for await (const chunk of readAhead(file.chunks(signal, READ_RING))) {
      bytes += chunk.byteLength;
      // After every 64 KiB step: stop with our own error while the heap still has room.
      if (session instanceof ShardedSession) await session.pushAndTake(chunk, take);
      else session.pushAndDrain(chunk, take);
      await flush();
      bar.update(bytes);
    }
    if (!signal?.aborted) {
      // In batches: a capture ending with many open connections never holds all their events.
      if (session instanceof ShardedSession) await session.endAndTake(take);
      else {
        session.endAndDrain(take);
        handle(session.drain());
      }
      await flush();
    }
  } catch (error) {
    if (error instanceof CaptureOpenError) throw new InputError(`${path}: ${error.message}`);
    const oom = asOutOfMemory(error, path);
    if (oom !== null) throw oom;
    throw error;
  } finally {
    if (session instanceof ShardedSession) session.close();
    source?.close();
    stopListening();
    bar.finish();
  }
  if (info === null && !signal?.aborted) {
    throw new InputError(`${path}: not a pcap or pcapng capture file`);
  }
  const list = [...connections.values()].sort((a, b) => a.id - b.id);
  const { records, skipped, decapsulated } = session.progress();
  return {
    path,
    info,
    connections: list,
    connectionCount,
    webSocketCount: webSockets.size,
    lockedCount: locked.size,
    unrecordedMessagesCount: unrecordedMessages.size,
    records,
    bytes,
    damage,
    skipped,
    decapsulated,
  };
}

/** A regular file (not standard input, a FIFO or a device): one that can be read again by offset. */
async function isRegularFile(path: string): Promise<boolean> {
  if (path === '-') return false;
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The file starts as a pcap or pcapng does. */
async function isPacketCapture(path: string): Promise<boolean> {
  try {
    // A FIFO or a device would lose the bytes read here.
    if (!(await stat(path)).isFile()) return false;
    const handle = await open(path, 'r');
    try {
      const head = new Uint8Array(4);
      const { bytesRead } = await handle.read(head, 0, 4, 0);
      return bytesRead === 4 && detectCaptureFormat(head).kind !== 'other';
    } finally {
      await handle.close();
    }
  } catch {
    // Unreadable here: the reader below says why.
    return false;
  }
}

/**
 * Yields what `source` yields, asking for the next item before handing out the current one, so
 * the next read runs while this chunk is decoded (else the process sat idle on every read).
 */
async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const ask = (): Promise<IteratorResult<T>> => {
    const next = it.next();
    // A read that fails while nobody waits for it (we stopped early) is not an unhandled
    // rejection; when we do wait for it, `await` still throws.
    next.catch(() => {});
    return next;
  };
  try {
    let next = ask();
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = ask();
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}

/** Lines for stderr after a file was decoded: damage warnings and "no WebSocket" notes. */
export function summaryWarnings(summary: DecodeSummary, options: { hint: 'all' | 'command' | 'none' }): string[] {
  const lines: string[] = [];
  for (const f of summary.damage.slice(0, 5)) lines.push(`warning: ${summary.path}: ${f.message}`);
  if (summary.damage.length > 5)
    lines.push(`warning: ${summary.path}: ${summary.damage.length - 5} more damage reports`);
  const packets = (list: { what: string; packets: number }[]) =>
    list.map((s) => `${s.packets} ${s.what} packet${s.packets === 1 ? '' : 's'}`).join(', ');
  // Encapsulations not opened may hide TCP (so WebSocket): always said ("120 GTP-U … packets").
  const opaque = (summary.skipped ?? []).filter((s) => s.opaque);
  if (opaque.length > 0)
    lines.push(`note: ${summary.path}: ${packets(opaque)} not decoded (may carry TCP that wsscope cannot see)`);
  const locked = summary.lockedCount;
  if (locked > 0) {
    const n = `${locked} TLS connection${locked === 1 ? '' : 's'}`;
    lines.push(
      `${n} without keys in ${summary.path}: run the client with SSLKEYLOGFILE=keys.log set, then pass --keylog keys.log`,
    );
  }
  if (summary.info?.format === 'har') {
    lines.push(
      `note: ${summary.path} is a HAR file: it records handshakes and messages, not packets, TCP, frames or masking`,
    );
    const n = summary.unrecordedMessagesCount ?? 0;
    if (n > 0)
      lines.push(
        `note: ${summary.path} holds no messages for ${n} WebSocket connection${n === 1 ? '' : 's'} (Firefox's HAR export leaves them out; Chrome DevTools' HAR keeps them)`,
      );
  }
  const ws = summary.webSocketCount;
  if (ws === 0 && summary.info !== null) {
    const n = summary.connectionCount;
    const tcp = `${n} TCP connection${n === 1 ? '' : 's'}`;
    const hint =
      options.hint === 'all'
        ? '; use --all to list them'
        : options.hint === 'command' && n > 0
          ? `; 'wsscope connections --all ${summary.path}' lists them`
          : '';
    // With no TCP at all, say what the capture holds instead (and what was seen through tunnels).
    const other = (summary.skipped ?? []).filter((s) => !s.opaque);
    const held = n === 0 && other.length > 0 ? `; it holds ${packets(other)}` : '';
    lines.push(`no WebSocket connections in ${summary.path} (${tcp}${held}${hint})`);
  }
  return lines;
}
