// A capture tool dies with wsscope even when wsscope is killed with SIGKILL (issue 15, point 10).
// A real child process holds the guard (src/node/orphan-guard.ts) over a `sleep` it started and is
// SIGKILLed; then the real CLI capturing with tcpdump on loopback (when we may capture).

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/node/live-capture.js';
import { buildCli, ROOT } from '../cli/helpers.js';

/**
 * Runs, and is not a zombie: a killed process whose parent died is reaped by PID 1 when PID 1
 * gets to it, and until then signal 0 still reaches it. PID 1 here is not always an init that
 * reaps at once, which made this test fail now and then although the process had been killed.
 */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // "pid (comm) S ...": the state follows the last ')' (comm may hold spaces or parentheses)
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

async function waitFor(test: () => boolean, ms = 5000): Promise<boolean> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return test();
}

/** Runs `args`, collects stderr until `pattern` matches; returns the child and the match. */
function startUntil(args: string[], pattern: RegExp) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const matched = new Promise<RegExpMatchArray>((resolve, reject) => {
    let text = '';
    const onData = (b: Buffer) => {
      text += b.toString();
      const m = pattern.exec(text);
      if (m) resolve(m);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', () => reject(new Error(`ended before ${pattern}: ${text}`)));
  });
  return { child, matched };
}

describe.runIf(process.platform === 'linux')('capture tools do not outlive wsscope', () => {
  it('a guarded child is killed when its parent is SIGKILLed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsscope-guard-'));
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `import { spawn } from 'node:child_process';
import { guardChild } from ${JSON.stringify(join(ROOT, 'src/node/orphan-guard.ts'))};
const child = spawn('sleep', ['300'], { stdio: 'ignore' });
guardChild(child.pid, 'sleep');
console.log('child ' + child.pid);
setInterval(() => {}, 1000);
`,
    );
    const out = join(dir, 'entry.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: out,
      logLevel: 'error',
    });
    const { child, matched } = startUntil([out], /child (\d+)/);
    const pid = Number((await matched)[1]);
    expect(alive(pid)).toBe(true);
    child.kill('SIGKILL');
    expect(await waitFor(() => !alive(pid))).toBe(true);
  });

  const canCapture = process.getuid?.() === 0 && findExecutable('tcpdump') !== null;
  it.runIf(canCapture)(
    'wsscope capture killed with SIGKILL leaves no tcpdump running',
    async () => {
      const bin = buildCli();
      const { child, matched } = startUntil([bin, 'capture', '--port', '9', '-i', 'lo'], /with tcpdump \(pid (\d+)\)/);
      const pid = Number((await matched)[1]);
      expect(alive(pid)).toBe(true);
      child.kill('SIGKILL');
      const gone = await waitFor(() => !alive(pid));
      if (!gone) spawnSync('kill', ['-TERM', String(pid)]);
      expect(gone).toBe(true);
    },
    60_000,
  );
});
