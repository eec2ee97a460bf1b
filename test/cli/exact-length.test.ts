// A 64-bit payload length beyond 2^53 - 1 prints as the exact integer the frame's header holds
// (issue 10: 9223372036854775824, not the rounded 9223372036854776000). The capture is written
// by the test helpers (classroom-capture.ts): frame 9 declares 2^63 + 16 bytes.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadLengthText } from '../../src/decoder/index.js';
import { classroomCapture, HUGE_LENGTH } from '../helpers/classroom-capture.js';
import { frame } from '../helpers/frame-writer.js';
import { buildCli, runCli } from './helpers.js';

describe('exact 64-bit payload lengths', () => {
  let dir: string;
  let file: string;
  let bin: string;
  beforeAll(() => {
    bin = buildCli();
    dir = mkdtempSync(join(tmpdir(), 'wsscope-exact-'));
    file = join(dir, 'huge.pcap');
    writeFileSync(file, classroomCapture());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the digits from the header beyond 2^53 - 1, and the number below it', () => {
    const header = frame({ opcode: 2, declaredLength: HUGE_LENGTH }).subarray(0, 10);
    expect(payloadLengthText({ header, payloadLength: Number(HUGE_LENGTH) })).toBe('9223372036854775824');
    expect(
      payloadLengthText({ header: frame({ opcode: 2, payload: new Uint8Array(70000) }), payloadLength: 70000 }),
    ).toBe('70000');
  });

  it('prints the exact length in CSV', async () => {
    const { code, stdout } = await runCli(bin, ['frames', file, '--format', 'csv']);
    expect(code).toBe(0);
    const row = stdout.trim().split('\n').at(-1)!;
    expect(row.split(',')).toContain(HUGE_LENGTH.toString());
    expect(stdout).not.toContain('9223372036854776000');
  });

  it("prints the exact length in JSON and ndjson (a JSON number with the header's digits)", async () => {
    for (const format of ['json', 'ndjson']) {
      const { code, stdout } = await runCli(bin, ['frames', file, '--format', format]);
      expect(code).toBe(0);
      expect(stdout).toContain(`"length":${HUGE_LENGTH.toString()},`);
      expect(stdout).not.toContain('9223372036854776000');
    }
  });
});
