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

import { DecodeEngine } from './engine.js';
import type { FilterResult, WorkerReply, WorkerRequest } from './protocol.js';
import { rowBuffers } from './row-codec.js';

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
/** Payload bytes sent with a frame's details; the rest on request ("load the remaining"). */
const DETAIL_BYTES = 256 * 1024;

export function createWorkerHandler(
  post: (reply: WorkerReply, transfer?: ArrayBuffer[]) => void,
): (req: WorkerRequest) => void {
  let engine: DecodeEngine | null = null;
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

  /** Post now if the last batch is old enough, else make sure one follows soon. */
  const maybeFlush = () => {
    if (!engine) return;
    if (performance.now() - lastPost >= BATCH_MS) flush();
    else if (!flushTimer) flushTimer = setTimeout(flush, BATCH_MS);
  };

  const readFile = async (file: Blob, total: number | null) => {
    engine = new DecodeEngine(total);
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      engine.push(value);
      maybeFlush();
    }
    engine.end();
    flush();
  };

  return (req: WorkerRequest) => {
    switch (req.type) {
      case 'open-file':
        readFile(req.file, req.total).catch((err: unknown) => {
          engine ??= new DecodeEngine(req.total);
          engine.end();
          post({ ...engine.takeBatch(), fatal: `could not read the file: ${String(err)}` });
        });
        break;
      case 'open-stream':
        engine = new DecodeEngine(req.total);
        break;
      case 'chunk':
        engine?.push(req.bytes);
        maybeFlush();
        break;
      case 'end':
        engine?.end();
        flush();
        break;
      case 'frame-detail':
        post({
          type: 'frame-detail',
          reqId: req.reqId,
          detail: engine?.frameDetail(req.frameId, DETAIL_BYTES) ?? null,
        });
        break;
      case 'message-detail':
        post({
          type: 'message-detail',
          reqId: req.reqId,
          detail: engine?.messageDetail(req.messageId, req.maxBytes) ?? null,
        });
        break;
      case 'search':
        post({
          type: 'search',
          reqId: req.reqId,
          result: engine?.search(req.query) ?? { query: req.query, frameIds: [], messageIds: [] },
        });
        break;
      case 'filter': {
        const result = engine?.filter(req.source) ?? null;
        if (result)
          post({ type: 'filter', reqId: req.reqId, result }, [
            result.frameIds.buffer,
            result.messageIds.buffer,
          ] as ArrayBuffer[]);
        else post({ type: 'filter', reqId: req.reqId, result: emptyFilter(req.source) });
        break;
      }
      case 'slice': {
        const result = engine?.slice(req.connectionIds) ?? { error: 'no capture is open' };
        post(
          { type: 'slice', reqId: req.reqId, result },
          'bytes' in result ? [result.bytes.buffer as ArrayBuffer] : [],
        );
        break;
      }
      case 'messages':
        post({ type: 'messages', reqId: req.reqId, messages: engine?.messageRecords(req.ids) ?? [] });
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
