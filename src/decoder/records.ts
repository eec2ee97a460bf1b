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

import type { AppInfo, AppProtocolName, RequestRecord } from './app/types.js';
import type { StreamProtocol } from './connection/recognize.js';
import type { WebSocketGuess } from './connection/ws-guess.js';
import type { Finding, FindingCode } from './findings.js';
import type { FieldKey } from './websocket/field-registry.js';
import type { MessageType } from './websocket/opcodes.js';

export type { MessageType, StreamProtocol, WebSocketGuess };

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

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcapng' | 'har';

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
  /**
   * The message this frame belongs to: set when the frame is decoded (a message's id is taken at
   * its first frame, connection/direction.ts), so before the message itself is out.
   */
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
  /**
   * Its frames' ids; a message of more than Limits.maxMessageFrameIds (2^20) fragments lists the
   * first ones and has a limit.message-frames-unlisted finding (every frame has its messageId).
   */
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
  /** The application protocol's reading of the message (app/session.ts), when one applies. */
  app?: AppInfo | null;
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

/**
 * 'rejected': the upgrade got a final answer other than 101; 'no-response': an upgrade request
 * whose response is not in the capture (nothing says it was refused).
 */
export type ConnectionKind = 'websocket' | 'websocket-no-handshake' | 'rejected' | 'http' | 'tcp' | 'no-response';

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
  /**
   * What the source could not hold, so it is absent rather than invented (a connection read from
   * a HAR file: har/har-reader.ts). Missing for connections read from a capture.
   */
  absent?: readonly AbsentPart[];
  /**
   * What the TCP stream carries, once its first bytes said: 'websocket', 'http', a protocol
   * recognised from its first bytes ('tls', 'ssh', 'socks5', 'ftp', …), or 'unknown'; null while
   * undecided or when no payload was captured. Optional only for records built by hand.
   */
  protocol?: StreamProtocol | null;
  /**
   * The WebSocket guess made on a connection that began before the capture (no handshake): how
   * confident it is and why. 'low' leaves the connection an unknown TCP stream (kind 'tcp').
   */
  guess?: WebSocketGuess | null;
  /** How the connection ended (connection/end.ts); absent or null while it is still going. */
  end?: ConnectionEnd | null;
  /** The application protocol chosen for it (app/select.ts), when app decoding is on. */
  app?: AppChoice | null;
  /** The TLS layer when the connection is TLS (wss://, https://), else null. */
  tls: TlsInfo | null;
}

/** One traffic secret worked down to its record key and IV (RFC 8446 §7.3), for the UI's walkthrough. */
export interface TlsKeyStep {
  direction: Direction;
  /** The key log label the secret came from (or "… after KeyUpdate N"). */
  label: string;
  hash: 'sha1' | 'sha256' | 'sha384';
  secret: string;
  /** The HkdfLabel structures fed to HKDF-Expand, hex. */
  keyInfo: string;
  ivInfo: string;
  key: string;
  iv: string;
  /** The nonce of the first record under this key (IV XOR sequence number 0… = the IV) and of the second. */
  nonce1: string;
}

export interface TlsInfo {
  /** "TLS 1.3", "TLS 1.2" …, or null before the ServerHello. */
  version: string | null;
  /** IANA name of the negotiated suite, or null. */
  cipher: string | null;
  sni: string | null;
  /** The negotiated application protocol (ALPN), e.g. "http/1.1" or "h2". */
  alpn: string | null;
  alpnOffered: string[];
  /** The key exchange group of the key share (TLS 1.3), e.g. "x25519". */
  group: string | null;
  /** True once application data of this connection was decrypted. */
  decrypted: boolean;
  /** Why the connection is (not) decrypted, in one sentence. */
  reason: string;
  /** Where the matching secrets came from ("keys.log line 3, …"), or null. */
  keyLogLine: string | null;
  clientRandom: string | null;
  /** How the session was resumed: by session ID, by ticket (1.2), by PSK (1.3); null for a full handshake. */
  resumption: 'session-id' | 'ticket' | 'psk' | null;
  helloRetry: boolean;
  earlyData: 'offered' | 'accepted' | 'rejected' | null;
  extendedMasterSecret: boolean;
  certificate: { subject: string; issuer: string; notBefore: string | null; notAfter: string | null } | null;
  /** TLS records and their bytes (headers included) per direction. */
  records: Record<Direction, number>;
  recordBytes: Record<Direction, number>;
  /** Records whose protection was removed. */
  decryptedRecords: number;
  /** Alerts seen, e.g. "server: fatal handshake_failure (40)". */
  alerts: string[];
  keyUpdates: number;
  /** The capture began after the ClientHello. */
  midConnection: boolean;
  /** TLS 1.3: each traffic secret used, worked to key and IV (empty for TLS 1.2). */
  keySchedule: TlsKeyStep[];
}

