// A capture opened from a File is not kept in the worker's memory: a slice reads the File again
// (engine.ts keepRaw, handler.ts readAgain). The slice must equal the one made from kept bytes (a
// shell stream with no way to read it again still keeps them), and a file that changed on disk
// since it was opened gives one line saying so.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWorkerHandler } from '../../../src/renderer/worker/handler.js';
import type { SliceResult, WorkerReply, WorkerRequest } from '../../../src/renderer/worker/protocol.js';

const bytes = new Uint8Array(readFileSync('fixtures/captures/b_ws_concurrent.pcap'));

/** A handler and a way to wait for the reply that `match` picks. */
function harness() {
  const replies: WorkerReply[] = [];
  const waiting: { match: (r: WorkerReply) => boolean; resolve: (r: WorkerReply) => void }[] = [];
  const handle = createWorkerHandler((reply) => {
    replies.push(reply);
    for (const w of waiting.splice(0)) {
      if (w.match(reply)) w.resolve(reply);
      else waiting.push(w);
    }
  });
  const next = (match: (r: WorkerReply) => boolean): Promise<WorkerReply> => {
    const seen = replies.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => waiting.push({ match, resolve }));
  };
  const loaded = () => next((r) => r.type === 'batch' && r.done);
  const connectionIds = () =>
    replies
      .flatMap((r) => (r.type === 'batch' ? r.connections.map((c) => c.id) : []))
      .filter((v, i, a) => a.indexOf(v) === i);
  let reqId = 0;
  const slice = async (ids: number[]): Promise<SliceResult> => {
    const id = ++reqId;
    handle({ type: 'slice', reqId: id, connectionIds: ids } as WorkerRequest);
    const r = await next((x) => x.type === 'slice' && x.reqId === id);
    return (r as { result: SliceResult }).result;
  };
  return { handle, loaded, connectionIds, slice };
}

/** The same capture pushed as a shell stream that cannot be read again: the engine keeps its bytes. */
async function keptSlice(pick: (ids: number[]) => number[]): Promise<SliceResult> {
  const h = harness();
  h.handle({ type: 'open-stream', total: bytes.length } as WorkerRequest);
  h.handle({ type: 'chunk', bytes: bytes.slice() } as WorkerRequest);
  h.handle({ type: 'end' } as WorkerRequest);
  await h.loaded();
  return h.slice(pick(h.connectionIds()));
}

describe('slices of a capture read again from its File', () => {
  it('equal the slice made from kept bytes, for one connection and for all', async () => {
    const h = harness();
    h.handle({ type: 'open-file', file: new Blob([bytes]), total: bytes.length });
    await h.loaded();
    const ids = h.connectionIds();
    expect(ids.length).toBeGreaterThan(1);
    for (const pick of [(all: number[]) => [all[1]], (all: number[]) => all]) {
      const fromFile = await h.slice(pick(ids));
      const kept = await keptSlice(pick);
      expect('bytes' in fromFile).toBe(true);
      expect(fromFile).toEqual(kept);
    }
  });

  it('say in one line that the file changed when it is shorter than when it was opened', async () => {
    // a Blob that reads its full length once (the decode), then comes back 100 bytes short
    class Shrunk extends Blob {
      override slice(start?: number, end?: number): Blob {
        return new Blob([bytes.subarray(start ?? 0, Math.min(end ?? bytes.length, bytes.length - 100))]);
      }
    }
    const h = harness();
    h.handle({ type: 'open-file', file: new Shrunk([bytes]), total: bytes.length });
    await h.loaded();
    const result = await h.slice(h.connectionIds());
    expect(result).toEqual({
      error: `could not read the capture again: the capture file is shorter than when it was opened (${bytes.length - 100} of ${bytes.length} bytes): it changed on disk; open it again`,
    });
  });
});
