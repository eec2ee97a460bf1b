// @vitest-environment jsdom
// When the filter bar runs the applied display filter again (FilterBar.tsx): when batches brought
// rows, not when a version of the data was published for preview texts or summary ranks alone.
// Those come at every scroll step of a big table, and each run went over every frame in the worker
// (for a payload filter, over every payload in the file) and rebuilt the table's million rows.
// A real capture (fixture 04) through the real worker handler, in this thread.

import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ControllerContext } from '../../../../src/renderer/model/context.js';
import { Controller } from '../../../../src/renderer/model/controller.js';
import { Store, StoreContext } from '../../../../src/renderer/model/store.js';
import { FilterBar } from '../../../../src/renderer/views/filter/FilterBar.js';
import { filterStore } from '../../../../src/renderer/views/filter/filter-store.js';
import { DecodeEngine } from '../../../../src/renderer/worker/engine.js';
import { InThreadWorker } from '../../../../src/renderer/worker/in-thread.js';
import { fixtureBytes } from '../../decoded.js';

/**
 * The capture as the file picker hands it over: Node's Blob, which has the stream() the worker
 * reads (jsdom's has not). Loaded by a name in a variable: tsconfig.web typechecks this file
 * without Node's types.
 */
async function pickedFile(bytes: Uint8Array, name: string): Promise<File> {
  const buffer = 'node:buffer';
  const { Blob: NodeBlob } = (await import(/* @vite-ignore */ buffer)) as { Blob: typeof Blob };
  return Object.assign(new NodeBlob([bytes as Uint8Array<ArrayBuffer>]), { name }) as unknown as File;
}

afterEach(() => {
  filterStore.clear();
  cleanup();
});

describe('the applied display filter', () => {
  it('runs again for new rows, not for a version that brought only texts', async () => {
    const store = new Store();
    const controller = new Controller(store, () => new InThreadWorker());
    const name = '04_fragments_ping_pong_close_codes.pcap';
    const bytes = await fixtureBytes(name);
    controller.openFile(await pickedFile(bytes, name));
    await vi.waitUntil(() => !store.getState().loading, { timeout: 20_000, interval: 10 });
    const decoder = controller.decoder!;
    const runs = vi.spyOn(decoder, 'filter');
    render(
      <StoreContext.Provider value={store}>
        <ControllerContext.Provider value={controller}>
          <FilterBar />
        </ControllerContext.Provider>
      </StoreContext.Provider>,
    );
    await act(() => filterStore.apply('websocket.opcode == 1'));
    await vi.waitUntil(() => filterStore.getState().result !== null, { timeout: 10_000 });
    // fixture 04's text frames (its intent.json): some, not all of the connection's 33 frames
    const frames = filterStore.getState().result!.frameIds.length;
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThan(33);
    const before = runs.mock.calls.length;
    // a version for preview texts alone, as the controller publishes it (fetchPreviews)
    const data = store.getState().data;
    await act(async () => {
      data.version++;
      store.set({ dataVersion: data.version });
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(runs.mock.calls.length).toBe(before);
    // a batch applied, as onBatch publishes it: the same capture's rows decoded again (rows resent
    // with their ids replace the ones held, as updated rows do)
    const engine = new DecodeEngine(bytes.length);
    engine.push(bytes);
    engine.end();
    await act(async () => {
      data.apply(engine.takeBatch());
      store.set({ dataVersion: data.version });
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(runs.mock.calls.length).toBe(before + 1);
  });
});
