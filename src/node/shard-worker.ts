// A decoder shard in a worker thread (the CLI's --jobs; src/node/shard-threads.ts starts it):
// ShardCore over the batches the merging thread posts, its replies posted back with their
// buffers transferred. Bundled on its own as dist/cli/shard-worker.js.

import { parentPort, workerData } from 'node:worker_threads';
import { ShardCore, type ShardInit, type WireBatch } from '../decoder/index.js';
import { nodeTlsCrypto } from './tls-crypto.js';

const port = parentPort;
if (port === null) throw new Error('shard-worker.js runs as a worker thread');
const init = (workerData as { init: ShardInit }).init;
const core = new ShardCore(init, init.tls ? nodeTlsCrypto : null);

port.on('message', (batch: WireBatch) => {
  try {
    const { reply, transfer } = core.run(batch);
    port.postMessage(reply, transfer);
  } catch (error) {
    // A decoder bug the core did not contain: the merging thread fails with it, as one thread would.
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
