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
import { LiveKeyLog, TICK_MS } from './live-keys.js';

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
  /** With a key log path: the bytes become pcapng carrying its lines (live-keys.ts). */
  private readonly keys: LiveKeyLog | null;
  private tick: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly id: string,
    readonly options: LiveOptions,
    limit = LIVE_BYTES_LIMIT,
  ) {
    this.buffer = new LiveBuffer(limit);
    this.info = { id, name: liveName(options), size: null, live: true };
    this.keys = options.keyLog === undefined ? null : new LiveKeyLog(options.keyLog);
  }

  /** Bytes into the buffer (through the key log's pcapng rewriting when there is one). */
  private take(bytes: Uint8Array | (() => Uint8Array)): void {
    let out: Uint8Array;
    try {
      out = typeof bytes === 'function' ? bytes() : this.keys ? this.keys.push(bytes) : bytes;
    } catch (error) {
      void this.stop(asError(error));
      return;
    }
    if (out.length > 0 && !this.buffer.push(out)) {
      void this.stop(new Error(`live capture stopped: it passed ${this.buffer.byteLength} bytes`));
    }
  }

  /** Starts the capture process and waits until it captures; rejects (buffer ended) if it cannot. */
  async start(startLiveCapture: StartLiveCapture, readyTimeoutMs = READY_TIMEOUT_MS): Promise<void> {
    try {
      this.capture = startLiveCapture({
        port: this.options.port,
        iface: this.options.iface,
        onBytes: (bytes) => this.take(bytes),
        onError: (error) => {
          this.buffer.end(error);
          void this.stop();
        },
      });
      if (this.capture.ready !== undefined) await withTimeout(this.capture.ready, readyTimeoutMs);
      const keys = this.keys;
      if (keys && this.stopping === null) {
        this.tick = setInterval(() => this.take(() => keys.tick()), TICK_MS);
        this.tick.unref?.();
      }
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
        if (this.tick !== null) clearInterval(this.tick);
        this.tick = null;
        // The last key log lines and the packets held for them, before the end.
        const keys = this.keys;
        if (keys && !this.buffer.isEnded) this.take(() => keys.end());
        this.buffer.end(reason);
      }
    })();
    return this.stopping;
  }
}

/** Display name of a live capture: "live: lo port 8080". */
export function liveName(options: LiveOptions): string {
  return `live: ${options.iface} port ${options.port}${options.keyLog ? ' + key log' : ''}`;
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
