// The records the whole decoder hands to its callers (CLI, UI worker, Electron main). What one
// layer hands the next lives with that layer: capture/types.ts, packet/types.ts, tcp/events.ts.
//
// Glossary
// - Record: one packet as stored in the capture file; numbered from 1 as Wireshark does.
// - Connection: one TCP connection (a SYN starts a new one even on a reused 4-tuple), id from 1.
// - Direction: who sent the bytes: 'client' (opened the TCP connection / sent the HTTP request)
//   or 'server'.
// - Stream offset: byte position in one direction's reassembled TCP payload, from 0.
// - Frame: one RFC 6455 §5.2 frame. Message: one data message after defragmentation and
//   inflation, or one control frame.
// - Field: one decoded frame header field, with where its bits lie (for the bit-level view).
//
// Ownership: every Uint8Array in a record is safe to keep: it never aliases the caller's input
// chunks and the decoder never writes to it after handing it out. It may share its ArrayBuffer
// with other records (small frames live in shared slabs; a one-frame message shares its frame's
// payload), so copy it (`slice()`) before transferring its buffer to another thread.

import type { Finding, FindingCode } from './findings.js';
import type { FieldKey } from './websocket/field-registry.js';
import type { MessageType } from './websocket/opcodes.js';

export type { MessageType };

export type Direction = 'client' | 'server';

export interface Endpoint {
  /** Dotted IPv4 or RFC 5952 IPv6 text. */
  address: string;
  port: number;
}

/** When and where a capture record was: every time in the decoder is seconds since the epoch. */
export interface Timestamp {
  /** Seconds since the epoch as a float (µs-accurate; for arithmetic and display). */
  time: number;
  /** Whole seconds and nanoseconds, exact, for display at full resolution. */
  seconds: number;
  nanos: number;
}

// ---------------------------------------------------------------- capture layer

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcapng';

export interface CaptureInterface {
  id: number;
  linkType: number;
  linkTypeName: string;
  snapLength: number;
  /** Timestamp resolution as units per second (1e6 for µs, 1e9 for ns, …). */
  tsUnitsPerSecond: number;
  name: string | null;
}

export interface CaptureFileInfo {
  format: CaptureFormat;
  byteOrder: 'little' | 'big';
  versionMajor: number;
  versionMinor: number;
  interfaces: CaptureInterface[];
  sections: number;
}

// ---------------------------------------------------------------- HTTP handshake

export interface HttpRequestHead {
  method: string;
  target: string;
  version: string;
  /** Headers in wire order, names as sent. */
  headers: [string, string][];
  /** The raw head bytes, CRLFCRLF included. */
  raw: Uint8Array;
  record: number;
  time: number;
}

export interface HttpResponseHead {
  version: string;
  status: number;
  reason: string;
  headers: [string, string][];
  raw: Uint8Array;
  record: number;
  time: number;
}

export interface ExtensionOffer {
  name: string;
  /** Parameters in order; value null for a bare parameter such as `client_no_context_takeover`. */
  params: [string, string | null][];
}

export interface AcceptCheck {
  key: string | null;
  /** key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" */
  keyWithGuid: string | null;
  sha1Hex: string | null;
  expected: string | null;
  received: string | null;
  valid: boolean;
}

export interface DeflateParams {
  serverNoContextTakeover: boolean;
  clientNoContextTakeover: boolean;
  /** 8..15; 15 when not negotiated. */
  serverMaxWindowBits: number;
  clientMaxWindowBits: number;
}

export interface Handshake {
  request: HttpRequestHead | null;
  response: HttpResponseHead | null;
  accept: AcceptCheck;
  /** True when the response is 101 with Upgrade: websocket. */
  upgraded: boolean;
  subprotocol: string | null;
  offeredSubprotocols: string[];
  offeredExtensions: ExtensionOffer[];
  extensions: ExtensionOffer[];
  deflate: DeflateParams | null;
}

