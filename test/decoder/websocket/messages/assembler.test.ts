import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFindingCode } from '../../../../src/decoder/findings.js';
import type { DeflateParams } from '../../../../src/decoder/records.js';
import type { AssembledMessage, AssemblerFrame } from '../../../../src/decoder/websocket/messages/assembler.js';
import { hex } from '../../../helpers/pcap-writer.js';
import { assembler, deflateSender, run } from './helpers.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

const DEFLATE_15: DeflateParams = {
  serverNoContextTakeover: false,
  clientNoContextTakeover: false,
  serverMaxWindowBits: 15,
  clientMaxWindowBits: 15,
};

let nextId = 1;
/** A frame as the frame layer hands it on (payload unmasked). */
function frame(opcode: number, payload: Uint8Array, more: Partial<AssemblerFrame> = {}): AssemblerFrame {
  const id = nextId++;
  return {
    id,
    fin: true,
    rsv1: false,
    opcode,
    payload,
    payloadLength: payload.length,
    complete: true,
    time: 1000 + id,
    ...more,
  };
}

const codes = (m: AssembledMessage) => m.problems.map((p) => p.code);

describe('RFC 6455 §5.4 fragmentation', () => {
  it('tells which data opcode each frame belongs to (FrameRecord.dataOpcode), asked before push', () => {
    const a = assembler();
    const seen: number[] = [];
    const push = (f: AssemblerFrame) => {
      seen.push(a.dataOpcodeOf(f.opcode));
      a.push(f);
    };
    // text, continuation, a ping between fragments (§5.4), the last continuation, then an orphan
    push(frame(0x1, utf8('He'), { fin: false }));
    push(frame(0x0, utf8('l'), { fin: false }));
    push(frame(0x9, utf8('?')));
    push(frame(0x0, utf8('lo')));
    push(frame(0x0, utf8('x')));
    push(frame(0x2, hex('01')));
    expect(seen).toEqual([1, 1, 9, 1, 0, 2]);
  });

  it('tells whether each frame belongs to a compressed message (FrameRecord.messageCompressed), asked before push', () => {
    const a = assembler({ deflate: DEFLATE_15 });
    const send = deflateSender();
    const seen: boolean[] = [];
    const push = (f: AssemblerFrame) => {
      seen.push(a.compressedOf(f.opcode, f.rsv1));
      a.push(f);
    };
    // RFC 7692 §6.1: RSV1 on the first frame only; the continuations and the ping between them carry 0.
    const deflated = send(utf8('Hello, compressed world'));
    push(frame(0x1, deflated.subarray(0, 5), { fin: false, rsv1: true }));
    push(frame(0x0, deflated.subarray(5, 9), { fin: false }));
    push(frame(0x9, utf8('?')));
    push(frame(0x0, deflated.subarray(9)));
    // then an uncompressed fragmented binary message
    push(frame(0x2, hex('0102'), { fin: false }));
    push(frame(0x0, hex('03')));
    expect(seen).toEqual([true, true, false, true, false, false]);
  });

  it('marks no frame compressed when permessage-deflate was not negotiated, RSV1 or not', () => {
    const a = assembler();
    expect(a.compressedOf(0x1, true)).toBe(false);
    a.push(frame(0x1, utf8('raw'), { fin: false, rsv1: true }));
    expect(a.compressedOf(0x0, false)).toBe(false);
  });

  it('emits an unfragmented text message at once', () => {
    const a = assembler();
    const f = frame(0x1, utf8('Hello'));
    const r = a.push(f);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({
      opcode: 1,
      type: 'text',
      frameIds: [f.id],
      text: 'Hello',
      complete: true,
      compressed: false,
      wireLength: 5,
      problems: [],
    });
  });

  it('joins text fragments, with a UTF-8 character split across them', () => {
    // "é" = c3 a9 split between the two frames.
    const f1 = frame(0x1, hex('4cc3'), { fin: false }); // "L" c3
    const f2 = frame(0x0, hex('a9'), { fin: false });
    const f3 = frame(0x0, new Uint8Array(0)); // an empty final continuation
    const messages = run(assembler(), [f1, f2, f3]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      text: 'Lé',
      frameIds: [f1.id, f2.id, f3.id],
      firstTime: f1.time,
      time: f3.time,
      complete: true,
      problems: [],
    });
  });

  it('lets control frames interleave between fragments as messages of their own', () => {
    const f1 = frame(0x2, hex('0102'), { fin: false });
    const ping = frame(0x9, utf8('p'));
    const f2 = frame(0x0, hex('03'));
    const a = assembler();
    expect(a.push(f1)).toEqual([]);
    const pingOut = a.push(ping);
    expect(pingOut).toHaveLength(1);
    expect(pingOut[0]).toMatchObject({ type: 'ping', opcode: 9, frameIds: [ping.id], payload: utf8('p') });
    const done = a.push(f2);
    expect(done[0]).toMatchObject({ type: 'binary', payload: hex('010203'), frameIds: [f1.id, f2.id], complete: true });
  });

  it('keeps a reserved-opcode frame as its own message without disturbing an open one', () => {
    const f1 = frame(0x1, utf8('ab'), { fin: false });
    const reserved = frame(0x3, hex('dead'));
    const f2 = frame(0x0, utf8('c'));
    const messages = run(assembler(), [f1, reserved, f2]);
    expect(messages.map((m) => [m.type, m.opcode])).toEqual([
      ['reserved', 3],
      ['text', 1],
    ]);
    expect(messages[0]?.payload).toEqual(hex('dead'));
    expect(messages[1]).toMatchObject({ text: 'abc', complete: true, problems: [] });
  });

  it('reports a continuation with nothing open and shows it as an incomplete binary message', () => {
    const orphan = frame(0x0, hex('aa'), { fin: false });
    const tail = frame(0x0, hex('bb'));
    const messages = run(assembler(), [orphan, tail]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'binary', opcode: 0, payload: hex('aabb'), complete: false, text: null });
    expect(messages[0]?.problems).toEqual([
      {
        code: 'message.orphan-continuation',
        message: `continuation frame ${orphan.id} with no message to continue (the message's first frame was not seen)`,
        frameId: orphan.id,
      },
    ]);
  });

  it('ends an open message as incomplete when a new data frame starts', () => {
    const f1 = frame(0x1, utf8('half'), { fin: false });
    const f2 = frame(0x2, hex('01'));
    const messages = run(assembler(), [f1, f2]);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({ type: 'text', text: 'half', complete: false });
    expect(messages[0]?.problems).toEqual([
      {
        code: 'message.interleaved-data',
        message: `new binary frame ${f2.id} while a fragmented message was open; the open message ends incomplete`,
        frameId: f2.id,
      },
    ]);
    expect(messages[1]).toMatchObject({ type: 'binary', complete: true, problems: [] });
  });

  it('end() emits an unfinished message as incomplete', () => {
    const f1 = frame(0x1, utf8('never'), { fin: false });
    const f2 = frame(0x0, utf8(' done'), { fin: false });
    const messages = run(assembler(), [f1, f2]);
    expect(messages[0]).toMatchObject({ text: 'never done', complete: false });
    expect(messages[0]?.problems).toEqual([
      {
        code: 'message.incomplete',
        message: 'fragmented message never finished: 2 frames seen, none with fin set',
        frameId: f2.id,
      },
    ]);
  });

  it('marks a message with an incomplete frame incomplete but still assembles it', () => {
    const f1 = frame(0x2, hex('0102'), { complete: false, payloadLength: 10 });
    const messages = run(assembler(), [f1]);
    expect(messages[0]).toMatchObject({ payload: hex('0102'), wireLength: 10, complete: false });
  });

  it('keeps two directions apart: each assembler holds its own open message', () => {
    const client = assembler({ role: 'client' });
    const server = assembler({ role: 'server' });
    expect(client.push(frame(0x1, utf8('cli'), { fin: false }))).toEqual([]);
    expect(server.push(frame(0x1, utf8('srv'), { fin: false }))).toEqual([]);
    expect(server.push(frame(0x0, utf8('-end')))[0]?.text).toBe('srv-end');
    expect(client.push(frame(0x0, utf8('-end')))[0]?.text).toBe('cli-end');
  });
});

