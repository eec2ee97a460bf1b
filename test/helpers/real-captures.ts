// Where other projects' captures live (../shared/real-captures, see its SOURCES.md): read in
// place, never copied into the project. From a worktree the directory is one level further up;
// WSSCOPE_REAL_CAPTURES overrides. null when none exists (the tests that need it are skipped).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const REAL_CAPTURES: string | null =
  [process.env.WSSCOPE_REAL_CAPTURES, '../shared/real-captures', '../../shared/real-captures']
    .filter((d): d is string => typeof d === 'string' && d !== '')
    .map((d) => resolve(d))
    .find((d) => existsSync(`${d}/SOURCES.md`)) ?? null;
