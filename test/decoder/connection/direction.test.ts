// One direction's frames → messages (RFC 6455 §5.4 fragmentation, §5.5 control frames in between),
// the records' numbering and counters, and the session-level stream findings.
import { describe, expect, it } from 'vitest';
import {
  BINARY,
  CONTINUATION,
  clientFrame,
  concat,
  opened,
  PING,
  serverFrame,
  switching,
  TEXT,
  upgradeRequest,
} from './pair.js';

describe('RFC 6455 §5.4 fragmentation', () => {
  it('three fragments make one message; every frame carries its id', () => {
    const c = opened();
    c.data('a', clientFrame(TEXT, 'Hel', false), 2);
    c.data('a', clientFrame(CONTINUATION, 'lo, ', false), 2.25);
    const last = c.data('a', clientFrame(CONTINUATION, 'world'), 2.5);
    const frames = c.frames();
    const [msg] = c.messages();
    expect(msg?.text).toBe('Hello, world');
    expect(msg?.frameIds).toEqual(frames.map((f) => f.id));
    expect(frames.map((f) => f.messageId)).toEqual([msg?.id, msg?.id, msg?.id]);
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2]);
    expect([msg?.firstTime, msg?.time]).toEqual([2, 2.5]);
    expect(c.findings().length).toBe(0);
    expect(frames[2]?.packets).toEqual([last]);
  });

  it('a ping between fragments is its own message, completed first; the data message takes the rest', () => {
    const c = opened();
    c.data('b', concat(serverFrame(TEXT, 'a', false), serverFrame(PING, 'p'), serverFrame(CONTINUATION, 'b')), 2);
    const [f1, f2, f3] = c.frames();
    const [ping, data] = c.messages();
    expect(ping?.type).toBe('ping');
    expect(ping?.frameIds).toEqual([f2?.id]);
    expect(data?.text).toBe('ab');
    expect(data?.frameIds).toEqual([f1?.id, f3?.id]);
    expect([f1?.messageId, f2?.messageId, f3?.messageId]).toEqual([data?.id, ping?.id, data?.id]);
    expect([ping?.index, data?.index]).toEqual([0, 1]);
  });

  it('a frame split over two segments lists both packets; one segment may carry several frames', () => {
    const c = opened();
    const whole = serverFrame(BINARY, 'abcdefgh');
    const r1 = c.data('b', whole.subarray(0, 5), 2);
    const r2 = c.data('b', concat(whole.subarray(5), serverFrame(BINARY, 'x'), serverFrame(BINARY, 'y')), 2.25);
    const frames = c.frames();
    expect(frames.map((f) => f.packets)).toEqual([[r1, r2], [r2], [r2]]);
    expect(frames.map((f) => f.time)).toEqual([2.25, 2.25, 2.25]);
    expect(c.messages().map((m) => m.payload.length)).toEqual([8, 1, 1]);
  });

  it('counts frames, messages and bytes per direction', () => {
    const c = opened();
    c.data('a', clientFrame(TEXT, 'Hel', false), 2);
    c.data('a', clientFrame(CONTINUATION, 'lo'), 2.25);
    c.data('b', serverFrame(TEXT, 'ok'), 2.5);
    const { client, server } = c.record().stats;
    // Client: upgrade request + two 2+4+3 / 2+4+2 byte frames; server: 101 head + one 2+2 frame.
    expect(client).toEqual({
      frames: 2,
      messages: 1,
      bytes: upgradeRequest().length + 9 + 8,
      payloadBytes: 5,
      wirePayloadBytes: 5,
    });
    expect(server).toEqual({
      frames: 1,
      messages: 1,
      bytes: switching().length + 4,
      payloadBytes: 2,
      wirePayloadBytes: 2,
    });
  });
});

describe('stream findings from the frame parser', () => {
  it('a gap hides a header: frame.unsynchronized, then frame.resynchronized once frames line up again', () => {
    const c = opened();
    c.data('b', serverFrame(TEXT, 'before'), 2);
    c.gap('b', 7, 2.25);
    const frames = Array.from({ length: 6 }, (_, i) => serverFrame(TEXT, `after ${i}`));
    c.data('b', concat(...frames), 2.5);
    c.close('end-of-capture', 3);
    const codes = c.codes();
    expect(codes).toContain('frame.unsynchronized');
    expect(codes).toContain('frame.resynchronized');
    expect(c.findings().every((f) => f.direction === 'server')).toBe(true);
    expect(c.messages()[0]?.text).toBe('before');
    expect(c.messages().at(-1)?.text).toBe('after 5');
  });
});
