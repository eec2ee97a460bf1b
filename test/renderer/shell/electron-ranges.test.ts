// Electron reads payloads back by range: the worker keeps where a frame's payload is in the file,
// not its bytes, and reads it back through the page (src/renderer/shell/reread-port.ts relays a
// 'range' request on the worker's reread port to ShellApi.readRange, which main serves by reading
// the file at that position). Driven end to end in one process with `electron` mocked: the
// preload's real ShellApi, whose ipcRenderer.invoke reaches main's real IPC handlers (registerIpc,
// the stream registry, the capture file on disk), the page's relay on a real MessageChannel, and
// the worker's real handler and engine.
// Truth: the same capture decoded with every payload kept (no read back at all).

import { readFileSync } from 'node:fs';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerIpc } from '../../../src/main/ipc/register.js';
import { rereadPort } from '../../../src/renderer/shell/reread-port.js';
import { CHANGED } from '../../../src/renderer/worker/file-payloads.js';
import { createWorkerHandler } from '../../../src/renderer/worker/handler.js';
import type { MessageDetail, WorkerReply, WorkerRequest } from '../../../src/renderer/worker/protocol.js';
import { RereadSource } from '../../../src/renderer/worker/reread-source.js';
import type { StreamInfo } from '../../../src/shared/api.js';
import { type FakeContext, makeFakeContext } from '../../main/ipc/fake-context.js';
import { decodeReadingBack } from '../decoded.js';

const electron = await vi.hoisted(async () => (await import('../../main/ipc/electron-loopback.js')).electronLoopback());
vi.mock('electron', () => electron);
const { shellApi } = await import('../../../src/preload/index.js');

const FIXTURES = [
  'fixtures/shared/01_pyws_text_echo.pcap',
  'fixtures/shared/04_fragments_ping_pong_close_codes.pcap',
  'fixtures/shared/05_pyws_large_binary.pcap',
  'fixtures/captures/b_ws_concurrent.pcap',
  'fixtures/captures/h_pcapng_be_multi.pcapng',
];

interface Located {
  size: number;
  isLocated(id: number): boolean;
}

function base64(bytes: Uint8Array | undefined): string {
  return Buffer.from(bytes ?? new Uint8Array(0)).toString('base64');
}

const rangeCalls = () => electron.ipcRenderer.invoke.mock.calls.filter(([channel]) => channel === 'stream.readRange');

/** The worker's handler, and a way to wait for the reply `match` picks. */
function workerHarness() {
  const replies: WorkerReply[] = [];
  let wake: () => void = () => {};
  const handle = createWorkerHandler((reply) => {
    replies.push(reply);
    wake();
  });
  const until = async (match: (r: WorkerReply) => boolean): Promise<WorkerReply> => {
    while (!replies.some(match)) await new Promise<void>((resolve) => (wake = resolve));
    return replies.find(match)!;
  };
  let reqId = 0;
  const messageDetail = async (messageId: number): Promise<MessageDetail | null> => {
    const id = ++reqId;
    handle({ type: 'message-detail', reqId: id, messageId, maxBytes: 1 << 30 });
    const reply = await until((r) => r.type === 'message-detail' && r.reqId === id);
    return (reply as { detail: MessageDetail | null }).detail;
  };
  return { handle, until, replies, messageDetail };
}

