// Shared bits of the packet decoders: the record being decoded and how to report on it.

import type { CaptureRecord } from '../capture/types.js';
import { type Finding, type FindingCode, makeFinding } from '../findings.js';

/** A finding about `record`, located at it. */
export function packetFinding(record: CaptureRecord, code: FindingCode, message: string): Finding {
  return makeFinding(code, message, { packet: record.index, time: record.time });
}

/** True when the capture program cut this record short (snaplen). */
export function snapped(record: CaptureRecord): boolean {
  return record.capturedLength < record.originalLength;
}

/** The error for a header that does not fit: truncated by the snaplen, or malformed. */
export function headerCutOff(record: CaptureRecord, what: string, need: number, have: number): Finding {
  if (snapped(record))
    return packetFinding(
      record,
      'capture.truncated-packet',
      `record ${record.index} was cut off by the snaplen inside its ${what} (needs ${need} bytes, ${have} present)`,
    );
  return packetFinding(
    record,
    'capture.malformed-packet',
    `${what} needs ${need} bytes but only ${have} are in record ${record.index}`,
  );
}

/** Big-endian 16-bit read (a DataView per packet and layer cost more than the reads). */
export function u16(data: Uint8Array, at: number): number {
  return (data[at] << 8) | data[at + 1];
}

/** Big-endian 32-bit read, unsigned. */
export function u32(data: Uint8Array, at: number): number {
  return ((data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]) >>> 0;
}

/** A capture.malformed-packet result. */
export function malformed(record: CaptureRecord, message: string): { kind: 'error'; finding: Finding } {
  return { kind: 'error', finding: packetFinding(record, 'capture.malformed-packet', message) };
}