export interface AppChoice {
  protocol: AppProtocolName;
  /** The user's override, the negotiated subprotocol, the request target, or sniffing. */
  chosenBy: 'override' | 'subprotocol' | 'target' | 'sniff';
  /** 1 for override and subprotocol; the sniffer's confidence otherwise. */
  confidence: number;
}

/**
 * How a connection ended. `refused`: SYN answered by RST; `rejected`: the upgrade got a non-101
 * status; `no-response`: the upgrade got none; `handshake-failed`: a 101 a client must fail;
 * `close-handshake`: both sides sent a close frame; `close-one-sided`: only one did; `tcp-fin` /
 * `tcp-rst`: TCP ended with no close frame; `capture-ended`: still open at the capture's end.
 */
export type EndHow =
  | 'refused'
  | 'rejected'
  | 'no-response'
  | 'handshake-failed'
  | 'close-handshake'
  | 'close-one-sided'
  | 'tcp-fin'
  | 'tcp-rst'
  | 'capture-ended';

export interface ConnectionEnd {
  how: EndHow;
  /** Who ended it first (the first close frame's sender, else the first FIN/RST's), if known. */
  initiator: Direction | null;
  /** The first close frame's code (the HTTP status for `rejected`). */
  code: number | null;
  /** The first close frame's reason (the HTTP reason phrase for `rejected`). */
  reason: string | null;
  /** The code a browser's onclose would report (1005 no code, 1006 no close frame); null when not WebSocket or still open. */
  browserCode: number | null;
  /** The closing handshake completed (CloseEvent.wasClean). */
  wasClean: boolean;
  /** Seconds from the last data message (or the opening) to the start of the end. */
  idleBefore: number | null;
  /** Pings never answered by a pong, both sides together. */
  missedPongs: number;
  /** When the end began (first close frame, FIN/RST, HTTP response). */
  time: number | null;
  /** One plain sentence. */
  verdict: string;
}

/** Parts of a connection a source may lack (ConnectionRecord.absent). */
export type AbsentPart =
  | 'packets'
  | 'tcp'
  | 'frames'
  | 'masking'
  | 'raw-heads'
  | 'client-address'
  /** The source holds no WebSocket messages at all (Firefox's HAR export), not "none were sent". */
  | 'messages';

// ---------------------------------------------------------------- session output

export interface CaptureProgress {
  bytesIn: number;
  records: number;
  /**
   * Packets not decoded, by what they are ('udp', 'arp', 'GTP-U signalling', 'esp', …), in the
   * order first seen. `opaque`: an encapsulation wsscope does not open, which may carry TCP
   * (and so WebSocket) it cannot see: worth telling the user.
   */
  skipped?: { what: string; packets: number; opaque: boolean }[];
  /** TCP packets found inside tunnels, by the outermost tunnel ('GTP-U', 'VXLAN', 'GRE', …). */
  decapsulated?: { what: string; packets: number }[];
}

export type DecoderEvent =
  | { kind: 'capture-info'; info: CaptureFileInfo }
  /** A connection appeared or changed (handshake parsed, lifecycle moved, closed). A full snapshot. */
  | { kind: 'connection'; connection: ConnectionRecord }
  | { kind: 'frame'; frame: FrameRecord }
  | { kind: 'message'; message: MessageRecord }
  | { kind: 'finding'; finding: Finding }
  /** A request/response pair changed (opened, answered, closed): a full snapshot, by request.id. */
  | { kind: 'request'; request: RequestRecord }
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
  /**
   * A message lists at most this many frame ids (a million one-byte fragments are 8 MB of ids);
   * beyond it every frame still names its message and limit.message-frames-unlisted says so.
   */
  maxMessageFrameIds: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxOutOfOrderBytes: 16 * 1024 * 1024,
  maxFramePayload: 64 * 1024 * 1024,
  // A message over 16 MiB in a capture is rare and a deflate bomb is not: cut there, say so.
  maxMessageSize: 16 * 1024 * 1024,
  maxHeaderBytes: 64 * 1024,
  maxConnectionStateBytes: 160 * 1024 * 1024,
  maxMessageFrameIds: 1 << 20,
};
