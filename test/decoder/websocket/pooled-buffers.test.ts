// Pooled buffers (block-pool.ts) and transient payloads (step-arena.ts): the frame parser and the
// message assembler give the same bytes with them as without, however the input is cut, and the
// memory is reused. Expected payloads are the bytes the independent frame writer and pako's
// deflate were given, never the decoder's own output.

import { describe, expect, it } from 'vitest';
import { BLOCK, BlockList, BlockPool } from '../../../src/decoder/websocket/block-pool.js';
import { FrameParser, type ParsedFrame } from '../../../src/decoder/websocket/frames/index.js';
import { type AssembledMessage, MessageAssembler } from '../../../src/decoder/websocket/messages/assembler.js';
import { StepArena } from '../../../src/decoder/websocket/step-arena.js';
import { concat, frame, randomBytes } from './frames/helpers.js';
import { deflateSender } from './messages/helpers.js';

const MASK = [0x37, 0xfa, 0x21, 0x3d];

function parser(buffers: { pool: BlockPool; arena?: StepArena }): FrameParser {
  return new FrameParser({
    direction: 'client',
    limits: { maxFramePayload: 1 << 26 },
    rsvAllowed: 'unknown',
    fields: false,
    pool: buffers.pool,
    arena: buffers.arena ?? null,
  });
}

/** Feeds `wire` in pieces of `size`; every frame, its payload copied as soon as it comes out. */
function feed(
  p: FrameParser,
  wire: Uint8Array,
  size: number,
  arena?: StepArena,
): { frame: ParsedFrame; bytes: number[] }[] {
  const out: { frame: ParsedFrame; bytes: number[] }[] = [];
  for (let at = 0; at < wire.length; at += size) {
    p.push(wire.subarray(at, at + size), at);
    for (let f = p.next(); f !== null; f = p.next()) out.push({ frame: f, bytes: [...f.payload] });
    // The session releases the arena before it reads more input.
    arena?.release();
  }
  return out;
}

describe('BlockList', () => {
  it('keeps bytes across block boundaries and gives its blocks back for reuse', () => {
    const pool = new BlockPool();
    const data = randomBytes(BLOCK * 2 + 100, 7);
    const list = new BlockList(pool);
    list.append(data.subarray(0, 10));
    list.append(data.subarray(10, BLOCK + 5));
    list.append(data.subarray(BLOCK + 5));
    expect(list.length).toBe(data.length);
    const joined = new Uint8Array(data.length);
    list.copyTo(joined, 0);
    expect(joined).toEqual(data);
    expect(concat(...list.views(BLOCK + 1))).toEqual(data.subarray(0, BLOCK + 1));
    const last = list.views().at(-1)?.buffer;
    list.free();
    expect(list.length).toBe(0);
    const again = new BlockList(pool);
    again.append(new Uint8Array([1]));
    // The last block given back is the first taken again.
    expect(again.views()[0]?.buffer).toBe(last);
  });
});

describe('StepArena', () => {
  it('grows the latest allocation in place, moves it when the chunk is full, and reuses memory after release', () => {
    const arena = new StepArena();
    const a = arena.alloc(3);
    a.set([1, 2, 3]);
    const g = arena.grow(a, 5);
    expect(g.buffer).toBe(a.buffer);
    expect(g.byteOffset).toBe(a.byteOffset);
    expect([...g.subarray(0, 3)]).toEqual([1, 2, 3]);
    const big = arena.grow(g, 3 * 1024 * 1024);
    expect(big.buffer).not.toBe(a.buffer);
    expect([...big.subarray(0, 3)]).toEqual([1, 2, 3]);
    arena.release();
    expect(arena.alloc(10).buffer).toBe(a.buffer);
  });

  it('reuses a large buffer of the same size class after release, unless a holder kept it', () => {
    const arena = new StepArena();
    const first = arena.alloc(300_000);
    expect(first.length).toBe(300_000);
    arena.release();
    // 300,000 and 400,000 bytes are both in the 512 KiB class.
    const again = arena.alloc(400_000);
    expect(again.buffer).toBe(first.buffer);
    // A 600,000-byte one is in the next class: a buffer of its own.
    const larger = arena.alloc(600_000);
    expect(larger.buffer).not.toBe(first.buffer);
    again.fill(7);
    expect(arena.keep(again)).toBe(true);
    expect(arena.keep(new Uint8Array(300_000))).toBe(false);
    arena.release();
    // Kept: not handed out again, its bytes stay.
    expect(arena.alloc(300_000).buffer).not.toBe(again.buffer);
    expect(arena.alloc(600_000).buffer).toBe(larger.buffer);
    expect(again.every((b) => b === 7)).toBe(true);
  });

  it('knows where a payload is in the file for the step that handed it out only', () => {
    const arena = new StepArena();
    const view = arena.alloc(100);
    const pieces = [{ ranges: [40, 100], key: null }];
    arena.noteInFile(view, pieces);
    expect(arena.inFile(view)).toBe(pieces);
    expect(arena.inFile(arena.alloc(100))).toBeUndefined();
    arena.release();
    expect(arena.inFile(view)).toBeUndefined();
  });
});

