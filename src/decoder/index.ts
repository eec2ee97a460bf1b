// Public entry point of the decoder. Shells import from here only.

// Application protocols inside the messages (Socket.IO, MQTT, STOMP, GraphQL, JSON-RPC, …).
export * from './app/index.js';
// Slab memory for what a TlsCrypto opener writes (one ArrayBuffer per small record costs more than it).
export { allocBytes } from './bytes/slab.js';
// What a file is, from its first bytes (the pcapng writer converts pcap with it).
export { type DetectedFormat, detectCaptureFormat, PCAPNG_BYTE_ORDER_MAGIC, PCAPNG_SHB_TYPE } from './capture/magic.js';
export * from './capture-session.js';
// Copy as command and replay scripts (issue 12).
export * from './filter/index.js';
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
// HAR export and import (issue 12), and the session that opens captures and HAR files alike.
export { fromBase64, toBase64 } from './har/base64.js';
export { HAR_INFO, looksLikeHar, readHar } from './har/har-reader.js';
export type { Har, HarEntry, HarWebSocketMessage } from './har/har-types.js';
export { type HarExport, harMessage, harOf } from './har/har-writer.js';
// Sec-WebSocket-Accept from a key, every step kept (the lesson's accept calculator).
export { computeAccept, isValidKey } from './http/accept.js';
// The JSON form of a message (the CLI's contract, the app's export).
export { type MessageJson, messageJson } from './message-json.js';
export { AnySession, type DecoderSession } from './open-session.js';
export type { PayloadSource } from './payload-source.js';
export * from './records.js';
export { inThreadShard } from './shard/in-thread.js';
export type { ShardInit, ShardReply } from './shard/shard-core.js';
export { ShardCore } from './shard/shard-core.js';
export { type ShardChannel, type ShardedOptions, ShardedSession, type ShardHandlers } from './shard/sharded-session.js';
export type { WireBatch } from './shard/wire.js';
export { sliceCapture, slicePcap } from './slice/pcap-slice.js';
export { slicePcapng } from './slice/pcapng-slice.js';
// Slices: the packets of chosen connections, as pcapng (issue 12).
export { type RecordSelection, recordsOf } from './slice/select.js';
// One way to write an endpoint, for the CLI's and the app's columns too.
export { endpointText } from './tcp/flow-key.js';
export {
  type CiphertextRecord,
  type CiphertextTarget,
  FrameCiphertextFinder,
} from './tls/ciphertext-view.js';
// TLS: the injected cryptography, key logs, and the key schedule shown step by step in the UI.
export type { AeadAlg, AeadOpener, CbcAlg, HashAlg, TlsCrypto } from './tls/crypto.js';
// The TLS fields (Wireshark's names) with their byte offsets, meaning and RFC section.
export * from './tls/field-registry.js';
export { KeyLog, type KeyLogEntry, type KeyLogLabel } from './tls/keylog.js';
export * from './websocket/close-codes.js';
export * from './websocket/field-registry.js';
// Rebuilding a frame's field records from its header (the UI keeps headers, not field lists).
export { buildFrameFields } from './websocket/frames/fields.js';
export { unmaskFrom } from './websocket/frames/unmask.js';
export * from './websocket/opcodes.js';
