// Public entry point of the decoder. Shells import from here only.

// What a file is, from its first bytes (the pcapng writer converts pcap with it).
export { type DetectedFormat, detectCaptureFormat, PCAPNG_BYTE_ORDER_MAGIC, PCAPNG_SHB_TYPE } from './capture/magic.js';
export * from './capture-session.js';
export {
  FINDINGS,
  type Finding,
  type FindingCode,
  type FindingGroup,
  type FindingSpec,
  isFindingCode,
  type Severity,
} from './findings.js';
export * from './format.js';
// Sec-WebSocket-Accept from a key, every step kept (the lesson's accept calculator).
export { computeAccept, isValidKey } from './http/accept.js';
export * from './records.js';
// TLS: the injected cryptography, key logs, and the key schedule shown step by step in the UI.
export type { AeadAlg, CbcAlg, HashAlg, TlsCrypto } from './tls/crypto.js';
// The TLS fields (Wireshark's names) with their byte offsets, meaning and RFC section.
export * from './tls/field-registry.js';
export { KeyLog, type KeyLogEntry, type KeyLogLabel } from './tls/keylog.js';
export * from './websocket/close-codes.js';
export * from './websocket/field-registry.js';
// Rebuilding a frame's field records from its header (the UI keeps headers, not field lists).
export { buildFrameFields } from './websocket/frames/fields.js';
export * from './websocket/opcodes.js';
