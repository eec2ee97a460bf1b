// The progress bar: only on a terminal, only after the first second, erased when done.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, columns: 100, write: (s: string) => writes.push(s) > 0 }, writes };
}

describe('progress bar', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stays hidden during the first second, then draws the share read', () => {
    const { stream, writes } = fakeStream(true);
    const bar = new ProgressBar(stream as unknown as NodeJS.WriteStream, 4 * 1048576, 'reading x.pcap');
    bar.update(1048576);
    expect(writes).toEqual([]);
    vi.setSystemTime(1500);
    bar.update(2 * 1048576);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\rreading x\.pcap \[#{15}\.{15}\] 50% 2\.0\/4\.0 MiB\x1b\[K$/);
    bar.finish();
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('never draws when stderr is not a terminal', () => {
    const { stream, writes } = fakeStream(false);
    const bar = new ProgressBar(stream as unknown as NodeJS.WriteStream, 100, 'reading');
    vi.setSystemTime(5000);
    bar.update(50);
    bar.finish();
    expect(writes).toEqual([]);
  });
});