// ---------------------------------------------------------------- WebSocket frames

/**
 * One decoded header field (Wireshark's field_info): which registered field it is and where its
 * bits are. Its name, meaning, group and RFC section are in the registry (WS_FIELDS[key]).
 */
export interface FrameField {
  /** The registry key, e.g. "websocket.fin", "websocket.payload_length_ext16". */
  key: FieldKey;
  /** Offset of the first byte holding the field, relative to the frame's first byte. */
  byteOffset: number;
  byteLength: number;
  /** Offset of the first bit relative to the frame's first bit (MSB-first, as RFC 6455 draws it). */
  bitOffset: number;
  bitLength: number;
  /**
   * The value: a boolean for FIN, RSV1-3 and MASK; a number for the opcode, the lengths (a 64-bit
   * length beyond 2^53 - 1 as its exact decimal text) and the masking key (as a 32-bit unsigned
   * integer); the byte count for the payload.
   */
  value: boolean | number | string;
  /** The value as text, e.g. "1 (text)", "0x37fa213d", "true". */
  display: string;
}

export interface FrameRecord {
  /** Global frame id across the capture, from 1, in completion order. */
  id: number;
  connectionId: number;
  direction: Direction;
  /** Per connection and direction, from 0. */
  index: number;
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  /**
   * The opcode of the message the frame belongs to (RFC 6455 §5.4): the frame's own opcode,
   * except for a continuation frame, which carries its message's first opcode (1 or 2), or 0
   * when that first frame was not seen.
   */
  dataOpcode: number;
  /**
   * The frame's message is compressed with permessage-deflate (RFC 7692 §6: RSV1 on its first
   * frame only), so this frame's payload is deflate data, continuation frames included.
   */
  messageCompressed: boolean;
  masked: boolean;
  /** Four bytes, or null when unmasked. */
  maskingKey: Uint8Array | null;
  /** Payload length as declared in the header (may exceed what was captured). */
  payloadLength: number;
  /** Which length form the header used: 7, 16 or 64 bits. */
  lengthForm: 7 | 16 | 64;
  headerLength: number;
  /** The raw header bytes (2..14). */
  header: Uint8Array;
  /** The payload after unmasking (only the captured part when incomplete). */
  payload: Uint8Array;
  /** Stream offset of the frame's first byte in its direction. */
  streamOffset: number;
  /** Capture records that carried any byte of this frame, ascending. */
  packets: number[];
  /** Which records carried which frame bytes (offsets relative to the frame start). */
  spans: { record: number; offset: number; length: number }[];
  /** Time of the record that completed the frame. */
  time: number;
  /** False when bytes of the frame were never captured. */
  complete: boolean;
  fields: FrameField[];
  findings: FindingCode[];
  /** The message this frame belongs to (set when the message completes). */
  messageId: number | null;
}

// ---------------------------------------------------------------- messages

export interface CloseInfo {
  /** Null when the close frame had no body. */
  code: number | null;
  reason: string;
}

export interface MessageRecord {
  /** Global message id across the capture, from 1. */
  id: number;
  connectionId: number;
  direction: Direction;
  /** Per connection and direction, from 0. */
  index: number;
  opcode: number;
  type: MessageType;
  /** Its frames' ids; a message of more than 2^20 fragments lists the first 2^20 (every frame has its messageId). */
  frameIds: number[];
  /** Time of the first frame and of the frame that completed the message. */
  firstTime: number;
  time: number;
  /** Application payload: unmasked, defragmented and inflated. */
  payload: Uint8Array;
  /** Sum of the frames' payload lengths on the wire. */
  wireLength: number;
  compressed: boolean;
  /** Decoded text for text messages (U+FFFD where invalid). */
  text: string | null;
  close: CloseInfo | null;
  /** For a pong: the ping it answers and the round-trip time in seconds. */
  pingId: number | null;
  rtt: number | null;
  complete: boolean;
  findings: FindingCode[];
}

