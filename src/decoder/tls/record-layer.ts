// The TLS record layer of one direction (RFC 8446 §5.1, RFC 5246 §6.2): turns the reassembled
// TCP stream into records, wherever the segment boundaries fall: a record split across segments,
// several records in one segment. A TCP gap loses the record it falls in; the reader then hunts
// for the next plausible record header (the caller confirms it by trial decryption, since the
// AEAD tag proves both the boundary and the sequence number).
//
// Hot path: a record that lies inside one pushed chunk is handed out as views of that chunk (no
// copy); only a record split across chunks is copied, into a scratch buffer reused for the next.
// The views are valid until the next next()/push()/gap() call.
//
// Garbage collection: each record is a new object, and the reader lets go of a pushed chunk once
// it is consumed. A long-lived object (this reader, a record reused across calls) that points at
// per-record views keeps them alive through the next scavenge, which then copies and promotes
// them: on small-record traffic that cost more than allocating the objects.

const EMPTY = new Uint8Array(0);

export const CONTENT = { ccs: 20, alert: 21, handshake: 22, applicationData: 23, heartbeat: 24 } as const;

/** The largest TLSCiphertext.length (2^14 + 2048, RFC 5246 §6.2.3; TLS 1.3 allows less). */
export const MAX_RECORD_BODY = 16384 + 2048;

export interface TlsRecord {
  type: number;
  version: number;
  /** The 5 header bytes (the TLS 1.3 AAD). */
  header: Uint8Array;
  body: Uint8Array;
  /** Stream offset of the header's first byte. */
  streamOffset: number;
  /** The first record found after a gap (or at a hunted start): the sequence number is unknown. */
  afterGap: boolean;
}

/** A plausible record header at `at` (content type, a 3.x version, a length within bounds). */
export function plausibleHeader(b: Uint8Array, at: number): boolean {
  if (at + 5 > b.length) return false;
  const type = b[at] as number;
  if (type < 20 || type > 24) return false;
  if (b[at + 1] !== 3 || (b[at + 2] as number) > 4) return false;
  const length = ((b[at + 3] as number) << 8) | (b[at + 4] as number);
  return length > 0 && length <= MAX_RECORD_BODY;
}

export class RecordReader {
  /** Stream offset of the next byte not yet consumed. */
  private offset = 0;
  /** Bytes of an incomplete record (or of a header still being hunted), kept across pushes. */
  private held = new Uint8Array(0);
  private heldLength = 0;
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;
  private hunting: boolean;
  private afterGap: boolean;
  private started = false;
  /** Bytes skipped while hunting since the last report (read and reset by the caller). */
  skipped = 0;

  constructor(hunting = false) {
    this.hunting = hunting;
    this.afterGap = hunting;
  }

  get isHunting(): boolean {
    return this.hunting;
  }

  push(bytes: Uint8Array, offset: number): void {
    if (!this.started) {
      this.started = true;
      this.offset = offset;
    }
    this.chunk = bytes;
    this.at = 0;
  }

  /** Bytes are missing: the record in progress is lost; hunt for the next header after them. */
  gap(offset: number, length: number): void {
    this.heldLength = 0;
    this.chunk = EMPTY;
    this.at = 0;
    this.offset = offset + length;
    this.started = true;
    this.hunting = true;
    this.afterGap = true;
  }

  /** The record just returned was not really one (trial decryption failed): hunt again after it. */
  rehunt(): void {
    this.hunting = true;
    this.afterGap = true;
  }

  /** The next complete record, or null when more bytes are needed. */
  next(): TlsRecord | null {
    for (;;) {
      if (this.hunting && !this.hunt()) return null;
      const avail = this.heldLength + (this.chunk.length - this.at);
      if (avail < 5) {
        this.holdRest();
        return null;
      }
      const length = (this.byteAt(3) << 8) | this.byteAt(4);
      const type = this.byteAt(0);
      if (type < 20 || type > 24 || this.byteAt(1) !== 3 || length > MAX_RECORD_BODY) {
        // Not a record header where one must be: lost framing (a bug in a peer, or not TLS).
        this.hunting = true;
        this.afterGap = true;
        continue;
      }
      if (avail < 5 + length) {
        this.holdRest();
        return null;
      }
      return this.take(type, (this.byteAt(1) << 8) | this.byteAt(2), length);
    }
  }