describe('RFC 6455 §8.1 UTF-8 in text messages', () => {
  it('reports invalid UTF-8 with the offset and decodes lossily', () => {
    // "ok" ff "!"
    const f = frame(0x1, hex('6f6bff21'));
    const m = run(assembler(), [f])[0] as AssembledMessage;
    expect(m.text).toBe('ok\uFFFD!');
    expect(m.problems).toEqual([
      {
        code: 'message.invalid-utf8',
        message: 'text message is not valid utf-8: invalid sequence at byte 2 of 4',
        frameId: f.id,
      },
    ]);
  });

  it('does not blame a sequence cut by a missing end', () => {
    // "a" e2 82 (first two bytes of "€"), message never finished
    const f = frame(0x1, hex('61e282'), { fin: false });
    const m = run(assembler(), [f])[0] as AssembledMessage;
    expect(codes(m)).toEqual(['message.incomplete']);
  });

  it('binary messages are not validated', () => {
    const m = run(assembler(), [frame(0x2, hex('ff'))])[0] as AssembledMessage;
    expect(m.text).toBeNull();
    expect(m.problems).toEqual([]);
  });
});

describe('RFC 6455 §5.5.1 close frames', () => {
  it('parses the close body into close info', () => {
    const f = frame(0x8, hex('03e9627965')); // 1001 "bye"
    const m = run(assembler(), [f])[0] as AssembledMessage;
    expect(m).toMatchObject({ type: 'close', close: { code: 1001, reason: 'bye' }, problems: [] });
  });

  it('attaches close problems with the frame id', () => {
    const f = frame(0x8, hex('03ee')); // 1006
    const m = run(assembler(), [f])[0] as AssembledMessage;
    expect(m.problems).toEqual([
      {
        code: 'close.invalid-code',
        message: "close code 1006 is reserved for 'abnormal closure' and must not be sent",
        frameId: f.id,
      },
    ]);
  });
});

