// The decoder worker's message handling, apart from the worker global so tests can drive it
// (and the controller) in Node with a fake worker. decoder.worker.ts wires it to `self`.
//
// Rules
// - One handler per capture. Cancel = the UI terminates the worker; nothing to clean up here.
// - Input comes either as a File/Blob we read ourselves (drag and drop, file picker) or as
//   transferred chunks the UI pulls from a shell ('open-stream', 'chunk'…, 'end').
// - Batches are posted at most every BATCH_MS, and always at the end, so a fast decoder does
//   not flood the UI thread with messages.
// - Between reads we return to the event loop, so detail and search requests are answered
//   while a large file is still loading.

import { FrameCiphertextFinder } from '../../decoder/index.js';
import { DecodeEngine, type EngineShards, RAW_LIMIT } from './engine.js';
import { blobRanges, type RangeSource, urlRanges } from './file-payloads.js';
import type { FilterResult, FrameCiphertext, SliceResult, WorkerReply, WorkerRequest } from './protocol.js';
import { type PassReader, RereadSource } from './reread-source.js';
import { rowBuffers } from './row-codec.js';
import { shardCount } from './shard-policy.js';
import { nobleTlsCrypto } from './tls-crypto.js';

function emptyFilter(source: string): FilterResult {
  return {
    source,
    error: null,
    frameIds: new Int32Array(0),
    messageIds: new Int32Array(0),
    connectionIds: [],
    fields: [],
    ms: 0,
    framesMs: 0,
  };
}

export const BATCH_MS = 50;
/** Bytes of a read pushed to the decoder at a time (the memory budget is checked between). */
const PIECE = 1024 * 1024;
/**
 * The first piece of a file is smaller, and each next one twice as big up to PIECE: the first rows
 * go out after 64 KiB decoded, not a whole MiB (~0.1 s on a loaded machine).
 */
const FIRST_PIECE = 64 * 1024;
/**
 * A stream's decoded bytes are acknowledged ('consumed') every this many: the page keeps a few
 * times this in flight (client.ts MAX_IN_FLIGHT), so the ack is no message per chunk.
 */
const ACK_BYTES = 1024 * 1024;
/** Payload bytes sent with a frame's details; the rest on request ("load the remaining"). */
const DETAIL_BYTES = 256 * 1024;

/**
 * `openShard`: how to start a decoder shard (decoder.worker.ts: a nested Web Worker; tests: one in
 * this thread). Without it, every capture decodes in one thread (the page decoder of file:// pages).
 */
