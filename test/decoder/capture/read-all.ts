// Test helper: run a CaptureReader over bytes fed in the chunks a Split cuts (the shared harness of
// test/helpers/chunking.ts), pulling records after every push as a streaming caller does, and
// collect everything it produced.

import { CaptureReader } from '../../../src/decoder/capture/index.js';
import type { CaptureRecord } from '../../../src/decoder/capture/types.js';
import type { Finding } from '../../../src/decoder/findings.js';
import type { CaptureFileInfo } from '../../../src/decoder/records.js';
import { pieces, type Split, sameUnderChunking, whole } from '../../helpers/chunking.js';

export interface ReadResult {
  records: CaptureRecord[];
  findings: Finding[];
  info: CaptureFileInfo | null;
  fatal: string | null;
  done: boolean;
  bytesConsumed: number;
}

export function readAll(input: Uint8Array, split: Split = whole, maxRecordBytes?: number): ReadResult {
  const reader = new CaptureReader(maxRecordBytes ? { maxRecordBytes } : {});
  const records: CaptureRecord[] = [];
  const findings: Finding[] = [];
  const pull = () => {
    for (let r = reader.next(); r; r = reader.next()) records.push(r);
    findings.push(...reader.drainFindings());
  };
  for (const chunk of pieces(input, split)) {
    // The chunk is a fresh copy: scribble on it after the push, the reader must have copied what it keeps.
    reader.push(chunk);
    chunk.fill(0xee);
    pull();
  }
  reader.end();
  pull();
  return {
    records,
    findings,
    info: reader.info,
    fatal: reader.fatal,
    done: reader.done,
    bytesConsumed: reader.bytesConsumed,
  };
}

/** Just the comparable parts of records (data as hex). */
export function summary(records: CaptureRecord[]) {
  return records.map((r) => ({ ...r, data: Buffer.from(r.data).toString('hex') }));
}

/**
 * The whole-input read, after asserting that byte by byte (up to 100 kB) and the shared random
 * splits (pieces up to 4 KiB) read the same records, findings, file info and end state (and,
 * without a fatal error, the same byte count).
 */
export function readAllWays(input: Uint8Array, maxRecordBytes?: number): ReadResult {
  return sameUnderChunking((split) => readAll(input, split, maxRecordBytes), {
    size: input.length,
    byteByByteUpTo: 100_000,
    maxPiece: 4096,
    // After a fatal error the reader stops counting, at a point that depends on the chunk size.
    view: (r) => ({ ...r, records: summary(r.records), bytesConsumed: r.fatal === null ? r.bytesConsumed : 'fatal' }),
  });
}
