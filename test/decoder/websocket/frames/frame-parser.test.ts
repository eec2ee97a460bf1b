import { describe, expect, it } from 'vitest';
import {
  codes,
  concat,
  frame,
  hexBytes,
  makeParser,
  randomBytes,
  run,
  runAllChunkings,
  text,
  toHex,
} from './helpers.js';

const KEY = [0x37, 0xfa, 0x21, 0x3d];

describe('RFC 6455 §5.7 examples', () => {
  it('parses a single-frame unmasked text message "Hello"', () => {
    // 0x81 0x05 "Hello": FIN, text, unmasked, length 5
    const { frames, events } = runAllChunkings({ direction: 'server' }, [{ bytes: hexBytes('810548656c6c6f') }]);
    expect(events).toEqual([]);
    expect(frames).toHaveLength(1);
    const f = frames[0];
    expect(f).toMatchObject({
      fin: true,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      opcode: 1,
      masked: false,
      maskingKey: null,
      payloadLength: 5,
      lengthForm: 7,
      headerLength: 2,
      streamOffset: 0,
      complete: true,
      payloadDropped: false,
      problems: [],
    });
    expect(toHex(f.header)).toBe('8105');
    expect(new TextDecoder().decode(f.payload)).toBe('Hello');
  });

  it('unmasks a single-frame masked text message "Hello" without touching the input', () => {
    // 0x81 0x85, key 37 fa 21 3d, masked "Hello"
    const wire = hexBytes('818537fa213d7f9f4d5158');
    const p = makeParser({ direction: 'client' });
    p.push(wire, 0);
    const f = p.next()!;
    expect(new TextDecoder().decode(f.payload)).toBe('Hello');
    expect(toHex(f.maskingKey!)).toBe('37fa213d');
    expect(f.headerLength).toBe(6);
    expect(f.problems).toEqual([]);
    expect(toHex(wire)).toBe('818537fa213d7f9f4d5158');
    expect(p.next()).toBeNull();
  });

  it('parses a fragmented unmasked text message "Hel" + "lo"', () => {
    // 0x01 0x03 "Hel" (no FIN, text), 0x80 0x02 "lo" (FIN, continuation)
    const { frames } = runAllChunkings({ direction: 'server' }, [{ bytes: hexBytes('010348656c80026c6f') }]);
    expect(frames.map((f) => [f.fin, f.opcode, new TextDecoder().decode(f.payload), f.streamOffset])).toEqual([
      [false, 1, 'Hel', 0],
      [true, 0, 'lo', 5],
    ]);
  });

  it('parses an unmasked ping and a masked pong, both carrying "Hello"', () => {
    // 0x89 0x05 "Hello" (ping, server side)
    const ping = runAllChunkings({ direction: 'server' }, [{ bytes: hexBytes('890548656c6c6f') }]).frames;
    expect(ping[0]).toMatchObject({ opcode: 9, fin: true, problems: [] });
    expect(new TextDecoder().decode(ping[0].payload)).toBe('Hello');
    // 0x8a 0x85 key 37 fa 21 3d, masked "Hello" (pong, client side)
    const pong = runAllChunkings({ direction: 'client' }, [{ bytes: hexBytes('8a8537fa213d7f9f4d5158') }]).frames;
    expect(pong[0]).toMatchObject({ opcode: 10, masked: true, problems: [] });
    expect(new TextDecoder().decode(pong[0].payload)).toBe('Hello');
  });

  it('reads a 256-byte binary message in the 16-bit length form', () => {
    // 0x82 0x7E 0x0100 then 256 bytes
    const payload = randomBytes(256, 7);
    const wire = concat(hexBytes('827e0100'), payload);
    const { frames } = runAllChunkings({ direction: 'server' }, [{ bytes: wire }]);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ opcode: 2, payloadLength: 256, lengthForm: 16, headerLength: 4, problems: [] });
    expect(toHex(frames[0].payload)).toBe(toHex(payload));
  });

  it('reads a 64 KiB binary message in the 64-bit length form', () => {
    // 0x82 0x7F 0x0000000000010000 then 65536 bytes
    const payload = randomBytes(65536, 8);
    const wire = concat(hexBytes('827f0000000000010000'), payload);
    const { frames } = runAllChunkings({ direction: 'server' }, [{ bytes: wire }]);
    expect(frames[0]).toMatchObject({
      opcode: 2,
      payloadLength: 65536,
      lengthForm: 64,
      headerLength: 10,
      problems: [],
    });
    expect(toHex(frames[0].payload)).toBe(toHex(payload));
  });
});

