// A fast slice of the fuzzing campaign (`npm run fuzz`, bench/fuzz.mjs): mutants of the fixtures
// (structure-aware and random, test/helpers/mutate.ts) decoded whole and in random pieces. Each
// must decode without an exception or a decoder.internal-error finding, and give the same output
// however it was chunked. Deterministic: the same cases on every run.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomSplit, whole } from '../helpers/chunking.js';
import { mutate, units } from '../helpers/mutate.js';
import { asStreamed } from '../helpers/streamed.js';

const ROOT = join(import.meta.dirname, '../..');
const files = ['fixtures/captures', 'fixtures/shared'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.(pcap|pcapng)$/.test(f))
    .map((f) => join(ROOT, dir, f)),
);
const CASES = 160;

describe('fuzz slice', () => {
  it('knows the framing of pcap and pcapng files (the structure-aware mutations depend on it)', () => {
    const pcap = new Uint8Array(readFileSync(join(ROOT, 'fixtures/shared/01_pyws_text_echo.pcap')));
    const list = units(pcap);
    expect(list[0]).toMatchObject({ start: 0, end: 24 });
    expect(list.at(-1)?.end).toBe(pcap.length);
    const pcapng = new Uint8Array(readFileSync(join(ROOT, 'fixtures/shared/09a_format_pcapng.pcapng')));
    expect(units(pcapng).at(-1)?.end).toBe(pcapng.length);
  });

  it(`${CASES} mutants decode without a bug, the same whole and chunked`, () => {
    const problems: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const file = files[i % files.length] as string;
      const donor = files[(i * 7 + 3) % files.length] as string;
      const m = mutate(new Uint8Array(readFileSync(file)), 1000 + i, new Uint8Array(readFileSync(donor)));
      const name = `case ${i} (${file.slice(ROOT.length + 1)}: ${m.steps.join('; ')})`;
      try {
        const a = asStreamed(m.bytes, whole);
        const b = asStreamed(m.bytes, randomSplit(i, 1 + ((i * 37) % 3000)));
        if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${name}: whole and chunked differ`);
        if (a.events.some((e) => e.includes('"decoder.internal-error"'))) problems.push(`${name}: decoder bug`);
      } catch (error) {
        problems.push(`${name}: threw ${String(error)}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
