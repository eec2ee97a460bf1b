// The frame parser and the heuristic on real traffic from fixtures/shared (python-websockets and
// raw-socket captures); expected values come from the capture's oracle (tshark) and intent files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../../../src/decoder/records.js';
import { scoreWebSocketStream } from '../../../../src/decoder/websocket/frames/index.js';
import { type Intent, SHARED_FIXTURES, sha256 } from '../../../helpers/intent.js';
import { afterHttpHead, readTcpStreams } from '../../../helpers/pcap-reader.js';
import { hexBytes, makeParser, run, runAllChunkings, toHex } from './helpers.js';

interface OracleFrame {
  srcport: number;
  dstport: number;
  fin: boolean;
  opcode: number;
  mask: boolean;
  masking_key: string | null;
  payload_unmasked: { length: number; sha256: string } | null;
}

function load(name: string) {
  const oracle = JSON.parse(readFileSync(join(SHARED_FIXTURES, `${name}.oracle.json`), 'utf8'));
  const streams = readTcpStreams(join(SHARED_FIXTURES, name));
  return { oracle, streams };
}

function parseAll(bytes: Uint8Array, direction: Direction) {
  const p = makeParser({ direction });
  p.push(bytes, 0);
  p.end();
  const frames = [];
  for (let f = p.next(); f !== null; f = p.next()) frames.push(f);
  return frames;
}

describe.each([
  ['01_pyws_text_echo.pcap', 51234, 18001],
  ['04_fragments_ping_pong_close_codes.pcap', 54948, 18004],
])('frames of %s match tshark', (name, clientPort, serverPort) => {
  const { oracle, streams } = load(name);
  for (const [direction, src, dst] of [
    ['client', clientPort, serverPort],
    ['server', serverPort, clientPort],
  ] as const) {
    it(`parses every ${direction} frame like tshark`, () => {
      const bytes = afterHttpHead(streams.get(src, dst));
      const expected = (oracle.websocket_frames as OracleFrame[]).filter((f) => f.srcport === src && f.dstport === dst);
      const frames = runAllChunkings({ direction }, [{ bytes }]).frames;
      expect(
        frames.map((f) => ({
          fin: f.fin,
          opcode: f.opcode,
          mask: f.masked,
          key: f.maskingKey === null ? null : toHex(f.maskingKey),
          length: f.payloadLength,
          sha256: sha256(f.payload),
          problems: f.problems,
        })),
      ).toEqual(
        expected.map((f) => ({
          fin: f.fin,
          opcode: f.opcode,
          mask: f.mask,
          key: f.mask ? f.masking_key : null,
          length: f.payload_unmasked?.length ?? 0,
          sha256: f.payload_unmasked?.sha256 ?? sha256(new Uint8Array(0)),
          problems: [],
        })),
      );
    });
  }
});

describe('04: re-synchronising on real traffic after a gap hides a header', () => {
  const { oracle, streams } = load('04_fragments_ping_pong_close_codes.pcap');
  const expected = (oracle.websocket_frames as OracleFrame[]).filter((f) => f.srcport === 54948 && f.dstport === 18004);
  // Frame boundaries from tshark's lengths: header = 2 (+2 or +8 extended length) + 4 (key).
  const starts: number[] = [0];
  for (const f of expected) {
    const n = f.payload_unmasked?.length ?? 0;
    starts.push(starts[starts.length - 1] + 2 + (n > 65535 ? 8 : n > 125 ? 2 : 0) + (f.mask ? 4 : 0) + n);
  }

  it('loses sync, finds the next frame boundary, and decodes the rest like tshark', () => {
    const bytes = afterHttpHead(streams.get(54948, 18004));
    expect(bytes.length).toBe(starts[starts.length - 1]);
    // Gap over the header of frame 3 (0-based) and a few payload bytes.
    const at = starts[3] + 1;
    const { frames, events } = runAllChunkings({ direction: 'client' }, [
      { bytes: bytes.subarray(0, at) },
      { gap: 5 },
      { bytes: bytes.subarray(at + 5) },
    ]);
    expect(events.map((e) => [e.kind, e.streamOffset])).toEqual([
      ['unsynchronized', at],
      ['resynchronized', starts[4]],
    ]);
    const after = frames.filter((f) => f.streamOffset >= starts[4]);
    expect(after.map((f) => [f.streamOffset, sha256(f.payload)])).toEqual(
      expected.slice(4).map((f, i) => [starts[4 + i], f.payload_unmasked?.sha256 ?? sha256(new Uint8Array(0))]),
    );
  });
});

