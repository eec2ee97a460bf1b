// The decoder on the UI thread, for where a Web Worker cannot start: pages opened from file://
// (browsers refuse to start workers from file: URLs). Same handler, same messages; every message
// is handled in its own task (setTimeout), and the handler reads files chunk by chunk, so the
// page still repaints between chunks, just less smoothly than with a real worker.

import { createWorkerHandler } from './handler.js';
import type { WorkerLike, WorkerRequest } from './protocol.js';

export class InThreadWorker implements WorkerLike {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  /** As after Worker.terminate(): no further message is handled or answered. */
  terminated = false;
  private readonly handle = createWorkerHandler((reply) => {
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data: reply } as MessageEvent);
    }, 0);
  });

  postMessage(message: unknown): void {
    setTimeout(() => {
      if (!this.terminated) this.handle(message as WorkerRequest);
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }
}
