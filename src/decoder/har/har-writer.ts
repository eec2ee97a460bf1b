// Connections and messages → HAR 1.2 as Chrome DevTools writes WebSocket recordings, so Chrome,
// HTTP Toolkit and other HAR readers import it: one entry per connection whose upgrade request
// was captured, with the request and response heads as on the wire, timings from the packets,
// `_resourceType: "websocket"` and `_webSocketMessages` (data messages only, as Chrome records
// them: control frames are not messages a page sees).
//
// Nothing is invented: a connection whose upgrade request was not captured has no HAR entry
// (the caller is told how many were left out); a response that was not captured is status 0
// with no headers, as browsers write an aborted request.

import type { ConnectionRecord, HttpRequestHead, HttpResponseHead, MessageRecord } from '../records.js';
import { toBase64 } from './base64.js';
import type { Har, HarEntry, HarNameValue, HarTimings, HarWebSocketMessage } from './har-types.js';

export interface HarExport {
  har: Har;
  /** Connections left out: no upgrade request in the capture. */
  skipped: number[];
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function harOf(
  connections: readonly ConnectionRecord[],
  messages: readonly MessageRecord[],
  creator: { name: string; version: string } = { name: 'wsscope', version: 'dev' },
): HarExport {
  const byConnection = new Map<number, MessageRecord[]>();
  for (const m of messages) {
    if (m.opcode !== 1 && m.opcode !== 2) continue;
    let list = byConnection.get(m.connectionId);
    if (!list) {
      list = [];
      byConnection.set(m.connectionId, list);
    }
    list.push(m);
  }
  const entries: HarEntry[] = [];
  const skipped: number[] = [];
  for (const c of connections) {
    const request = c.handshake?.request;
    if (!request) {
      skipped.push(c.id);
      continue;
    }
    entries.push(entryOf(c, request, c.handshake?.response ?? null, byConnection.get(c.id) ?? []));
  }
  entries.sort((a, b) => (a.startedDateTime < b.startedDateTime ? -1 : a.startedDateTime > b.startedDateTime ? 1 : 0));
  return { har: { log: { version: '1.2', creator, pages: [], entries } }, skipped };
}

function entryOf(
  c: ConnectionRecord,
  req: HttpRequestHead,
  res: HttpResponseHead | null,
  messages: MessageRecord[],
): HarEntry {
  const timings = timingsOf(c, req, res);
  const entry: HarEntry = {
    startedDateTime: isoTime(Math.min(req.time, c.firstTime)),
    time: Math.round(Object.values(timings).reduce((sum, t) => sum + Math.max(0, t), 0) * 1e3) / 1e3,
    request: {
      method: req.method,
      url: urlOf(c, req),
      httpVersion: req.version,
      cookies: cookiesOf(req.headers, 'cookie'),
      headers: nameValues(req.headers),
      queryString: queryOf(req.target),
      headersSize: req.raw.byteLength,
      bodySize: 0,
    },
    response: {
      status: res?.status ?? 0,
      statusText: res?.reason ?? '',
      httpVersion: res?.version ?? '',
      cookies: res ? cookiesOf(res.headers, 'set-cookie') : [],
      headers: res ? nameValues(res.headers) : [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: headerValue(res?.headers ?? [], 'location') ?? '',
      headersSize: res ? res.raw.byteLength : -1,
      bodySize: 0,
    },
    cache: {},
    timings,
    serverIPAddress: c.server.address,
    connection: String(c.client.port),
    _resourceType: 'websocket',
    _webSocketMessages: messages.map(harMessage),
  };
  return entry;
}

export function harMessage(m: MessageRecord): HarWebSocketMessage {
  return {
    type: m.direction === 'client' ? 'send' : 'receive',
    time: m.time,
    opcode: m.opcode,
    data: m.opcode === 1 ? (m.text ?? utf8.decode(m.payload)) : toBase64(m.payload),
  };
}

/** HAR timings in milliseconds; -1 where the capture does not tell (HAR 1.2 §timings). */
function timingsOf(c: ConnectionRecord, req: HttpRequestHead, res: HttpResponseHead | null): HarTimings {
  const syn = c.tcpEvents.find((e) => e.what === 'syn');
  const synAck = c.tcpEvents.find((e) => e.what === 'syn-ack');
  const ms = (seconds: number): number => Math.round(seconds * 1e6) / 1e3;
  return {
    blocked: -1,
    dns: -1,
    connect: syn && synAck ? ms(synAck.time - syn.time) : -1,
    ssl: -1,
    send: 0,
    wait: res ? ms(Math.max(0, res.time - req.time)) : 0,
    receive: 0,
  };
}

function urlOf(c: ConnectionRecord, req: HttpRequestHead): string {
  if (/^wss?:\/\//i.test(req.target)) return req.target;
  if (/^https?:\/\//i.test(req.target)) return req.target.replace(/^http/i, 'ws');
  const host = headerValue(req.headers, 'host') ?? hostOf(c);
  // The scheme follows the port a browser would use: wss on 443 (TLS), ws otherwise.
  const scheme = c.server.port === 443 ? 'wss' : 'ws';
  return `${scheme}://${host}${req.target.startsWith('/') ? '' : '/'}${req.target}`;
}

function hostOf(c: ConnectionRecord): string {
  const a = c.server.address.includes(':') ? `[${c.server.address}]` : c.server.address;
  return `${a}:${c.server.port}`;
}

function nameValues(headers: [string, string][]): HarNameValue[] {
  return headers.map(([name, value]) => ({ name, value }));
}

function headerValue(headers: [string, string][], name: string): string | null {
  for (const [k, v] of headers) if (k.toLowerCase() === name) return v;
  return null;
}

function cookiesOf(headers: [string, string][], name: 'cookie' | 'set-cookie'): HarNameValue[] {
  const out: HarNameValue[] = [];
  for (const [k, v] of headers) {
    if (k.toLowerCase() !== name) continue;
    const pairs = name === 'cookie' ? v.split(';') : [v.split(';')[0]];
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq > 0) out.push({ name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() });
    }
  }
  return out;
}

function queryOf(target: string): HarNameValue[] {
  const q = target.indexOf('?');
  if (q < 0) return [];
  return target
    .slice(q + 1)
    .split('#')[0]
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      return { name: decodeQuery(name), value: decodeQuery(value) };
    });
}

function decodeQuery(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function isoTime(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString();
}
