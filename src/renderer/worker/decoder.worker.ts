// The decoder Web Worker: runs the DecodeEngine off the UI thread.
//
// Rules
// - One worker per capture. Cancel = the UI terminates the worker; nothing to clean up here.
// - Input comes either as a File/Blob we read ourselves (drag and drop, file picker) or as
//   transferred chunks the UI pulls from a shell ('open-stream', 'chunk'…, 'end').
// - Batches are posted at most every BATCH_MS, and always at the end, so a fast decoder does
//   not flood the UI thread with messages.
// - Between reads we return to the event loop, so detail and search requests are answered
//   while a large file is still loading.

import { DecodeEngine } from './engine.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

const BATCH_MS = 50;

/** The worker global, typed narrowly: tsconfig.web has the DOM lib, not the webworker lib. */
const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

let engine: DecodeEngine | null = null;
let lastPost = 0;
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function post(reply: WorkerReply): void {
  scope.postMessage(reply);
}

function flush(): void {
  if (flushTimer) {
    clearTimeout(flushTimer);
    flushTimer = null;
  }
  if (!engine) return;
  lastPost = performance.now();
  post(engine.takeBatch());
}

/** Post now if the last batch is old enough, else make sure one follows soon. */
function maybeFlush(): void {
  if (!engine) return;
  if (performance.now() - lastPost >= BATCH_MS) flush();
  else if (!flushTimer) flushTimer = setTimeout(flush, BATCH_MS);
}

async function readFile(file: Blob, total: number | null): Promise<void> {
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
}

const DETAIL_BYTES = 256 * 1024;

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  switch (req.type) {
    case 'open-file':
      readFile(req.file, req.total).catch((err: unknown) => {
        engine ??= new DecodeEngine(req.total);
        engine.end();
        const batch = engine.takeBatch();
        post({ ...batch, fatal: `could not read the file: ${String(err)}` });
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
      post({ type: 'frame-detail', reqId: req.reqId, detail: engine?.frameDetail(req.frameId, DETAIL_BYTES) ?? null });
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
  }
};
