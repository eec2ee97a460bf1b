// The start of the next HTTP/1.x message in a stream that began before the capture, inside a
// message (a body, usually): HTTP is recognised on the other side, but these bytes are not a
// head, and parsing them as one reported body bytes as a malformed head.
//
// A message starts with a request line or a status line (RFC 9112 §2.1), at a line start (after
// LF) or at the start of a segment; the hunter checks each of those, keeps the unfinished last
// line (at most MAX_TAIL bytes) across pushes, and hands back the bytes from the first message
// start it finds. Cost: a scan for LF plus a short look at each candidate.

import { looksLikeHttpRequestLine, looksLikeHttpStatusLine } from './recognize.js';

const MAX_TAIL = 8192;

export class HttpHunter {
  private tail: Uint8Array = new Uint8Array(0);
  /** The next byte pushed starts a line (true at the first byte: the capture may start on one). */
  private atLineStart = true;

  constructor(private readonly role: 'request' | 'response') {}

  /** The bytes from the first message start, or null while none was found. */
  push(bytes: Uint8Array): Uint8Array | null {
    // Candidates: line starts, and the start of this push (a sender's new message usually starts
    // a new segment, and a body need not end with a line break).
    const pushStart = this.tail.length;
    let data = bytes;
    if (pushStart > 0) {
      data = new Uint8Array(pushStart + bytes.length);
      data.set(this.tail);
      data.set(bytes, pushStart);
    }
    this.tail = new Uint8Array(0);
    const looks = this.role === 'request' ? looksLikeHttpRequestLine : looksLikeHttpStatusLine;
    const candidateAfter = (after: number): number => {
      const lf = data.indexOf(0x0a, Math.max(0, after));
      const line = lf < 0 ? -1 : lf + 1;
      const push = pushStart > after ? pushStart : -1;
      if (line < 0) return push;
      return push < 0 ? line : Math.min(line, push);
    };
    let p = this.atLineStart ? 0 : candidateAfter(-1);
    while (p >= 0) {
      if (p >= data.length) break;
      const answer = looks(data.subarray(p));
      if (answer === 'yes') return data.subarray(p);
      if (answer === 'need-more') {
        // An unfinished line that may still be a start line: kept, and checked again with the
        // next bytes (when it is too long to keep, it is not a start line anyway).
        const keep = data.length - p <= MAX_TAIL;
        if (keep) this.tail = data.slice(p);
        this.atLineStart = keep;
        return null;
      }
      p = candidateAfter(p);
    }
    this.atLineStart = data[data.length - 1] === 0x0a;
    return null;
  }

  /** Bytes were lost: whatever was kept no longer continues. */
  gap(): void {
    this.tail = new Uint8Array(0);
    this.atLineStart = false;
  }
}
