// A .har file (Chrome, Firefox, HTTP Toolkit) → the decoder's events, so every command and the
// app open it like a capture. Pure: text in, events out.
//
// What a HAR holds: per WebSocket entry, the upgrade request and response (parsed headers, no
// raw bytes), a start time and timings, the server's address, and with Chrome's and HTTP
// Toolkit's `_webSocketMessages` the data messages (direction, time, opcode, text or base64).
// What it cannot hold is marked absent on the connection (ConnectionRecord.absent) rather than
// invented: packets and TCP (no frames.number, no handshake/teardown), frames (no FIN, RSV,
// masking, per-frame lengths: a message's wireLength is its payload length), the raw heads, the
// client's address. The handshake is checked as for a capture (accept key, extensions).
//
// An entry counts as WebSocket when `_resourceType` is "websocket", its URL is ws:// or wss://,
// it answers 101, or it carries `_webSocketMessages`.

import { makeFinding } from '../findings.js';
import { checkHandshake } from '../http/handshake.js';
import type {
  AbsentPart,
  CaptureFileInfo,
  ConnectionRecord,
  DecoderEvent,
  HttpRequestHead,
  HttpResponseHead,
  LifecycleEvent,
  MessageRecord,
} from '../records.js';
import { fromBase64 } from './base64.js';
import type { HarEntry, HarWebSocketMessage } from './har-types.js';

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();
const ABSENT: readonly AbsentPart[] = ['packets', 'tcp', 'frames', 'masking', 'raw-heads', 'client-address'];

export const HAR_INFO: CaptureFileInfo = {
  format: 'har',
  byteOrder: 'little',
  versionMajor: 1,
  versionMinor: 2,
  interfaces: [],
  sections: 1,
};

/** Does this text start like JSON (a HAR), not like a capture file? */
export function looksLikeHar(firstBytes: Uint8Array): boolean {
  for (const b of firstBytes) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf) continue;
    return b === 0x7b; // "{"
  }
  return false;
}

/** The events of a HAR file; a file that is not HAR JSON gives one 'fatal' event. */
export function readHar(text: string): DecoderEvent[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return [{ kind: 'fatal', message: `not a pcap, pcapng or HAR file (${(error as Error).message})` }];
  }
  const entries = (doc as { log?: { entries?: unknown } })?.log?.entries;
  if (!Array.isArray(entries)) return [{ kind: 'fatal', message: 'not a HAR file: no log.entries' }];
  const events: DecoderEvent[] = [{ kind: 'capture-info', info: HAR_INFO }];
  let connectionId = 0;
  let messageId = 0;
  for (const raw of entries as HarEntry[]) {
    if (!isWebSocketEntry(raw)) continue;
    const id = ++connectionId;
    const { connection, messages, findings } = connectionOf(raw, id, () => ++messageId);
    events.push({ kind: 'connection', connection });
    for (const m of messages) events.push({ kind: 'message', message: m });
    for (const f of findings) events.push({ kind: 'finding', finding: f });
  }
  return events;
}

function isWebSocketEntry(e: HarEntry): boolean {
  if (typeof e !== 'object' || e === null || typeof e.request !== 'object' || e.request === null) return false;
  return (
    e._resourceType === 'websocket' ||
    /^wss?:/i.test(String(e.request.url)) ||
    e.response?.status === 101 ||
    Array.isArray(e._webSocketMessages)
  );
}

function headersOf(list: unknown): [string, string][] {
  if (!Array.isArray(list)) return [];
  return (
    list
      .filter((h) => h && typeof h.name === 'string')
      .map((h) => [h.name as string, String(h.value ?? '')] as [string, string])
      // HTTP/2 pseudo-headers (":authority") are not HTTP/1.1 header lines.
      .filter(([name]) => !name.startsWith(':'))
  );
}

