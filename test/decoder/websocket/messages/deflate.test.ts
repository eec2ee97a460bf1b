import { Deflate, deflateRaw, Z_NO_FLUSH, Z_SYNC_FLUSH } from 'pako';
import { describe, expect, it } from 'vitest';
import { PerMessageInflater } from '../../../../src/decoder/websocket/messages/deflate.js';
import { concatList, hex } from '../../../helpers/pcap-writer.js';
import { mulberry32 } from '../../../helpers/rng.js';
import { deflateSender } from './helpers.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array) => String.fromCharCode(...b);
const big = { maxOutput: 1 << 20, final: true };

/** Deterministic pseudo-random bytes, incompressible enough for window tests. */
function noise(n: number, seed = 1): Uint8Array {
  const random = mulberry32(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
}

describe('RFC 7692 §7.2.3 examples', () => {
  it('§7.2.3.1 inflates "Hello" from f2 48 cd c9 c9 07 00', () => {
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const r = inf.inflate([hex('f248cdc9c90700')], big);
    expect(r.status).toBe('ok');
    expect(text(r.data)).toBe('Hello');
  });

  it('§7.2.3.1 inflates "Hello" split over two frames (f2 48 cd | c9 c9 07 00)', () => {
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const r = inf.inflate([hex('f248cd'), hex('c9c90700')], big);
    expect(text(r.data)).toBe('Hello');
  });

  it('§7.2.3.2 with context takeover the second "Hello" is f2 00 11 00 00', () => {
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    expect(text(inf.inflate([hex('f248cdc9c90700')], big).data)).toBe('Hello');
    const second = inf.inflate([hex('f200110000')], big);
    expect(second.status).toBe('ok');
    expect(text(second.data)).toBe('Hello');
  });

  it('§7.2.3.2 without context takeover the same back-reference fails', () => {
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: true });
    inf.inflate([hex('f248cdc9c90700')], big);
    const second = inf.inflate([hex('f200110000')], big);
    expect(second.status).toBe('error');
    expect(second.error).toBe('invalid distance too far back');
  });

  it('§7.2.3.3 inflates a DEFLATE block with no compression', () => {
    // 00: BFINAL=0 BTYPE=00; 05 00 / fa ff: LEN/NLEN; "Hello"; 00: start of the next block.
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const r = inf.inflate([hex('000500faff48656c6c6f00')], big);
    expect(r.status).toBe('ok');
    expect(text(r.data)).toBe('Hello');
  });

  it('§7.2.3.4 inflates a block with BFINAL set and keeps the window for the next message', () => {
    // f3 48 cd c9 c9 07 00 00: "Hello" in a final fixed-Huffman block.
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const r = inf.inflate([hex('f348cdc9c9070000')], big);
    expect(r.status).toBe('ok');
    expect(text(r.data)).toBe('Hello');
    // The next message refers back into the first one (§7.2.3.2's bytes).
    const second = inf.inflate([hex('f200110000')], big);
    expect(second.status).toBe('ok');
    expect(text(second.data)).toBe('Hello');
  });

  it('§7.2.3.5 inflates two DEFLATE blocks in one message', () => {
    // "He" in a block, a sync flush (00 00 ff ff), then "llo".
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const r = inf.inflate([hex('f248050000'), hex('00ffffcac9c90700')], big);
    expect(r.status).toBe('ok');
    expect(text(r.data)).toBe('Hello');
  });
});

describe('RFC 7692 §7.2.2 inflation with context takeover', () => {
  it('round-trips 200 related messages through a shared window', () => {
    const send = deflateSender(15);
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    for (let i = 0; i < 200; i++) {
      const msg = ascii(`{"seq": ${i}, "symbol": "ACME", "bid": ${100 + (i % 7)}, "note": "same text again"}`);
      const r = inf.inflate([send(msg)], big);
      expect(r.status).toBe('ok');
      expect(r.data).toEqual(msg);
    }
  });

  it('empties the window before each message with no_context_takeover', () => {
    const send = deflateSender(15, true);
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: true });
    for (let i = 0; i < 20; i++) {
      const msg = ascii(`message ${i} message ${i} message ${i}`);
      expect(inf.inflate([send(msg)], big).data).toEqual(msg);
    }
  });

  it('inflates an empty message (a lone 00 byte: an empty stored-block start)', () => {
    const send = deflateSender(15);
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const r = inf.inflate([send(new Uint8Array(0))], big);
    expect(r.status).toBe('ok');
    expect(r.data.length).toBe(0);
  });
});

