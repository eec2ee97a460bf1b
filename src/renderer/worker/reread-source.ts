// Reading a shell stream a second time from the worker, through a MessagePort (the worker side).
//
// Why: the hex view's TLS records decode the capture again up to a frame (handler.ts,
// frameCiphertext). A File is read again as a Blob and browser mode fetches the stream's URL again,
// but the Electron shell's streams are pulled over IPC, which only the page (not the worker) can
// reach. So the page hands the worker one end of a MessageChannel (src/renderer/shell/reread-port.ts
// serves the other): each read is a "pass" that the page opens with ShellApi.reopenStream (main
// reopens the same capture; the page never names a path) and then pulls chunk by chunk, as the
// first read did; closing the pass closes that stream.

/** Worker → page. */
export type RereadRequest = { op: 'open' | 'pull' | 'close'; pass: number };

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

/** The worker's end of the port: any number of passes, each pulled in order. */
export class RereadSource {
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

  private post(request: RereadRequest): void {
    this.port.postMessage(request);
  }
}
