// permessage-deflate micro-benchmark: messages per second inflating one direction of a
// context-takeover stream (RFC 7692 §7.2.3.2: every message may refer back into the previous
// ones' 32 KiB window), by
//   - wsscope's PerMessageInflater (src/decoder/websocket/messages/deflate.ts, pako's zlib port
//     driven directly with one reused output buffer),
//   - pako's `Inflate` wrapper (raw, push(message + 00 00 ff ff, Z_SYNC_FLUSH)),
//   - node:zlib inflateRawSync, given the last 32 KiB of plain text as its dictionary (a one-shot
//     call cannot keep a window, so it is handed one each time: the same output, more work),
//   - node:zlib's streaming InflateRaw with flush(Z_SYNC_FLUSH), the way the `ws` library does it.
// fflate is not installed here, so it is not compared.
//
// The stream is made by node:zlib's deflateRaw (sync flush, tail stripped), independent of the
// inflaters. Every inflater's output is checked byte for byte against the original messages once
// before it is timed. Prints one JSON line. Bundled and run by bench/run.mjs.

import zlib from 'node:zlib';
import { Inflate, Z_SYNC_FLUSH } from 'pako';
import { PerMessageInflater } from '../src/decoder/websocket/messages/deflate.js';

const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const WINDOW = 32 * 1024;

/** mulberry32: deterministic message content. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the a to and of in is it you that was for on are with as hello thanks ok sure meeting deploy build failed passed review merge lunch price order trade café 東京 🙂'.split(
    ' ',
  );

function chatMessages(count: number, seed: number): Buffer[] {
  const r = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)] as T;
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const words: string[] = [];
    const n = 3 + Math.floor(r() * 40);
    for (let w = 0; w < n; w++) words.push(pick(WORDS));
    out.push(
      Buffer.from(
        `{"type":"chat","seq":${i},"room":"r${Math.floor(r() * 40)}","user":"u${Math.floor(r() * 5000)}","text":"${words.join(' ')}"}`,
      ),
    );
  }
  return out;
}

function feedMessages(count: number, seed: number): Buffer[] {
  const r = rng(seed);
  const syms = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'TSLA', 'NVDA', 'BTC-USD', 'ETH-USD'];
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const items: string[] = [];
    const n = 20 + Math.floor(r() * 80);
    for (let k = 0; k < n; k++) {
      items.push(
        `{"s":"${syms[Math.floor(r() * syms.length)]}","p":${Math.floor(r() * 99999) / 100},"q":${Math.floor(r() * 5000)}}`,
      );
    }
    out.push(Buffer.from(`{"type":"ticks","seq":${i},"items":[${items.join(',')}]}`));
  }
  return out;
}

/** One context-takeover sender: node:zlib deflateRaw, Z_SYNC_FLUSH per message, tail stripped. */
async function compressAll(messages: Buffer[]): Promise<Buffer[]> {
  const d = zlib.createDeflateRaw({ windowBits: 15 });
  const out: Buffer[] = [];
  for (const m of messages) {
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => chunks.push(c);
    d.on('data', onData);
    d.write(m);
    await new Promise<void>((resolve) => d.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    d.off('data', onData);
    const all = Buffer.concat(chunks);
    out.push(all.subarray(0, all.length - 4));
  }
  d.close();
  return out;
}

type Inflater = (wire: Buffer[], sink: (plain: Uint8Array, i: number) => void) => Promise<void> | void;

const inflaters: Record<string, Inflater> = {
  'wsscope PerMessageInflater': (wire, sink) => {
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    for (let i = 0; i < wire.length; i++) {
      const r = inf.inflate([wire[i] as Buffer], { maxOutput: 64 * 1024 * 1024, final: true });
      if (r.status !== 'ok') throw new Error(`PerMessageInflater: message ${i}: ${r.status} ${r.error}`);
      sink(r.data, i);
    }
  },
  'pako Inflate': (wire, sink) => {
    const inf = new Inflate({ raw: true, windowBits: 15 });
    let chunks: Uint8Array[] = [];
    inf.onData = (c: Uint8Array) => {
      chunks.push(c);
    };
    for (let i = 0; i < wire.length; i++) {
      if (!inf.push(Buffer.concat([wire[i] as Buffer, TAIL]), Z_SYNC_FLUSH)) throw new Error(`pako: ${inf.msg}`);
      sink(chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks), i);
      chunks = [];
    }
  },
  'node:zlib inflateRawSync + dictionary': (wire, sink) => {
    let window = Buffer.alloc(0);
    for (let i = 0; i < wire.length; i++) {
      const plain = zlib.inflateRawSync(Buffer.concat([wire[i] as Buffer, TAIL]), {
        windowBits: 15,
        dictionary: window,
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
      });
      sink(plain, i);
      window = Buffer.concat([window, plain]);
      if (window.length > 2 * WINDOW) window = window.subarray(window.length - WINDOW);
    }
  },
  'node:zlib InflateRaw stream (as ws)': async (wire, sink) => {
    const inf = zlib.createInflateRaw({ windowBits: 15 });
    let chunks: Buffer[] = [];
    inf.on('data', (c: Buffer) => chunks.push(c));
    for (let i = 0; i < wire.length; i++) {
      inf.write(wire[i] as Buffer);
      inf.write(TAIL);
      await new Promise<void>((resolve) => inf.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
      sink(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), i);
      chunks = [];
    }
    inf.close();
  },
};

async function measure(name: string, plain: Buffer[], wire: Buffer[], runs: number) {
  const inflate = inflaters[name] as Inflater;
  // Correctness first: every message, byte for byte.
  let bad = 0;
  await inflate(wire, (out, i) => {
    if (!Buffer.from(out.buffer, out.byteOffset, out.length).equals(plain[i] as Buffer)) bad++;
  });
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    let bytes = 0;
    const t0 = performance.now();
    await inflate(wire, (out) => {
      bytes += out.length;
    });
    const seconds = (performance.now() - t0) / 1000;
    rates.push(wire.length / seconds);
    if (bytes !== plain.reduce((s, m) => s + m.length, 0)) bad++;
  }
  rates.sort((a, b) => a - b);
  return { name, messagesPerSecond: rates[Math.floor(rates.length / 2)] as number, correct: bad === 0 };
}

const runs = Number(process.argv[2] ?? 3);
const corpora = [
  { name: 'chat (~80-330 B JSON)', messages: chatMessages(30000, 7) },
  { name: 'feed (~1-5 KiB JSON)', messages: feedMessages(3000, 8) },
];
const results = [];
for (const corpus of corpora) {
  const wire = await compressAll(corpus.messages);
  const plainBytes = corpus.messages.reduce((s, m) => s + m.length, 0);
  const wireBytes = wire.reduce((s, m) => s + m.length, 0);
  const rows = [];
  for (const name of Object.keys(inflaters)) rows.push(await measure(name, corpus.messages, wire, runs));
  results.push({ corpus: corpus.name, messages: wire.length, plainBytes, wireBytes, rows });
}
console.log(JSON.stringify({ fflate: 'not installed, not measured', results }));
