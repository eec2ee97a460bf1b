// Decoder shards as worker threads, for ShardedSession in the CLI (--jobs) and Electron's main.
//
// The worker's script is dist/cli/shard-worker.js beside the CLI's bundle (scripts/build-cli.mjs).
// Run from sources (tests importing src/), there is none: shardWorkerScript() says so and callers
// decode in one thread.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ShardChannel, ShardHandlers, ShardInit, ShardReply, WireBatch } from '../decoder/index.js';

/** The worker script's path, or null when this build has none. */
export function shardWorkerScript(): string | null {
  const path = fileURLToPath(new URL('./shard-worker.js', import.meta.url));
  return existsSync(path) ? path : null;
}

/** ShardedOptions.shards.open for worker threads running `script`. */
export function workerShard(script: string) {
  return (init: ShardInit, _index: number, handlers: ShardHandlers): ShardChannel => {
    const worker = new Worker(script, { workerData: { init } });
    let closed = false;
    worker.on('message', (message: ShardReply | { error: string }) => {
      if ('error' in message) handlers.error(new Error(message.error.split('\n')[0]));
      else handlers.reply(message);
    });
    worker.on('error', (error: Error) => {
      if (!closed) handlers.error(error);
    });
    worker.on('exit', (code) => {
      if (!closed) handlers.error(new Error(`a decoder thread exited (code ${code})`));
    });
    return {
      send(batch: WireBatch) {
        worker.postMessage(batch, [batch.nums.buffer as ArrayBuffer, batch.bytes.buffer as ArrayBuffer]);
      },
      close() {
        if (closed) return;
        closed = true;
        void worker.terminate();
      },
    };
  };
}
