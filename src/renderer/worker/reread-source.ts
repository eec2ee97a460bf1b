// Reading a shell stream a second time from the worker, through a MessagePort (the worker side).
//
// Why: the hex view's TLS records decode the capture again up to a frame (handler.ts,
// frameCiphertext). A File is read again as a Blob and browser mode fetches the stream's URL again,
// but the Electron shell's streams are pulled over IPC, which only the page (not the worker) can
// reach. So the page hands the worker one end of a MessageChannel (src/renderer/shell/reread-port.ts
// serves the other): each read is a "pass" that the page opens with ShellApi.reopenStream (main
// reopens the same capture; the page never names a path) and then pulls chunk by chunk, as the
// first read did; closing the pass closes that stream.
//
// The same port reads the capture file by range (RangeSource, for payloads the worker did not keep:
// file-payloads.ts): a 'range' request is a pass with one reply, served with ShellApi.readRange.
// One port rather than a second one for ranges: the page already serves this port for this stream
// id, and the replies are already matched to requests by number here, so a range read needs one
// more request kind and nothing else; a second port would need its own field and transfer in
// 'open-stream' (protocol.ts, client.ts) and its own lifetime, for the same stream.

import type { RangeSource } from './file-payloads.js';

/** Worker → page. */
export type RereadRequest =
  | { op: 'open' | 'pull' | 'close'; pass: number }
  /** Bytes [offset, offset + length) of the capture file; answered by one chunk or error. */
  | { op: 'range'; pass: number; offset: number; length: number };

/** Page → worker: the pass's next chunk, its end, or why it failed. */
export type RereadReply =
  | { pass: number; chunk: Uint8Array }
  | { pass: number; done: true }
  | { pass: number; error: string };

/** The part of a ReadableStreamDefaultReader the ciphertext view uses. */
export interface PassReader {
  read(): Promise<{ done: true; value?: Uint8Array } | { done: false; value: Uint8Array }>;
  cancel(): Promise<void>;
}

/** The worker's end of the port: any number of passes, each pulled in order, and ranged reads. */
export class RereadSource implements RangeSource {
  private nextPass = 1;
  private readonly waiting = new Map<number, (reply: RereadReply) => void>();

  constructor(private readonly port: MessagePort) {
    port.onmessage = (event: MessageEvent<RereadReply>) => {
      const reply = event.data;
      const resolve = this.waiting.get(reply.pass);
      this.waiting.delete(reply.pass);
      resolve?.(reply);
    };
  }

  /** A new pass over the stream from its first byte. */
  open(): PassReader {
    const pass = this.nextPass++;
    let closed = false;
    this.post({ op: 'open', pass });
    return {
      read: async () => {
        if (closed) return { done: true };
        const reply = await new Promise<RereadReply>((resolve) => {
          this.waiting.set(pass, resolve);
          this.post({ op: 'pull', pass });
        });
        if ('error' in reply) {
          closed = true;
          throw new Error(reply.error);
        }
        if ('done' in reply) {
          closed = true;
          return { done: true };
        }
        return { done: false, value: reply.chunk };
      },
      cancel: async () => {
        if (closed) return;
        closed = true;
        this.post({ op: 'close', pass });
      },
    };
  }

  /**
   * Bytes of the capture file by range (main reads them at that position). A failure rejects with
   * main's one line (a file changed on disk since it was opened); FilePayloads shows it.
   */
  read(offset: number, length: number): Promise<Uint8Array> {
    if (length === 0) return Promise.resolve(new Uint8Array(0));
    const pass = this.nextPass++;
    return new Promise((resolve, reject) => {
      this.waiting.set(pass, (reply) => {
        if ('chunk' in reply) resolve(reply.chunk);
        else reject(new Error('error' in reply ? reply.error : 'the capture could not be read by range'));
      });
      this.post({ op: 'range', pass, offset, length });
    });
  }

  private post(request: RereadRequest): void {
    this.port.postMessage(request);
  }
}
