// scripts/build-electron.mjs: the bundles Electron loads. The preload must run sandboxed, where
// require() knows only 'electron'; main must be an ES module importing only Node and Electron.

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

describe('scripts/build-electron.mjs', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'wsscope-build-electron-'));
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-electron.mjs'), '--outdir', out, '--quiet'], {
      cwd: ROOT,
    });
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('bundles the preload as CommonJS that requires nothing but electron', async () => {
    const code = await readFile(join(out, 'preload/index.cjs'), 'utf8');
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('runs the preload in a sandbox-like context and exposes window.wsscope', async () => {
    const code = await readFile(join(out, 'preload/index.cjs'), 'utf8');
    const exposed: [string, Record<string, unknown>][] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
      ipcRenderer: { invoke: async () => null, send: () => {}, on: () => {}, off: () => {} },
      webUtils: { getPathForFile: () => '' },
    };
    const module = { exports: {} };
    runInNewContext(code, {
      module,
      exports: module.exports,
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`sandboxed preload cannot require ${name}`);
        return fakeElectron;
      },
    });
    expect(exposed.map(([key]) => key)).toEqual(['wsscope']);
    expect(exposed[0][1].kind).toBe('electron');
    expect(typeof exposed[0][1].readChunk).toBe('function');
  });

  it('bundles main as an ES module importing only Node built-ins and electron', async () => {
    const code = await readFile(join(out, 'main/index.js'), 'utf8');
    const imported = [...code.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1]);
    expect(imported).toContain('electron');
    expect(imported.filter((name) => name !== 'electron' && !name.startsWith('node:'))).toEqual([]);
    expect(code).not.toMatch(/require\(["']electron["']\)/);
  });
});
