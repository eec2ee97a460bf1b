// Test helpers for the CLI: build the real bundle once per test file (into a temp directory, so
// parallel test files never race on dist/), run it as a child process, read the fixtures'
// ground truth.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SHARED = join(ROOT, 'fixtures/shared');

/** Builds dist-like output with scripts/build-cli.mjs into a fresh temp dir; returns the binary. */
export function buildCli(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'wsscope-cli-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs'), '--outdir', outdir, '--quiet'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build-cli failed: ${r.stderr}`);
  return join(outdir, 'cli', 'wsscope.js');
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary to completion (stdout is a pipe, so the default format is ndjson). */
export function runCli(
  bin: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`wsscope ${args.join(' ')} timed out`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

export function ndjson<T = Record<string, unknown>>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function sha256OfBase64(b64: string): string {
  return sha256(Buffer.from(b64, 'base64'));
}

// ---------------------------------------------------------------- intent.json (ground truth)

// The ground-truth format of the shared fixtures lives in one place.
export {
  type Intent,
  type IntentConnection,
  type IntentControl,
  type IntentFrame,
  type IntentMessage,
  readIntent,
} from '../helpers/intent.js';

export const DIR = { c2s: 'client', s2c: 'server' } as const;
