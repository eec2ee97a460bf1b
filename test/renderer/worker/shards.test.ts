// The app's engine decoding in shards (ShardedSession, shard-policy.ts) ends with what one thread
// ends with: the UI's rows, connections, findings, application readings and requests, and the
// engine's answers (whole messages, previews, frame details, a search, a display filter, the bytes
// it holds), for 2 and 4 shards against one thread, on every capture the decoder tests run over,
// the app fixtures, the HAR file (one thread whatever is asked), and the wss fixtures with their
// keys given first, halfway through and after the end. Also with payloads read back from the
// file, and with a memory budget that cuts the capture. The shards run in this thread behind
// structuredClone with transfer (what postMessage does); test/e2e/shards.test.ts runs real Web Workers.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inThreadShard } from '../../../src/decoder/index.js';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { DecodeEngine, type EngineShards } from '../../../src/renderer/worker/engine.js';
import { blobRanges } from '../../../src/renderer/worker/file-payloads.js';
import { createWorkerHandler } from '../../../src/renderer/worker/handler.js';
import type { Batch, WorkerReply } from '../../../src/renderer/worker/protocol.js';
import { shardCount } from '../../../src/renderer/worker/shard-policy.js';
import { nobleTlsCrypto } from '../../../src/renderer/worker/tls-crypto.js';
import { allCaptures, PROJECT_ROOT } from '../../helpers/all-captures.js';
import { serverFrame, wsCapture } from '../../helpers/ws-capture.js';

const inDir = (dir: string, ext: RegExp) =>
  readdirSync(join(PROJECT_ROOT, dir))
    .filter((f) => ext.test(f))
    .map((f) => join(PROJECT_ROOT, dir, f));
const captures = allCaptures().map((c) => c.file);
const apps = inDir('fixtures/app', /\.pcap$/);
const hars = inDir('fixtures/har', /\.har$/);
const wss = [...inDir('fixtures/tls', /\.pcap(ng)?$/), ...inDir('fixtures/tls/damaged', /\.pcap(ng)?$/)];
const name = (file: string) => file.slice(PROJECT_ROOT.length + 1);

