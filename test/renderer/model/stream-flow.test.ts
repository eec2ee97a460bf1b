// @vitest-environment jsdom
// A shell stream (browser mode's GET /api/stream, Electron's readChunk) is read only as fast as the
// worker decodes it: the page keeps at most a few MiB in flight (client.ts MAX_IN_FLIGHT) on the
// worker's acknowledgements (handler.ts 'consumed'). Before, the page forwarded the whole served
// file within a second or two, and all of it waited in the worker's message queue.

import { describe, expect, it, vi } from 'vitest';
import { Controller } from '../../../src/renderer/model/controller.js';
import { Store } from '../../../src/renderer/model/store.js';
import { DecoderClient } from '../../../src/renderer/worker/client.js';
import { InThreadWorker } from '../../../src/renderer/worker/in-thread.js';
import type { WorkerLike, WorkerReply } from '../../../src/renderer/worker/protocol.js';
import type { ShellApi, StreamInfo } from '../../../src/shared/api.js';
import { serverFrame, wsCapture } from '../../helpers/ws-capture.js';

const MiB = 1024 * 1024;

/** One WebSocket connection whose server sends `frames` binary frames of 60,000 bytes. */
function bigCapture(frames: number): Uint8Array {
  const payload = new Uint8Array(60_000).map((_, i) => i & 0xff);
  return wsCapture((c) => {
    for (let i = 0; i < frames; i++) c.send('server', serverFrame({ opcode: 2, payload }));
  });
}

/** An InThreadWorker whose 'consumed' replies are also reported to `onConsumed`. */
function watchedWorker(onConsumed: (bytes: number) => void): WorkerLike {
  const w = new InThreadWorker();
  return {
    postMessage: (message: unknown) => w.postMessage(message),
    terminate: () => w.terminate(),
    onerror: null,
    get onmessage() {
      return w.onmessage;
    },
    set onmessage(fn) {
      w.onmessage =
        fn &&
        ((event: MessageEvent) => {
          const reply = event.data as WorkerReply;
          if (reply.type === 'consumed') onConsumed(reply.bytes);
          fn(event);
        });
    },
  };
}

describe('reading a shell stream', () => {
  it('keeps at most a few MiB ahead of the decoder, and decodes all of it', async () => {
    const bytes = bigCapture(300);
    expect(bytes.length).toBeGreaterThan(16 * MiB);
    let consumed = 0;
    let handed = 0;
    let mostAhead = 0;
    const acks: number[] = [];
    const store = new Store();
    const controller = new Controller(store, () =>
      watchedWorker((n) => {
        consumed = n;
        acks.push(n);
      }),
    );
    // a shell that always has the next MiB at once, as loopback HTTP nearly does
    const shell = {
      kind: 'server',
      readChunk: async () => {
        if (handed >= bytes.length) return null;
        const chunk = bytes.slice(handed, handed + MiB);
        handed += chunk.length;
        mostAhead = Math.max(mostAhead, handed - consumed);
        return chunk;
      },
      closeStream: async () => {},
      setTitle: () => {},
    } as unknown as ShellApi;
    (controller as unknown as { shell: ShellApi }).shell = shell;
    const info: StreamInfo = { id: 's1', name: 'big.pcap', size: bytes.length, live: false };
    await controller.openStream(info);
    await vi.waitUntil(() => !store.getState().loading, { timeout: 20_000, interval: 10 });
    // 8 MiB in flight, plus the chunk read while the last ack was on its way
    expect(mostAhead).toBeLessThanOrEqual(9 * MiB);
    expect(mostAhead).toBeGreaterThan(4 * MiB);
    // acknowledged per MiB decoded, in order
    expect(acks.length).toBeGreaterThanOrEqual(16);
    expect(acks).toEqual([...acks].sort((a, b) => a - b));
    const s = store.getState();
    expect(s.fatal).toBeNull();
    expect(s.data.frames.all()).toHaveLength(300);
  });
});

describe('DecoderClient.whenRoom', () => {
  /** A worker that only records what it is sent; the test answers for it. */
  function fakeWorker() {
    const w: WorkerLike & { reply: (r: WorkerReply) => void } = {
      postMessage: () => {},
      terminate: () => {},
      onmessage: null,
      onerror: null,
      reply: (r) => w.onmessage?.({ data: r } as MessageEvent),
    };
    return w;
  }
  const settled = async (p: Promise<void>) => {
    let done = false;
    void p.then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 0));
    return done;
  };

  it('waits while 8 MiB or more are unacknowledged, and wakes on the ack that makes room', async () => {
    const worker = fakeWorker();
    const client = new DecoderClient(
      worker,
      () => {},
      () => {},
    );
    expect(await settled(client.whenRoom())).toBe(true);
    for (let i = 0; i < 3; i++) client.pushChunk(new Uint8Array(3 * MiB));
    const waiting = client.whenRoom();
    expect(await settled(waiting)).toBe(false);
    worker.reply({ type: 'consumed', bytes: MiB });
    expect(await settled(waiting)).toBe(false);
    worker.reply({ type: 'consumed', bytes: 2 * MiB });
    expect(await settled(waiting)).toBe(true);
  });

  it('never leaves a reader waiting on a cancelled worker', async () => {
    const client = new DecoderClient(
      fakeWorker(),
      () => {},
      () => {},
    );
    client.pushChunk(new Uint8Array(9 * MiB));
    const waiting = client.whenRoom();
    expect(await settled(waiting)).toBe(false);
    client.cancel();
    expect(await settled(waiting)).toBe(true);
  });
});
