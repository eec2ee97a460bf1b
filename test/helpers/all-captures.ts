// Every capture the decoder tests run over: the project's fixtures and, where it exists, other
// projects' captures in ../shared/real-captures (real-captures.ts; read in place). `name` is the
// path a test is named by: relative to the project, or `real-captures/<file>`.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { REAL_CAPTURES } from './real-captures.js';

export const PROJECT_ROOT = join(import.meta.dirname, '../..');
const DIRS = ['fixtures', 'fixtures/captures', 'fixtures/shared'];

function captures(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.(pcap|pcapng)$/.test(f))
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

export function allCaptures(): { file: string; name: string }[] {
  const own = DIRS.flatMap((d) => captures(join(PROJECT_ROOT, d))).map((file) => ({
    file,
    name: file.slice(PROJECT_ROOT.length + 1),
  }));
  const real = REAL_CAPTURES
    ? captures(REAL_CAPTURES).map((file) => ({ file, name: `real-captures/${basename(file)}` }))
    : [];
  return [...own, ...real];
}
