// StreamFilter (src/cli/display-filter.ts): frame rows that read their message go out as the
// messages complete, in capture order, not at the end of the capture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamFilter } from '../../src/cli/display-filter.js';
import {
  analyzeCapture,
  CaptureSession,
  type ConnectionRecord,
  checkFilter,
  type DecoderEvent,
  type FrameRecord,
  matchingIds,
} from '../../src/decoder/index.js';
import { ROOT } from './helpers.js';

function stream(name: string, filter: string) {
  const bytes = new Uint8Array(readFileSync(join(ROOT, name)));
  const emitted: number[] = [];
  const y = new StreamFilter(checkFilter(filter), 'frame', (f: FrameRecord) => emitted.push(f.id));
  const connections = new Map<number, ConnectionRecord>();
  const session = new CaptureSession({ frameFields: false });
  const take = (events: DecoderEvent[]) => {
    for (const e of events) if (e.kind === 'connection') connections.set(e.connection.id, e.connection);
    for (const e of events) y.event(e, connections);
  };
  session.pushAndDrain(bytes, take);
  session.endAndDrain(take);
  const beforeEnd = emitted.length;
  y.end();
  return { emitted, beforeEnd, analysis: analyzeCapture(bytes) };
}

describe('frame rows that read their own message', () => {
  it.each([
    // fragmented messages with pings between the fragments
    ['fixtures/shared/04_fragments_ping_pong_close_codes.pcap', 'ws.message.type == text'],
    // five connections interleaved
    ['fixtures/captures/b_ws_concurrent.pcap', 'ws.message.length > 20'],
  ])('%s, %s: the rows the whole analysis gives, in order, before the end', (name, filter) => {
    const { emitted, beforeEnd, analysis } = stream(name, filter);
    expect(emitted).toEqual(matchingIds(analysis, checkFilter(filter), 'frame'));
    expect(emitted.length).toBeGreaterThan(0);
    // every message completed before the capture ended, so nothing waited for the end
    expect(beforeEnd).toBe(emitted.length);
  });

  it('a finding field still waits for the end (findings of a frame may come later)', () => {
    const { emitted, beforeEnd } = stream(
      'fixtures/captures/b_ws_concurrent.pcap',
      'ws.message.length > 20 || ws.finding.severity == error',
    );
    expect(beforeEnd).toBe(0);
    expect(emitted.length).toBeGreaterThan(0);
  });
});
