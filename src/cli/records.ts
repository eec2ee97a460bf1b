// The CLI's JSON contract: decoder records turned into the objects `--format json|ndjson` prints.
//
// The field names listed in issue 3 ("JSON contract") are a public interface: scripts and CI
// depend on them. Keep them; add new fields freely; never rename or drop one.
// - `connection` is ConnectionRecord.id (what `wsscope connections` shows), from 1.
// - `direction` is who sent it: "client" or "server".
// - `time` is seconds since the epoch as a number.
// - payloads are always present as `base64`, whatever their type.

// - a frame's `type` is opcodeName(): "text", …, "reserved-0x3" for a reserved opcode.

import type { ConnectionRecord, ExtensionOffer, Finding, FrameRecord, Handshake, TlsInfo } from '../decoder/index.js';
import { hexOf, opcodeName } from '../decoder/index.js';

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function extensionText(e: ExtensionOffer): string {
  return [e.name, ...e.params.map(([k, v]) => (v === null ? k : `${k}=${v}`))].join('; ');
}

export { type MessageJson, messageJson } from '../decoder/index.js';

export interface FrameJson {
  id: number;
  connection: number;
  direction: 'client' | 'server';
  index: number;
  time: number;
  fin: boolean;
  rsv: [boolean, boolean, boolean];
  opcode: number;
  type: string;
  masked: boolean;
  maskingKey: string | null;
  length: number;
  lengthForm: number;
  headerLength: number;
  header: string;
  packets: number[];
  streamOffset: number;
  message: number | null;
  complete: boolean;
  findings: string[];
  /** The payload after unmasking (not inflated; only the captured part when incomplete). */
  base64: string;
}

export function frameJson(f: FrameRecord): FrameJson {
  return {
    id: f.id,
    connection: f.connectionId,
    direction: f.direction,
    index: f.index,
    time: f.time,
    fin: f.fin,
    rsv: [f.rsv1, f.rsv2, f.rsv3],
    opcode: f.opcode,
    type: opcodeName(f.opcode),
    masked: f.masked,
    maskingKey: f.maskingKey ? hexOf(f.maskingKey) : null,
    length: f.payloadLength,
    lengthForm: f.lengthForm,
    headerLength: f.headerLength,
    header: hexOf(f.header),
    packets: [...f.packets],
    streamOffset: f.streamOffset,
    message: f.messageId,
    complete: f.complete,
    findings: [...f.findings],
    base64: base64(f.payload),
  };
}

export interface FindingJson {
  code: string;
  severity: string;
  rfc: string | null;
  connection: number | null;
  direction: 'client' | 'server' | null;
  packet: number | null;
  frame: number | null;
  messageId: number | null;
  time: number | null;
  message: string;
}

export function findingJson(f: Finding): FindingJson {
  return {
    code: f.code,
    severity: f.severity,
    rfc: f.rfc,
    connection: f.connectionId,
    direction: f.direction,
    packet: f.packet,
    frame: f.frameId,
    messageId: f.messageId,
    time: f.time,
    message: f.message,
  };
}

export function connectionJson(c: ConnectionRecord) {
  const h = c.handshake;
  const req = h?.request ?? null;
  const res = h?.response ?? null;
  return {
    id: c.id,
    kind: c.kind,
    client: { address: c.client.address, port: c.client.port },
    server: { address: c.server.address, port: c.server.port },
    rolesGuessed: c.rolesGuessed,
    request: req ? { method: req.method, target: req.target, version: req.version, headers: req.headers } : null,
    response: res ? { status: res.status, reason: res.reason, version: res.version, headers: res.headers } : null,
    accept: h
      ? { expected: h.accept.expected, received: h.accept.received, valid: acceptValid(h) }
      : { expected: null, received: null, valid: null },
    protocol: c.protocol ?? null,
    guess: c.guess ?? null,
    upgraded: h?.upgraded ?? false,
    subprotocol: h?.subprotocol ?? null,
    extensions: (h?.extensions ?? []).map((e) => ({ name: e.name, params: e.params, text: extensionText(e) })),
    frames: { client: c.stats.client.frames, server: c.stats.server.frames },
    messages: { client: c.stats.client.messages, server: c.stats.server.messages },
    bytes: { client: c.stats.client.bytes, server: c.stats.server.bytes },
    firstTime: c.firstTime,
    lastTime: c.lastTime,
    firstPacket: c.firstRecord,
    lastPacket: c.lastRecord,
    closedBy: c.closedBy,
    cleanClose: c.cleanClose,
    findings: c.findingCount,
    end: c.end ?? null,
    app: c.app ?? null,
    tls: c.tls ? tlsJson(c.tls) : null,
  };
}

/** The TLS layer in `connections` JSON (the key schedule's secrets stay out of it). */
function tlsJson(t: TlsInfo) {
  return {
    version: t.version,
    cipher: t.cipher,
    sni: t.sni,
    alpn: t.alpn,
    decrypted: t.decrypted,
    reason: t.reason,
    group: t.group,
    resumption: t.resumption,
    helloRetry: t.helloRetry,
    certificate: t.certificate,
    keyLogLine: t.keyLogLine,
    records: t.records,
    recordBytes: t.recordBytes,
    alerts: t.alerts,
    keyUpdates: t.keyUpdates,
    midConnection: t.midConnection,
  };
}

export type ConnectionJson = ReturnType<typeof connectionJson>;

/**
 * Whether the accept was right, or null when there was nothing to check: no response in the
 * capture, or a refusal without a Sec-WebSocket-Accept (`select(.accept.valid == false)` then
 * finds only real failures).
 */
export function acceptValid(h: Handshake): boolean | null {
  if (h.response === null) return null;
  if (h.response.status !== 101 && h.accept.received === null) return null;
  return h.accept.valid;
}

/** Connections that `wsscope connections` lists without --all. */
export function isWebSocketConnection(c: ConnectionRecord): boolean {
  if (
    c.kind === 'websocket' ||
    c.kind === 'websocket-no-handshake' ||
    c.kind === 'rejected' ||
    c.kind === 'no-response' ||
    c.handshake !== null
  )
    return true;
  // Encrypted without keys: it may well be wss://, so it is listed (with how to get keys), not hidden.
  return c.tls !== null && !c.tls.decrypted && c.tls.alpn !== 'h2';
}

/** "its connections are 1 to 7", for messages about a --connection that does not exist. */
export function connectionRange(connections: ConnectionRecord[]): string {
  if (connections.length === 0) return 'it has no TCP connections';
  const max = connections.reduce((m, c) => Math.max(m, c.id), 0); // no spread: a million overflow the stack
  return max === 1 ? 'its only connection is 1' : `its connections are 1 to ${max}`;
}