// ---------------------------------------------------------------- connections

/** The states of the WebSocket API's readyState, which learners know. */
export type ReadyState = 'CONNECTING' | 'OPEN' | 'CLOSING' | 'CLOSED';
export const READY_STATE_NUMBER: Readonly<Record<ReadyState, number>> = {
  CONNECTING: 0,
  OPEN: 1,
  CLOSING: 2,
  CLOSED: 3,
};

export interface LifecycleEvent {
  state: ReadyState;
  time: number;
  record: number | null;
  /** Who caused it (the close frame's sender for CLOSING), if known. */
  by: Direction | null;
  detail: string;
}

export interface TcpControlEvent {
  what: 'syn' | 'syn-ack' | 'fin' | 'rst';
  direction: Direction;
  time: number;
  record: number;
}

export interface DirectionStats {
  frames: number;
  messages: number;
  /** TCP payload bytes. */
  bytes: number;
  /** Application payload bytes of messages (after inflation). */
  payloadBytes: number;
  /** Wire payload bytes of messages (before inflation). */
  wirePayloadBytes: number;
}

export type ConnectionKind = 'websocket' | 'websocket-no-handshake' | 'rejected' | 'http' | 'tcp';

export interface ConnectionRecord {
  id: number;
  client: Endpoint;
  server: Endpoint;
  kind: ConnectionKind;
  /** True when the client/server roles were inferred rather than seen (no SYN, no request). */
  rolesGuessed: boolean;
  synSeen: boolean;
  handshake: Handshake | null;
  /** Other HTTP exchanges on this connection (keep-alive requests before/without an upgrade). */
  httpExchanges: { request: HttpRequestHead; response: HttpResponseHead | null }[];
  firstTime: number;
  lastTime: number;
  firstRecord: number;
  lastRecord: number;
  lifecycle: LifecycleEvent[];
  tcpEvents: TcpControlEvent[];
  /** Who sent the first close frame, and whether both sides closed. */
  closedBy: Direction | null;
  cleanClose: boolean;
  stats: Record<Direction, DirectionStats>;
  findingCount: number;
}

// ---------------------------------------------------------------- session output

export interface CaptureProgress {
  bytesIn: number;
  records: number;
}

export type DecoderEvent =
  | { kind: 'capture-info'; info: CaptureFileInfo }
  /** A connection appeared or changed (handshake parsed, lifecycle moved, closed). A full snapshot. */
  | { kind: 'connection'; connection: ConnectionRecord }
  | { kind: 'frame'; frame: FrameRecord }
  | { kind: 'message'; message: MessageRecord }
  | { kind: 'finding'; finding: Finding }
  /** The input is not a capture file at all (or its header is unreadable): nothing more will come. */
  | { kind: 'fatal'; message: string };

export interface Limits {
  /** Bytes buffered out of order per connection direction before skipping ahead. */
  maxOutOfOrderBytes: number;
  /** Largest frame payload decoded; larger frames are skipped by length and reported. */
  maxFramePayload: number;
  /** Largest message (wire or inflated) kept; beyond it the message is cut and reported. */
  maxMessageSize: number;
  /** Largest HTTP head. */
  maxHeaderBytes: number;
  /**
   * Memory budget for per-connection state, in (estimated) bytes: past it the connection idle the
   * longest is given up (limit.connection-evicted) instead of letting the process run out of memory.
   */
  maxConnectionStateBytes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxOutOfOrderBytes: 16 * 1024 * 1024,
  maxFramePayload: 64 * 1024 * 1024,
  // A message over 16 MiB in a capture is rare and a deflate bomb is not: cut there, say so.
  maxMessageSize: 16 * 1024 * 1024,
  maxHeaderBytes: 64 * 1024,
  maxConnectionStateBytes: 160 * 1024 * 1024,
};
