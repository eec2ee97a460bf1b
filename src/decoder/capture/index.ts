// Capture layer: bytes of a pcap / pcapng file in, CaptureRecords out.
export { CaptureReader, type CaptureReaderOptions, DEFAULT_MAX_RECORD_BYTES } from './capture-reader.js';
export { detectCaptureFormat } from './magic.js';
