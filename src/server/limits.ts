// What one server lets its clients hold at a time, so a client (or many) cannot exhaust memory or
// start any number of tcpdump processes.
//
// - Streams: at most `maxStreams` GET /api/stream responses at once (each holds a file chunk or
//   a live reader, ~1–2 MiB while its client does not read); one more is answered 429.
// - A stream response whose client stops reading (a write that does not drain) for `stallMs` is
//   cut: a stalled reader must not pin its chunk forever. Waiting for a live capture's next packet
//   is not a stall (the client is reading; the capture is quiet).
// - Live captures: at most `maxLive` running at once (409 beyond that); a running capture that no
//   stream has read for `liveIdleMs` (the page that started it went away) is stopped.
// - Requests: node:http's headersTimeout/requestTimeout bound how long a client may take to send
//   one (slowloris).

export interface ServerLimits {
  maxStreams: number;
  maxLive: number;
  stallMs: number;
  liveIdleMs: number;
  /** Whole request (headers and body) within this; node:http answers 408 otherwise. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxStreams: 8,
  maxLive: 2,
  stallMs: 30_000,
  liveIdleMs: 120_000,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
};

/** Counts a resource held by clients and refuses one past the cap. */
export class Gauge {
  private held = 0;
  constructor(readonly cap: number) {}

  tryAcquire(): boolean {
    if (this.held >= this.cap) return false;
    this.held += 1;
    return true;
  }

  release(): void {
    if (this.held > 0) this.held -= 1;
  }

  get count(): number {
    return this.held;
  }
}

/**
 * Per live capture: how many streams read it now, and a timer that stops it after `idleMs`
 * without any reader.
 */
export class LiveIdleWatch {
  private readonly readers = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly idleMs: number,
    private readonly stop: (id: string) => void,
  ) {}

  /** A capture started: it idles until a stream reads it. */
  started(id: string): void {
    this.readers.set(id, 0);
    this.arm(id);
  }

  readerOpened(id: string): void {
    if (!this.readers.has(id)) return;
    this.readers.set(id, (this.readers.get(id) ?? 0) + 1);
    this.disarm(id);
  }

  readerClosed(id: string): void {
    const count = this.readers.get(id);
    if (count === undefined) return;
    this.readers.set(id, Math.max(0, count - 1));
    if (count <= 1) this.arm(id);
  }

  forget(id: string): void {
    this.disarm(id);
    this.readers.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.timers.keys()]) this.disarm(id);
    this.readers.clear();
  }

  private arm(id: string): void {
    this.disarm(id);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.stop(id);
    }, this.idleMs);
    timer.unref();
    this.timers.set(id, timer);
  }

  private disarm(id: string): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
  }
}
