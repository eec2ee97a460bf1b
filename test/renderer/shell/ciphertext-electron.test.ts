// The hex view's TLS records in the Electron shell (issue 9): the worker reads the capture a second
// time through a MessagePort that the page serves with ShellApi.reopenStream. Driven end to end in
// one process with `electron` mocked: the preload's real ShellApi, whose ipcRenderer.invoke reaches
// main's real IPC handlers (registerIpc, the stream registry, the capture file on disk), the
// controller, and the worker's real handler behind an in-process Worker.
// Truth: the capture file itself (a record as captured is a run of its bytes, RFC 5246 §6.2:
// type 23 application_data, version 3,3, a length that is the body's), the generator's message
// (fixtures/tls/*.intent.json) and RFC 6455 §5.2 (0x81: FIN + text; 0x8e: MASK + length 14).

import { Blob as NodeBlob } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerIpc } from '../../../src/main/ipc/register.js';
import { Controller } from '../../../src/renderer/model/controller.js';
import { Store } from '../../../src/renderer/model/store.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';
import { InThreadWorker } from '../../../src/renderer/worker/in-thread.js';
import type { FrameCiphertext } from '../../../src/renderer/worker/protocol.js';
import type { ShellApi, StreamInfo } from '../../../src/shared/api.js';
import { type FakeContext, makeFakeContext } from '../../main/ipc/fake-context.js';

const electron = await vi.hoisted(async () => (await import('../../main/ipc/electron-loopback.js')).electronLoopback());
vi.mock('electron', () => electron);
const { shellApi } = await import('../../../src/preload/index.js');

const NAME = 'node-tls12-ecdhe-aes128gcm';
const PCAP = join('fixtures/tls', `${NAME}.pcap`);
const KEYS = join('fixtures/tls', `${NAME}.keys`);