describe('RFC 6455 §5.3 masking', () => {
  it('unmasks payloads of every length modulo 4, masked 16- and 64-bit forms too', () => {
    for (const n of [1, 2, 3, 4, 5, 31, 32, 33, 127, 1000, 70001]) {
      const payload = randomBytes(n, n);
      const wire = frame({ opcode: 2, mask: [0xde, 0xad, 0xbe, 0xef], payload });
      const p = makeParser({ direction: 'client' });
      p.push(wire, 0);
      const f = p.next()!;
      expect(f.problems).toEqual([]);
      expect(toHex(f.payload)).toBe(toHex(payload));
    }
  });

  it('gives the same payload when the input chunk is at an odd byte offset of its buffer', () => {
    const payload = randomBytes(1001, 3);
    const wire = frame({ opcode: 2, mask: KEY, payload });
    const backing = new Uint8Array(wire.length + 3);
    backing.set(wire, 3);
    const p = makeParser({ direction: 'client' });
    p.push(backing.subarray(3), 0);
    expect(toHex(p.next()!.payload)).toBe(toHex(payload));
    expect(toHex(backing.subarray(3))).toBe(toHex(wire));
  });
});

describe('RFC 6455 §5.1, §5.2, §5.5 checks', () => {
  const one = (
    direction: 'client' | 'server',
    bytes: Uint8Array,
    rsvAllowed: Parameters<typeof makeParser>[0]['rsvAllowed'] = 'unknown',
  ) => runAllChunkings({ direction, rsvAllowed }, [{ bytes }]).frames[0];

  it('reports an unmasked client frame', () => {
    const f = one('client', frame({ opcode: 1, payload: text('hi') }));
    expect(f.problems).toEqual([{ code: 'frame.client-unmasked', message: 'client frame sent with mask bit 0' }]);
    expect(f.complete).toBe(true);
  });

  it('reports a masked server frame', () => {
    const f = one('server', frame({ opcode: 1, mask: KEY, payload: text('hi') }));
    expect(f.problems).toEqual([{ code: 'frame.server-masked', message: 'server frame sent with mask bit 1' }]);
    expect(new TextDecoder().decode(f.payload)).toBe('hi');
  });

  it('reports reserved opcodes 0x3-0x7 and 0xb-0xf by value', () => {
    for (const opcode of [3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf]) {
      const f = one('server', frame({ opcode }));
      expect(f.problems).toContainEqual({
        code: 'frame.reserved-opcode',
        message: `reserved opcode 0x${opcode.toString(16)}`,
      });
    }
    for (const opcode of [0, 1, 2, 8, 9, 10]) expect(codes(one('server', frame({ opcode })))).toEqual([]);
  });

  it('reports a control frame longer than 125 bytes', () => {
    const f = one('server', frame({ opcode: 9, payload: new Uint8Array(126) }));
    expect(f.problems).toEqual([
      {
        code: 'frame.control-too-long',
        message: 'control frame (opcode 0x9) with payload length 126; at most 125 allowed',
      },
    ]);
    expect(f.payload.length).toBe(126);
    expect(codes(one('server', frame({ opcode: 9, payload: new Uint8Array(125) })))).toEqual([]);
  });

  it('reports a fragmented control frame', () => {
    const f = one('server', frame({ opcode: 8, fin: false, payload: hexBytes('03e8') }));
    expect(f.problems).toEqual([
      { code: 'frame.control-fragmented', message: 'control frame (opcode 0x8) with fin 0' },
    ]);
  });

  it('reports lengths not in their shortest form', () => {
    // 0x81 0x7e 0x0005: 5 in the 16-bit form
    const f16 = one('server', concat(hexBytes('817e0005'), text('Hello')));
    expect(f16.problems).toEqual([
      {
        code: 'frame.non-minimal-length',
        message: 'payload length 5 sent in the 16-bit form; the 7-bit form is required',
      },
    ]);
    expect(new TextDecoder().decode(f16.payload)).toBe('Hello');
    const f64 = one('server', frame({ opcode: 2, payload: new Uint8Array(300), lengthForm: 64 }));
    expect(f64.problems).toEqual([
      {
        code: 'frame.non-minimal-length',
        message: 'payload length 300 sent in the 64-bit form; the 16-bit form is required',
      },
    ]);
    const f64small = one('server', frame({ opcode: 2, payload: new Uint8Array(3), lengthForm: 64 }));
    expect(f64small.problems[0].message).toBe('payload length 3 sent in the 64-bit form; the 7-bit form is required');
    // 126 in the 16-bit form and 65536 in the 64-bit form are minimal.
    expect(codes(one('server', frame({ opcode: 2, payload: new Uint8Array(126) })))).toEqual([]);
  });

  it('reports RSV bits only when the negotiation is known and does not allow them', () => {
    const rsv1 = frame({ opcode: 1, rsv: 0b100, payload: text('x') });
    expect(codes(one('server', rsv1, 'unknown'))).toEqual([]);
    expect(codes(one('server', rsv1, { rsv1: true, rsv2: false, rsv3: false }))).toEqual([]);
    expect(one('server', rsv1, { rsv1: false, rsv2: false, rsv3: false }).problems).toEqual([
      { code: 'frame.rsv-without-extension', message: 'rsv1 set without a negotiated extension that defines it' },
    ]);
    const rsv23 = frame({ opcode: 1, rsv: 0b011, payload: text('x') });
    expect(one('server', rsv23, { rsv1: true, rsv2: false, rsv3: false }).problems).toEqual([
      {
        code: 'frame.rsv-without-extension',
        message: 'rsv2, rsv3 set without a negotiated extension that defines them',
      },
    ]);
  });

  it('judges RSV bits by the rsvAllowed it was built with (unknown: no handshake, nothing to judge)', () => {
    const unknown = makeParser({ direction: 'server', rsvAllowed: 'unknown' });
    const none = makeParser({ direction: 'server', rsvAllowed: { rsv1: false, rsv2: false, rsv3: false } });
    unknown.push(frame({ opcode: 1, rsv: 0b100 }), 0);
    none.push(frame({ opcode: 1, rsv: 0b100 }), 0);
    expect(codes(unknown.next()!)).toEqual([]);
    expect(codes(none.next()!)).toEqual(['frame.rsv-without-extension']);
  });

  it('reports a 64-bit length with its top bit set, and loses sync since it cannot be followed', () => {
    // 0x82 0x7f 0x8000000000000005
    const wire = hexBytes('827f8000000000000005 0102030405');
    const { frames, events } = runAllChunkings({ direction: 'server' }, [{ bytes: wire }]);
    expect(frames).toHaveLength(1);
    expect(frames[0].problems).toEqual([
      {
        code: 'frame.length-top-bit',
        message: '64-bit payload length 9223372036854775813 has its most significant bit set',
      },
      {
        code: 'frame.too-large',
        message: 'payload length 9223372036854775813 is beyond 2^53 - 1 and cannot be followed; frame boundaries lost',
      },
    ]);
    expect(frames[0]).toMatchObject({ complete: false, payloadDropped: true, payload: new Uint8Array(0) });
    expect(events).toEqual([
      {
        kind: 'unsynchronized',
        streamOffset: 10,
        code: 'frame.unsynchronized',
        message: 'frame boundaries lost: payload length 9223372036854775813 at stream offset 0 cannot be followed',
      },
    ]);
  });

  it('treats a length of 2^53 (top bit clear) as untrusted too', () => {
    // 0x82 0x7f 0x0020000000000000 = 2^53
    const { frames, events } = run({ direction: 'server' }, [{ bytes: hexBytes('827f0020000000000000') }]);
    expect(codes(frames[0])).toEqual(['frame.too-large']);
    expect(frames[0].problems[0].message).toContain('9007199254740992');
    expect(events.map((e) => e.kind)).toEqual(['unsynchronized']);
  });

  it('follows the largest safe 64-bit length exactly (it is only too large for the limit)', () => {
    // 0x82 0x7f 0x001fffffffffffff = 2^53 - 1
    const { frames, events } = run({ direction: 'server', maxFramePayload: 1000 }, [
      { bytes: hexBytes('827f001fffffffffffff00') },
    ]);
    expect(events).toEqual([]);
    expect(frames[0].payloadLength).toBe(Number.MAX_SAFE_INTEGER);
    expect(codes(frames[0])).toEqual(['frame.too-large', 'frame.incomplete']);
  });
});

