// The application layer's public face (re-exported by src/decoder/index.ts).

export { decodeGeneric, type GenericFormat, type GenericResult, type ProtoChoice } from './generic.js';
export { type ProtoSchema, parseProto, type SchemaResult } from './proto-schema.js';
export { type ProtoField, protobufSummary } from './protobuf-wire.js';
export { APP_PROTOCOLS, type ChosenBy, isAppProtocol } from './select.js';
export { type AppOptions, AppSession, appPackets } from './session.js';
export { type LatencyStats, latencyStats } from './stats.js';
export type { AppInfo, AppPacket, AppProtocolName, RequestRecord, RequestStatus } from './types.js';
