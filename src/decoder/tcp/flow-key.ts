// Connection lookup by 4-tuple, and endpoint text.
//
// A connection is found by its 4-tuple regardless of direction, so the smaller endpoint comes
// first. FlowTable nests Maps by address, address, then both ports as one number, rather than
// keying one Map by a joined string: building and hashing a fresh key string for every packet
// was the tracker's largest cost, while the address strings are the same objects packet after
// packet (ipv4.ts caches them) and keep their hashes.

import type { Endpoint } from '../records.js';

/** Values by direction-independent 4-tuple. */
export class FlowTable<V> {
  private readonly byLow = new Map<string, Map<string, Map<number, V>>>();

  get(src: Endpoint, dst: Endpoint): V | undefined {
    const srcFirst = isFirst(src, dst);
    const lo = srcFirst ? src : dst;
    const hi = srcFirst ? dst : src;
    return this.byLow
      .get(lo.address)
      ?.get(hi.address)
      ?.get(lo.port * 0x10000 + hi.port);
  }

  set(src: Endpoint, dst: Endpoint, value: V): void {
    const srcFirst = isFirst(src, dst);
    const lo = srcFirst ? src : dst;
    const hi = srcFirst ? dst : src;
    let byHigh = this.byLow.get(lo.address);
    if (byHigh === undefined) {
      byHigh = new Map();
      this.byLow.set(lo.address, byHigh);
    }
    let byPorts = byHigh.get(hi.address);
    if (byPorts === undefined) {
      byPorts = new Map();
      byHigh.set(hi.address, byPorts);
    }
    byPorts.set(lo.port * 0x10000 + hi.port, value);
  }

  delete(src: Endpoint, dst: Endpoint): void {
    const srcFirst = isFirst(src, dst);
    const lo = srcFirst ? src : dst;
    const hi = srcFirst ? dst : src;
    const byHigh = this.byLow.get(lo.address);
    const byPorts = byHigh?.get(hi.address);
    if (byHigh === undefined || byPorts === undefined) return;
    byPorts.delete(lo.port * 0x10000 + hi.port);
    if (byPorts.size > 0) return;
    byHigh.delete(hi.address);
    if (byHigh.size === 0) this.byLow.delete(lo.address);
  }

  *values(): IterableIterator<V> {
    for (const byHigh of this.byLow.values()) {
      for (const byPorts of byHigh.values()) yield* byPorts.values();
    }
  }
}

function isFirst(src: Endpoint, dst: Endpoint): boolean {
  return src.address < dst.address || (src.address === dst.address && src.port <= dst.port);
}

export function sameEndpoint(x: Endpoint, y: Endpoint): boolean {
  return x.port === y.port && x.address === y.address;
}

/** "10.0.0.1:5000", or "[::1]:80" for IPv6 (RFC 5952 §6). */
/**
 * "10.0.0.1:443", "[::1]:8080": an endpoint as findings, the CLI and the app show it. A source
 * that did not record the address (a HAR: ConnectionRecord.absent) gets "(not recorded)", with
 * the port when it is known; nothing is invented.
 */
export function endpointText(e: Endpoint): string {
  if (e.address === '') return e.port === 0 ? '(not recorded)' : `(not recorded):${e.port}`;
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** "10.0.0.1:5000 → 10.0.0.2:80": the sender, then the receiver. */
export function directionText(from: Endpoint, to: Endpoint): string {
  return `${endpointText(from)} → ${endpointText(to)}`;
}
