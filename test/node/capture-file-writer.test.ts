// `capture --write` on a failing file (issue 15, point 4): the record framing the writer follows
// (checked against the record ends of real pcap and pcapng files, however the bytes arrive), a
// write that fails stops with an error and cuts the file back to whole records, and the real CLI
// on /dev/full exits non-zero without claiming it saved anything.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordBoundaries } from '../../src/node/capture-file-writer.js';
import { findExecutable } from '../../src/node/live-capture.js';
import { buildCli, ROOT, SHARED } from '../cli/helpers.js';
import { pieces, randomSplit } from '../helpers/chunking.js';

/** Record ends of a little-endian classic pcap, walked by hand: 24-byte header, 16 + caplen each. */
function pcapEnds(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ends = [24];
  for (let at = 24; at + 16 <= bytes.length; ) {
    at += 16 + view.getUint32(at + 8, true);
    if (at <= bytes.length) ends.push(at);
  }
  return ends;
}

/** Block ends of a little-endian pcapng: each block's total length at offset 4. */
function pcapngEnds(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ends: number[] = [];
  for (let at = 0; at + 12 <= bytes.length; ) {
    at += view.getUint32(at + 4, true);
    ends.push(at);
  }
  return ends;
}

describe('record boundaries of the capture being written', () => {
  for (const [file, ends] of [
    [join(SHARED, '01_pyws_text_echo.pcap'), pcapEnds],
    [join(SHARED, '09a_format_pcapng.pcapng'), pcapngEnds],
  ] as const) {
    it(file.slice(ROOT.length + 1), () => {
      const bytes = new Uint8Array(readFileSync(file));
      const expected = ends(bytes);
      for (const seed of [1, 2, 3]) {
        const b = new RecordBoundaries();
        const seen: number[] = [];
        for (const piece of pieces(bytes, randomSplit(seed, 300))) {
          b.push(piece);
          if (b.lastEnd > 0 && seen.at(-1) !== b.lastEnd) seen.push(b.lastEnd);
        }
        expect(b.lastEnd).toBe(bytes.length);
        expect(b.takeEndsUpTo(bytes.length, 0)).toBe(bytes.length);
        // Every end it reported is a real record end.
        for (const end of seen) expect(expected).toContain(end);
      }
      const cut = new RecordBoundaries();
      cut.push(bytes.subarray(0, (expected[3] as number) + 5));
      expect(cut.lastEnd).toBe(expected[3]);
      expect(cut.takeEndsUpTo((expected[2] as number) + 1, 0)).toBe(expected[2]);
    });
  }
});

const canCapture = process.getuid?.() === 0 && findExecutable('tcpdump') !== null && existsSync('/dev/full');
describe.runIf(canCapture)('wsscope capture --write /dev/full', () => {
  it('reports the failed write, stops and exits non-zero', async () => {
    const bin = buildCli();
    const child = spawn(process.execPath, [bin, 'capture', '--port', '9', '-i', 'lo', '-w', '/dev/full'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^wsscope: cannot write \/dev\/full: no space left on the device; the capture stopped/m);
    expect(stderr).not.toMatch(/saved the raw capture/);
  }, 30_000);
});
