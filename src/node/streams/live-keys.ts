// A live capture that follows a key log (the app's live form with a key log path): the capture
// tool's bytes are rewritten as pcapng with the key log's new lines inserted as Decryption Secrets
// Blocks (PcapngStream), so the one stream carries both.
//
// Theory of operation
// - The UI's worker decodes that stream; its decoder applies a DSB's secrets from where it is read
//   and decrypts the records it held waiting for them, so keys need no second channel to the UI.
// - The capture's saved pcapng is the same bytes, so it stands alone (Wireshark and wsscope
//   decrypt it with no key option), as `wsscope capture --keylog --write` makes it.
// - The key log is polled before each chunk of packets (a stack logs a secret before it sends the
//   records it protects) and every TICK_MS, so a secret logged after the last packet (a TLS 1.2
//   server logs its master secret once the client's Finished flight is in) still arrives, and held
//   packets are released while the capture is quiet.
// - Packets are held HOLD_MS: long enough for such a late secret to be written ahead of them in
//   the saved file (tshark needs it before the ChangeCipherSpec), short enough for the UI to look
//   live. The CLI holds a second (it has no UI to keep moving).

import { KeyLogFollower } from '../keylog-follower.js';
import { PcapngStream } from '../pcapng-writer.js';

export const TICK_MS = 100;
export const HOLD_MS = 300;

export class LiveKeyLog {
  private readonly follower: KeyLogFollower;
  private readonly stream = new PcapngStream(HOLD_MS);
  /** Key log lines embedded so far (for a summary). */
  lines = 0;

  constructor(path: string) {
    this.follower = new KeyLogFollower(path);
  }

  /** pcapng bytes for a chunk of the capture tool's output, with any new keys ahead of it. */
  push(chunk: Uint8Array, now = Date.now()): Uint8Array {
    return this.stream.push(chunk, this.keys(this.follower.poll()), now);
  }

  /** What a quiet moment releases: new keys and packets held long enough (often nothing). */
  tick(now = Date.now()): Uint8Array {
    return this.push(new Uint8Array(0), now);
  }

  /** The rest: the last keys (a line without its newline too) and every held packet. */
  end(): Uint8Array {
    return this.stream.end(this.keys(this.follower.rest()));
  }

  private keys(text: string): string {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lines++;
    return text;
  }
}
