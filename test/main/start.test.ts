// scripts/start.mjs without Electron (its binary is not downloaded here) or without a display:
// one line saying why, then browser mode on loopback with the bundled sample (or the given file).

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/shared/api.js';

const ROOT = join(import.meta.dirname, '../..');

function electronInstalled(): boolean {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
}

/** Starts `npm start`'s script; resolves with the process and its first two stdout lines. */
function start(dist: string, args: string[], cwd: string): Promise<{ child: ChildProcess; lines: string[] }> {
  const env: NodeJS.ProcessEnv = { ...process.env, WSSCOPE_DIST_DIR: dist, INIT_CWD: cwd };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), ...args], { cwd: ROOT, env });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (lines.length === 2) resolve({ child, lines });
    });
    child.on('exit', (code) => reject(new Error(`start.mjs exited with ${code}: ${stderr}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

describe('npm start without Electron or a display', () => {
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'wsscope-start-'));
    await mkdir(join(dist, 'ui'), { recursive: true });
    await writeFile(join(dist, 'ui', 'index.html'), '<!doctype html><title>wsscope</title>');
    // The server bundle as scripts/build-cli.mjs makes it (built here so this test does not depend on the CLI).
    await build({
      entryPoints: [join(ROOT, 'src/server/index.ts')],
      outfile: join(dist, 'server', 'index.js'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    });
  });
  afterAll(async () => {
    await rm(dist, { recursive: true, force: true });
  });

  it('says why in one line, then serves the bundled sample on loopback until Ctrl-C', async () => {
    const { child, lines } = await start(dist, [], ROOT);
    try {
      expect(lines[0]).toBe(
        electronInstalled()
          ? 'no display found (neither DISPLAY nor WAYLAND_DISPLAY is set); opening wsscope in your browser instead'
          : 'Electron is not installed (its binary download was skipped); opening wsscope in your browser instead',
      );
      const match = /^wsscope is running at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)$/.exec(lines[1]);
      expect(match).not.toBeNull();
      const url = match![1];
      expect(await (await fetch(url)).text()).toBe('<!doctype html><title>wsscope</title>');
      const info = (await (await fetch(new URL('api/initial', url))).json()) as StreamInfo;
      expect(info.name).toBe('sample.pcap');
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('opens the capture given on the command line, relative to where npm was run', async () => {
    const { child, lines } = await start(dist, ['shared/01_pyws_text_echo.pcap'], join(ROOT, 'fixtures'));
    try {
      const url = /(http:\S+)/.exec(lines[1])![1];
      const info = (await (await fetch(new URL('api/initial', url))).json()) as StreamInfo;
      expect(info.name).toBe('01_pyws_text_echo.pcap');
    } finally {
      await stop(child);
    }
  });
});
