// One running (or finished) live capture: the capture child process plus the LiveBuffer it fills.
//
// Theory of operation: `start()` starts the capture through the injected `startLiveCapture`
// (src/node/live-capture.ts in production, a fake in tests), waits until the tool says it is
// capturing (so a missing tool or permission fails the start, with the tool's advice, instead of
// an empty stream), and pipes its bytes into a LiveBuffer. The buffer ends when the capture stops
// (after `stop()` resolves, i.e. after the last bytes were delivered) or fails (`onError`).
// Stopping twice is harmless. The session never decodes: the bytes are whatever the capture tool
// writes (tcpdump: pcap, dumpcap: pcapng).
//
// No Electron here (the server shares it).

import type { StreamInfo } from '../../shared/api.js';
import type { LiveOptions } from '../validate.js';
import { LIVE_BYTES_LIMIT, LiveBuffer } from './live-buffer.js';

/** The capture process as src/node/live-capture.ts exposes it. */
export interface LiveCaptureHandle {
  stop(): Promise<void>;
  pid: number | undefined;
  /** Resolves once the tool is capturing; rejects if it failed first. */
  ready?: Promise<void>;
}

/** How long to wait for the capture tool's "listening on …" before going on without it. */
export const READY_TIMEOUT_MS = 5000;

export interface LiveCaptureStartOptions {
  port: number;
  iface: string;
  onBytes(bytes: Uint8Array): void;
  onError(error: Error): void;
}

/** The signature of src/node/live-capture.ts `startLiveCapture`. */
export type StartLiveCapture = (options: LiveCaptureStartOptions) => LiveCaptureHandle;

export class LiveSession {
  readonly buffer: LiveBuffer;
  readonly info: StreamInfo;
  private capture: LiveCaptureHandle | null = null;
  private stopping: Promise<void> | null = null;

  constructor(
    readonly id: string,
    readonly options: LiveOptions,
    limit = LIVE_BYTES_LIMIT,
  ) {
    this.buffer = new LiveBuffer(limit);
    this.info = { id, name: liveName(options), size: null, live: true };
  }

  /** Starts the capture process and waits until it captures; rejects (buffer ended) if it cannot. */
  async start(startLiveCapture: StartLiveCapture, readyTimeoutMs = READY_TIMEOUT_MS): Promise<void> {
    try {
      this.capture = startLiveCapture({
        port: this.options.port,
        iface: this.options.iface,
        onBytes: (bytes) => {
          if (!this.buffer.push(bytes)) {
            void this.stop(new Error(`live capture stopped: it passed ${this.buffer.byteLength} bytes`));
          }
        },
        onError: (error) => {
          this.buffer.end(error);
          void this.stop();
        },
      });
      if (this.capture.ready !== undefined) await withTimeout(this.capture.ready, readyTimeoutMs);
    } catch (error) {
      this.buffer.end(asError(error));
      await this.stop();
      throw error;
    }
  }

  get running(): boolean {
    return this.capture !== null && this.stopping === null && !this.buffer.isEnded;
  }

  get pid(): number | undefined {
    return this.capture?.pid;
  }

  /** Stops the capture process; the buffer ends after its last bytes (with `reason`, if given). */
  stop(reason?: Error): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.capture?.stop();
      } catch (error) {
        this.buffer.end(asError(error));
      } finally {
        this.buffer.end(reason);
      }
    })();
    return this.stopping;
  }
}

/** Display name of a live capture: "live: lo port 8080". */
export function liveName(options: LiveOptions): string {
  return `live: ${options.iface} port ${options.port}`;
}

/** Waits for `promise`, but at most `ms` (then resolves anyway: some tools never say "listening"). */
async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
