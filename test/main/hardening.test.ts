// Electron details (issue 15, point 9): a dropped symlink is judged by its target, the developer
// tools are in development builds only, and the packaged binary's fuses are set in the build
// configuration (checked against electron-builder's own schema of that option).

import { readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVOKE_HANDLERS } from '../../src/main/ipc/handlers/index.js';
import { buildMenuTemplate, type MenuState } from '../../src/main/menu.js';
import type { StreamInfo } from '../../src/shared/api.js';
import { type FakeContext, makeFakeContext } from './ipc/fake-context.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'fixtures/shared/01_pyws_text_echo.pcap');
const openDropped = INVOKE_HANDLERS['capture.openDropped'];
// electron-builder's own YAML parser (a dependency of it; untyped, so loaded through require).
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

describe('capture.openDropped and symlinks', () => {
  let fake: FakeContext;
  let dir: string;
  beforeEach(async () => {
    fake = await makeFakeContext();
    dir = await mkdtemp(join(tmpdir(), 'wsscope-drop-'));
  });
  afterEach(async () => {
    await fake.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a *.pcap symlink to a file that is not a capture (a key, a config)', async () => {
    const secret = join(dir, 'id_rsa');
    await writeFile(secret, '-----BEGIN OPENSSH PRIVATE KEY-----\n');
    const link = join(dir, 'innocent.pcap');
    await symlink(secret, link);
    await expect(openDropped(fake.ctx, link)).rejects.toThrow('not a capture file: innocent.pcap points to id_rsa');
  });

  it('refuses a *.pcap symlink to a directory or to nothing', async () => {
    const toDir = join(dir, 'dir.pcap');
    await symlink(tmpdir(), toDir);
    await expect(openDropped(fake.ctx, toDir)).rejects.toThrow(/not a capture file|not a regular file/);
    const dangling = join(dir, 'gone.pcap');
    await symlink(join(dir, 'missing.pcap'), dangling);
    await expect(openDropped(fake.ctx, dangling)).rejects.toThrow('cannot open gone.pcap: no such file');
  });

  it('opens a symlink to a real capture as that capture', async () => {
    const link = join(dir, 'link.pcap');
    await symlink(FIXTURE, link);
    const info = (await openDropped(fake.ctx, link)) as StreamInfo;
    expect(info.name).toBe('01_pyws_text_echo.pcap');
    expect(info.size).toBe(readFileSync(FIXTURE).length);
  });
});

describe('developer tools', () => {
  const state: MenuState = { platform: 'linux', recent: [], liveRunning: false, liveSavable: false };
  const actions = { send() {}, openRecent() {}, clearRecent() {}, openExternal() {} };
  const roles = (s: MenuState) =>
    JSON.stringify(buildMenuTemplate(s, actions), (_k, v) => (typeof v === 'function' ? undefined : v));

  it('are not in the shipped menu', () => {
    expect(roles(state)).not.toContain('toggleDevTools');
    expect(roles({ ...state, development: false })).not.toContain('toggleDevTools');
  });

  it('are in a development build', () => {
    expect(roles({ ...state, development: true })).toContain('toggleDevTools');
  });

  it('cannot be opened by shortcut in a packaged window', () => {
    const source = readFileSync(join(ROOT, 'src/main/shell.ts'), 'utf8');
    expect(source).toContain('devTools: !app.isPackaged');
  });
});

describe('Electron fuses in the build', () => {
  const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('turn off running as Node, NODE_OPTIONS and --inspect; load only from an integrity-checked asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('is a valid electron-builder configuration (its own JSON schema)', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });
});
