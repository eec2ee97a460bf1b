// HarSession: a HAR file behind the CaptureSession interface (push, drain, end), so the CLI and
// the app's worker open it where they open captures. The whole file is needed before anything
// can be read (JSON), so events come at end().

import type { CaptureProgress, ConnectionRecord, DecoderEvent } from '../records.js';
import { readHar } from './har-reader.js';

export class HarSession {
  private chunks: Uint8Array[] = [];
  private bytesIn = 0;
  private events: DecoderEvent[] = [];
  private connectionList: ConnectionRecord[] = [];

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice());
    this.bytesIn += chunk.byteLength;
  }

  pushAndDrain(chunk: Uint8Array, take: (events: DecoderEvent[]) => void): void {
    this.push(chunk);
    take(this.drain());
  }

  end(): void {
    const all = new Uint8Array(this.bytesIn);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    this.chunks = [];
    this.events = readHar(new TextDecoder('utf-8').decode(all));
    this.connectionList = this.events.flatMap((e) => (e.kind === 'connection' ? [e.connection] : []));
  }

  flushCounters(): void {}

  drain(): DecoderEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  progress(): CaptureProgress {
    return { bytesIn: this.bytesIn, records: 0 };
  }

  connections(): ConnectionRecord[] {
    return this.connectionList;
  }
}
