// Decoder shards as Web Workers started from the decoding worker (nested dedicated workers:
// Chromium and Electron have them), for ShardedSession in the engine (engine.ts, shard-policy.ts).
// Only decoder.worker.ts imports this: the page decoder (file:// pages, page-decoder.ts) has no
// workers to start, and decodes in one thread.
//
// Vite bundles shard.worker.ts as a worker of its own beside decoder.worker's (the `new URL`
// below is what it looks for); the batches' and replies' buffers are transferred, not copied.
// The batches sent in one turn of the event loop go in one message, and the shard answers them
// in one: a message between workers cost ~0.3 ms to send or receive (engine.ts SHARD_GROUP).

import type { ShardChannel, ShardHandlers, ShardInit, ShardReply, WireBatch } from '../../decoder/index.js';

/** ShardedOptions.shards.open: one Web Worker per shard. */
export function webWorkerShard(init: ShardInit, _index: number, handlers: ShardHandlers): ShardChannel {
  const worker = new Worker(new URL('./shard.worker.ts', import.meta.url), { type: 'module' });
  let closed = false;
  worker.onmessage = (event: MessageEvent<ShardReply[] | { error: string }>) => {
    if (closed) return;
    const message = event.data;
    if ('error' in message) handlers.error(new Error(message.error));
    else for (const reply of message) handlers.reply(reply);
  };
  worker.onerror = (event: ErrorEvent) => {
    if (!closed) handlers.error(new Error(event.message || 'a decoder shard worker failed to start'));
  };
  worker.postMessage({ init });
  let queued: WireBatch[] = [];
  let transfer: ArrayBuffer[] = [];
  const post = () => {
    if (!closed) worker.postMessage(queued, transfer);
    queued = [];
    transfer = [];
  };
  return {
    send(batch: WireBatch) {
      if (queued.length === 0) queueMicrotask(post);
      queued.push(batch);
      transfer.push(batch.nums.buffer as ArrayBuffer, batch.bytes.buffer as ArrayBuffer);
    },
    close() {
      if (closed) return;
      closed = true;
      worker.terminate();
    },
  };
}
