// Who may talk to a server bound beyond loopback.
//
// Theory: on loopback only local processes reach the port and the DNS-rebinding guard
// (./security.ts) keeps foreign web pages out, so loopback stays token-free. Bound to another
// address (`--host 0.0.0.0`) any machine that can route to us reaches the port, so every request
// must carry a random access token made at start (the way Jupyter does it):
//
// - the token is printed in the URL (`/?token=…`); a request carrying a valid `?token=` gets a
//   cookie (HttpOnly, SameSite=Strict, named for our port so two servers on one machine do not
//   overwrite each other's) and, for a page, a redirect to the same URL without the token (it
//   leaves the address bar and history); later requests (assets, /api) send the cookie;
// - `Authorization: Bearer <token>` works too (curl, scripts);
// - comparisons are constant-time (timingSafeEqual over SHA-256 digests, so lengths never leak);
// - the Host header must still name one of the addresses we were started for (our interfaces'
//   addresses and host name when bound to a wildcard address, plus any --public-name), which keeps
//   DNS rebinding out as on loopback.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { isLoopbackAddress } from './security.js';

/** 32 random bytes, base64url: 43 characters, 256 bits. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

export function cookieName(port: number): string {
  return `wsscope-token-${port}`;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time comparison of a presented token with ours. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(token));
}

/** The token a request presents, by precedence: ?token=, Authorization: Bearer, our cookie. */
export function presentedToken(req: IncomingMessage, url: URL, port: number): { value?: string; fromQuery: boolean } {
  const query = url.searchParams.get('token');
  if (query !== null) return { value: query, fromQuery: true };
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return { value: match?.[1] ?? '', fromQuery: false };
  }
  return { value: cookieValue(req.headers.cookie, cookieName(port)), fromQuery: false };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function setTokenCookie(res: ServerResponse, port: number, token: string): void {
  res.setHeader('set-cookie', `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`);
}

/**
 * The host names a request's Host header may use for a server bound to `bindHost`: the bind
 * address itself, for a wildcard bind every address of this machine's interfaces, its host name
 * (and `<name>.local`), loopback names, and the names given by the user.
 */
export function allowedHostNames(bindHost: string, extraNames: readonly string[] = []): Set<string> {
  const names = new Set<string>();
  const add = (name: string) => names.add(normalizeHost(name));
  add(bindHost);
  for (const name of extraNames) add(name);
  if (bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '[::]') {
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) add(info.address.split('%')[0]);
    }
    const own = hostname();
    add(own);
    if (!own.includes('.')) add(`${own}.local`);
    for (const name of ['localhost', '127.0.0.1', '::1']) add(name);
  }
  return names;
}

function normalizeHost(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

/** True if the Host header names one of `allowed` with our port (default port 80 if absent). */
export function hostIsAllowed(hostHeader: string | undefined, port: number, allowed: ReadonlySet<string>): boolean {
  if (hostHeader === undefined) return false;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  if (match === null) return false;
  const [, host, hostPort] = match;
  if (Number(hostPort ?? 80) !== port) return false;
  const name = normalizeHost(host);
  return allowed.has(name) || isLoopbackAddress(name);
}
