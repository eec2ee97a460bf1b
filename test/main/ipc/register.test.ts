import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type IpcEventLike, type IpcMainLike, registerIpc, senderIsUi } from '../../../src/main/ipc/register.js';
import { INVOKE_CHANNELS } from '../../../src/shared/ipc.js';
import { type FakeContext, makeFakeContext } from './fake-context.js';

const UI_URL = pathToFileURL('/opt/wsscope/dist/ui/index.html').href;
const FIXTURE = join(import.meta.dirname, '../../../fixtures/shared/01_pyws_text_echo.pcap');
const fromUi: IpcEventLike = { senderFrame: { url: UI_URL } };

/** ipcMain stand-in that keeps the registered listeners. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, (event: IpcEventLike, ...args: unknown[]) => void>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => handlers.delete(channel),
    on: (channel, listener) => listeners.set(channel, listener),
    removeAllListeners: (channel) => listeners.delete(channel),
  };
  return { ipc, handlers, listeners };
}

describe('registerIpc', () => {
  let fake: FakeContext;
  beforeEach(async () => {
    fake = await makeFakeContext();
  });
  afterEach(async () => {
    await fake.ctx.streams.closeAll();
    await fake.cleanup();
  });

  it('registers exactly the channels of src/shared/ipc.ts, and unregisters them', () => {
    const { ipc, handlers, listeners } = fakeIpcMain();
    const unregister = registerIpc(ipc, fake.ctx, senderIsUi(UI_URL));
    expect([...handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(INVOKE_CHANNELS).toEqual([
      'capture.openDialog',
      'capture.openInitial',
      'capture.openDropped',
      'recent.list',
      'recent.open',
      'stream.readChunk',
      'stream.close',
      'stream.reopen',
      'stream.readRange',
      'live.start',
      'live.stop',
      'live.save',
    ]);
    expect([...listeners.keys()]).toEqual(['window.setTitle', 'window.setLocation']);
    unregister();
    expect(handlers.size).toBe(0);
    expect(listeners.size).toBe(0);
  });

  it('serves a message from the UI page', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpc(ipc, fake.ctx, senderIsUi(UI_URL));
    const info = (await handlers.get('capture.openDropped')!(fromUi, FIXTURE)) as { name: string };
    expect(info.name).toBe('01_pyws_text_echo.pcap');
    // The hash or query of the page does not matter.
    const withHash = { senderFrame: { url: `${UI_URL}#/frames` } };
    expect(await handlers.get('recent.list')!(withHash)).toEqual([FIXTURE]);
  });

  it.each([
    ['another page', { senderFrame: { url: 'https://evil.example/' } }],
    ['another local file', { senderFrame: { url: pathToFileURL('/tmp/x.html').href } }],
    ['no frame', { senderFrame: null }],
  ])('refuses a message from %s', async (_what, event) => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpc(ipc, fake.ctx, senderIsUi(UI_URL));
    await expect(handlers.get('recent.list')!(event)).rejects.toThrow('recent.list: refused a message from');
  });

  it('refuses extra arguments', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpc(ipc, fake.ctx, senderIsUi(UI_URL));
    await expect(handlers.get('capture.openInitial')!(fromUi, 'extra')).rejects.toThrow(
      'capture.openInitial: expected at most 0 argument(s), got 1',
    );
    await expect(handlers.get('stream.readChunk')!(fromUi, 'a', 'b')).rejects.toThrow(
      'stream.readChunk: expected at most 1 argument(s), got 2',
    );
  });

  it('ignores a bad window.setTitle instead of throwing into the IPC loop', () => {
    const { ipc, listeners } = fakeIpcMain();
    registerIpc(ipc, fake.ctx, senderIsUi(UI_URL));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    listeners.get('window.setTitle')!(fromUi, { not: 'a string' });
    listeners.get('window.setTitle')!({ senderFrame: { url: 'https://evil.example/' } }, 'hijacked');
    listeners.get('window.setTitle')!(fromUi, 'a.pcap — wsscope');
    expect(fake.titles).toEqual(['a.pcap — wsscope']);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});