describe('RFC 7692 §6 permessage-deflate in the assembler', () => {
  it('inflates the RFC example "Hello" (c1 07 f2 48 cd c9 c9 07 00)', () => {
    const f = frame(0x1, hex('f248cdc9c90700'), { rsv1: true });
    const m = run(assembler({ deflate: DEFLATE_15 }), [f])[0] as AssembledMessage;
    expect(m).toMatchObject({ text: 'Hello', compressed: true, wireLength: 7, complete: true, problems: [] });
  });

  it('inflates "Hello" fragmented over two frames with RSV1 only on the first (§7.2.3.1)', () => {
    const f1 = frame(0x1, hex('f248cd'), { rsv1: true, fin: false });
    const f2 = frame(0x0, hex('c9c90700'));
    const m = run(assembler({ deflate: DEFLATE_15 }), [f1, f2])[0] as AssembledMessage;
    expect(m).toMatchObject({ text: 'Hello', compressed: true, problems: [] });
  });

  it('keeps the window across messages with context takeover (§7.2.3.2)', () => {
    const a = assembler({ deflate: DEFLATE_15 });
    expect(a.push(frame(0x1, hex('f248cdc9c90700'), { rsv1: true }))[0]?.text).toBe('Hello');
    expect(a.push(frame(0x1, hex('f200110000'), { rsv1: true }))[0]?.text).toBe('Hello');
  });

  it("uses the sender's no_context_takeover: the server's flag does not affect client messages", () => {
    const params = { ...DEFLATE_15, serverNoContextTakeover: true };
    const client = assembler({ deflate: params, role: 'client' });
    client.push(frame(0x1, hex('f248cdc9c90700'), { rsv1: true }));
    expect(client.push(frame(0x1, hex('f200110000'), { rsv1: true }))[0]?.problems).toEqual([]);
    const server = assembler({ deflate: params, role: 'server' });
    server.push(frame(0x1, hex('f248cdc9c90700'), { rsv1: true }));
    const m = server.push(frame(0x1, hex('f200110000'), { rsv1: true }))[0] as AssembledMessage;
    expect(codes(m)).toEqual(['message.inflate-failed']);
  });

  it('an uncompressed message between compressed ones is passed through', () => {
    const a = assembler({ deflate: DEFLATE_15 });
    a.push(frame(0x1, hex('f248cdc9c90700'), { rsv1: true }));
    expect(a.push(frame(0x1, utf8('plain')))[0]).toMatchObject({ text: 'plain', compressed: false });
    expect(a.push(frame(0x1, hex('f200110000'), { rsv1: true }))[0]?.text).toBe('Hello');
  });

  it('reports RSV1 on a continuation frame', () => {
    const f1 = frame(0x1, hex('f248cd'), { rsv1: true, fin: false });
    const f2 = frame(0x0, hex('c9c90700'), { rsv1: true });
    const m = run(assembler({ deflate: DEFLATE_15 }), [f1, f2])[0] as AssembledMessage;
    expect(m.text).toBe('Hello');
    expect(m.problems).toEqual([
      {
        code: 'frame.rsv-without-extension',
        message: `rsv1 set on continuation frame ${f2.id}; permessage-deflate marks only a message's first frame (rfc 7692 §6.1)`,
        frameId: f2.id,
      },
    ]);
  });

  it('reports RSV1 on a control frame', () => {
    const f = frame(0x9, new Uint8Array(0), { rsv1: true });
    expect(codes(run(assembler({ deflate: DEFLATE_15 }), [f])[0] as AssembledMessage)).toEqual([
      'frame.rsv-without-extension',
    ]);
  });

  it("keeps the raw payload and reports zlib's message when inflation fails", () => {
    const f = frame(0x1, hex('ff00'), { rsv1: true }); // BTYPE=11 (reserved)
    const m = run(assembler({ deflate: DEFLATE_15 }), [f])[0] as AssembledMessage;
    expect(m).toMatchObject({ payload: hex('ff00'), compressed: true, text: null });
    expect(m.problems).toEqual([
      {
        code: 'message.inflate-failed',
        message: 'inflate failed: invalid block type; raw payload kept',
        frameId: f.id,
      },
    ]);
  });

  it('says the window was lost when a later message depends on a failed one', () => {
    const a = assembler({ deflate: DEFLATE_15 });
    a.push(frame(0x1, hex('ff00'), { rsv1: true }));
    const m = a.push(frame(0x1, hex('f200110000'), { rsv1: true }))[0] as AssembledMessage;
    expect(m.problems[0]?.message).toBe(
      'inflate failed: invalid distance too far back (the compression window was lost after an earlier problem in this direction, so back-references cannot be resolved); raw payload kept',
    );
  });

  it('does not inflate past a gap: only the part before the missing bytes', () => {
    // Stored block "Hello", but the frame lost its last bytes: only "He" was captured.
    const f = frame(0x1, hex('000500faff4865'), { rsv1: true, complete: false, payloadLength: 11 });
    const m = run(assembler({ deflate: DEFLATE_15 }), [f])[0] as AssembledMessage;
    expect(m).toMatchObject({ text: 'He', complete: false });
    expect(m.problems).toEqual([
      {
        code: 'message.inflate-failed',
        message: `compressed payload has bytes missing in frame ${f.id}; inflated only the 2 bytes before the gap`,
        frameId: f.id,
      },
    ]);
  });

  it('cuts an inflated message at maxMessageSize (deflate bomb) and keeps the prefix', () => {
    const send = deflateSender();
    const f = frame(0x2, send(new Uint8Array(100_000)), { rsv1: true });
    const m = run(assembler({ deflate: DEFLATE_15, maxMessageSize: 1000 }), [f])[0] as AssembledMessage;
    expect(m.payload.length).toBe(1000);
    expect(m.complete).toBe(false);
    expect(m.problems).toEqual([
      {
        code: 'message.too-large',
        message: 'message inflates to more than the 1000-byte limit (possible deflate bomb); kept the first 1000 bytes',
        frameId: f.id,
      },
    ]);
  });

  it('does not blame a code point split by the inflate limit', () => {
    // 999 "a" then "€" (e2 82 ac): the 1000-byte limit falls inside the euro sign.
    const plain = utf8(`${'a'.repeat(999)}€`);
    const f = frame(0x1, deflateSender()(plain), { rsv1: true });
    const m = run(assembler({ deflate: DEFLATE_15, maxMessageSize: 1000 }), [f])[0] as AssembledMessage;
    expect(codes(m)).toEqual(['message.too-large']);
  });

  it('cuts a message at maxMessageSize on the wire', () => {
    const f1 = frame(0x2, new Uint8Array(600), { fin: false });
    const f2 = frame(0x0, new Uint8Array(600));
    const m = run(assembler({ maxMessageSize: 1000 }), [f1, f2])[0] as AssembledMessage;
    expect(m).toMatchObject({ wireLength: 1200, complete: false });
    expect(m.payload.length).toBe(1000);
    expect(m.problems).toEqual([
      {
        code: 'message.too-large',
        message: `message reaches 1200 bytes on the wire at frame ${f2.id}, over the 1000-byte limit; kept the first 1000`,
        frameId: f2.id,
      },
    ]);
  });

  it('lists the first maxMessageFrameIds frame ids, still ends on the last frame, and says so', () => {
    const frames = [0, 1, 2, 3, 4].map((i) => frame(i === 0 ? 0x1 : 0x0, utf8(`${i}`), { fin: i === 4 }));
    const m = run(assembler({ maxMessageFrameIds: 3 }), frames)[0] as AssembledMessage;
    expect(m.frameIds).toEqual(frames.slice(0, 3).map((f) => f.id));
    expect(m).toMatchObject({ complete: true, text: '01234' });
    expect(m.problems).toEqual([
      {
        code: 'limit.message-frames-unlisted',
        message: 'message of 5 frames lists the ids of its first 3 only; every frame still names its message',
        frameId: frames[4]?.id,
      },
    ]);
  });

  it('an unfinished message past the listed ids counts all its frames and names the last', () => {
    const frames = [0, 1, 2, 3].map((i) => frame(i === 0 ? 0x1 : 0x0, utf8('x'), { fin: false }));
    const m = run(assembler({ maxMessageFrameIds: 2 }), frames)[0] as AssembledMessage;
    const incomplete = m.problems.find((p) => p.code === 'message.incomplete');
    expect(incomplete).toEqual({
      code: 'message.incomplete',
      message: 'fragmented message never finished: 4 frames seen, none with fin set',
      frameId: frames[3]?.id,
    });
  });

  it('without deflate negotiated, an RSV1 message is kept raw and not marked compressed', () => {
    const m = run(assembler({ deflate: null }), [
      frame(0x2, hex('f248cdc9c90700'), { rsv1: true }),
    ])[0] as AssembledMessage;
    expect(m).toMatchObject({ compressed: false, payload: hex('f248cdc9c90700'), problems: [] });
  });

  it('without a handshake, tries default permessage-deflate and explains a failure', () => {
    const a = assembler({ deflate: null, extensionsKnown: false });
    // A self-contained message inflates.
    expect(a.push(frame(0x1, hex('f248cdc9c90700'), { rsv1: true }))[0]).toMatchObject({
      text: 'Hello',
      compressed: true,
    });
    // A message from mid-stream referring to an unseen earlier message cannot.
    const b = assembler({ deflate: null, extensionsKnown: false });
    const m = b.push(frame(0x1, hex('f200110000'), { rsv1: true }))[0] as AssembledMessage;
    expect(m.problems[0]?.message).toBe(
      'inflate failed: invalid distance too far back (no handshake in the capture: assumed permessage-deflate with a 15-bit window; the capture may have started after messages this one refers back to); raw payload kept',
    );
  });

  it('gives the same message however a compressed message is fragmented', () => {
    const plain = utf8('fragment me: ' + 'x€y'.repeat(50));
    const wire = deflateSender()(plain);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: wire.length - 1 }), { maxLength: 8 }), (cuts) => {
        const at = [0, ...cuts.sort((x, y) => x - y), wire.length];
        const frames = at
          .slice(1)
          .map((end, i) =>
            frame(i === 0 ? 0x1 : 0x0, wire.subarray(at[i], end), { rsv1: i === 0, fin: end === wire.length }),
          );
        const m = run(assembler({ deflate: DEFLATE_15 }), frames);
        expect(m).toHaveLength(1);
        expect(m[0]?.payload).toEqual(plain);
        expect(m[0]?.problems).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('robustness (python-websockets fuzzing contract)', () => {
  it('never throws on arbitrary frames and reports only registered codes', () => {
    const arbFrame = fc.record({
      fin: fc.boolean(),
      rsv1: fc.boolean(),
      opcode: fc.integer({ min: 0, max: 15 }),
      payload: fc.uint8Array({ maxLength: 64 }),
      complete: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbFrame, { maxLength: 20 }), fc.boolean(), fc.boolean(), (frames, withDeflate, known) => {
        const a = assembler({ deflate: withDeflate ? DEFLATE_15 : null, extensionsKnown: known, maxMessageSize: 100 });
        const messages = run(
          a,
          frames.map((f) =>
            frame(f.opcode, f.payload, { ...f, payloadLength: f.payload.length + (f.complete ? 0 : 5) }),
          ),
        );
        for (const m of messages) {
          for (const p of m.problems) expect(isFindingCode(p.code)).toBe(true);
          expect(m.payload.length).toBeLessThanOrEqual(100);
        }
        // Every frame lands in exactly one message.
        expect(messages.flatMap((m) => m.frameIds).sort((x, y) => x - y)).toEqual(
          [...new Set(messages.flatMap((m) => m.frameIds))].sort((x, y) => x - y),
        );
        expect(messages.reduce((n, m) => n + m.frameIds.length, 0)).toBe(frames.length);
      }),
      { numRuns: 300 },
    );
  });
});