describe('frame.too-large: payloads over the limit are skipped, not buffered', () => {
  it('skips the payload by length and parses the next frame', () => {
    const big = frame({ opcode: 2, payload: randomBytes(5000, 1) });
    const next = frame({ opcode: 1, payload: text('after') });
    const { frames, events } = runAllChunkings({ direction: 'server', maxFramePayload: 4096 }, [
      { bytes: concat(big, next) },
    ]);
    expect(events).toEqual([]);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatchObject({
      payloadLength: 5000,
      complete: false,
      payloadDropped: true,
      problems: [
        { code: 'frame.too-large', message: 'payload length 5000 exceeds the limit of 4096 bytes; payload skipped' },
      ],
    });
    expect(frames[0].payload.length).toBe(0);
    expect(frames[1]).toMatchObject({ streamOffset: big.length, complete: true, problems: [] });
    expect(new TextDecoder().decode(frames[1].payload)).toBe('after');
  });

  it('reports a gap inside a skipped frame as incomplete and still finds the next frame', () => {
    const big = frame({ opcode: 2, payload: new Uint8Array(1000) }); // 4-byte header
    const next = frame({ opcode: 1, payload: text('ok') });
    const { frames, events } = runAllChunkings({ direction: 'server', maxFramePayload: 100 }, [
      { bytes: big.subarray(0, 300) },
      { gap: 200 },
      { bytes: concat(big.subarray(500), next) },
    ]);
    expect(events).toEqual([]);
    expect(frames[0].problems).toEqual([
      { code: 'frame.too-large', message: 'payload length 1000 exceeds the limit of 100 bytes; payload skipped' },
      {
        code: 'frame.incomplete',
        message: 'frame cut by a gap at stream offset 300: 296 of 1000 payload bytes went by (not kept)',
      },
    ]);
    expect(frames[1]).toMatchObject({ streamOffset: 1004, complete: true, problems: [] });
  });

  it('emits a too-large frame only once its last byte went by', () => {
    const p = makeParser({ direction: 'server', maxFramePayload: 10 });
    const big = frame({ opcode: 2, payload: new Uint8Array(100) });
    p.push(big.subarray(0, 50), 0);
    expect(p.next()).toBeNull();
    p.push(big.subarray(50), 50);
    expect(p.next()!.payloadLength).toBe(100);
  });
});

