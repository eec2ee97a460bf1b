// Security rules of the browser-mode server.
//
// - Loopback by default: the server binds to 127.0.0.1 unless told otherwise.
// - DNS rebinding: while bound to loopback, a request is served only if its Host header names a
//   loopback address with our port (a page on evil.example resolving to 127.0.0.1 sends
//   "Host: evil.example" and is refused).
// - Cross-site requests: a POST (which can start tcpdump) must come from our own origin: browsers
//   always send Origin on POST, so a foreign Origin is refused; JSON bodies must be sent as
//   application/json, which a foreign page cannot do without a CORS preflight we never answer.
// - Every response carries the strict Content-Security-Policy and hardening headers of
//   src/node/security-headers.ts (Electron's app:// scheme sends the same).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../node/security-headers.js';

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  // With the opener policy this makes the page cross-origin isolated: nothing from another origin
  // can be embedded (the UI loads nothing from elsewhere), and the page may measure its own and
  // its workers' memory (performance.measureUserAgentSpecificMemory: bench/ui-longtasks.mjs
  // --serve). Not in SECURITY_HEADERS: Electron's app:// scheme would need it tried in Electron,
  // which cannot run here.
  res.setHeader('cross-origin-embedder-policy', 'require-corp');
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackAddress(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** True if the Host header names a loopback address and our port. */
export function hostIsLoopback(hostHeader: string | undefined, port: number): boolean {
  if (hostHeader === undefined) return false;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  if (match === null) return false;
  const [, host, hostPort] = match;
  return isLoopbackAddress(host) && Number(hostPort ?? 80) === port;
}

/** True unless the request carries an Origin other than the server's own (http://<Host>). */
export function originIsOwn(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://${req.headers.host ?? ''}`;
}
