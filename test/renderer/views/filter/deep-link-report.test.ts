// @vitest-environment jsdom
// Deep links in the renderer (issue 12) as the Electron window uses them: the page's hash that main
// loads (a restored window, a wsscope:// link) is applied once the rows are decoded, and every change
// of connection, frame, field or filter is reported to the shell (ShellApi.reportLocation) with the
// stream shown, besides being written to the hash as in browser mode.

import { describe, expect, it, vi } from 'vitest';
import { Controller } from '../../../../src/renderer/model/controller.js';
import { Store } from '../../../../src/renderer/model/store.js';
import { startDeepLinks } from '../../../../src/renderer/views/filter/deep-link.js';
import { filterStore } from '../../../../src/renderer/views/filter/filter-store.js';
import type { ShellApi } from '../../../../src/shared/api.js';
import type { WindowLocation } from '../../../../src/shared/deep-link.js';
import { fixtureBytes } from '../../decoded.js';
import { InProcessWorker } from '../../in-process-worker.js';

/** An Electron-like shell serving one capture as stream "s1", recording what the page reports. */
async function electronLikeShell(name: string) {
  const bytes = await fixtureBytes(name);
  let at = 0;
  const reports: WindowLocation[] = [];
  const shell = {
    kind: 'electron',
    readChunk: async () => {
      if (at >= bytes.length) return null;
      const chunk = bytes.slice(at, at + 4096);
      at += chunk.length;
      return chunk;
    },
    closeStream: async () => {},
    setTitle: () => {},
    reportLocation: (location: WindowLocation) => reports.push(location),
  } as unknown as ShellApi;
  return { shell, reports, size: bytes.length };
}

describe('deep links in the Electron window', () => {
  it('opens at the link main loaded the page with, then reports every move with the stream shown', async () => {
    // The restored window's URL: app://wsscope/index.html#conn=1&frame=3 (src/main/shell.ts pageUrl).
    history.replaceState(null, '', '/index.html#conn=1&frame=3');
    const { shell, reports, size } = await electronLikeShell('01_pyws_text_echo.pcap');
    const store = new Store();
    const controller = new Controller(store, () => new InProcessWorker());
    (controller as unknown as { shell: ShellApi }).shell = shell;
    const stop = startDeepLinks(controller);
    filterStore.attach((source) => controller.decoder?.filter(source) ?? Promise.resolve(null));

    await controller.openStream({ id: 's1', name: 'echo.pcap', size, live: false });
    await vi.waitUntil(() => !store.getState().loading && store.getState().selectedFrameId === 3, { timeout: 20_000 });
    // Applied: frame 3 of connection 1, and nothing was reported before it was (main keeps the link meanwhile).
    expect(store.getState().selectedConnectionId).toBe(1);
    expect(reports[0]).toEqual({ stream: 's1', conn: 1, frame: 3, field: null, filter: null });

    await controller.selectFrame(5);
    expect(reports.at(-1)).toEqual({ stream: 's1', conn: 1, frame: 5, field: null, filter: null });
    expect(location.hash).toBe('#conn=1&frame=5');

    await filterStore.apply('websocket.opcode == 1');
    await vi.waitUntil(() => reports.at(-1)?.filter === 'websocket.opcode == 1');
    expect(reports.at(-1)).toEqual({ stream: 's1', conn: 1, frame: 5, field: null, filter: 'websocket.opcode == 1' });
    expect(location.hash).toBe('#conn=1&frame=5&filter=websocket.opcode%20%3D%3D%201');

    // A move that changes nothing is not reported again.
    const count = reports.length;
    await controller.selectFrame(5);
    expect(reports.length).toBe(count);
    stop();
    filterStore.attach(null);
  });
});