describe('TLS records view in Electron: the worker reads the capture again through main', () => {
  let fake: FakeContext;
  let unregister: () => void;
  beforeEach(async () => {
    fake = await makeFakeContext();
    unregister = registerIpc(electron.ipcMain, fake.ctx, () => true);
    electron.ipcRenderer.invoke.mockClear();
  });
  afterEach(async () => {
    unregister();
    await fake.ctx.streams.closeAll();
    await fake.cleanup();
  });

  /** A controller whose shell is the preload's (main's real handlers behind it), holding the capture's key log. */
  async function keyedController() {
    const store = new Store();
    const controller = new Controller(store, () => new InThreadWorker());
    (controller as unknown as { shell: ShellApi }).shell = shellApi;
    const keys = Object.assign(new NodeBlob([readFileSync(KEYS)]), { name: `${NAME}.keys` }) as unknown as File;
    await controller.addKeyLogFile(keys);
    return { store, controller };
  }

  /** Opens `path` as main's initial capture with the key log, decodes it; the frame carrying `text`. */
  async function open(path: string, text: string) {
    const { store, controller } = await keyedController();
    fake.initial = { path, remember: false };
    const info = (await shellApi.openInitial())!;
    await controller.openStream(info);
    await vi.waitUntil(() => !store.getState().loading, { timeout: 20_000 });
    for (const row of store.getState().data.frames.all()) {
      const detail = await controller.frameDetail(row.id);
      const payload = detail?.message?.message.payload;
      if (payload && new TextDecoder().decode(payload) === text) return { controller, frameId: row.id, info };
    }
    throw new Error(`no frame carries ${JSON.stringify(text)}`);
  }

  it('shows the record a decrypted frame came from, as captured and as opened', async () => {
    const intent = JSON.parse(readFileSync(`${PCAP}.intent.json`, 'utf8'));
    const text: string = intent.connections[0].messages[0].text64; // "hello over tls", client → server
    const { controller, frameId } = await open(join(process.cwd(), PCAP), text);

    const view = (await controller.frameCiphertext(frameId)) as FrameCiphertext;
    expect(view).not.toHaveProperty('unavailable');
    const records = (view as Extract<FrameCiphertext, { records: unknown }>).records;
    expect(records.length).toBe(1);
    const [record] = records;
    expect(Array.from(record.header.subarray(0, 3))).toEqual([23, 3, 3]);
    expect((record.header[3]! << 8) | record.header[4]!).toBe(record.body.length);
    // As captured: header and body are bytes of the capture file.
    const file = readFileSync(PCAP);
    expect(file.indexOf(Buffer.concat([record.header, record.body]))).toBeGreaterThan(0);
    // As opened: the frame's bytes in the plaintext are the masked text frame the client sent.
    const wire = record.content.subarray(record.from, record.to);
    expect(wire.length).toBe(2 + 4 + text.length);
    expect([wire[0], wire[1]]).toEqual([0x81, 0x80 | text.length]);
    const unmasked = wire.subarray(6).map((b, i) => b ^ wire[2 + (i % 4)]!);
    expect(new TextDecoder().decode(unmasked)).toBe(text);

    // Each read was a stream main reopened from its own path, and was closed when done.
    const calls = electron.ipcRenderer.invoke.mock.calls;
    expect(calls.filter(([channel]) => channel === 'stream.reopen').length).toBe(1);
    const reopen = calls.findIndex(([channel]) => channel === 'stream.reopen');
    const pass = (await electron.ipcRenderer.invoke.mock.results[reopen]!.value) as StreamInfo;
    await vi.waitUntil(() => calls.some(([channel, id]) => channel === 'stream.close' && id === pass.id));
  });

  it('reads a running live capture again up to what was decoded, without waiting for more', async () => {
    const { store, controller } = await keyedController();
    const info = await shellApi.startLiveCapture({ port: 18604 });
    // The capture tool writes the whole capture, then nothing more while the capture runs on.
    fake.captureStarts[0]!.onBytes(new Uint8Array(readFileSync(PCAP)));
    const reading = controller.openStream(info);
    let frameId: number | null = null;
    await vi.waitUntil(
      async () => {
        for (const row of store.getState().data.frames.all()) {
          const payload = (await controller.frameDetail(row.id))?.message?.message.payload;
          if (payload && new TextDecoder().decode(payload) === 'hello over tls') frameId = row.id;
        }
        return frameId !== null;
      },
      { timeout: 20_000, interval: 50 },
    );
    const view = (await controller.frameCiphertext(frameId!)) as Extract<FrameCiphertext, { records: unknown }>;
    expect(view.records.length).toBe(1);
    expect(view.records[0]!.header[0]).toBe(23);
    expect(fake.captureStops).toBe(0); // the capture still runs; reading it again stopped nothing
    await shellApi.stopLiveCapture(info.id);
    await reading;
  });

  it('saves a slice from the capture read again through main, not from bytes the worker kept', async () => {
    const path = join(process.cwd(), 'fixtures/captures/b_ws_concurrent.pcap');
    const store = new Store();
    const controller = new Controller(store, () => new InThreadWorker());
    (controller as unknown as { shell: ShellApi }).shell = shellApi;
    fake.initial = { path, remember: false };
    await controller.openStream((await shellApi.openInitial())!);
    await vi.waitUntil(() => !store.getState().loading, { timeout: 20_000 });
    const id = store.getState().data.connectionList()[1]!.id;
    const result = await controller.decoder!.slice([id]);
    // the same slice as from the file's bytes kept whole
    const kept = new DecodeEngine();
    kept.push(new Uint8Array(readFileSync(path)));
    kept.end();
    expect(result).toEqual(kept.slice([id]));
    expect(result).toHaveProperty('bytes');
    const calls = electron.ipcRenderer.invoke.mock.calls;
    expect(calls.filter(([channel]) => channel === 'stream.reopen').length).toBe(1);
  });

  it('says why when the capture cannot be read again (the file went away)', async () => {
    const copy = join(tmpdir(), `wsscope-ciphertext-${process.pid}.pcap`);
    await copyFile(PCAP, copy);
    const { controller, frameId } = await open(copy, 'hello over tls');
    await rm(copy);
    expect(await controller.frameCiphertext(frameId)).toEqual({
      unavailable: `could not read the capture again: Error: cannot read wsscope-ciphertext-${process.pid}.pcap again: no such file`,
    });
  });
});