const copy = <T>(value: T, transfer: ArrayBuffer[]): T => structuredClone(value, { transfer });

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('base64')}`;
  if (value instanceof Int32Array) return [...value];
  return value;
}

interface Options {
  /** Bytes per push; 'worker': the handler's 64 KiB doubling to 1 MiB. */
  piece: number | 'worker';
  keys?: { text: Uint8Array; when: 'first' | 'halfway' | 'after-end' };
  /** Payloads read back from the file past this many kept bytes (null: all kept). */
  keep?: number | null;
  memoryBudget?: number;
}

function pieces(length: number, piece: Options['piece']): [number, number][] {
  const out: [number, number][] = [];
  let size = piece === 'worker' ? 64 * 1024 : piece;
  for (let at = 0; at < length; at += size) {
    out.push([at, Math.min(length, at + size)]);
    if (piece === 'worker') size = Math.min(1024 * 1024, size * 2);
  }
  return out;
}

/** Decodes as the worker's handler does, applying every batch to the UI's CaptureData. */
async function decode(bytes: Uint8Array, count: number, o: Options) {
  const shards: EngineShards | null = count > 1 ? { count, open: inThreadShard(nobleTlsCrypto, copy) } : null;
  const keep = o.keep ?? null;
  const ranges = keep === null ? null : blobRanges(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  const engine = new DecodeEngine(bytes.length, o.memoryBudget, true, undefined, ranges, keep ?? undefined, shards);
  const data = new CaptureData();
  let last: Batch | null = null;
  const batches = () => {
    do {
      last = engine.takeBatch();
      data.apply(last);
    } while (engine.hasPending());
  };
  const addKeys = async () => {
    engine.addKeyLog((o.keys as { text: Uint8Array }).text, 'keys');
    await engine.idle();
    batches();
  };
  if (o.keys?.when === 'first') engine.addKeyLog(o.keys.text, 'keys');
  const list = pieces(bytes.length, o.piece);
  for (const [i, [from, to]] of list.entries()) {
    if (o.keys?.when === 'halfway' && i === Math.floor(list.length / 2)) await addKeys();
    await engine.push(bytes.slice(from, to));
    batches();
    if (engine.isCut) break;
  }
  await engine.end();
  batches();
  if (o.keys?.when === 'after-end') await addKeys();
  return { engine, data, last: last as Batch | null };
}

/** Everything the UI and the engine's answers hold once decoded, as one text. */
async function contents(run: Awaited<ReturnType<typeof decode>>): Promise<string> {
  const { engine, data, last } = run;
  const frames = data.frames.all();
  const messages = data.messages.all();
  const frameIds = frames.map((f) => f.id);
  const messageIds = messages.map((m) => m.id);
  const details = [];
  for (const id of frameIds.slice(0, 300)) details.push(await engine.frameDetailRead(id, 1 << 20));
  return JSON.stringify(
    {
      frames,
      messages,
      connections: data.connectionList(),
      findings: data.findings,
      apps: [...data.apps],
      requests: [...data.requests],
      progress: last?.progress,
      cut: last?.cut,
      fatal: last?.fatal,
      done: last?.done,
      held: engine.heldBytes(),
      records: await engine.messageRecordsRead(messageIds),
      previews: await engine.previewsRead(frameIds, messageIds),
      details,
      search: await engine.searchRead('e'),
      filter: {
        ...(await engine.filterRead('websocket.opcode == 1 || ws.message.text contains "a"')),
        ms: 0,
        framesMs: 0,
      },
    },
    replacer,
  );
}

async function expectSame(bytes: Uint8Array, o: Options, counts = [2, 4]): Promise<string> {
  const reference = await contents(await decode(bytes, 1, o));
  for (const count of counts) {
    const got = await contents(await decode(bytes, count, o));
    // not toEqual on the text: a difference would print two whole captures
    if (got !== reference) expect(JSON.parse(got), `${count} shards`).toEqual(JSON.parse(reference));
  }
  return reference;
}

describe('the engine in shards: what one thread ends with', () => {
  it('finds captures to check', () => {
    expect(captures.length).toBeGreaterThan(20);
    expect(wss.length).toBeGreaterThan(5);
  });

  for (const file of [...captures, ...apps]) {
    it(name(file), async () => {
      const bytes = new Uint8Array(readFileSync(file));
      // many steps (records cross steps and ids cross replies), and the worker's pieces
      await expectSame(bytes, { piece: 1500 });
      await expectSame(bytes, { piece: 'worker' });
    }, 120_000);
  }

  for (const file of hars) {
    it(`${name(file)} (no packets: one thread whatever is asked)`, async () => {
      const text = await expectSame(new Uint8Array(readFileSync(file)), { piece: 4096 });
      expect(JSON.parse(text).connections.length).toBeGreaterThan(0);
    });
  }

  for (const file of wss) {
    it(name(file), async () => {
      const bytes = new Uint8Array(readFileSync(file));
      const keysFile = file.replace(/\.pcap(ng)?$/, '.keys');
      if (!file.endsWith('.pcap') || !existsSync(keysFile)) {
        // keys in the pcapng itself (Decryption Secrets Blocks)
        await expectSame(bytes, { piece: 2048 });
        return;
      }
      const text = new Uint8Array(readFileSync(keysFile));
      for (const when of ['first', 'halfway', 'after-end'] as const) {
        const decoded = await expectSame(bytes, { piece: 2048, keys: { text, when } });
        // the keys did decrypt: messages came out of the TLS connection (keys that come after the
        // end find the connections ended in one thread too; the page then decodes the File again)
        if (when !== 'after-end') expect(JSON.parse(decoded).messages.length, when).toBeGreaterThan(0);
      }
    }, 120_000);
  }
});

describe('the engine in shards: payloads read back and the memory budget', () => {
  // WebSocket captures of several pieces (the cut falls between pieces), some with inflated
  // messages and IP fragments (their payloads stay in memory even when the rest is read back)
  const big = [
    'fixtures/shared/05_pyws_large_binary.pcap',
    'fixtures/shared/10c_tcp_retransmission.pcap',
    'fixtures/shared/10e_tcp_lost_segment.pcap',
    'fixtures/captures/b_ws_deflate.pcap',
    'fixtures/captures/i_deflate_bomb.pcap',
    'fixtures/captures/j_ip_fragments.pcap',
  ].map((file) => ({ file: join(PROJECT_ROOT, file) }));

  for (const { file } of big) {
    it(`${name(file)}: payloads read back from the file (none kept, and 2 KiB kept first)`, async () => {
      const bytes = new Uint8Array(readFileSync(file));
      for (const keep of [0, 2048]) {
        const decoded = JSON.parse(await expectSame(bytes, { piece: 'worker', keep }));
        expect(decoded.records.length).toBeGreaterThan(0);
      }
    }, 120_000);

    it(`${name(file)}: cut by the memory budget at the same packet`, async () => {
      const bytes = new Uint8Array(readFileSync(file));
      const whole = await decode(bytes, 1, { piece: 4096 });
      // half of what the whole capture holds: cut somewhere in the middle
      const memoryBudget = Math.floor(whole.engine.heldBytes() / 2);
      const decoded = JSON.parse(await expectSame(bytes, { piece: 4096, memoryBudget }));
      expect(decoded.cut.budget).toBe(memoryBudget);
      expect(decoded.cut.packet).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe('the worker handler with shards', () => {
  /** A handler whose shards `open` makes (in this thread), and its batches applied as they come. */
  function worker(open: EngineShards['open'] = inThreadShard(nobleTlsCrypto, copy)) {
    const replies: WorkerReply[] = [];
    /** The stream bytes the handler said were consumed, as it said them. */
    const acks: number[] = [];
    const handle = createWorkerHandler((reply) => {
      if (reply.type === 'consumed') acks.push(reply.bytes);
      replies.push(reply);
    }, open);
    const data = new CaptureData();
    /** Applies batches until `enough` holds after one. */
    const until = async (enough: (batch: Batch) => boolean): Promise<Batch> => {
      for (let waited = 0; ; ) {
        const reply = replies.shift();
        if (reply?.type === 'batch') {
          data.apply(reply);
          if (enough(reply)) return reply;
        } else if (reply === undefined) {
          if (waited > 30_000) throw new Error('the batch waited for did not come');
          await new Promise((r) => setTimeout(r, 10));
          waited += 10;
        }
      }
    };
    return { handle, data, until, acks };
  }

  const openFile = (bytes: Uint8Array, shards: number) =>
    ({ type: 'open-file', file: new Blob([bytes as Uint8Array<ArrayBuffer>]), total: bytes.length, shards }) as const;

  it('decodes a File in the shards asked for, with the rows of one thread', async () => {
    const bytes = new Uint8Array(readFileSync(join(PROJECT_ROOT, 'fixtures/captures/b_ws_concurrent.pcap')));
    const views = [];
    for (const shards of [1, 2]) {
      const w = worker();
      w.handle(openFile(bytes, shards));
      await w.until((b) => b.done);
      views.push(w.data);
    }
    const [one, two] = views as [CaptureData, CaptureData];
    expect(one.frames.all().length).toBeGreaterThan(10);
    expect(two.frames.all()).toEqual(one.frames.all());
    expect(two.messages.all()).toEqual(one.messages.all());
    expect(two.connectionList()).toEqual(one.connectionList());
    expect(two.findings).toEqual(one.findings);
  });

  it('counts a stream chunk as consumed once the shards decoded it, not once it is queued', async () => {
    // 4 MiB of binary frames on one connection, pushed a MiB at a time as fast as the page could
    const payload = new Uint8Array(60_000).map((_, i) => i & 0xff);
    const bytes = wsCapture((c) => {
      for (let i = 0; i < 70; i++) c.send('server', serverFrame({ opcode: 2, payload }));
    });
    const MiB = 1 << 20;
    for (const shards of [1, 2]) {
      const w = worker();
      w.handle({ type: 'open-stream', total: bytes.length, url: null, reread: null, shards });
      for (let at = 0; at < bytes.length; at += MiB) w.handle({ type: 'chunk', bytes: bytes.slice(at, at + MiB) });
      // one thread decodes each chunk as it comes; shards have only queued them so far
      if (shards === 1) expect(w.acks.length).toBeGreaterThanOrEqual(3);
      else expect(w.acks).toEqual([]);
      w.handle({ type: 'end' });
      await w.until((b) => b.done);
      expect(w.acks.length).toBeGreaterThanOrEqual(3);
      expect(w.acks).toEqual([...w.acks].sort((a, b) => a - b));
      expect(w.data.frames.all()).toHaveLength(70);
    }
  });

  it('a key log given before the capture decrypts it in the shards, as in one thread', async () => {
    const file = join(PROJECT_ROOT, 'fixtures/tls/node-tls12-ecdhe-aes128gcm');
    const bytes = new Uint8Array(readFileSync(`${file}.pcap`));
    const text = new Uint8Array(readFileSync(`${file}.keys`));
    const views = [];
    for (const shards of [1, 2]) {
      const w = worker();
      // as the page sends them when keys came after a capture: it then decodes the File again
      w.handle({ type: 'key-log', text, name: 'keys.log' });
      w.handle(openFile(bytes, shards));
      await w.until((b) => b.done);
      views.push(w.data);
    }
    const [one, two] = views as [CaptureData, CaptureData];
    expect(one.messages.all().filter((m) => m.type === 'text').length).toBeGreaterThan(0);
    expect(two.messages.all()).toEqual(one.messages.all());
    expect(two.frames.all()).toEqual(one.frames.all());
    expect(two.connectionList()).toEqual(one.connectionList());
  });

  it('a shard that fails ends the decoding with one line', async () => {
    const failing: EngineShards['open'] = (_init, _index, handlers) => ({
      send: () => void Promise.resolve().then(() => handlers.error(new Error('a decoder thread exited (code 1)'))),
      close: () => {},
    });
    const w = worker(failing);
    const bytes = new Uint8Array(readFileSync(join(PROJECT_ROOT, 'fixtures/captures/b_ws_concurrent.pcap')));
    w.handle(openFile(bytes, 2));
    const last = await w.until((b) => b.done);
    expect(last.fatal).toBe('a decoder shard failed: a decoder thread exited (code 1)');
  });
});

describe('how many shards', () => {
  it('one thread unless asked for (shards do not shorten a load yet: shard-policy.ts), and for a live capture', () => {
    expect(shardCount({ total: 1 << 30 })).toBe(1);
    expect(shardCount({ total: null, requested: 4 })).toBe(1);
  });

  it('takes what is asked for, within 1 to 64', () => {
    expect(shardCount({ total: 10, requested: 2 })).toBe(2);
    expect(shardCount({ total: 1 << 30, requested: 1 })).toBe(1);
    expect(shardCount({ total: 10, requested: 500 })).toBe(64);
  });
});