export function createWorkerHandler(
  post: (reply: WorkerReply, transfer?: ArrayBuffer[]) => void,
  openShard: EngineShards['open'] | null = null,
): (req: WorkerRequest) => void {
  let engine: DecodeEngine | null = null;
  /** Key logs given for this capture: applied to the engine when it is made, and to it after. */
  const keyLogs: { text: Uint8Array; name: string }[] = [];
  /**
   * `rereadable`: the capture can be read again (no copy kept for slices); a File also by range,
   * so payloads are read back from it rather than kept (file-payloads.ts).
   */
  const newEngine = (
    total: number | null,
    memoryBudget?: number,
    rereadable = false,
    ranges: RangeSource | null = null,
    keepPayloadBytes?: number,
    requestedShards?: number,
  ): DecodeEngine => {
    // the engine decodes in one thread for a count of 1
    const shards = openShard && { count: shardCount({ requested: requestedShards, total }), open: openShard };
    const e = new DecodeEngine(total, memoryBudget, !rereadable, undefined, ranges, keepPayloadBytes, shards);
    for (const k of keyLogs) e.addKeyLog(k.text, k.name);
    return e;
  };
  /**
   * Where the capture can be read again from its first byte (the ciphertext view decodes it anew):
   * the file's Blob, the shell stream's URL (browser mode) or a port the page reopens it on
   * (Electron); `streamed` bytes were pushed so far (a second read of a live stream never needs more).
   */
  let source: Blob | string | RereadSource | null = null;
  let streamed = 0;
  /** `streamed` as last told to the page ('consumed'). */
  let acked = 0;
  let lastPost = 0;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    if (flushTimer) {
      clearTimeout(flushTimer);
      flushTimer = null;
    }
    if (!engine) return;
    lastPost = performance.now();
    const batch = engine.takeBatch();
    post(batch, rowBuffers(batch.frames, batch.messages));
  };

  /** At the end: post everything left, in as many batches as the batch limits need. */
  const flushAll = () => {
    flush();
    while (engine?.hasPending()) flush();
  };

  /**
   * Decoding ended: the last rows out, then the summaries a sort needs made ahead. A failure
   * there (the file changed) is not this moment's to report: the first sort asks again and says so.
   */
  const loaded = () => {
    flushAll();
    engine?.prepareSummaries()?.catch(() => undefined);
  };

  /** Tells the page how much of the stream is decoded, every ACK_BYTES (client.ts whenRoom). */
  const consumed = (upTo: number) => {
    if (upTo - acked < ACK_BYTES) return;
    acked = upTo;
    post({ type: 'consumed', bytes: upTo });
  };

  /** Post now if the last batch is old enough, else make sure one follows soon. */
  const maybeFlush = () => {
    if (!engine) return;
    if (performance.now() - lastPost >= BATCH_MS) flush();
    else if (!flushTimer) flushTimer = setTimeout(flush, BATCH_MS);
  };

  const readFile = async (
    file: Blob,
    total: number | null,
    memoryBudget?: number,
    keepPayloadBytes?: number,
    shards?: number,
  ) => {
    engine = newEngine(total, memoryBudget, true, blobRanges(file), keepPayloadBytes, shards);
    const reader = file.stream().getReader();
    let piece = FIRST_PIECE;
    read: for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // in pieces: the memory budget is checked after each (a browser may hand over megabytes)
      for (let at = 0; at < value.length; ) {
        const decoding = engine.push(value.subarray(at, at + piece));
        // decoding in shards: the next piece waits for this one (one thread's order, and the budget)
        if (decoding) await decoding;
        at += piece;
        piece = Math.min(PIECE, piece * 2);
        maybeFlush();
        // cut at the memory budget: the rest of the file is not even read
        if (engine.isCut) {
          void reader.cancel().catch(() => undefined);
          break read;
        }
      }
    }
    const ending = engine.end();
    if (ending) await ending;
    loaded();
  };

  /** A frame's TLS records: the file decoded again up to the frame (nothing was kept per record). */
  const frameCiphertext = async (frameId: number): Promise<FrameCiphertext> => {
    const target = engine?.ciphertextTarget(frameId) ?? null;
    if (!target) return { unavailable: 'the frame is not on a decrypted TLS connection' };
    if (!source) return { unavailable: 'this shell cannot read the capture a second time' };
    const finder = new FrameCiphertextFinder(target, nobleTlsCrypto, keyLogs);
    const reader = await openSource(source);
    const limit = source instanceof Blob ? Number.POSITIVE_INFINITY : streamed;
    try {
      for (let read = 0; read < limit; ) {
        const { done, value } = await reader.read();
        if (done) break;
        const piece = value.subarray(0, Math.min(value.length, limit - read));
        read += piece.length;
        if (finder.push(piece)) break;
      }
    } finally {
      void reader.cancel().catch(() => undefined);
    }
    const records = finder.end();
    return records.length > 0 ? { records } : { unavailable: 'the records of this frame were not found again' };
  };

  /**
   * A slice: from the bytes the engine kept, or else from the capture read again in full (the
   * engine keeps no copy of a capture that can be read again; the bytes live for this call only).
   */
  const slice = async (connectionIds: number[]): Promise<SliceResult> => {
    if (!engine) return { error: 'no capture is open' };
    const unavailable = engine.sliceUnavailable();
    if (unavailable) return { error: unavailable };
    if (engine.keepsRaw || !source) return engine.slice(connectionIds);
    const limit = source instanceof Blob ? source.size : streamed;
    if (limit > RAW_LIMIT)
      return { error: `the capture is over ${RAW_LIMIT >> 20} MiB: use 'wsscope slice' on the command line` };
    const bytes = await readAgain(source, limit);
    return engine.sliceOf(bytes, connectionIds);
  };

  /**
   * A reply made from payloads read back from the file: if the file cannot be read any more, one
   * line says why (a notice) and the request gets `fallback`.
   */
  const answer = <T>(work: Promise<T>, fallback: T, reply: (value: T) => void): void => {
    work
      .catch((err: unknown) => {
        post({ type: 'notice', message: errorText(err) });
        return fallback;
      })
      .then(reply);
  };

  return (req: WorkerRequest) => {
    switch (req.type) {
      case 'frame-ciphertext':
        frameCiphertext(req.frameId)
          .catch((err: unknown) => ({ unavailable: `could not read the capture again: ${String(err)}` }))
          .then((detail) => post({ type: 'frame-ciphertext', reqId: req.reqId, detail }));
        break;
      case 'open-file':
        source = req.file;
        readFile(req.file, req.total, req.memoryBudget, req.keepPayloadBytes, req.shards).catch((err: unknown) => {
          engine ??= new DecodeEngine(req.total);
          engine.end();
          post({ ...engine.takeBatch(), fatal: `could not read the file: ${String(err)}` });
        });
        break;
      case 'open-stream': {
        const reread = req.reread ? new RereadSource(req.reread) : null;
        source = req.url ?? reread;
        streamed = 0;
        acked = 0;
        // A capture file a shell streams (it has a size; a live capture has none) is read by range
        // too: browser mode's with Range requests on its URL, Electron's through the page's port.
        const ranges = req.total === null ? null : req.url ? urlRanges(req.url) : reread;
        engine = newEngine(req.total, req.memoryBudget, source !== null, ranges, req.keepPayloadBytes, req.shards);
        break;
      }
      case 'key-log':
        keyLogs.push({ text: req.text, name: req.name });
        if (engine) {
          engine.addKeyLog(req.text, req.name);
          maybeFlush();
          // with shards, what the keys decrypt comes from the shards a little later
          void engine.idle().then(maybeFlush);
        }
        break;
      case 'chunk': {
        streamed += req.bytes.length;
        const upTo = streamed;
        // in shards, chunks queue in the engine in the order they came (its promise is for a reader):
        // they count as consumed once decoded, not once queued
        const pushed = engine?.push(req.bytes);
        if (pushed) void pushed.then(() => consumed(upTo)).then(maybeFlush);
        else consumed(upTo);
        maybeFlush();
        break;
      }
      case 'end': {
        const ending = engine?.end();
        if (ending) void ending.then(loaded);
        else loaded();
        break;
      }
      case 'frame-detail':
        answer(engine?.frameDetailRead(req.frameId, DETAIL_BYTES) ?? Promise.resolve(null), null, (detail) =>
          post({ type: 'frame-detail', reqId: req.reqId, detail }),
        );
        break;
      case 'message-detail':
        answer(engine?.messageDetailRead(req.messageId, req.maxBytes) ?? Promise.resolve(null), null, (detail) =>
          post({ type: 'message-detail', reqId: req.reqId, detail }),
        );
        break;
      case 'search': {
        const none = { query: req.query, frameIds: [], messageIds: [] };
        answer(engine?.searchRead(req.query) ?? Promise.resolve(none), none, (result) =>
          post({ type: 'search', reqId: req.reqId, result }),
        );
        break;
      }
      case 'set-protocol':
        answer(engine?.setProtocolRead(req.connectionId, req.protocol) ?? Promise.resolve(), undefined, maybeFlush);
        break;
      case 'filter':
        answer(engine?.filterRead(req.source) ?? Promise.resolve(null), null, (result) => {
          if (result)
            post({ type: 'filter', reqId: req.reqId, result }, [
              result.frameIds.buffer,
              result.messageIds.buffer,
            ] as ArrayBuffer[]);
          else post({ type: 'filter', reqId: req.reqId, result: emptyFilter(req.source) });
        });
        break;
      case 'slice':
        slice(req.connectionIds)
          .catch((err: unknown): SliceResult => ({ error: `could not read the capture again: ${errorText(err)}` }))
          .then((result) =>
            post(
              { type: 'slice', reqId: req.reqId, result },
              'bytes' in result ? [result.bytes.buffer as ArrayBuffer] : [],
            ),
          );
        break;
      case 'previews': {
        const none = { frames: req.frameIds.map(() => ''), messages: req.messageIds.map(() => '') };
        answer(engine?.previewsRead(req.frameIds, req.messageIds) ?? Promise.resolve(none), none, (previews) =>
          post({ type: 'previews', reqId: req.reqId, previews }),
        );
        break;
      }
      case 'summary-keys': {
        const none = { ranks: null, match: null, matches: null, reordered: false };
        answer(engine?.summaryKeysRead(req.locale, req.ranks, req.match) ?? Promise.resolve(none), none, (keys) => {
          const buffers = [keys.ranks?.buffer, keys.matches?.buffer].filter((b) => b !== undefined);
          post({ type: 'summary-keys', reqId: req.reqId, keys }, buffers as ArrayBuffer[]);
        });
        break;
      }
      case 'messages':
        answer(engine?.messageRecordsRead(req.ids) ?? Promise.resolve([]), [], (messages) =>
          post({ type: 'messages', reqId: req.reqId, messages }),
        );
        break;
      case 'packet-frames':
        post({
          type: 'packet-frames',
          reqId: req.reqId,
          frameIds: engine?.framesForPacket(req.packet, req.connectionId, req.time) ?? [],
        });
        break;
    }
  };
}

