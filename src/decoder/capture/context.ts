// What the format readers (pcap.ts, pcapng.ts) share with CaptureReader: the input buffer, the
// record counter, the last timestamp, and a sink for findings and file info.

import type { FindingCode } from '../findings.js';
import type { CaptureFileInfo } from '../records.js';
import type { ByteBuffer } from './byte-buffer.js';
import type { CaptureRecord } from './types.js';

/** Largest packet a sane capture holds (Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD). */
export const MAX_PLAUSIBLE_PACKET = 262144;
/** Resync only accepts records whose timestamp is this close to the last good one. */
export const RESYNC_TIME_WINDOW_SECONDS = 86400;

export interface ReaderContext {
  readonly buf: ByteBuffer;
  readonly ended: boolean;
  readonly maxRecordBytes: number;
  /** The 1-based index the next record will get. */
  nextIndex: number;
  /** Seconds and nanos of the last record (0 before the first). */
  lastSeconds: number;
  lastNanos: number;
  /** True once any record was read (so lastSeconds means something). */
  haveTime: boolean;
  finding(code: FindingCode, message: string, packet?: number | null): void;
  setInfo(info: CaptureFileInfo): void;
  /** A pcapng Decryption Secrets Block's key log text (secrets type TLSK), in file order. */
  secrets(keyLog: Uint8Array): void;
}

/** A format reader: yields records from the buffer head until it needs more input. */
export interface FormatReader {
  /** True once the input ended and nothing more will come. */
  readonly finished: boolean;
  next(ctx: ReaderContext): CaptureRecord | null;
}
