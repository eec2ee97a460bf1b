// The real worker handler (src/renderer/worker/handler.ts) in this thread behind a Worker's
// interface, answering asynchronously like a Worker: renderer tests drive the Controller with the
// decoding it really does, without a worker thread.

import { createWorkerHandler } from '../../src/renderer/worker/handler.js';
import type { WorkerLike, WorkerRequest } from '../../src/renderer/worker/protocol.js';

export class InProcessWorker implements WorkerLike {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  /** As after Worker.terminate(): no further message is handled or answered. */
  terminated = false;
  private readonly handle = createWorkerHandler((reply) =>
    setTimeout(() => !this.terminated && this.onmessage?.({ data: reply } as MessageEvent), 0),
  );
  postMessage(message: unknown): void {
    setTimeout(() => !this.terminated && this.handle(message as WorkerRequest), 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}
