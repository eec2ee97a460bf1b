// The decoder Web Worker entry: the handler (handler.ts) wired to the worker global.
// The UI creates one per capture (worker/client.ts) and terminates it to cancel.

import { createWorkerHandler } from './handler.js';
import type { WorkerRequest } from './protocol.js';
import { webWorkerShard } from './shard-workers.js';

/** The worker global, typed narrowly: tsconfig.web has the DOM lib, not the webworker lib. */
const scope = self as unknown as {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

// Asked for (?shards=N, shard-policy.ts), a capture decodes its connections in shard workers this one starts.
const handle = createWorkerHandler((reply, transfer) => scope.postMessage(reply, transfer ?? []), webWorkerShard);
scope.onmessage = (event) => handle(event.data);
