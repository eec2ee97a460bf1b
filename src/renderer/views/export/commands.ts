// A connection's opening handshake as commands a developer can paste: `curl` (sends the same
// upgrade request, headers as captured, and prints the 101 response) and `websocat` (opens a
// WebSocket to the same URL with the same extra headers and subprotocols). POSIX shell quoting.

import type { ConnectionRecord } from '../../../decoder/index.js';

/** 'text' in single quotes, safe for sh/bash/zsh. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The URL the client connected to (ws:// or wss://), from the Host header or the server address. */
export function websocketUrl(c: ConnectionRecord, scheme: 'ws' | 'http' = 'ws'): string {
  const req = c.handshake?.request;
  const target = req?.target ?? '/';
  if (/^wss?:\/\//i.test(target)) return scheme === 'ws' ? target : target.replace(/^ws/i, 'http');
  if (/^https?:\/\//i.test(target)) return scheme === 'http' ? target : target.replace(/^http/i, 'ws');
  const host =
    req?.headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ??
    `${c.server.address.includes(':') ? `[${c.server.address}]` : c.server.address}:${c.server.port}`;
  const secure = c.server.port === 443;
  const s = scheme === 'ws' ? (secure ? 'wss' : 'ws') : secure ? 'https' : 'http';
  return `${s}://${host}${target.startsWith('/') ? '' : '/'}${target}`;
}

/** `curl` sending the captured upgrade request (every header as captured, in order). */
export function curlCommand(c: ConnectionRecord): string | null {
  const req = c.handshake?.request;
  if (!req) return null;
  const lines = [`curl --include --no-buffer --http1.1 -X ${shellQuote(req.method)}`];
  for (const [name, value] of req.headers) lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  lines.push(`  ${shellQuote(websocketUrl(c, 'http'))}`);
  return lines.join(' \\\n');
}

/**
 * Headers a WebSocket client library makes itself (websocat here, `ws` and `websockets` in
 * replay.ts): not repeated from the capture.
 */
export const CLIENT_OWN_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'upgrade',
  'connection',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
  'content-length',
]);

/** `websocat` opening the same WebSocket: same URL, subprotocols and other headers. */
export function websocatCommand(c: ConnectionRecord): string | null {
  const req = c.handshake?.request;
  if (!req) return null;
  const parts = ['websocat'];
  for (const p of c.handshake?.offeredSubprotocols ?? []) parts.push(`--protocol ${shellQuote(p)}`);
  for (const [name, value] of req.headers) {
    if (!CLIENT_OWN_HEADERS.has(name.toLowerCase())) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  parts.push(shellQuote(websocketUrl(c)));
  return parts.join(' ');
}
