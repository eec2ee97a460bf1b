// Decoder shards as Web Workers started from the decoding worker (nested dedicated workers:
// Chromium and Electron have them), for ShardedSession in the engine (engine.ts, shard-policy.ts).
// Only decoder.worker.ts imports this: the page decoder (file:// pages, page-decoder.ts) has no
// workers to start, and decodes in one thread.
//
// Vite bundles shard.worker.ts as a worker of its own beside decoder.worker's (the `new URL`
// below is what it looks for); the batches' and replies' buffers are transferred, not copied.

import type { ShardChannel, ShardHandlers, ShardInit, ShardReply, WireBatch } from '../../decoder/index.js';

/** ShardedOptions.shards.open: one Web Worker per shard. */
export function webWorkerShard(init: ShardInit, _index: number, handlers: ShardHandlers): ShardChannel {
  const worker = new Worker(new URL('./shard.worker.ts', import.meta.url), { type: 'module' });
  let closed = false;
  worker.onmessage = (event: MessageEvent<ShardReply | { error: string }>) => {
    if (closed) return;
    const message = event.data;
    if ('error' in message) handlers.error(new Error(message.error));
    else handlers.reply(message);
  };
  worker.onerror = (event: ErrorEvent) => {
    if (!closed) handlers.error(new Error(event.message || 'a decoder shard worker failed to start'));
  };
  worker.postMessage({ init });
  return {
    send(batch: WireBatch) {
      worker.postMessage(batch, [batch.nums.buffer as ArrayBuffer, batch.bytes.buffer as ArrayBuffer]);
    },
    close() {
      if (closed) return;
      closed = true;
      worker.terminate();
    },
  };
}
