// @vitest-environment jsdom
// The controller with the real worker handler behind a fake in-process Worker: opening a file
// or a shell stream, auto-selecting the first WebSocket connection, details, search, cancel.

import { Blob as NodeBlob } from 'node:buffer';
import { describe, expect, it, vi } from 'vitest';
import { refreshDue } from '../../../src/renderer/model/controller.js';
import type { ShellApi, StreamInfo } from '../../../src/shared/api.js';
import { fixtureBytes } from '../decoded.js';
import { fixtureFile, inThreadController } from '../in-thread-controller.js';

const setup = inThreadController;

describe('opening a capture', () => {
  it('selects the first WebSocket connection at once and fills the rows', async () => {
    const { store, controller, done } = setup();
    controller.openFile(await fixtureFile('04_fragments_ping_pong_close_codes.pcap'));
    expect(store.getState().loading).toBe(true);
    expect(store.getState().capture?.name).toBe('04_fragments_ping_pong_close_codes.pcap');
    await done();
    const s = store.getState();
    expect(s.selectedConnectionId).toBe(1);
    expect(s.detailTab).toBe('handshake');
    expect(s.data.framesByConnection.get(1)!.length).toBe(33);
    // the progress line's count is the worker's, the one the connection list's counts add up to
    // (fixture 04 has a second connection of 4 frames)
    const counted = [...s.data.connections.values()].reduce(
      (n, c) => n + c.stats.client.frames + c.stats.server.frames,
      0,
    );
    expect(s.progress.frames).toBe(counted);
    expect(s.progress.frames).toBe(37);
    expect(s.dataVersion).toBe(s.data.version);
    expect(document.title).toBe('04_fragments_ping_pong_close_codes.pcap — wsscope');
  });

  it('reports a file that is not a capture', async () => {
    const { store, controller, done } = setup();
    controller.openFile(Object.assign(new NodeBlob(['hello, not a pcap']), { name: 'x.txt' }) as unknown as File);
    await done();
    expect(store.getState().fatal).toBeTruthy();
  });

  it('reads a shell stream chunk by chunk and names the window after it', async () => {
    const bytes = await fixtureBytes('01_pyws_text_echo.pcap');
    let at = 0;
    const titles: string[] = [];
    const shell = {
      kind: 'electron',
      readChunk: async () => {
        if (at >= bytes.length) return null;
        const chunk = bytes.slice(at, at + 1000);
        at += 1000;
        return chunk;
      },
      closeStream: async () => {},
      setTitle: (t: string) => titles.push(t),
    } as unknown as ShellApi;
    const { store, controller, done } = setup();
    (controller as unknown as { shell: ShellApi }).shell = shell;
    const info: StreamInfo = { id: 's1', name: 'echo.pcap', size: bytes.length, live: false };
    await controller.openStream(info);
    await done();
    expect(store.getState().data.frames.all()).toHaveLength(16);
    expect(titles).toEqual(['echo.pcap — wsscope']);
  });
});

describe('selection, details and search', () => {
  it('fetches a frame with its fields and message, and switches to the bits', async () => {
    const { store, controller, done } = setup();
    controller.openFile(await fixtureFile('01_pyws_text_echo.pcap'));
    await done();
    await controller.selectFrame(1);
    const s = store.getState();
    expect(s.detailTab).toBe('frame');
    expect(s.frameDetail?.frame.fields.map((f) => f.key)).toContain('websocket.masking_key');
    expect(new TextDecoder().decode(s.frameDetail?.message?.message.payload)).toBe('hello');
    expect(s.selectedMessageId).toBe(s.frameDetail?.message?.message.id);
  });

  it('searches payload text across connections', async () => {
    const { store, controller, done } = setup();
    controller.openFile(await fixtureFile('04_fragments_ping_pong_close_codes.pcap'));
    await done();
    controller.search('srv-frag');
    await vi.waitUntil(() => store.getState().searchResult != null);
    // intent 04: the server's fragmented message srv-frag-1 srv-frag-2 ✓ srv-frag-3 (5 frames)
    expect(store.getState().searchResult!.messageIds).toHaveLength(1);
    expect(store.getState().searchResult!.frameIds.length).toBeGreaterThanOrEqual(4);
    controller.search('');
    expect(store.getState().searchResult).toBeNull();
  });
});

describe('cancel', () => {
  it('terminates the worker and keeps what was shown', async () => {
    const { store, controller, workers } = setup();
    controller.openFile(await fixtureFile('05_pyws_large_binary.pcap'));
    controller.cancel();
    expect(workers[0].terminated).toBe(true);
    expect(store.getState().loading).toBe(false);
    expect(store.getState().cancelled).toBe(true);
  });
});

describe('in the Electron shell (window.wsscope)', () => {
  it('opens the initial capture, lists recent files and follows menu commands', async () => {
    const bytes = await fixtureBytes('01_pyws_text_echo.pcap');
    let sent = false;
    let menu: ((command: import('../../../src/shared/api.js').MenuCommand) => void) | null = null;
    const shell: Partial<ShellApi> = {
      kind: 'electron',
      openInitial: async () => ({ id: 'c1', name: 'sample.pcap', size: bytes.length, live: false }),
      recentFiles: async () => ['/home/ada/a.pcap'],
      readChunk: async () => {
        if (sent) return null;
        sent = true;
        return bytes.slice();
      },
      closeStream: async () => {},
      setTitle: () => {},
      onMenuCommand: (listener) => {
        menu = listener;
        return () => {};
      },
    };
    window.wsscope = shell as ShellApi;
    try {
      const { store, controller, done } = setup();
      await controller.init();
      await done();
      const s = store.getState();
      expect(s.shellMode).toBe('electron');
      expect(s.capture?.name).toBe('sample.pcap');
      expect(s.selectedConnectionId).toBe(1);
      expect(s.recentFiles).toEqual(['/home/ada/a.pcap']);
      const theme = s.theme;
      menu!('view.toggleTheme');
      expect(store.getState().theme).not.toBe(theme);
      menu!('live.start');
      expect(store.getState().liveFormOpen).toBe(true);
      menu!('view.zoomIn');
      expect(store.getState().fontSize).toBeGreaterThan(14);
    } finally {
      delete window.wsscope;
      localStorage.clear();
    }
  });
});

describe('refresh schedule while loading', () => {
  it('refreshes small captures on a timer and huge ones only as they grow by 30 %', () => {
    expect(refreshDue(1000, 900, 150)).toBe(true);
    expect(refreshDue(1000, 900, 50)).toBe(false);
    // 1 000 000 rows: at most every 10 s, and only after 30 % growth (or 15 s of quiet)
    expect(refreshDue(1_000_000, 900_000, 11_000)).toBe(false);
    expect(refreshDue(1_200_000, 900_000, 11_000)).toBe(true);
    expect(refreshDue(1_000_000, 900_000, 16_000)).toBe(true);
  });
});
