// Security rules of the browser-mode server.
//
// - Loopback by default: the server binds to 127.0.0.1 unless told otherwise.
// - DNS rebinding: while bound to loopback, a request is served only if its Host header names a
//   loopback address with our port (a page on evil.example resolving to 127.0.0.1 sends
//   "Host: evil.example" and is refused).
// - Cross-site requests: a POST (which can start tcpdump) must come from our own origin: browsers
//   always send Origin on POST, so a foreign Origin is refused; JSON bodies must be sent as
//   application/json, which a foreign page cannot do without a CORS preflight we never answer.
// - Every response carries a strict Content-Security-Policy and the usual hardening headers;
//   payloads shown by the UI are text, and even injected markup could not load scripts.

import type { IncomingMessage, ServerResponse } from 'node:http';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets style attributes; no remote styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // The decoder runs in a Web Worker built as a separate file (or a blob: in some builds).
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
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
