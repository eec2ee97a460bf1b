// A Controller whose decoder workers are in-thread (the real worker handler, InThreadWorker), the
// workers it made, and a wait for the open capture to finish loading; fixtures as picked Files.
import { Blob as NodeBlob } from 'node:buffer';
import { vi } from 'vitest';
import { Controller } from '../../src/renderer/model/controller.js';
import { Store } from '../../src/renderer/model/store.js';
import { InThreadWorker } from '../../src/renderer/worker/in-thread.js';
import { fixtureBytes } from './decoded.js';

export function inThreadController() {
  const workers: InThreadWorker[] = [];
  const store = new Store();
  const controller = new Controller(store, () => {
    const w = new InThreadWorker();
    workers.push(w);
    return w;
  });
  const done = () => vi.waitUntil(() => !store.getState().loading, { timeout: 20_000, interval: 10 });
  return { store, controller, workers, done };
}

/** A fixture as the file picker hands it over (Node's Blob has the stream() the handler reads). */
export async function fixtureFile(name: string): Promise<File> {
  const bytes = await fixtureBytes(name);
  return Object.assign(new NodeBlob([bytes as Uint8Array<ArrayBuffer>]), { name }) as unknown as File;
}
