// Decoding connections in shards gives the events one CaptureSession gives, in the same order and
// with the same ids, for 1, 2 and 4 shards: every fixture and real capture, intact and damaged,
// with the application layer on; the wss fixtures with their keys given first, given halfway
// through (connections waiting for keys retry in every shard) and in the pcapng. The shards run
// in this thread here, behind structuredClone with transfer (what postMessage does);
// test/cli/jobs.test.ts runs the CLI with real threads.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureSession, type DecoderEvent, PUSH_STEP, type SessionOptions } from '../../../src/decoder/index.js';
import { inThreadShard } from '../../../src/decoder/shard/in-thread.js';
import { ShardedSession } from '../../../src/decoder/shard/sharded-session.js';
import { nodeTlsCrypto } from '../../../src/node/tls-crypto.js';
import { allCaptures, PROJECT_ROOT } from '../../helpers/all-captures.js';
import { damaged } from '../../helpers/streamed.js';

const files = allCaptures();
const inDir = (dir: string) =>
  readdirSync(join(PROJECT_ROOT, dir))
    .filter((f) => /\.(pcap|pcapng)$/.test(f))
    .map((f) => join(PROJECT_ROOT, dir, f));
const apps = inDir('fixtures/app');
const wss = [...inDir('fixtures/tls'), ...inDir('fixtures/tls/damaged')];

function replacer(_key: string, value: unknown): unknown {
  if (!(value instanceof Uint8Array)) return value;
  return `bytes:${Buffer.from(value).toString('base64')}`;
}

const steps = (bytes: Uint8Array, step: number) => {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += step) out.push(bytes.subarray(at, at + step));
  return out;
};

/** Key log text to add once half the steps are in (null: none). */
type LateKeys = string | null;

function oneThread(bytes: Uint8Array, options: SessionOptions, step: number, late: LateKeys = null): string[] {
  const session = new CaptureSession(options);
  const out: string[] = [];
  const take = (events: DecoderEvent[]) => {
    for (const ev of events) out.push(JSON.stringify(ev, replacer));
  };
  const list = steps(bytes, step);
  for (const [i, piece] of list.entries()) {
    if (late !== null && i === Math.floor(list.length / 2)) session.addKeyLog(late, 'late');
    session.push(piece);
    take(session.drain());
  }
  session.endAndDrain(take);
  take(session.drain());
  return out;
}

const copy = <T>(value: T, transfer: ArrayBuffer[]): T => structuredClone(value, { transfer });

async function sharded(
  bytes: Uint8Array,
  options: SessionOptions,
  step: number,
  count: number,
  late: LateKeys = null,
): Promise<string[]> {
  const session = new ShardedSession({
    ...options,
    shards: { count, open: inThreadShard(nodeTlsCrypto, copy) },
  });
  const out: string[] = [];
  const take = async () => {
    for (const ev of await session.take()) out.push(JSON.stringify(ev, replacer));
  };
  const list = steps(bytes, step);
  for (const [i, piece] of list.entries()) {
    if (late !== null && i === Math.floor(list.length / 2)) session.addKeyLog(late, 'late');
    session.push(piece);
    // Several steps in flight, as the CLI keeps them.
    while (session.queued > 3) await take();
  }
  session.end();
  while (session.queued > 0) await take();
  session.close();
  return out;
}

describe('sharded session: the same events as one thread', () => {
  it('finds captures to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  for (const { file, name } of files) {
    it(name, async () => {
      const bytes = new Uint8Array(readFileSync(file));
      for (const [label, input] of [
        ['intact', bytes],
        ['damaged', damaged(bytes, 7)],
      ] as const) {
        // Small steps too: records cross steps and ids cross replies.
        for (const step of [PUSH_STEP, 1500]) {
          const options: SessionOptions = { frameFields: step === 1500, app: true, tls: { crypto: nodeTlsCrypto } };
          const reference = oneThread(input, options, step);
          for (const count of [1, 2, 4]) {
            const got = await sharded(input, options, step, count);
            expect(got.length, `${label}, step ${step}, ${count} shards: how many events`).toBe(reference.length);
            expect(got, `${label}, step ${step}, ${count} shards`).toEqual(reference);
          }
        }
      }
    }, 120_000);
  }

  for (const file of apps) {
    it(file.slice(PROJECT_ROOT.length + 1), async () => {
      const bytes = new Uint8Array(readFileSync(file));
      const options: SessionOptions = { frameFields: false, app: true };
      const reference = oneThread(bytes, options, 4096);
      for (const count of [2, 3])
        expect(await sharded(bytes, options, 4096, count), `${count} shards`).toEqual(reference);
    });
  }

  for (const file of wss) {
    it(file.slice(PROJECT_ROOT.length + 1), async () => {
      const bytes = new Uint8Array(readFileSync(file));
      const keysFile = file.replace(/\.pcapng?$/, '.keys');
      const keys = file.endsWith('.pcap') && existsSync(keysFile) ? readFileSync(keysFile, 'utf8') : null;
      const step = 2048;
      const crypto = { crypto: nodeTlsCrypto };
      const cases: [string, SessionOptions, LateKeys][] = [
        ['keys first', { app: true, tls: keys === null ? crypto : { ...crypto, keyLog: keys } }, null],
      ];
      if (keys !== null) cases.push(['keys halfway', { app: true, tls: crypto }, keys]);
      for (const [label, options, late] of cases) {
        const reference = oneThread(bytes, { frameFields: false, ...options }, step, late);
        for (const count of [1, 2, 4]) {
          const got = await sharded(bytes, { frameFields: false, ...options }, step, count, late);
          expect(got, `${label}, ${count} shards`).toEqual(reference);
        }
      }
    });
  }
});

describe('sharded session: a one-frame message and its frame', () => {
  /** For each message, whether its payload is a view of its one frame's payload array. */
  const sharing = (events: DecoderEvent[]): boolean[] => {
    const payloads = new Map<number, Uint8Array>();
    const out: boolean[] = [];
    for (const ev of events) {
      if (ev.kind === 'frame') payloads.set(ev.frame.id, ev.frame.payload);
      else if (ev.kind === 'message' && ev.message.frameIds.length === 1) {
        const f = payloads.get(ev.message.frameIds[0] as number);
        const m = ev.message.payload;
        out.push(f !== undefined && f.buffer === m.buffer && f.byteOffset === m.byteOffset);
      }
    }
    return out;
  };

  it('share one payload array as in one thread (record-codec.ts SAME_AS_FRAME)', async () => {
    const bytes = new Uint8Array(readFileSync(join(PROJECT_ROOT, 'fixtures/captures/b_ws_concurrent.pcap')));
    const options: SessionOptions = { frameFields: false, app: true };
    const one = new CaptureSession(options);
    const reference: DecoderEvent[] = [];
    one.pushAndDrain(bytes, (events) => reference.push(...events));
    one.end();
    reference.push(...one.drain());
    const session = new ShardedSession({ ...options, shards: { count: 2, open: inThreadShard(nodeTlsCrypto, copy) } });
    const got: DecoderEvent[] = [];
    for (const piece of steps(bytes, PUSH_STEP)) {
      session.push(piece);
      while (session.queued > 3) got.push(...(await session.take()));
    }
    session.end();
    while (session.queued > 0) got.push(...(await session.take()));
    session.close();
    const want = sharing(reference);
    expect(want.filter(Boolean).length).toBeGreaterThan(5);
    expect(sharing(got)).toEqual(want);
  });
});