  /** Byte `i` of what is not consumed yet (held bytes first, then the chunk). */
  private byteAt(i: number): number {
    return (i < this.heldLength ? this.held[i] : this.chunk[this.at + i - this.heldLength]) as number;
  }

  private take(type: number, version: number, length: number): TlsRecord {
    const total = 5 + length;
    let base: Uint8Array;
    let at: number;
    if (this.heldLength === 0) {
      base = this.chunk;
      at = this.at;
      this.at += total;
    } else {
      const need = total - this.heldLength;
      this.ensureHeld(total);
      this.held.set(this.chunk.subarray(this.at, this.at + need), this.heldLength);
      this.at += need;
      base = this.held;
      at = 0;
      this.heldLength = 0;
    }
    const streamOffset = this.offset;
    const afterGap = this.afterGap;
    this.offset += total;
    this.afterGap = false;
    return {
      type,
      version,
      header: base.subarray(at, at + 5),
      body: base.subarray(at + 5, at + total),
      streamOffset,
      afterGap,
    };
  }

  private ensureHeld(n: number): void {
    if (this.held.length >= n) return;
    const grown = new Uint8Array(Math.max(n, this.held.length * 2, 256));
    grown.set(this.held.subarray(0, this.heldLength));
    this.held = grown;
  }

  private holdRest(): void {
    const rest = this.chunk.length - this.at;
    if (rest === 0) {
      this.chunk = EMPTY;
      this.at = 0;
      return;
    }
    this.ensureHeld(this.heldLength + rest);
    this.held.set(this.chunk.subarray(this.at), this.heldLength);
    this.heldLength += rest;
    this.chunk = EMPTY;
    this.at = 0;
  }

  /** Skip bytes up to the next plausible header; false when more bytes are needed to find one. */
  private hunt(): boolean {
    // Work on one contiguous view: held bytes plus the chunk (hunting is rare, a copy is fine).
    this.holdRest();
    const b = this.held.subarray(0, this.heldLength);
    let i = 0;
    for (; i + 5 <= b.length; i++) {
      if (!plausibleHeader(b, i)) continue;
      const next = i + 5 + (((b[i + 3] as number) << 8) | (b[i + 4] as number));
      // Where the following header is already here, it must be plausible too.
      if (next + 5 <= b.length && !plausibleHeader(b, next)) continue;
      break;
    }
    if (i + 5 > b.length) {
      // Keep the last 4 bytes: a header may start among them.
      const keep = Math.min(4, b.length);
      const drop = b.length - keep;
      this.skipped += drop;
      this.offset += drop;
      this.held.copyWithin(0, drop, b.length);
      this.heldLength = keep;
      return false;
    }
    this.skipped += i;
    this.offset += i;
    // What follows the header becomes the chunk again, so records are taken from it as usual.
    this.chunk = b.slice(i);
    this.at = 0;
    this.heldLength = 0;
    this.hunting = false;
    return true;
  }
}

/** Handshake messages (RFC 8446 §4) reassembled across records of one direction and epoch. */
export class HandshakeReader {
  private buf = new Uint8Array(0);

  push(fragment: Uint8Array): { type: number; body: Uint8Array; raw: Uint8Array }[] {
    const joined = new Uint8Array(this.buf.length + fragment.length);
    joined.set(this.buf, 0);
    joined.set(fragment, this.buf.length);
    const out: { type: number; body: Uint8Array; raw: Uint8Array }[] = [];
    let at = 0;
    while (at + 4 <= joined.length) {
      const length =
        ((joined[at + 1] as number) << 16) | ((joined[at + 2] as number) << 8) | (joined[at + 3] as number);
      if (at + 4 + length > joined.length) break;
      out.push({
        type: joined[at] as number,
        body: joined.subarray(at + 4, at + 4 + length),
        raw: joined.subarray(at, at + 4 + length),
      });
      at += 4 + length;
    }
    // A message larger than 256 KiB is not one: drop it rather than buffer without bound.
    this.buf = joined.length - at > 256 * 1024 ? new Uint8Array(0) : joined.slice(at);
    return out;
  }

  reset(): void {
    this.buf = new Uint8Array(0);
  }
}
