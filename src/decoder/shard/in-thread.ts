// Shards in this thread: a ShardCore per shard, answering on a later microtask as a worker would.
// For tests (the merge is then checked without threads) and for platforms without workers.

import type { TlsCrypto } from '../tls/crypto.js';
import { ShardCore, type ShardInit, type ShardReply } from './shard-core.js';
import type { ShardChannel, ShardHandlers } from './sharded-session.js';
import type { WireBatch } from './wire.js';

/**
 * `copy` stands for the thread boundary (structuredClone with the transfer list in tests), so that
 * nothing shared by reference between the two sides goes unnoticed.
 */
export function inThreadShard(
  crypto: TlsCrypto | null,
  copy: <T>(value: T, transfer: ArrayBuffer[]) => T = (v) => v,
): (init: ShardInit, index: number, handlers: ShardHandlers) => ShardChannel {
  return (init, _index, handlers) => {
    const core = new ShardCore(init, crypto);
    let closed = false;
    return {
      send(batch: WireBatch) {
        const input = copy(batch, [batch.nums.buffer as ArrayBuffer, batch.bytes.buffer as ArrayBuffer]);
        void Promise.resolve().then(() => {
          if (closed) return;
          let answer: { reply: ShardReply; transfer: ArrayBuffer[] };
          try {
            answer = core.run(input);
          } catch (error) {
            handlers.error(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          handlers.reply(copy(answer.reply, answer.transfer));
        });
      },
      close() {
        closed = true;
      },
    };
  };
}