function connectionOf(e: HarEntry, id: number, nextMessageId: () => number) {
  const url = parseUrl(String(e.request.url));
  const start = Date.parse(e.startedDateTime) / 1000;
  const startTime = Number.isFinite(start) ? start : 0;
  const t = e.timings ?? ({} as Partial<HarEntry['timings']>);
  const before = [t.blocked, t.dns, t.connect, t.send].reduce<number>(
    (s, v) => s + (typeof v === 'number' && v > 0 ? v : 0),
    0,
  );
  const responseTime = startTime + (before + (typeof t.wait === 'number' && t.wait > 0 ? t.wait : 0)) / 1000;
  const request: HttpRequestHead = {
    method: String(e.request.method ?? 'GET'),
    target: url.target,
    version: httpVersion(e.request.httpVersion),
    headers: headersOf(e.request.headers),
    raw: EMPTY,
    record: 0,
    time: startTime,
  };
  const status = Number(e.response?.status ?? 0);
  const response: HttpResponseHead | null =
    status > 0
      ? {
          version: httpVersion(e.response.httpVersion),
          status,
          reason: String(e.response.statusText ?? ''),
          headers: headersOf(e.response.headers),
          raw: EMPTY,
          record: 0,
          time: responseTime,
        }
      : null;
  const check = checkHandshake(request, response);
  const messages: MessageRecord[] = [];
  const counters = { client: 0, server: 0 };
  const list = Array.isArray(e._webSocketMessages) ? e._webSocketMessages : [];
  for (const m of list) {
    const message = messageOf(m, id, counters, nextMessageId);
    if (message) messages.push(message);
  }
  const lastTime = messages.reduce((last, m) => Math.max(last, m.time), response?.time ?? startTime);
  const stats = (d: 'client' | 'server') => {
    const mine = messages.filter((m) => m.direction === d);
    const payload = mine.reduce((s, m) => s + m.payload.byteLength, 0);
    return { frames: 0, messages: mine.length, bytes: 0, payloadBytes: payload, wirePayloadBytes: payload };
  };
  const lifecycle: LifecycleEvent[] = [
    { state: 'CONNECTING', time: startTime, record: null, by: 'client', detail: 'upgrade request (HAR)' },
  ];
  if (check.handshake.upgraded) {
    lifecycle.push({ state: 'OPEN', time: responseTime, record: null, by: 'server', detail: '101 response (HAR)' });
  }
  const findings = check.findings.map((f) =>
    makeFinding(f.code, f.message, { connectionId: id, direction: f.sender ?? 'server', time: startTime }),
  );
  const connection: ConnectionRecord = {
    id,
    // `connection` is no client port: Chrome writes its socket id there, Firefox the server's port
    // (devtools/client/netmonitor/src/har/har-builder.js). The client's side is absent.
    client: { address: '', port: 0 },
    // Firefox leaves serverIPAddress out; a URL that names an IP literal still says it.
    server: { address: String(e.serverIPAddress ?? url.ip).replace(/^\[|\]$/g, ''), port: url.port },
    kind: check.handshake.upgraded ? 'websocket' : response ? 'rejected' : 'no-response',
    rolesGuessed: false,
    synSeen: false,
    handshake: check.handshake,
    httpExchanges: [],
    firstTime: startTime,
    lastTime,
    firstRecord: 0,
    lastRecord: 0,
    lifecycle,
    tcpEvents: [],
    closedBy: null,
    cleanClose: false,
    stats: { client: stats('client'), server: stats('server') },
    findingCount: findings.length,
    // Firefox's HAR has the upgrade but no `_webSocketMessages`: no messages is "not recorded".
    absent: Array.isArray(e._webSocketMessages) ? ABSENT : [...ABSENT, 'messages'],
    // A HAR holds the upgrade and messages, not the TLS layer under them (absent, not invented).
    tls: null,
  };
  return { connection, messages, findings };
}

function messageOf(
  m: HarWebSocketMessage,
  connectionId: number,
  counters: { client: number; server: number },
  nextId: () => number,
): MessageRecord | null {
  if (!m || (m.type !== 'send' && m.type !== 'receive')) return null;
  const opcode = Number(m.opcode);
  if (opcode !== 1 && opcode !== 2) return null;
  const data = String(m.data ?? '');
  const payload = opcode === 1 ? encoder.encode(data) : fromBase64(data);
  if (payload === null) return null;
  const direction = m.type === 'send' ? 'client' : 'server';
  const time = Number(m.time);
  return {
    id: nextId(),
    connectionId,
    direction,
    index: counters[direction]++,
    opcode,
    type: opcode === 1 ? 'text' : 'binary',
    frameIds: [],
    firstTime: time,
    time,
    payload,
    wireLength: payload.byteLength,
    compressed: false,
    text: opcode === 1 ? data : null,
    close: null,
    pingId: null,
    rtt: null,
    complete: true,
    findings: [],
  };
}

function httpVersion(v: unknown): string {
  const s = String(v ?? '');
  if (/^http\/1\.[01]$/i.test(s)) return s.toUpperCase();
  // Chrome writes "" or "http/1.1"; HTTP/2 WebSockets (RFC 8441) are not in scope.
  return 'HTTP/1.1';
}

function parseUrl(url: string): { target: string; port: number; ip: string } {
  const m = /^(wss?|https?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([^#]*)/i.exec(url);
  if (!m) return { target: url || '/', port: 0, ip: '' };
  const secure = /^(wss|https)$/i.test(m[1]);
  const port = m[3] ? Number(m[3]) : secure ? 443 : 80;
  const host = m[2];
  // Only an address literal: a host name is not an address (its resolution was not recorded).
  const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[') ? host : '';
  return { target: m[4] || '/', port, ip };
}