describe('RFC 7692 §7.1.2 window bits 8-15', () => {
  for (let bits = 8; bits <= 15; bits++) {
    it(`round-trips data with back-references for a ${bits}-bit sender window`, () => {
      // zlib (and so every zlib-based sender) turns a raw 8-bit window into 9 bits; pako refuses
      // 8 outright. The inflater allows for that by never going below 9.
      const send = deflateSender(Math.max(9, bits));
      const inf = new PerMessageInflater({ windowBits: bits, noContextTakeover: false });
      const block = noise(200, bits);
      const msg = concatList([block, block, block, noise(100, 99), block]);
      const r1 = inf.inflate([send(msg)], big);
      expect(r1.status).toBe('ok');
      expect(r1.data).toEqual(msg);
      const r2 = inf.inflate([send(block)], big);
      expect(r2.data).toEqual(block);
    });
  }

  it('rejects a back-reference into the previous message beyond the negotiated window', () => {
    // Sent with a 15-bit window: the second message refers back 4096 bytes into the first, beyond
    // a 9-bit (512 B) window. (Within one message zlib resolves references from its output
    // buffer, so an over-long distance there is not detected: a zlib limitation.)
    const block = noise(4096, 7);
    const send = deflateSender(15);
    const inf = new PerMessageInflater({ windowBits: 9, noContextTakeover: false });
    expect(inf.inflate([send(block)], big).status).toBe('ok');
    const r = inf.inflate([send(block)], big);
    expect(r.status).toBe('error');
    expect(r.error).toBe('invalid distance too far back');
  });
});

describe('inflate failures', () => {
  it("reports zlib's message for an invalid block type and resets the window", () => {
    // ff: BFINAL=1, BTYPE=11 (reserved).
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const r = inf.inflate([hex('ff00')], big);
    expect(r.status).toBe('error');
    expect(r.error).toBe('invalid block type');
    expect(inf.windowLost).toBe(true);
  });

  it('after a failure, a later message that needs the lost window fails and says the window was lost', () => {
    const send = deflateSender(15);
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const first = send(ascii('the quick brown fox jumps over the lazy dog'));
    const second = send(ascii('the quick brown fox jumps over the lazy dog'));
    // The first message is damaged on the wire: its first byte selects a reserved block type.
    const damaged = first.slice();
    damaged[0] = 0xff;
    expect(inf.inflate([damaged], big).status).toBe('error');
    const r = inf.inflate([second], big);
    expect(r.status).toBe('error');
    expect(r.windowWasLost).toBe(true);
    expect(r.error).toBe('invalid distance too far back');
  });

  it('a later self-contained message still inflates correctly after a failure', () => {
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    inf.inflate([hex('ff00')], big);
    const r = inf.inflate([hex('f248cdc9c90700')], big);
    expect(r.status).toBe('ok');
    expect(text(r.data)).toBe('Hello');
  });

  it('inflates only the prefix when the input is known to be cut', () => {
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const r = inf.inflate([hex('000500faff4865')], { maxOutput: 100, final: false });
    expect(r.status).toBe('partial');
    expect(text(r.data)).toBe('He');
    expect(inf.windowLost).toBe(true);
  });
});

