// The TLS records a decrypted frame's bytes came from, as captured and as opened: what the hex
// view shows when asked for "the ciphertext and the plaintext of the same bytes".
//
// Theory of operation
// - Nothing is kept per record during normal decoding (memory stays flat): when a user asks, the
//   capture is decoded again from its first byte with a record tap (TlsOptions.recordTap), and
//   only the application-data records of the frame's connection and direction whose plaintext
//   overlaps the frame are copied. Decoding stops as soon as the frame's last byte is covered.
// - Connection ids, plaintext offsets and frame stream offsets are deterministic for the same
//   bytes and keys, so the frame's (connection, direction, stream offset, length) from the first
//   decode locate it in the second.
// - AEAD and CBC keep plaintext byte i at byte contentOffset + i of the record body, so the
//   frame's bytes sit at the same positions in the ciphertext as in the content.

import { CaptureSession } from '../capture-session.js';
import type { Direction } from '../records.js';
import type { TlsCrypto } from './crypto.js';
import type { TlsTapRecord } from './tls-connection.js';

export interface CiphertextTarget {
  connectionId: number;
  direction: Direction;
  /** Plaintext stream offset of the frame's first byte (FrameRecord.streamOffset), and its length. */
  offset: number;
  length: number;
}

/** One record, copied; `from`/`to` are the frame's bytes within `content` ([from, to)). */
export interface CiphertextRecord {
  header: Uint8Array;
  body: Uint8Array;
  tcpOffset: number;
  contentOffset: number;
  plainOffset: number;
  content: Uint8Array;
  from: number;
  to: number;
}

export class FrameCiphertextFinder {
  private readonly session: CaptureSession;
  private readonly found: CiphertextRecord[] = [];
  private covered = false;

  constructor(
    private readonly target: CiphertextTarget,
    crypto: TlsCrypto,
    keyLogs: readonly { text: string | Uint8Array; name: string }[],
  ) {
    // Only the frame's connection is decrypted: the others cost a parse, not the cipher.
    this.session = new CaptureSession({
      frameFields: false,
      tls: { crypto, recordTap: this.tap, onlyConnection: target.connectionId },
    });
    for (const k of keyLogs) this.session.addKeyLog(k.text, k.name);
  }

  private readonly tap = (connectionId: number, direction: Direction, r: TlsTapRecord): void => {
    const t = this.target;
    if (connectionId !== t.connectionId || direction !== t.direction) return;
    const end = t.offset + t.length;
    const from = Math.max(t.offset, r.plainOffset);
    const to = Math.min(end, r.plainOffset + r.content.length);
    if (to > from) {
      this.found.push({
        header: r.header.slice(),
        body: r.body.slice(),
        tcpOffset: r.tcpOffset,
        contentOffset: r.contentOffset,
        plainOffset: r.plainOffset,
        content: r.content.slice(),
        from: from - r.plainOffset,
        to: to - r.plainOffset,
      });
    }
    if (r.plainOffset + r.content.length >= end) this.covered = true;
  };

  /** Feeds capture bytes; true once every byte of the frame was found (stop reading then). */
  push(chunk: Uint8Array): boolean {
    if (this.covered) return true;
    this.session.pushAndDrain(chunk, DISCARD);
    return this.covered;
  }

  /** The records found, in stream order (the capture's end was reached, or the frame covered). */
  end(): CiphertextRecord[] {
    if (!this.covered) {
      this.session.end();
      this.session.drain();
    }
    return this.found;
  }
}

const DISCARD = (): void => {};
