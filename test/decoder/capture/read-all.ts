// Test helper: run a CaptureReader over bytes fed in the given chunk sizes, pulling records
// after every push (as a streaming caller does), and collect everything it produced.

import { CaptureReader } from '../../../src/decoder/capture/index.js';
import type { CaptureRecord } from '../../../src/decoder/capture/types.js';
import type { Finding } from '../../../src/decoder/findings.js';
import type { CaptureFileInfo } from '../../../src/decoder/records.js';

export interface ReadResult {
  records: CaptureRecord[];
  findings: Finding[];
  info: CaptureFileInfo | null;
  fatal: string | null;
  done: boolean;
  bytesConsumed: number;
}

/** `split`: 'whole', 'bytes' (one at a time), or a seed for random chunk sizes (1..4096). */
export function readAll(
  input: Uint8Array,
  split: 'whole' | 'bytes' | number = 'whole',
  maxRecordBytes?: number,
): ReadResult {
  const reader = new CaptureReader(maxRecordBytes ? { maxRecordBytes } : {});
  const records: CaptureRecord[] = [];
  const findings: Finding[] = [];
  const pull = () => {
    for (let r = reader.next(); r; r = reader.next()) records.push(r);
    findings.push(...reader.drainFindings());
  };
  let seed = typeof split === 'number' ? split : 0;
  const random = () => {
    // xorshift32: deterministic chunk sizes per seed.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  for (let at = 0; at < input.length; ) {
    const n = split === 'whole' ? input.length : split === 'bytes' ? 1 : 1 + Math.floor(random() * 4096);
    // Push a copy, then scribble on it: the reader must have copied what it keeps.
    const chunk = input.slice(at, at + n);
    reader.push(chunk);
    chunk.fill(0xee);
    pull();
    at += n;
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
