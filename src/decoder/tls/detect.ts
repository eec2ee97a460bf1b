// Is a TCP stream TLS? Asked by the connection classifier (connection/classify.ts) on the first
// bytes of each direction, before HTTP and WebSocket framing are guessed.
//
// - The connection's start is in the capture: a direction must begin with a record header, and
//   a handshake record names the client (ClientHello, type 1) or the server (ServerHello, type 2).
// - The capture began mid-connection: the stream may start inside a record, so a direction is
//   TLS when, somewhere in its first 18 KiB, a plausible header is followed by another one (or
//   by the exact end of what was captured). That offset is where records start.

import { MAX_RECORD_BODY, plausibleHeader } from './record-layer.js';

type Side = 'a' | 'b';

export interface TlsVerdict {
  verdict: 'tls';
  clientSide: Side | null;
  /** Where records start in each side's prefix, or null when no boundary was found (hunt). */
  offsets: Record<Side, number | null>;
}

interface Prefix {
  bytes: Uint8Array;
  final: boolean;
}

/** A record chain at `at`: a plausible header whose record is followed by another plausible one or ends the prefix. */
function chainAt(b: Uint8Array, at: number): boolean {
  if (!plausibleHeader(b, at)) return false;
  const next = at + 5 + (((b[at + 3] as number) << 8) | (b[at + 4] as number));
  return next === b.length || plausibleHeader(b, next);
}

function findChain(b: Uint8Array): number | null {
  const limit = Math.min(b.length - 5, MAX_RECORD_BODY + 5);
  for (let at = 0; at <= limit; at++) if (chainAt(b, at)) return at;
  return null;
}

/** The hello type at a record start (1 ClientHello, 2 ServerHello), or 0. */
function helloAt(b: Uint8Array, at: number): number {
  if (b[at] !== 22 || b.length < at + 6) return 0;
  const t = b[at + 5] as number;
  return t === 1 || t === 2 ? t : 0;
}

export function classifyTls(a: Prefix, b: Prefix, startSeen: boolean): TlsVerdict | null {
  const offsets: Record<Side, number | null> = { a: null, b: null };
  let clientSide: Side | null = null;
  let any = false;
  for (const [side, p, other] of [
    ['a', a, 'b'],
    ['b', b, 'a'],
  ] as const) {
    const bytes = p.bytes;
    if (bytes.length < 6) continue;
    let at: number | null;
    if (startSeen) at = plausibleHeader(bytes, 0) && helloAt(bytes, 0) !== 0 ? 0 : null;
    else at = findChain(bytes);
    if (at === null) continue;
    any = true;
    offsets[side] = at;
    const hello = helloAt(bytes, at);
    if (hello === 1) clientSide = side;
    else if (hello === 2 && clientSide === null) clientSide = other;
  }
  if (!any) return null;
  // A side that sent nothing yet, or whose start did not show records, hunts for them.
  return { verdict: 'tls', clientSide, offsets };
}
