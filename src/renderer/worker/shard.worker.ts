// A decoder shard in a Web Worker, started by the decoding worker (shard-workers.ts): ShardCore
// over the batches the decoding worker posts, its replies posted back with their buffers
// transferred. The browser's twin of src/node/shard-worker.ts; the first message is the shard's
// init (a Web Worker has no workerData), the others the batches of one turn, answered in one.

import { ShardCore, type ShardInit, type ShardReply, type WireBatch } from '../../decoder/index.js';
import { nobleTlsCrypto } from './tls-crypto.js';

/** The worker global, typed narrowly: tsconfig.web has the DOM lib, not the webworker lib. */
const scope = self as unknown as {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<{ init: ShardInit } | WireBatch[]>) => void) | null;
};

let core: ShardCore | null = null;

scope.onmessage = (event) => {
  const data = event.data;
  try {
    if ('init' in data) {
      core = new ShardCore(data.init, data.init.tls ? nobleTlsCrypto : null);
      return;
    }
    if (core === null) throw new Error('a decoder shard was sent a batch before its init');
    const replies: ShardReply[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const batch of data) {
      const answer = core.run(batch);
      replies.push(answer.reply);
      transfer.push(...answer.transfer);
    }
    scope.postMessage(replies, transfer);
  } catch (error) {
    // A decoder bug the core did not contain: the decoding worker fails with it, as one thread would.
    scope.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
