// CaptureSession: the whole decoder behind one push/drain interface (sans-I/O).
//
//   const s = new CaptureSession();
//   s.push(chunk) … s.push(chunk); s.end();
//   for (const ev of s.drain()) …   // may be called after every push: results for completed
//                                    // packets are available before the input ends.
//
// PUBLIC SURFACE ONLY for now: the implementation lands with the layer modules.

import type { Finding } from './findings.js';
import type {
  CaptureFileInfo,
  CaptureProgress,
  ConnectionRecord,
  DecoderEvent,
  FrameRecord,
  Limits,
  MessageRecord,
} from './model.js';

export interface SessionOptions {
  limits?: Partial<Limits>;
}

export declare class CaptureSession {
  constructor(options?: SessionOptions);
  push(chunk: Uint8Array): void;
  end(): void;
  drain(): DecoderEvent[];
  progress(): CaptureProgress;
  /** Current snapshot of every connection seen so far. */
  connections(): ConnectionRecord[];
}

export interface CaptureAnalysis {
  info: CaptureFileInfo | null;
  /** Every TCP connection (filter on `kind` for WebSocket ones), by id. */
  connections: ConnectionRecord[];
  frames: FrameRecord[];
  messages: MessageRecord[];
  findings: Finding[];
  /** Set when the input is not a capture at all; everything else is then empty. */
  fatal: string | null;
}

export declare function analyzeCapture(bytes: Uint8Array, options?: SessionOptions): CaptureAnalysis;
