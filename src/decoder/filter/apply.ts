// A filter over a whole analysis (every record at hand): the ids of the rows of one level that
// match. Used where everything is collected anyway (HAR export, slices, tests); the CLI's
// streaming commands and the UI worker drive bindFilter themselves.

import type { CaptureAnalysis } from '../capture-session.js';
import type { ConnectionRecord } from '../records.js';
import { bindFilter } from './bind.js';
import type { CheckedFilter } from './compile.js';
import { type Level, RecordFindingCursor, RecordFrameCursor, RecordMessageCursor } from './cursors.js';

export type AnalysisRecords = Pick<CaptureAnalysis, 'connections' | 'frames' | 'messages' | 'findings'>;

/** Ids (findings: indexes into `findings`) of the `level` rows matching `checked`, ascending. */
export function matchingIds(a: AnalysisRecords, checked: CheckedFilter, level: Level): number[] {
  const byId = new Map<number, ConnectionRecord>(a.connections.map((c) => [c.id, c]));
  const lookup = (id: number) => byId.get(id);
  const origin = a.connections.reduce((t, c) => Math.min(t, c.firstTime), Number.POSITIVE_INFINITY);
  const env = { origin: Number.isFinite(origin) ? origin : 0 };
  const bound = bindFilter(checked, level, env);
  const frames = new RecordFrameCursor(lookup);
  const messages = new RecordMessageCursor(lookup);
  const findings = new RecordFindingCursor(lookup);
  if (bound.observes.has('frame')) for (const f of a.frames) bound.observeFrame(frames.at(f));
  if (bound.observes.has('message')) for (const m of a.messages) bound.observeMessage(messages.at(m));
  if (bound.observes.has('finding')) for (const x of a.findings) bound.observeFinding(findings.at(x));
  const test = bound.test as (row: unknown) => boolean;
  const out: number[] = [];
  switch (level) {
    case 'connection':
      for (const c of a.connections) if (test(c)) out.push(c.id);
      break;
    case 'message':
      for (const m of a.messages) if (test(messages.at(m))) out.push(m.id);
      break;
    case 'frame':
      for (const f of a.frames) if (test(frames.at(f))) out.push(f.id);
      break;
    case 'finding':
      a.findings.forEach((x, i) => {
        if (test(findings.at(x))) out.push(i);
      });
      break;
  }
  return out.sort((x, y) => x - y);
}
