// scripts/build-electron.mjs: the bundles Electron loads. The preload must run sandboxed, where
// require() knows only 'electron'; main must be an ES module importing only Node and Electron.

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    expect(typeof exposed[0][1].readRange).toBe('function');
  });

  it('bundles main as an ES module importing only Node built-ins and electron', async () => {
    const code = await readFile(join(out, 'main/index.js'), 'utf8');
    const imported = [...code.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1]);
    expect(imported).toContain('electron');
    expect(imported.filter((name) => name !== 'electron' && !name.startsWith('node:'))).toEqual([]);
    expect(code).not.toMatch(/require\(["']electron["']\)/);
  });

  it('boots the main bundle against a stand-in electron module: scheme, IPC, window, menu', async () => {
    // Plain Node plays Electron here: a loader hook maps 'electron' to a stub that logs each call.
    const stub = join(out, 'stub-electron.mjs');
    await writeFile(
      stub,
      `
      const log = [];
      process.defaultApp = true;
      process.on('beforeExit', () => console.log(JSON.stringify(log)));
      const contents = { on() {}, setWindowOpenHandler() {}, send() {},
        session: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } };
      export const app = {
        requestSingleInstanceLock: () => true, on() {}, whenReady: () => Promise.resolve(),
        getPath: (name) => ${JSON.stringify(out)} + '/' + name, getAppPath: () => ${JSON.stringify(ROOT)},
        addRecentDocument() {}, quit() {}, exit: (code) => log.push(['exit', code]),
      };
      export const protocol = {
        registerSchemesAsPrivileged: (schemes) => log.push(['registerSchemesAsPrivileged', schemes[0].scheme]),
        handle: (scheme) => log.push(['protocol.handle', scheme]),
      };
      export class BrowserWindow {
        constructor(options) { this.webContents = contents; log.push(['BrowserWindow', options.webPreferences.sandbox]); }
        once() {} on() {} setTitle() {}
        loadURL(url) { log.push(['loadURL', url]); return Promise.resolve(); }
      }
      export const ipcMain = { handle: (channel) => log.push(['handle', channel]), on() {}, removeHandler() {}, removeAllListeners() {} };
      export const Menu = { buildFromTemplate: (t) => t, setApplicationMenu: () => log.push(['setApplicationMenu']) };
      export const dialog = {};
      export const shell = {};
      `,
    );
    const hooks = join(out, 'hooks.mjs');
    await writeFile(
      hooks,
      `export async function resolve(specifier, context, next) {
        return specifier === 'electron' ? { url: ${JSON.stringify(pathToFileURL(stub).href)}, shortCircuit: true } : next(specifier, context);
      }`,
    );
    const register = join(out, 'register.mjs');
    await writeFile(
      register,
      `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`,
    );
    const output = execFileSync(
      process.execPath,
      ['--import', pathToFileURL(register).href, join(out, 'main/index.js')],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    const log = JSON.parse(output.trim().split('\n').at(-1)!) as [string, unknown][];
    expect(log[0]).toEqual(['registerSchemesAsPrivileged', 'app']);
    expect(log.filter(([call]) => call === 'handle').length).toBe(12);
    expect(log).toContainEqual(['protocol.handle', 'app']);
    expect(log).toContainEqual(['BrowserWindow', true]);
    expect(log).toContainEqual(['loadURL', 'app://wsscope/index.html']);
    expect(log).toContainEqual(['setApplicationMenu']);
    expect(log.some(([call]) => call === 'exit')).toBe(false);
  });
});
