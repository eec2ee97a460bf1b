// Follows an NSS key log file that a TLS stack appends to while a live capture runs (a dev server
// started with SSLKEYLOGFILE=..., Node's --tls-keylog, curl, a browser).
//
// Theory of operation
// - poll() is called before each chunk of captured packets is handled: it stats the file and
//   reads only the bytes appended since the last poll (synchronously: the lines must be known
//   before the packets they decrypt are decoded or saved). A TLS stack writes a secret before
//   it sends the first record protected by it, so a poll at packet arrival sees it.
// - Only whole lines are returned; a line still being written (no newline yet) is held until it
//   is complete. At the end, rest() returns such a last line if the writer never finished it.
// - The file may not exist yet (the server starts after the capture): polls return nothing
//   until it appears. If it shrinks (truncated or replaced by a new file), it is read again from
//   the start: its lines are new secrets.

import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** Per poll at most this much is read (a key log line is ~200 bytes; a session writes a few). */
const MAX_READ = 1 << 20;

export class KeyLogFollower {
  private offset = 0;
  private partial = '';
  private identity: string | null = null;

  constructor(readonly path: string) {}

  /** The whole lines appended since the last poll (with their newlines), or '' if none. */
  poll(): string {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return ''; // not there (yet), or not readable: nothing new
    }
    try {
      const st = fstatSync(fd);
      const identity = `${st.dev}:${st.ino}`;
      if (identity !== this.identity || st.size < this.offset) {
        // A new file (recreated, rotated) or a truncated one: its content is all new.
        this.identity = identity;
        this.offset = 0;
        this.partial = '';
      }
      if (st.size === this.offset) return '';
      const length = Math.min(st.size - this.offset, MAX_READ);
      const buffer = Buffer.alloc(length);
      const read = readSync(fd, buffer, 0, length, this.offset);
      this.offset += read;
      const text = this.partial + buffer.toString('utf8', 0, read);
      const end = text.lastIndexOf('\n') + 1;
      this.partial = text.slice(end);
      return text.slice(0, end);
    } finally {
      closeSync(fd);
    }
  }

  /** A last line left without its newline, once the capture is over ('' if none). */
  rest(): string {
    const last = this.poll() + this.partial;
    this.partial = '';
    return last.length > 0 && !last.endsWith('\n') ? `${last}\n` : last;
  }

  /** Whether the file exists now (for the summary: a path that never appeared is worth a warning). */
  exists(): boolean {
    try {
      return statSync(this.path).isFile();
    } catch {
      return false;
    }
  }
}
