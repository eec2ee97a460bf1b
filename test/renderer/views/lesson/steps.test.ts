// Which lesson steps a real capture illustrates, in protocol order, gathered by loadLesson from
// the same DecodeEngine the worker runs. Expectations come from the captures' ground truth
// (fixtures/sample.pcap.intent.json, fixtures/captures/lesson-fragmented-deflate.pcap.intent.json).

import { describe, expect, it } from 'vitest';
import { type LessonData, loadLesson } from '../../../../src/renderer/views/lesson/lesson-data.js';
import {
  findingGroups,
  planSteps,
  STEP_IDS,
  shownSteps,
  skippedBefore,
} from '../../../../src/renderer/views/lesson/steps.js';
import { decodeFixture } from '../../decoded.js';

async function lessonOf(path: string, connectionId: number): Promise<LessonData> {
  const { engine, data } = await decodeFixture(path);
  const source = {
    frameDetail: async (id: number) => engine.frameDetail(id, 1 << 16),
    messageDetail: async (id: number, max: number) => engine.messageDetail(id, max),
  };
  const lesson = await loadLesson(source, data, connectionId);
  if (!lesson) throw new Error(`no connection ${connectionId}`);
  return lesson;
}

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

describe('lesson on the bundled sample', () => {
  it('connection 1 (the chat) shows every step but findings, in protocol order', async () => {
    const lesson = await lessonOf('../sample.pcap', 1);
    const plan = planSteps(lesson);
    expect(plan.map((s) => s.id)).toEqual([...STEP_IDS]);
    expect(shownSteps(plan)).toEqual(STEP_IDS.filter((s) => s !== 'findings'));
    expect(plan.find((s) => s.id === 'findings')?.skip).toBe('skip.findings');
    // the intent: the client speaks first (a masked text frame), the server fragments "frag-1 frag-2 frag-3"
    expect(lesson.firstFrame?.direction).toBe('client');
    expect(lesson.firstFrame?.masked).toBe(true);
    expect(lesson.fragmented?.message.text).toBe('frag-1 frag-2 frag-3');
    // every data message is compressed: masking is shown on the first readable masked frame, the
    // client's pong to the server's "server-ping" (sent after "ping me", before the client's ping)
    expect(lesson.maskedFrame?.direction).toBe('client');
    expect(lesson.maskedFrame?.opcode).toBe(10);
    expect(text(lesson.maskedFrame?.payload)).toBe('server-ping');
    expect(lesson.compressed?.message.compressed).toBe(true);
    expect(lesson.pingPong?.ping.type).toBe('ping');
    expect(lesson.closes.map((c) => [c.row.direction, c.record?.close?.code, c.record?.close?.reason])).toEqual([
      ['client', 1000, 'bye'],
      ['server', 1000, 'bye'],
    ]);
  });

  it('connection 3 (invalid UTF-8) teaches its findings, with a note for what it lacks', async () => {
    const lesson = await lessonOf('../sample.pcap', 3);
    const plan = planSteps(lesson);
    const shown = shownSteps(plan);
    expect(shown).toContain('findings');
    expect(shown).not.toContain('fragments');
    expect(findingGroups(lesson.findings).map((g) => g.code)).toContain('message.invalid-utf8');
    // the notes of the steps skipped right before "findings" are shown on it
    const at = shown.indexOf('findings');
    const notes = skippedBefore(plan, at).map((s) => s.id);
    expect(notes.every((id) => STEP_IDS.indexOf(id) < STEP_IDS.indexOf('findings'))).toBe(true);
  });
});

describe('lesson on a fragmented, compressed capture (python-websockets, permessage-deflate)', () => {
  it('assembles "and a " + "happy new " + "year!" from its four frames, RSV1 on the first only', async () => {
    const lesson = await lessonOf('../captures/lesson-fragmented-deflate.pcap', 1);
    const frag = lesson.fragmented!;
    expect(frag.message.text).toBe('and a happy new year!');
    expect(frag.frames.map((f) => [f.fin, f.opcode, f.rsv1])).toEqual([
      [false, 1, true],
      [false, 0, false],
      [false, 0, false],
      [true, 0, false],
    ]);
    expect(text(lesson.compressed?.message.payload)).toBe('and a happy new year!');
    expect(shownSteps(planSteps(lesson))).toEqual(STEP_IDS.filter((s) => s !== 'findings'));
  });
});
