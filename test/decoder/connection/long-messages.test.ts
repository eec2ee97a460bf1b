// RFC 6455 §5.4 puts no limit on the number of fragments of a message: one of a million one-byte
// fragments must decode (in linear time: bench/fragments.mjs compares 100k with 1M), and so must
// a run of zero bytes, which reads as empty continuation frames without FIN (0x00 0x00).
import { describe, expect, it } from 'vitest';
import { CaptureSession, type DecoderEvent, type MessageRecord } from '../../../src/decoder/index.js';
import { fragmentByte, fragmentedMessageCapture } from '../../helpers/fragments.js';
import { wsCapture } from '../../helpers/ws-capture.js';

/** Decode without keeping frame records (a million of them is memory, not the point here). */
function decode(capture: Uint8Array): { frames: number; framesWithMessage: number; messages: MessageRecord[] } {
  const session = new CaptureSession({ frameFields: false });
  const out = { frames: 0, framesWithMessage: 0, messages: [] as MessageRecord[] };
  const take = (events: DecoderEvent[]) => {
    for (const e of events) {
      if (e.kind === 'frame') out.frames++;
      else if (e.kind === 'message') out.messages.push(e.message);
    }
  };
  session.pushAndDrain(capture, take);
  session.end();
  take(session.drain());
  return out;
}

describe('messages of very many fragments (RFC 6455 §5.4)', () => {
  it('a text message of 1,000,000 one-byte fragments decodes whole', () => {
    const n = 1_000_000;
    const { frames, messages } = decode(fragmentedMessageCapture(n));
    expect(frames).toBe(n);
    expect(messages).toHaveLength(1);
    const m = messages[0] as MessageRecord;
    expect(m.type).toBe('text');
    expect(m.complete).toBe(true);
    expect(m.frameIds).toHaveLength(n);
    expect(m.payload.length).toBe(n);
    // Spot checks against the generator's byte for fragment i.
    for (const i of [0, 1, 25, 26, 499_999, n - 1]) expect(m.payload[i]).toBe(fragmentByte(i));
    expect(m.text?.slice(0, 28)).toBe('abcdefghijklmnopqrstuvwxyzab');
  }, 120_000);

  it('2 MiB of zero bytes after the 101: 1,048,576 empty continuations, one unfinished message', () => {
    const zeros = new Uint8Array(2 * 1024 * 1024);
    const capture = wsCapture((c) => c.send('server', zeros, { segmentSize: 60_000 }));
    const { frames, messages } = decode(capture);
    // 0x00 0x00: FIN clear, opcode 0 (continuation), unmasked, length 0; two bytes per frame.
    expect(frames).toBe(zeros.length / 2);
    expect(messages).toHaveLength(1);
    const m = messages[0] as MessageRecord;
    expect(m.frameIds).toHaveLength(zeros.length / 2);
    expect(m.complete).toBe(false);
    expect(m.findings).toContain('message.orphan-continuation');
    expect(m.findings).toContain('message.incomplete');
  }, 120_000);
});
