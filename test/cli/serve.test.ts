// `wsscope serve`: the CLI's side of the contract with the browser-mode server, which is only
// `startServer(options: { capture?, port?, host? }): Promise<{ url, close() }>` exported by
// dist/server/index.js. A stub server stands in for the real one here.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, runCli, SHARED } from './helpers.js';

const STUB = `
export async function startServer(options) {
  process.stderr.write('stub options ' + JSON.stringify(options) + '\\n');
  return {
    url: 'http://127.0.0.1:' + (options.port ?? 4321) + '/',
    async close() { process.stderr.write('stub closed\\n'); },
  };
}
`;

let bin: string;
beforeAll(() => {
  bin = buildCli();
});

function serverFile(): string {
  return join(dirname(dirname(bin)), 'server', 'index.js');
}

describe('wsscope serve', () => {
  it('starts the server with the capture and port, prints its URL, closes it on SIGTERM', async () => {
    mkdirSync(dirname(serverFile()), { recursive: true });
    writeFileSync(serverFile(), STUB);
    const capture = join(SHARED, '01_pyws_text_echo.pcap');
    const child = spawn(process.execPath, [bin, 'serve', capture, '--port', '8123'], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
        if (stdout.includes('\n')) resolve();
      });
    });
    expect(stdout).toBe('http://127.0.0.1:8123/\n');
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(stderr).toContain(`stub options {"capture":"${capture}","port":8123}`);
    expect(stderr).toContain('stub closed');
  });

  it('says so when the server is not part of the build', async () => {
    rmSync(serverFile(), { force: true });
    const r = await runCli(bin, ['serve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wsscope: the browser-mode server is not part of this build/);
  });

  it('checks the capture exists before starting anything', async () => {
    const r = await runCli(bin, ['serve', 'no-such.pcap']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('wsscope: no-such.pcap: no such file\n');
  });
});

describe.runIf(existsSync(join(ROOT, 'src/server/index.ts')))('wsscope serve with the real server', () => {
  it('answers HTTP at the printed URL and stops on SIGTERM', async () => {
    const own = buildCli(); // a build of its own: the tests above replace the server with a stub
    const child = spawn(process.execPath, [own, 'serve', join(SHARED, '01_pyws_text_echo.pcap')], { stdio: 'pipe' });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('close', () => reject(new Error('serve ended before printing its URL')));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(url);
    expect(response.status).toBeGreaterThanOrEqual(200);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
  });
});

describe.runIf(existsSync(join(ROOT, 'src/server/index.ts')))('wsscope serve beyond loopback', () => {
  it('prints a URL with a token, warns on stderr, and the token is required', async () => {
    const own = buildCli();
    const child = spawn(process.execPath, [own, 'serve', '--host', '0.0.0.0'], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('close', () => reject(new Error('serve ended before printing its URL')));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const health = new URL('/api/health', url);
    expect((await fetch(health)).status).toBe(401);
    const token = new URL(url).searchParams.get('token');
    expect((await fetch(health, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(stderr).toMatch(/^wsscope: WARNING: serving on 0\.0\.0\.0 is reachable from the network/m);
    expect(stderr).not.toMatch(/START LIVE CAPTURES/);
  });
});
