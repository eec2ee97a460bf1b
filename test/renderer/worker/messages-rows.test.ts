// What the messages view reads, on a capture written by the test helpers (classroom-capture.ts:
// ground truth is what it writes): message rows through the worker's engine and the UI's
// columns, exact 64-bit lengths, and the search's /regex/flags.

import { describe, expect, it } from 'vitest';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';
import { classroomCapture, HUGE_LENGTH } from '../../helpers/classroom-capture.js';

function decode(bytes: Uint8Array, chunk = 97) {
  const engine = new DecodeEngine(bytes.length);
  const data = new CaptureData();
  for (let i = 0; i < bytes.length; i += chunk) {
    engine.push(bytes.slice(i, i + chunk));
    data.apply(engine.takeBatch());
  }
  engine.end();
  data.apply(engine.takeBatch());
  return { engine, data };
}

describe('message rows', () => {
  const { engine, data } = decode(classroomCapture());
  const rows = data.messages.all();

  it('one row per message as received: fragments joined, inflated, close code and reason', () => {
    expect(rows.map((m) => [m.type, m.frameIds.length, m.preview])).toEqual([
      ['text', 1, 'hello'],
      ['text', 3, 'fragmented'],
      ['text', 1, 'compressed hello'],
      ['text', 1, '\uFFFD\uFFFDabc'],
      ['close', 1, '1000 bye'],
      ['close', 1, '1000 bye'],
      ['binary', 1, '(empty)'],
    ]);
    const compressed = rows[2];
    expect(compressed.compressed).toBe(true);
    expect(compressed.length).toBe('compressed hello'.length);
    expect(compressed.wireLength).toBeLessThan(compressed.length + 4);
    expect(rows[3].findingCount).toBe(1);
    expect(data.findings.find((f) => f.messageId === 4)?.code).toBe('message.invalid-utf8');
  });

  it('keeps a 64-bit length beyond 2^53 - 1 exact for the frames and messages tables', () => {
    expect(data.frames.lengthText(9)).toBe(HUGE_LENGTH.toString());
    expect(data.messages.wireLengthText(7)).toBe(HUGE_LENGTH.toString());
    // as a number it is not exact: that is why the text exists
    expect(String(data.frames.cols.payloadLength[9])).not.toBe(HUGE_LENGTH.toString());
    expect(data.frames.lengthText(1)).toBe('5');
    expect(engine.frameDetail(9, 1024)?.frame.fields.find((f) => f.key === 'websocket.payload')?.display).toBe(
      `${HUGE_LENGTH} bytes (masked on the wire)`,
    );
  });

  it('searches plain text case-insensitively and /regex/flags, and reports a bad regex', () => {
    expect(engine.search('HELLO').messageIds).toEqual([1, 3]);
    expect(engine.search('/^frag/').messageIds).toEqual([2]);
    expect(engine.search('/^FRAG/').messageIds).toEqual([]);
    expect(engine.search('/^FRAG/i').messageIds).toEqual([2]);
    expect(engine.search('/bye$/').messageIds).toEqual([5, 6]);
    const bad = engine.search('/[/');
    expect(bad.messageIds).toEqual([]);
    expect(bad.error).toMatch(/^invalid regular expression/);
  });
});
