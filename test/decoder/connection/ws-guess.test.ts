// The WebSocket guess on a connection captured without its start (ws-guess.ts): frames must earn
// the verdict. Frames are written by the test's frame writer (RFC 6455 §5.2), not the parser.
import { describe, expect, it } from 'vitest';
import { guessWebSocket } from '../../../src/decoder/connection/ws-guess.js';
import { frame, text } from '../../helpers/frame-writer.js';
import { concat } from '../../helpers/pcap-writer.js';

const MASK = [0x37, 0xfa, 0x21, 0x3d];
const client = (opcode: number, payload: Uint8Array) => frame({ opcode, payload, mask: MASK });
const server = (opcode: number, payload: Uint8Array) => frame({ opcode, payload });
const side = (bytes: Uint8Array, boundaries: number[] = []) => ({ bytes, boundaries });
const none = side(new Uint8Array(0));
const close1001 = Uint8Array.of(0x03, 0xe9);

describe('confidence of a WebSocket guess', () => {
  it('high: text both ways, valid UTF-8, client masked and server not', () => {
    const g = guessWebSocket(
      side(concat(client(1, text('hi')), client(1, text('how are you')))),
      side(concat(server(1, text('hello')), server(1, text('fine')))),
    );
    expect(g.guess.confidence).toBe('high');
    expect(g.guess.validated).toBe(4);
    expect(g.clientSide).toBe('a');
  });

  it('medium: one close frame each way with code 1001 (the tail of a connection)', () => {
    const g = guessWebSocket(side(server(8, close1001)), side(client(8, close1001)));
    expect(g.guess.confidence).toBe('medium');
    expect(g.clientSide).toBe('b');
  });

  it('low: two binary frames prove little; a run of zeros (empty continuations) proves nothing', () => {
    const two = guessWebSocket(side(concat(server(2, text('ab')), server(2, text('cd')))), none);
    expect(two.guess.confidence).toBe('low');
    expect(guessWebSocket(side(new Uint8Array(4096)), side(new Uint8Array(4096))).guess.confidence).toBe('low');
  });

  it('low: both directions masked alike, or a text payload that is not UTF-8', () => {
    const masked = concat(client(1, text('one')), client(1, text('two')), client(1, text('three')));
    expect(guessWebSocket(side(masked), side(masked)).guess.reason).toMatch(/masked alike/);
    const bad = concat(server(1, Uint8Array.of(0xc3, 0x28)), server(1, text('ok')), server(1, text('ok')));
    expect(guessWebSocket(side(bad), none).guess.confidence).toBe('low');
  });

  it('a side that began inside a frame is framed from its next segment start, not a byte search', () => {
    const tail = Uint8Array.of(0x41, 0x42, 0x43); // the end of a frame sent before the capture
    const frames = concat(server(1, text('one')), server(1, text('two')), server(1, text('three')));
    const a = concat(tail, frames);
    const found = guessWebSocket(side(a, [3]), none);
    expect(found.offsets.a).toBe(3);
    expect(found.guess.confidence).toBe('high');
    // Without a segment start at 3, nothing is searched for: 'A' 'B' reads as the start of a
    // 66-byte frame that never completes, which is no evidence.
    expect(guessWebSocket(side(a, []), none).guess.confidence).toBe('low');
  });
});