describe('gaps (bytes missing from the TCP stream)', () => {
  it('cuts a frame at a gap inside its payload, keeps the captured prefix, resumes at the next frame', () => {
    const payload = text('0123456789abcdefghij'); // 20 bytes
    const first = frame({ opcode: 1, mask: KEY, payload }); // 6-byte header
    const second = frame({ opcode: 1, mask: KEY, payload: text('next') });
    // captured: header + 8 payload bytes, gap of 5, last 7 payload bytes, then the second frame
    const { frames, events } = runAllChunkings({ direction: 'client' }, [
      { bytes: first.subarray(0, 14) },
      { gap: 5 },
      { bytes: concat(first.subarray(19), second) },
    ]);
    expect(events).toEqual([]);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatchObject({ payloadLength: 20, complete: false, streamOffset: 0 });
    expect(new TextDecoder().decode(frames[0].payload)).toBe('01234567');
    expect(frames[0].problems).toEqual([
      { code: 'frame.incomplete', message: 'frame cut by a gap at stream offset 14: payload shown up to byte 8 of 20' },
    ]);
    expect(frames[1]).toMatchObject({ streamOffset: 26, complete: true, problems: [] });
    expect(new TextDecoder().decode(frames[1].payload)).toBe('next');
  });

  it('stays synchronized when a gap ends exactly at the frame end', () => {
    const first = frame({ opcode: 2, payload: new Uint8Array(10) });
    const second = frame({ opcode: 2, payload: hexBytes('aabb') });
    const { frames, events } = runAllChunkings({ direction: 'server' }, [
      { bytes: first.subarray(0, 5) },
      { gap: 7 },
      { bytes: second },
    ]);
    expect(events).toEqual([]);
    expect(frames.map((f) => [f.complete, toHex(f.payload)])).toEqual([
      [false, '000000'],
      [true, 'aabb'],
    ]);
  });

  it('treats a push beyond the expected offset as a gap', () => {
    const first = frame({ opcode: 2, payload: new Uint8Array(10) });
    const second = frame({ opcode: 2, payload: hexBytes('cc') });
    const p = makeParser({ direction: 'server' });
    p.push(first.subarray(0, 4), 100);
    p.push(second, 100 + first.length);
    expect(p.next()).toMatchObject({ streamOffset: 100, complete: false });
    expect(p.next()).toMatchObject({ streamOffset: 112, complete: true });
    // Still synchronized: the gap was inside a payload of known length, so no loss of sync.
    expect(p.takeStreamEvents()).toEqual([]);
  });

  it('ignores bytes pushed again (retransmitted prefix)', () => {
    const wire = frame({ opcode: 1, payload: text('abcdef') });
    const p = makeParser({ direction: 'server' });
    p.push(wire.subarray(0, 5), 0);
    p.push(wire.subarray(0, 8), 0);
    expect(toHex(p.next()!.payload)).toBe(toHex(text('abcdef')));
  });

  it('loses sync on a gap inside a header, reports it once, and re-synchronises on four good frames', () => {
    const before = frame({ opcode: 1, mask: KEY, payload: text('before') });
    const cut = frame({ opcode: 1, mask: KEY, payload: text('lost frame') });
    const after = [1, 2, 3, 4].map((i) => frame({ opcode: 1, mask: [i, i, i, i], payload: text(`after ${i}`) }));
    // header of `cut` is missing after its first byte: 1 byte captured, then a gap of 3
    const steps = [
      { bytes: concat(before, cut.subarray(0, 1)) },
      { gap: 3 },
      { bytes: concat(cut.subarray(4), ...after) },
    ];
    const { frames, events } = runAllChunkings({ direction: 'client' }, steps);
    const lostAt = before.length + 1;
    const resyncAt = before.length + cut.length;
    expect(events).toEqual([
      {
        kind: 'unsynchronized',
        streamOffset: lostAt,
        code: 'frame.unsynchronized',
        message: `frame boundaries lost: a gap of 3 bytes at stream offset ${lostAt} hides a frame header`,
      },
      {
        kind: 'resynchronized',
        streamOffset: resyncAt,
        skippedBytes: resyncAt - lostAt,
        message: `frame boundaries found again at stream offset ${resyncAt} after ${resyncAt - lostAt} undecoded bytes`,
      },
    ]);
    expect(frames.map((f) => [f.streamOffset, f.complete, new TextDecoder().decode(f.payload)])).toEqual([
      [0, true, 'before'],
      [before.length, false, ''],
      [resyncAt, true, 'after 1'],
      [resyncAt + after[0].length, true, 'after 2'],
      [resyncAt + 2 * after[0].length, true, 'after 3'],
      [resyncAt + 3 * after[0].length, true, 'after 4'],
    ]);
    // The partial header frame keeps its one captured byte and only the fields inside it.
    expect(toHex(frames[1].header)).toBe('81');
    expect(frames[1].fields.map((x) => x.key)).toEqual([
      'websocket.fin',
      'websocket.rsv1',
      'websocket.rsv2',
      'websocket.rsv3',
      'websocket.opcode',
    ]);
    expect(frames[1].problems).toEqual([
      {
        code: 'frame.incomplete',
        message: `frame header cut by a gap at stream offset ${lostAt}: 1 of at least 2 header bytes captured`,
      },
    ]);
  });

  it('loses sync when a gap runs past the end of the frame it cuts', () => {
    const a = frame({ opcode: 2, payload: new Uint8Array(10) });
    const { frames, events } = run({ direction: 'server' }, [
      { bytes: a.subarray(0, 6) },
      { gap: 20 },
      { bytes: randomBytes(3, 1) },
    ]);
    expect(frames[0]).toMatchObject({ complete: false, payload: new Uint8Array(4) });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'unsynchronized', streamOffset: 12 });
    expect(events[0].message).toBe(
      'frame boundaries lost: a gap of 20 bytes at stream offset 6 runs past the frame end at 12',
    );
  });

  it('re-synchronises at the end of the stream on two complete frames', () => {
    const frames2 = [frame({ opcode: 2, payload: hexBytes('0102') }), frame({ opcode: 2, payload: hexBytes('0304') })];
    // 0xff junk (reserved opcode 0xf) cannot start a chain
    const { frames, events } = runAllChunkings({ direction: 'server', synchronized: false }, [
      { bytes: concat(hexBytes('ffff'), ...frames2) },
    ]);
    expect(events.map((e) => [e.kind, e.streamOffset])).toEqual([['resynchronized', 2]]);
    expect(frames.map((f) => toHex(f.payload))).toEqual(['0102', '0304']);
  });

  it('never re-synchronises on random bytes', () => {
    for (const seed of [99, 100, 101, 102, 103, 104, 105, 106]) {
      for (const direction of ['client', 'server'] as const) {
        const noise = randomBytes(50_000, seed);
        const { frames, events } = run({ direction, synchronized: false }, [{ bytes: noise }]);
        expect(events).toEqual([]);
        expect(frames).toEqual([]);
      }
    }
  });

  it('keeps hunting memory bounded while fed a long run of junk', () => {
    const p = makeParser({ direction: 'server', synchronized: false });
    const junk = new Uint8Array(64 * 1024).fill(0xff);
    for (let i = 0; i < 64; i++) p.push(junk, i * junk.length);
    // Still hunting: no frame and no resynchronisation came out of the junk.
    expect(p.next()).toBeNull();
    expect(p.takeStreamEvents()).toEqual([]);
    // 4 MiB of junk went in; the hunting buffer holds what no candidate has been ruled out for.
    expect((p as unknown as { hunter: { capacity: number } }).hunter.capacity).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('end of stream', () => {
  it('emits a frame cut by the end with only the captured payload', () => {
    const wire = frame({ opcode: 1, mask: KEY, payload: text('Hello world') });
    const { frames } = runAllChunkings({ direction: 'client' }, [{ bytes: wire.subarray(0, 10) }]);
    expect(frames).toHaveLength(1);
    expect(new TextDecoder().decode(frames[0].payload)).toBe('Hell');
    expect(frames[0].problems).toEqual([
      { code: 'frame.incomplete', message: 'frame cut by the end of the stream: payload shown up to byte 4 of 11' },
    ]);
  });

  it('emits a header cut by the end with the fields it has', () => {
    // 0x82 0x7e 0x01: 16-bit length form, one length byte missing
    const { frames } = runAllChunkings({ direction: 'server' }, [{ bytes: hexBytes('827e01') }]);
    expect(frames[0]).toMatchObject({ complete: false, lengthForm: 16, headerLength: 4, payloadLength: 0 });
    expect(frames[0].fields.map((x) => x.key)).toContain('websocket.payload_length');
    expect(frames[0].fields.map((x) => x.key)).not.toContain('websocket.payload_length_ext16');
    expect(frames[0].problems[0].message).toBe(
      'frame header cut by the end of the stream: 3 of 4 header bytes captured',
    );
  });

  it('emits nothing more on an end at a frame boundary', () => {
    const { frames } = run({ direction: 'server' }, [{ bytes: frame({ opcode: 1 }) }]);
    expect(frames).toHaveLength(1);
  });
});

describe('chunking invariance', () => {
  it('gives identical frames for a long mixed stream whole, byte by byte and in random splits', () => {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) {
      const n = [0, 1, 5, 125, 126, 127, 300, 65535, 65536][i % 9];
      parts.push(
        frame({
          opcode: i % 5 === 4 ? 9 : 2,
          mask: [i, 2 * i, 3 * i, 255 - i],
          payload: randomBytes(i % 5 === 4 ? 3 : n, i + 1),
        }),
      );
    }
    const steps = [{ bytes: concat(...parts) }];
    // runAllChunkings throws if any chunking disagrees; byte-by-byte is skipped above 20 kB, so
    // also check a small prefix of the stream byte by byte.
    const all = runAllChunkings({ direction: 'client' }, steps);
    expect(all.frames).toHaveLength(40);
    expect(all.frames.every((f) => f.complete && f.problems.length === 0)).toBe(true);
    runAllChunkings({ direction: 'client' }, [{ bytes: concat(...parts.slice(0, 6)) }]);
  });

  it('gives identical results with gaps and resynchronisation in random splits', () => {
    const parts = Array.from({ length: 30 }, (_, i) => frame({ opcode: 1, payload: randomBytes(i * 7, i) }));
    const stream = concat(...parts);
    const steps = [
      { bytes: stream.subarray(0, 500) },
      { gap: 37 },
      { bytes: stream.subarray(537, 1500) },
      { gap: 1 },
      { bytes: stream.subarray(1501) },
    ];
    const r = runAllChunkings({ direction: 'server' }, steps);
    expect(r.frames.length).toBeGreaterThan(20);
  });
});