describe('RFC 6455 §10.4 deflate bomb', () => {
  it('cuts 100 MB of zeros at the limit quickly without allocating the expansion', () => {
    // Build the bomb in 1 MiB pushes so the test itself never holds 100 MB either.
    const d = new Deflate({ raw: true, level: 9 });
    const chunks: Uint8Array[] = [];
    d.onData = (c) => chunks.push(c);
    const zeros = new Uint8Array(1 << 20);
    for (let i = 0; i < 100; i++) d.push(zeros, Z_NO_FLUSH);
    d.push(new Uint8Array(0), Z_SYNC_FLUSH);
    const bomb = concatList(chunks);
    const compressed = bomb.subarray(0, bomb.length - 4);
    expect(compressed.length).toBeLessThan(200_000);

    const limit = 1 << 20;
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    const r = inf.inflate([compressed], { maxOutput: limit, final: true });
    const ms = performance.now() - t0;
    const grew = process.memoryUsage().arrayBuffers - before;
    expect(r.status).toBe('too-large');
    expect(r.data.length).toBe(limit);
    expect(r.data.every((b) => b === 0)).toBe(true);
    expect(ms).toBeLessThan(2000);
    expect(grew).toBeLessThan(20 * 1024 * 1024);
  });

  it('accepts a message exactly at the limit', () => {
    const msg = new Uint8Array(1000).fill(0x61);
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const r = inf.inflate([deflateSender(15)(msg)], { maxOutput: 1000, final: true });
    expect(r.status).toBe('ok');
    expect(r.data).toEqual(msg);
    const over = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    expect(over.inflate([deflateSender(15)(msg)], { maxOutput: 999, final: true }).status).toBe('too-large');
  });

  it('deflateRaw one-shot output (BFINAL block) inflates too', () => {
    const msg = ascii('one-shot deflateRaw output ends with a final block');
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const r = inf.inflate([deflateRaw(msg)], big);
    expect(r.status).toBe('ok');
    expect(r.data).toEqual(msg);
  });
});

describe('throughput (report only)', () => {
  it('measures messages per second through a shared window with pako', () => {
    const send = deflateSender(15);
    const wire: Uint8Array[] = [];
    for (let i = 0; i < 20_000; i++) {
      wire.push(
        send(
          ascii(
            `{"user": "alice", "action": "price_update", "seq": ${i}, "bid": ${(i * 37) % 1000}, "ask": ${(i * 53) % 1000}, "note": "lorem ipsum dolor sit amet ${i % 13}"}`,
          ),
        ),
      );
    }
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    const t0 = performance.now();
    for (const w of wire) inf.inflate([w], big);
    const s = (performance.now() - t0) / 1000;
    const avg = wire.reduce((n, w) => n + w.length, 0) / wire.length;
    console.log(
      `pako shared-window inflate: ${Math.round(wire.length / s)} messages/s (avg ${avg.toFixed(0)} B compressed)`,
    );
    expect(s).toBeLessThan(30);
  });

  it('measures messages per second for varied ~300 B messages and a 1 MB one', () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${(i * 7919) % 10007}x`);
    const bytes = noise(20_000 * 40, 3);
    const send = deflateSender(15);
    const wire: Uint8Array[] = [];
    let plain = 0;
    for (let i = 0; i < 20_000; i++) {
      const parts: string[] = [];
      for (let k = 0; k < 40; k++) parts.push(words[(bytes[i * 40 + k] as number) % words.length] as string);
      const msg = ascii(parts.join(' '));
      plain += msg.length;
      wire.push(send(msg));
    }
    const inf = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    let t0 = performance.now();
    for (const w of wire) inf.inflate([w], big);
    let s = (performance.now() - t0) / 1000;
    const avg = wire.reduce((n, w) => n + w.length, 0) / wire.length;
    console.log(
      `pako shared-window inflate, varied: ${Math.round(wire.length / s)} messages/s (avg ${(plain / wire.length).toFixed(0)} B plain, ${avg.toFixed(0)} B compressed)`,
    );
    const large = concatList(
      Array.from({ length: 64 }, (_, i) => concatList([noise(8192, i + 1), new Uint8Array(8192)])),
    );
    const largeWire = deflateSender(15)(large);
    // Second of two runs: the first one includes warming up the JIT.
    new PerMessageInflater({ windowBits: 15, noContextTakeover: false }).inflate([largeWire], big);
    const big2 = new PerMessageInflater({ windowBits: 15, noContextTakeover: false });
    t0 = performance.now();
    const r = big2.inflate([largeWire], { maxOutput: 2 << 20, final: true });
    s = (performance.now() - t0) / 1000;
    expect(r.data).toEqual(large);
    console.log(`pako inflate, one 1 MiB message: ${(large.length / s / 1e6).toFixed(0)} MB/s`);
  });
});
