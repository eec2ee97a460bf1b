// The capture layer's output: one stored packet record, handed to the packet layer.

import type { Timestamp } from '../records.js';

export interface CaptureRecord extends Timestamp {
  /** 1-based record number, as Wireshark numbers packets. */
  index: number;
  interfaceId: number;
  linkType: number;
  capturedLength: number;
  originalLength: number;
  /** Byte offset of this record's packet data in the capture file. */
  fileOffset: number;
  /** The captured packet bytes (a copy owned by the record). */
  data: Uint8Array;
}