describe('05_pyws_large_binary.pcap: every length form', () => {
  const { oracle, streams } = load('05_pyws_large_binary.pcap');
  // The oracle file carries a copy of the capture's intent.
  const intent = (oracle.intent as Intent).connections[0].messages;

  it('reads 0, 1, 125, 126, 127, 65535, 65536 and 1 MiB + 3 byte client frames, unmasking all of them', () => {
    const frames = parseAll(afterHttpHead(streams.get(46144, 18005)), 'client').filter((f) => f.opcode === 2);
    const c2s = intent.filter((m) => m.dir === 'c2s');
    expect(frames.map((f) => [f.payloadLength, sha256(f.payload)])).toEqual(c2s.map((m) => [m.length, m.sha256]));
    expect(frames.map((f) => f.lengthForm)).toEqual([7, 7, 7, 16, 16, 16, 64, 64]);
  });

  it('skips the 1 MiB frame under a 64 KiB limit and stays in step', () => {
    const bytes = afterHttpHead(streams.get(46144, 18005));
    const { frames, events } = run({ direction: 'client', maxFramePayload: 65536 }, [{ bytes }]);
    expect(events).toEqual([]);
    expect(frames.map((f) => f.problems.map((p) => p.code))).toEqual([
      [],
      [],
      [],
      [],
      [],
      [],
      [],
      ['frame.too-large'],
      [],
    ]);
    expect(frames[8].opcode).toBe(8);
  });
});

describe('10e_tcp_lost_segment.pcap: a segment lost inside a 20 KB frame', () => {
  const { oracle, streams } = load('10e_tcp_lost_segment.pcap');
  const intent = (oracle.intent as Intent).connections[0];

  it('cuts only that frame and decodes every frame after it', () => {
    const steps = streams.steps(18100, 38018);
    expect(steps.filter((s) => 'gap' in s)).toHaveLength(1);
    const head = steps.shift() as { bytes: Uint8Array };
    const { frames, events } = runAllChunkings({ direction: 'server' }, [
      { bytes: afterHttpHead(head.bytes) },
      ...steps,
    ]);
    expect(events).toEqual([]);
    const expected = [
      ...intent.messages,
      ...intent.control.map((c) => ({ ...c, sha256: sha256(hexBytes(c.hex)) })),
    ].filter((m) => m.dir === 's2c');
    expect(frames.map((f) => [f.opcode, f.payloadLength, f.complete])).toEqual(
      expected.map((m) => [m.opcode, m.length, m.length !== 19972]),
    );
    frames.forEach((f, i) => {
      if (f.complete) expect(sha256(f.payload)).toBe(expected[i].sha256);
    });
    const cut = frames[1];
    expect(cut.problems.map((p) => p.code)).toEqual(['frame.incomplete']);
    expect(cut.payload.length).toBeLessThan(19972);
  });
});

describe('scoreWebSocketStream (capture started mid-connection)', () => {
  it('finds both directions of a real connection plausible, with their masking', () => {
    const { streams } = load('01_pyws_text_echo.pcap');
    const c2s = afterHttpHead(streams.get(51234, 18001));
    const s2c = afterHttpHead(streams.get(18001, 51234));
    expect(scoreWebSocketStream(c2s)).toEqual({ frames: 8, masked: true, plausible: true });
    expect(scoreWebSocketStream(s2c)).toEqual({ frames: 8, masked: false, plausible: true });
  });

  it('finds a stream that starts at a later frame boundary plausible, and one cut mid-frame too', () => {
    const { streams } = load('04_fragments_ping_pong_close_codes.pcap');
    const c2s = afterHttpHead(streams.get(54948, 18004));
    expect(scoreWebSocketStream(c2s).plausible).toBe(true);
    // first frame: 0x01 0x83 key + "Hel" = 9 bytes
    expect(scoreWebSocketStream(c2s.subarray(9)).plausible).toBe(true);
    // A capture whose end cuts a frame short is still plausible.
    const r = scoreWebSocketStream(c2s.subarray(0, c2s.length - 3));
    expect(r.plausible).toBe(true);
  });

  it('finds the HTTP handshake text implausible', () => {
    const { streams } = load('01_pyws_text_echo.pcap');
    expect(scoreWebSocketStream(streams.get(51234, 18001)).plausible).toBe(false); // "GET /echo HTTP/1.1"
    expect(scoreWebSocketStream(streams.get(18001, 51234)).plausible).toBe(false); // "HTTP/1.1 101 …"
  });
});