describe('Electron: payloads read back by range through the page and main', () => {
  let fake: FakeContext;
  let unregister: () => void;
  const ports: MessagePort[] = [];
  beforeEach(async () => {
    fake = await makeFakeContext();
    unregister = registerIpc(electron.ipcMain, fake.ctx, () => true);
    electron.ipcRenderer.invoke.mockClear();
  });
  afterEach(async () => {
    for (const port of ports.splice(0)) port.close();
    unregister();
    await fake.ctx.streams.closeAll();
    await fake.cleanup();
  });

  /** Main opens `path` as the window's capture; the page's relay port for its stream. */
  async function open(path: string): Promise<{ info: StreamInfo; port: MessagePort }> {
    fake.initial = { path, remember: false };
    const info = (await shellApi.openInitial())!;
    const port = rereadPort(shellApi, info.id)!;
    ports.push(port);
    return { info, port };
  }

  /** As the controller does: open-stream with the page's port, then every chunk main gives, then end. */
  async function streamed(info: StreamInfo, port: MessagePort) {
    const worker = workerHarness();
    worker.handle({ type: 'open-stream', total: info.size, reread: port, keepPayloadBytes: 0 } as WorkerRequest);
    for (let chunk = await shellApi.readChunk(info.id); chunk; chunk = await shellApi.readChunk(info.id)) {
      worker.handle({ type: 'chunk', bytes: chunk });
    }
    worker.handle({ type: 'end' });
    await worker.until((r) => r.type === 'batch' && r.done);
    return worker;
  }

  it.each(FIXTURES)('%s: every message and frame read back equals the one decoded with payloads kept', async (path) => {
    const bytes = new Uint8Array(readFileSync(path));
    const { port } = await open(join(process.cwd(), path));
    const kept = decodeReadingBack(bytes, null);
    const located = decodeReadingBack(bytes, new RereadSource(port));
    const { frames, messages } = located as unknown as Record<'frames' | 'messages', Located>;
    // Read back through main, not kept: else this would compare kept payloads with themselves.
    let readBack = 0;
    for (let id = 1; id <= messages.size; id++) if (messages.isLocated(id)) readBack++;
    expect(readBack).toBeGreaterThan(5);
    expect(messages.size).toBe((kept as unknown as { messages: Located }).messages.size);
    for (let id = 1; id <= messages.size; id++) {
      const want = kept.messageDetail(id, 1 << 30);
      const got = await located.messageDetailRead(id, 1 << 30);
      expect(base64(got?.message.payload), `message ${id}`).toBe(base64(want?.message.payload));
      expect(got?.message.text, `message ${id}`).toBe(want?.message.text);
    }
    for (let id = 1; id <= frames.size; id++) {
      const want = kept.frameDetail(id, 1 << 30);
      const got = await located.frameDetailRead(id, 1 << 30);
      expect(base64(got?.frame.payload), `frame ${id}`).toBe(base64(want?.frame.payload));
    }
    expect(rangeCalls().length).toBeGreaterThan(0);
  });

  it('the worker handler reads an Electron file stream by range, and keeps a live capture’s payloads', async () => {
    const path = join(process.cwd(), 'fixtures/captures/b_ws_concurrent.pcap');
    const kept = decodeReadingBack(new Uint8Array(readFileSync(path)), null);
    const messages = (kept as unknown as { messages: Located }).messages.size;
    expect(messages).toBeGreaterThan(5);

    const load = async (info: StreamInfo, port: MessagePort) => {
      const worker = await streamed(info, port);
      for (let id = 1; id <= messages; id++) {
        const got = await worker.messageDetail(id);
        expect(base64(got?.message.payload), `message ${id}`).toBe(
          base64(kept.messageDetail(id, 1 << 30)?.message.payload),
        );
      }
      expect(worker.replies.filter((r) => r.type === 'notice')).toEqual([]);
    };

    const file = await open(path);
    await load(file.info, file.port);
    const reads = rangeCalls();
    expect(reads.length).toBeGreaterThan(5);
    expect(reads.every(([, id]) => id === file.info.id)).toBe(true);

    // A live capture (no size): nothing is read by range, every payload is kept.
    electron.ipcRenderer.invoke.mockClear();
    const live = await shellApi.startLiveCapture({ port: 18605 });
    fake.captureStarts[0]!.onBytes(new Uint8Array(readFileSync(path)));
    await shellApi.stopLiveCapture(live.id);
    const livePort = rereadPort(shellApi, live.id)!;
    ports.push(livePort);
    await load(live, livePort);
    expect(rangeCalls()).toEqual([]);
  });

  it('says in one line, as a notice, that the file changed on disk; the detail is empty', async () => {
    const copy = join(tmpdir(), `wsscope-electron-ranges-${process.pid}.pcap`);
    const original = readFileSync('fixtures/shared/01_pyws_text_echo.pcap');
    await copyFile('fixtures/shared/01_pyws_text_echo.pcap', copy);
    try {
      const { info, port } = await open(copy);
      const worker = await streamed(info, port);
      expect(await worker.messageDetail(1)).not.toBeNull(); // read back while the file is as opened

      await writeFile(copy, Buffer.concat([original, Buffer.alloc(10)]));
      expect(await worker.messageDetail(2)).toBeNull();
      const notices = worker.replies.filter((r) => r.type === 'notice');
      expect(notices).toEqual([
        {
          type: 'notice',
          message: `${CHANGED}: ${basename(copy)} changed on disk (${original.length + 10} bytes, was ${original.length}); open it again`,
        },
      ]);
    } finally {
      await rm(copy, { force: true });
    }
  });

  it('answers a range request from a shell without readRange with one line', async () => {
    const { info } = await open(join(process.cwd(), FIXTURES[0]!));
    const { readRange: _, ...withoutRanges } = shellApi;
    const port = rereadPort(withoutRanges, info.id)!;
    ports.push(port);
    await expect(new RereadSource(port).read(0, 24)).rejects.toThrow(/^this shell cannot read the capture by range$/);
    const served = rereadPort(shellApi, info.id)!;
    ports.push(served);
    const bytes = await new RereadSource(served).read(0, 24);
    expect(Buffer.from(bytes)).toEqual(readFileSync(FIXTURES[0]!).subarray(0, 24));
  });
});
