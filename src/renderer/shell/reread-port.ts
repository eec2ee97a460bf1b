// The page's end of the worker's reread port (src/renderer/worker/reread-source.ts explains why):
// each pass the worker opens becomes a new shell stream (ShellApi.reopenStream: main reopens the
// capture it opened as `streamId`), pulled with readChunk as the worker asks, closed when the
// worker is done with it or it ends. A 'range' request is answered with ShellApi.readRange on
// `streamId` itself (main reads the file at that position): one chunk, or main's one-line refusal.

import type { ShellApi } from '../../shared/api.js';
import type { RereadReply, RereadRequest } from '../worker/reread-source.js';

/** A port to hand the decoder worker, or null when the shell cannot reopen streams (it has streamUrl instead, or nothing). */
export function rereadPort(shell: ShellApi, streamId: string): MessagePort | null {
  if (!shell.reopenStream) return null;
  const reopen = (id: string) => shell.reopenStream!(id);
  const channel = new MessageChannel();
  const port = channel.port1;
  /** Each open pass: the id of its shell stream, once reopened (a rejected promise if it could not be). */
  const passes = new Map<number, Promise<string>>();
  const reply = (message: RereadReply) => {
    const chunk = 'chunk' in message ? message.chunk : null;
    port.postMessage(message, chunk ? [chunk.buffer as ArrayBuffer] : []);
  };
  const readRange = async (pass: number, offset: number, length: number) => {
    try {
      if (!shell.readRange) throw new Error('this shell cannot read the capture by range');
      reply({ pass, chunk: owned(await shell.readRange(streamId, offset, offset + length)) });
    } catch (error) {
      reply({ pass, error: error instanceof Error ? error.message : String(error) });
    }
  };
  const close = (pass: number) => {
    const opened = passes.get(pass);
    passes.delete(pass);
    opened?.then((id) => shell.closeStream(id)).catch(() => undefined);
  };

  port.onmessage = async (event: MessageEvent<RereadRequest>) => {
    const request = event.data;
    if (request.op === 'range') {
      await readRange(request.pass, request.offset, request.length);
      return;
    }
    const { op, pass } = request;
    if (op === 'open') {
      const opened = reopen(streamId).then((info) => info.id);
      opened.catch(() => undefined); // reported at the first pull
      passes.set(pass, opened);
      return;
    }
    if (op === 'close') {
      close(pass);
      return;
    }
    const opened = passes.get(pass);
    if (!opened) {
      reply({ pass, done: true });
      return;
    }
    try {
      const chunk = await shell.readChunk(await opened);
      if (chunk === null) {
        close(pass);
        reply({ pass, done: true });
      } else {
        reply({ pass, chunk: owned(chunk) });
      }
    } catch (error) {
      close(pass);
      reply({ pass, error: error instanceof Error ? error.message : String(error) });
    }
  };
  return channel.port2;
}

/** Our own copy to transfer: an IPC answer owns its buffer, but a view may not span all of it. */
function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
