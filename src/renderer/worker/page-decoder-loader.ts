// Loads page-decoder.ts's script (in-thread.js, next to the page) once, on first use, and a
// WorkerLike that queues what the page posts until it is there. Under the Vite dev server there
// is no built script: the module is imported instead.

import type { PageDecoder } from './page-decoder.js';
import type { WorkerLike } from './protocol.js';

export const PAGE_DECODER_SCRIPT = 'in-thread.js';

declare global {
  // Vite replaces `import.meta.env` at build time (DEV: true under the dev server only); the
  // renderer's tsconfig has no vite/client types.
  interface ImportMeta {
    readonly env?: { readonly DEV?: boolean };
  }
}

type Global = { wsscopePageDecoder?: PageDecoder };

let loading: Promise<PageDecoder> | null = null;

export function loadPageDecoder(): Promise<PageDecoder> {
  loading ??= import.meta.env?.DEV
    ? import('./page-decoder.js').then(() => (globalThis as Global).wsscopePageDecoder as PageDecoder)
    : new Promise<PageDecoder>((resolve, reject) => {
        const ready = (globalThis as Global).wsscopePageDecoder;
        if (ready) return resolve(ready);
        const script = document.createElement('script');
        script.src = new URL(PAGE_DECODER_SCRIPT, document.baseURI).href;
        script.onload = () => {
          const loaded = (globalThis as Global).wsscopePageDecoder;
          if (loaded) resolve(loaded);
          else reject(new Error(`${PAGE_DECODER_SCRIPT} loaded but defined no decoder`));
        };
        script.onerror = () =>
          reject(new Error(`could not load ${PAGE_DECODER_SCRIPT} beside the page; rebuild the UI (npm run build:ui)`));
        document.head.append(script);
      });
  return loading;
}

/** The in-thread decoder behind a loader: messages posted before it is loaded wait in order. */
export class LazyInThreadWorker implements WorkerLike {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  private inner: WorkerLike | null = null;
  private queue: unknown[] = [];
  private terminated = false;

  constructor() {
    loadPageDecoder().then(
      (decoder) => {
        if (this.terminated) return;
        const inner = new decoder.InThreadWorker();
        inner.onmessage = (event) => this.onmessage?.(event);
        inner.onerror = (event) => this.onerror?.(event);
        this.inner = inner;
        for (const message of this.queue) inner.postMessage(message);
        this.queue = [];
      },
      (error: Error) => {
        if (!this.terminated) this.onerror?.({ message: error.message } as ErrorEvent);
      },
    );
  }

  postMessage(message: unknown): void {
    if (this.inner) this.inner.postMessage(message);
    else this.queue.push(message);
  }

  terminate(): void {
    this.terminated = true;
    this.queue = [];
    this.inner?.terminate();
  }
}