describe('frame parser with pooled buffers', () => {
  const payload = randomBytes(50_000, 3);
  const wire = concat(
    frame({ opcode: 2, mask: MASK, payload }),
    frame({ opcode: 1, mask: MASK, payload: new TextEncoder().encode('small') }),
  );

  for (const size of [1, 999, 4096, 70_000]) {
    it(`unmasks a 50,000-byte payload fed in pieces of ${size}, with and without an arena`, () => {
      for (const arena of [undefined, new StepArena()]) {
        const frames = feed(parser({ pool: new BlockPool(), arena }), wire, size, arena);
        expect(frames.map((f) => f.bytes.length)).toEqual([50_000, 5]);
        expect(Uint8Array.from(frames[0]?.bytes ?? [])).toEqual(payload);
        expect(frames[0]?.frame.complete).toBe(true);
        expect([...(frames[0]?.frame.maskingKey ?? [])]).toEqual(MASK);
        // 50,000 takes the 16-bit length form: 2 + 2 + 4 (mask) header bytes.
        expect([...(frames[0]?.frame.header ?? [])]).toEqual([...wire.subarray(0, 8)]);
        expect(new TextDecoder().decode(Uint8Array.from(frames[1]?.bytes ?? []))).toBe('small');
      }
    });
  }

  it('a frame cut by a gap shows the bytes before the gap', () => {
    const p = parser({ pool: new BlockPool() });
    const one = frame({ opcode: 2, mask: MASK, payload });
    p.push(one.subarray(0, 8 + 30_000), 0);
    expect(p.next()).toBeNull();
    p.gap(8 + 30_000, 100);
    const cut = p.next();
    expect(cut?.complete).toBe(false);
    expect(cut?.payload).toEqual(payload.subarray(0, 30_000));
    expect([...(cut?.maskingKey ?? [])]).toEqual(MASK);
  });

  it('without an arena, payloads stay valid while more input comes', () => {
    const p = parser({ pool: new BlockPool() });
    const kept: Uint8Array[] = [];
    const two = concat(frame({ opcode: 2, mask: MASK, payload }), frame({ opcode: 2, mask: MASK, payload }));
    for (let at = 0; at < two.length; at += 1000) {
      p.push(two.subarray(at, at + 1000), at);
      for (let f = p.next(); f !== null; f = p.next()) kept.push(f.payload);
    }
    expect(kept).toEqual([payload, payload]);
  });
});

describe('message assembler with pooled buffers', () => {
  const frameOf = (id: number, opcode: number, fin: boolean, payload: Uint8Array, rsv1 = false) => ({
    id,
    fin,
    rsv1,
    opcode,
    payload,
    payloadLength: payload.length,
    complete: true,
    time: id,
  });
  const upload = randomBytes(100_000, 11);
  const parts = [upload.subarray(0, 30_000), upload.subarray(30_000, 30_001), upload.subarray(30_001)];

  for (const arena of [null, new StepArena()]) {
    it(`joins fragments, and inflates compressed ones (arena: ${arena !== null})`, () => {
      const a = new MessageAssembler({
        deflate: {
          clientMaxWindowBits: 15,
          serverMaxWindowBits: 15,
          clientNoContextTakeover: false,
          serverNoContextTakeover: false,
        },
        role: 'client',
        limits: { maxMessageSize: 1 << 20 },
        extensionsKnown: true,
        pool: new BlockPool(),
        arena,
      });
      const out: AssembledMessage[] = [];
      // The frames' arrays are overwritten after each push: the assembler must have copied them.
      parts.forEach((p, i) => {
        const bytes = p.slice();
        a.push(frameOf(i + 1, i === 0 ? 2 : 0, i === 2, bytes), out);
        bytes.fill(0);
      });
      expect(out.map((m) => m.payload)).toEqual([upload]);
      const text = new TextEncoder().encode('{"price":1}'.repeat(500));
      const deflated = deflateSender()(text);
      const out2: AssembledMessage[] = [];
      a.push(frameOf(4, 1, false, deflated.slice(0, 10), true), out2);
      a.push(frameOf(5, 0, true, deflated.slice(10)), out2);
      expect(out2[0]?.text).toBe('{"price":1}'.repeat(500));
      expect(out2[0]?.payload).toEqual(text);
    });
  }
});
