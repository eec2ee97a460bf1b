// @vitest-environment jsdom
// The time to the first rows (issue 13): a decoder worker made before the first capture is picked
// and after each load (Controller.prepareWorker), and the selected connection's first frames
// published at once rather than at the next throttled refresh.

import { describe, expect, it, vi } from 'vitest';
import type { ShellApi, StreamInfo } from '../../../src/shared/api.js';
import { fixtureBytes } from '../decoded.js';
import { fixtureFile, inThreadController } from '../in-thread-controller.js';

const setup = inThreadController;

describe('the first rows of a capture', () => {
  it('are decoded by a worker made beforehand, and the next one is made once the capture is in', async () => {
    const { store, controller, workers, done } = setup();
    controller.prepareWorker();
    expect(workers).toHaveLength(1);
    const file = await fixtureFile('01_pyws_text_echo.pcap');
    controller.openFile(file);
    // the capture went to the worker made beforehand: no new one while it loads
    expect(workers).toHaveLength(1);
    await done();
    expect(store.getState().data.frames.all()).toHaveLength(16);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.terminated).toBe(false);
    // the next capture takes it
    controller.openFile(file);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    await done();
    expect(workers).toHaveLength(3);
  });

  it('show the selected connection as soon as its first frames arrive', async () => {
    const bytes = await fixtureBytes('01_pyws_text_echo.pcap');
    const { store, controller } = setup();
    let at = 0;
    let hold: (() => void) | null = null;
    const shell = {
      kind: 'electron',
      readChunk: async () => {
        // after the first chunk, wait until a connection was selected (its first batch is in);
        // at the end, hold the stream open: the load never ends (no final refresh)
        if (at > 0 && store.getState().selectedConnectionId == null)
          await vi.waitUntil(() => store.getState().selectedConnectionId != null, { timeout: 10_000, interval: 5 });
        if (at >= bytes.length) await new Promise<void>((resolve) => (hold = resolve));
        if (at >= bytes.length) return null;
        const chunk = bytes.slice(at, at + 1000);
        at += 1000;
        return chunk;
      },
      closeStream: async () => {},
      setTitle: () => {},
    } as unknown as ShellApi;
    (controller as unknown as { shell: ShellApi }).shell = shell;
    const info: StreamInfo = { id: 's1', name: 'echo.pcap', size: bytes.length, live: false };
    const reading = controller.openStream(info);
    const data = store.getState().data;
    await vi.waitUntil(
      () => {
        const selected = store.getState().selectedConnectionId;
        return selected != null && data.framesByConnection.has(selected);
      },
      { timeout: 10_000, interval: 1 },
    );
    // published with the batch that brought them, not at the next refresh half a second later
    expect(store.getState().dataVersion).toBe(data.version);
    (hold as (() => void) | null)?.();
    await reading;
  });
});