/**
 * The capture's first `limit` bytes, read again: a Blob by `slice` (no stream), a stream from its
 * first byte. Fewer bytes than before means the file changed under the app: one line says so.
 */
async function readAgain(source: Blob | string | RereadSource, limit: number): Promise<Uint8Array> {
  if (source instanceof Blob) {
    const bytes = new Uint8Array(await source.slice(0, limit).arrayBuffer());
    if (bytes.length < limit) throw new Error(changedText(bytes.length, limit));
    return bytes;
  }
  const out = new Uint8Array(limit);
  let read = 0;
  const reader = await openSource(source);
  try {
    while (read < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      const piece = value.subarray(0, limit - read);
      out.set(piece, read);
      read += piece.length;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  if (read < limit) throw new Error(changedText(read, limit));
  return out;
}

function changedText(got: number, wanted: number): string {
  return `the capture file is shorter than when it was opened (${got} of ${wanted} bytes): it changed on disk; open it again`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A reader of the capture from its first byte: the Blob again, a new GET of the stream, or a new pass. */
async function openSource(source: Blob | string | RereadSource): Promise<PassReader> {
  if (source instanceof RereadSource) return source.open();
  if (typeof source !== 'string') return source.stream().getReader();
  const res = await fetch(source, { cache: 'no-store' });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  return res.body.getReader();
}
