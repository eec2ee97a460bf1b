// One entry for every input the decoder reads: a pcap or pcapng capture (CaptureSession) or a
// HAR file (HarSession), told apart by content (a HAR starts with "{"), never by name.
// The shells use it where they used `new CaptureSession(...)`.

import { CaptureSession, type SessionOptions } from './capture-session.js';
import { looksLikeHar } from './har/har-reader.js';
import { HarSession } from './har/har-session.js';
import type { CaptureProgress, ConnectionRecord, DecoderEvent } from './records.js';

export type DecoderSession = Pick<
  CaptureSession,
  'push' | 'pushAndDrain' | 'end' | 'flushCounters' | 'drain' | 'progress' | 'connections'
>;

/** Picks a CaptureSession or a HarSession from the first non-blank bytes it is given. */
export class AnySession implements DecoderSession {
  private inner: DecoderSession | null = null;
  private pending: Uint8Array[] = [];
  /** Made at once so TLS keys given before the first bytes have a home; unused for a HAR file. */
  private readonly capture: CaptureSession;

  constructor(options: SessionOptions = {}) {
    this.capture = new CaptureSession(options);
  }

  /** TLS keys (an NSS key log) for the capture; a HAR file has no TLS to decrypt. */
  addKeyLog(text: string | Uint8Array, source?: string): number {
    return this.capture.addKeyLog(text, source);
  }

  /** 'har' or 'capture' once known, else null (only blanks seen so far). */
  get kind(): 'har' | 'capture' | null {
    return this.inner === null ? null : this.inner instanceof HarSession ? 'har' : 'capture';
  }

  private choose(chunk: Uint8Array): DecoderSession | null {
    if (this.inner) return this.inner;
    this.pending.push(chunk);
    const blankOnly = chunk.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
    if (blankOnly && chunk.byteLength > 0 && this.pending.length < 64) {
      // Kept past this call: a copy, as the caller may reuse its buffer (the CLI's read ring).
      this.pending[this.pending.length - 1] = chunk.slice();
      return null;
    }
    const head = this.pending.length === 1 ? chunk : concat(this.pending);
    this.inner = looksLikeHar(head) ? new HarSession() : this.capture;
    const queued = this.pending;
    this.pending = [];
    for (const c of queued.slice(0, -1)) this.inner.push(c);
    return this.inner;
  }

  push(chunk: Uint8Array): void {
    const s = this.choose(chunk);
    s?.push(chunk);
  }

  pushAndDrain(chunk: Uint8Array, take: (events: DecoderEvent[]) => void): void {
    const s = this.choose(chunk);
    if (s) s.pushAndDrain(chunk, take);
  }

  /** end(), handing events out in batches as they come (CaptureSession.endAndDrain). */
  endAndDrain(take: ((events: DecoderEvent[]) => void) | null): void {
    if (!this.inner) {
      this.inner = this.capture;
      for (const c of this.pending) this.inner.push(c);
      this.pending = [];
    }
    if (this.inner === this.capture) this.capture.endAndDrain(take);
    else {
      this.inner.end();
      if (take !== null) take(this.inner.drain());
    }
  }

  end(): void {
    if (!this.inner) {
      this.inner = this.capture;
      for (const c of this.pending) this.inner.push(c);
      this.pending = [];
    }
    this.inner.end();
  }

  flushCounters(): void {
    this.inner?.flushCounters();
  }

  drain(): DecoderEvent[] {
    return this.inner?.drain() ?? [];
  }

  progress(): CaptureProgress {
    return this.inner?.progress() ?? { bytesIn: 0, records: 0 };
  }

  connections(): ConnectionRecord[] {
    return this.inner?.connections() ?? [];
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
