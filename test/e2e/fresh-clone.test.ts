// `npm ci && npx wsscope serve x.pcap` on a fresh clone: the install step must build everything
// the bin needs (CLI, server and UI), or every page is a 503 "the UI is not built".
//
// The test clones this repository's committed HEAD into a temp dir (so only committed files
// count, as for a user), links the installed node_modules into it instead of downloading them
// (what `npm ci` would install; no network), runs the `prepare` step exactly as `npm ci` does
// after installing, and then uses the clone's own built files: `wsscope serve` must answer the
// UI page, its script and the capture's bytes; `npm start` must say in one line why there is no
// desktop window and serve the same in the browser. Servers are stopped by their pid.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../src/decoder/index.js';
import type { StreamInfo } from '../../src/shared/api.js';

const ROOT = join(import.meta.dirname, '../..');

/** Starts `node args…` in `cwd`; resolves with the process once it printed `lines` stdout lines. */
function startNode(
  cwd: string,
  args: string[],
  lines: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const seen: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      seen.push(line);
      if (seen.length === lines) resolve({ child, lines: seen });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`)));
  });
}

/** Stops a process by its pid (SIGTERM, as a service manager would) and resolves with its exit code. */
function stopByPid(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    process.kill(child.pid!, 'SIGTERM');
  });
}

/** GET / must be the built UI page, and the script it loads must be served too. */
async function expectBuiltUi(url: string): Promise<void> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  const script = /<script defer src="\.\/(index-[\w-]+\.js)">/.exec(html);
  expect(script, html).not.toBeNull();
  const js = await fetch(new URL(script![1], url));
  expect(js.status).toBe(200);
  expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
}

describe('a fresh clone after npm ci', () => {
  let clone: string;
  let sample: Buffer;

  beforeAll(async () => {
    clone = await mkdtemp(join(tmpdir(), 'wsscope-clone-'));
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', ROOT, clone]);
    execFileSync('git', ['-c', 'advice.detachedHead=false', 'checkout', '--quiet', head], { cwd: clone });
    await symlink(realpathSync(join(ROOT, 'node_modules')), join(clone, 'node_modules'), 'dir');
    // `npm ci` runs the root package's prepare script (with pre/post) after installing.
    execFileSync('npm', ['run', 'prepare', '--if-present'], { cwd: clone, stdio: 'pipe' });
    sample = await readFile(join(clone, 'fixtures/sample.pcap'));
  }, 120_000);

  afterAll(async () => {
    if (clone) await rm(clone, { recursive: true, force: true });
  });

  it('has every file the bin needs', () => {
    const bin = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')).bin.wsscope as string;
    expect(bin).toBe('dist/cli/wsscope.js');
    for (const file of [bin, 'dist/server/index.js', 'dist/ui/index.html']) {
      expect(() => readFileSync(join(clone, file)), file).not.toThrow();
    }
  });

  it('wsscope serve sample.pcap answers the UI and the capture, and stops on SIGTERM', async () => {
    const { child, lines } = await startNode(
      clone,
      ['dist/cli/wsscope.js', 'serve', 'fixtures/sample.pcap', '--port', '0'],
      1,
    );
    try {
      const url = lines[0];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      await expectBuiltUi(url);

      // The renderer decodes in the page: the API hands it the capture as a stream of bytes.
      const initial = await fetch(new URL('api/initial', url));
      expect(initial.status).toBe(200);
      const info = (await initial.json()) as StreamInfo;
      expect(info).toEqual({ id: info.id, name: 'sample.pcap', size: sample.length, live: false });
      const stream = await fetch(new URL(`api/stream/${info.id}`, url));
      expect(stream.status).toBe(200);
      const bytes = new Uint8Array(await stream.arrayBuffer());
      expect(Buffer.from(bytes).equals(sample)).toBe(true);
      // …and those bytes hold WebSocket connections with messages (what the UI lists).
      const analysis = analyzeCapture(bytes);
      expect(analysis.fatal).toBeNull();
      expect(analysis.connections.filter((c) => c.kind === 'websocket').length).toBeGreaterThan(0);
      expect(analysis.messages.length).toBeGreaterThan(0);
    } finally {
      expect(await stopByPid(child)).toBe(0);
    }
  });

  it('npm start says in one line why there is no window, then serves the same UI in the browser', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: clone };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    delete env.WSSCOPE_DIST_DIR;
    const { child, lines } = await startNode(clone, ['scripts/start.mjs', '--no-build', '--port', '0'], 2, env);
    try {
      expect(lines[0]).toMatch(
        /^(Electron is not installed \(its binary download was skipped\)|no display found \(neither DISPLAY nor WAYLAND_DISPLAY is set\)); opening wsscope in your browser instead$/,
      );
      const url = /^wsscope is running at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)$/.exec(lines[1])?.[1];
      expect(url, lines[1]).toBeDefined();
      await expectBuiltUi(url!);
      const info = (await (await fetch(new URL('api/initial', url))).json()) as StreamInfo;
      expect(info.name).toBe('sample.pcap');
    } finally {
      expect(await stopByPid(child)).toBe(0);
    }
  });
});
