// The capture file as a PayloadSource (src/decoder/payload-source.ts): the decoder reads the
// frames of a fragmented message back from it when the message's last frame arrives.
//
// Reads are synchronous: the decoder is, and the bytes were read moments ago (the page cache has
// them). The file is opened once more, by path, and checked against the size it had when the
// decode began: bytes that are not there any more cannot be given back (the decoder no longer
// holds them), so that is an error, never other bytes.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { PayloadSource } from '../decoder/index.js';

export class FilePayloadSource implements PayloadSource {
  private fd: number | null;
  /**
   * Why a read failed, once one did. The decoder takes a throw inside a connection for a bug in
   * that connection and goes on without it; the shell checks this after each step and stops.
   */
  failure: string | null = null;

  constructor(
    readonly path: string,
    private readonly size: number,
  ) {
    this.fd = openSync(path, 'r');
  }

  read(fileOffset: number, into: Uint8Array): void {
    if (this.fd === null) throw new Error(`${this.path}: read after close`);
    let done = 0;
    while (done < into.length) {
      const n = readSync(this.fd, into, done, into.length - done, fileOffset + done);
      if (n === 0) {
        const now = fstatSync(this.fd).size;
        this.failure = `changed on disk (${now} bytes, was ${this.size}); open it again`;
        throw new Error(`${this.path} ${this.failure}`);
      }
      done += n;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
