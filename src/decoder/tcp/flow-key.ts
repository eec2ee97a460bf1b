// Connection keys and endpoint text.
//
// A connection is found by its 4-tuple regardless of direction, so the key puts the smaller
// endpoint first. The key is a compact string: a Map keyed by it stays fast with 10k+ entries.

import type { Endpoint } from '../model.js';

/** Direction-independent key of the 4-tuple. */
export function flowKey(src: Endpoint, dst: Endpoint): string {
  const srcFirst = src.address < dst.address || (src.address === dst.address && src.port <= dst.port);
  return srcFirst
    ? `${src.address}|${src.port}|${dst.address}|${dst.port}`
    : `${dst.address}|${dst.port}|${src.address}|${src.port}`;
}

export function sameEndpoint(x: Endpoint, y: Endpoint): boolean {
  return x.port === y.port && x.address === y.address;
}

/** "10.0.0.1:5000", or "[::1]:80" for IPv6 (RFC 5952 §6). */
export function endpointText(e: Endpoint): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** "10.0.0.1:5000 → 10.0.0.2:80": the sender, then the receiver. */
export function directionText(from: Endpoint, to: Endpoint): string {
  return `${endpointText(from)} → ${endpointText(to)}`;
}
