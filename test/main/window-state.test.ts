// The window state file (src/main/window-state.ts): a round trip, writes that never leave half a
// file, and a corrupt or hostile file that neither crashes the start nor opens what it names
// unless it is a regular capture file (symlinks resolved), as for a dropped file.

import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreTarget, WindowState, windowsFrom } from '../../src/main/window-state.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/shared/01_pyws_text_echo.pcap');
const LINK = { conn: 1, frame: 4, field: 'websocket.opcode', filter: 'websocket.opcode == 1' };
const NONE = { conn: null, frame: null, field: null, filter: null };

describe('WindowState', () => {
  let dir: string;
  let jsonPath: string;
  let warnings: string[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wsscope-window-state-'));
    jsonPath = join(dir, 'userData', 'window-state.json');
    warnings = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const load = () => WindowState.load(jsonPath, (line) => warnings.push(line));

  it('has no saved window before the first save', async () => {
    expect((await load()).saved(0)).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('saves each window’s file and deep link and reads them back', async () => {
    const state = await load();
    state.set(0, { file: FIXTURE, link: LINK });
    await state.flush();
    expect(JSON.parse(await readFile(jsonPath, 'utf8'))).toEqual({
      version: 1,
      windows: [{ file: FIXTURE, link: LINK }],
    });
    expect((await load()).saved(0)).toEqual({ file: FIXTURE, link: LINK });
    // Only the file itself is left: every temporary file was renamed into place.
    expect(await readdir(join(dir, 'userData'))).toEqual(['window-state.json']);
  });

  it('coalesces reports into one write, and writes synchronously at quit', async () => {
    const state = await load();
    state.set(0, { file: FIXTURE, link: { ...LINK, frame: 1 } });
    state.set(0, { file: FIXTURE, link: { ...LINK, frame: 2 } });
    await expect(readFile(jsonPath, 'utf8')).rejects.toThrow(); // not yet: the write waits a moment
    state.set(0, { file: FIXTURE, link: LINK });
    await mkdir(join(dir, 'userData'), { recursive: true });
    state.flushSync();
    expect(JSON.parse(await readFile(jsonPath, 'utf8')).windows).toEqual([{ file: FIXTURE, link: LINK }]);
    expect(await readdir(join(dir, 'userData'))).toEqual(['window-state.json']);
  });

  it.each([
    ['not JSON', '{"version": 1, "windows": [', 1],
    ['another version', '{"version": 2, "windows": []}', 1],
    ['no list of windows', '{"version": 1, "windows": {"0": {}}}', 1],
    ['JSON null', 'null', 1],
  ])('starts with no saved window from a file that is %s, and says so once', async (_what, text, lines) => {
    await mkdir(join(dir, 'userData'), { recursive: true });
    await writeFile(jsonPath, text);
    expect((await load()).saved(0)).toBeNull();
    expect(warnings.length).toBe(lines);
    expect(warnings[0]).toBe('wsscope: ignored window-state.json: not a window state file; windows open empty');
  });

  it('keeps the valid parts of an entry and drops the rest', () => {
    expect(
      windowsFrom(
        JSON.stringify({
          version: 1,
          windows: [
            { file: 'relative/a.pcap', link: { conn: '3', frame: -2, field: 7, filter: 'ok' } },
            { file: '/x.pcap\u0000/y', link: 'conn=3' },
            42,
            { file: FIXTURE, link: LINK, extra: true },
          ],
        }),
      ),
    ).toEqual([
      { file: null, link: { ...NONE, filter: 'ok' } },
      { file: null, link: NONE },
      { file: null, link: NONE },
      { file: FIXTURE, link: LINK },
    ]);
  });
});

describe('restoreTarget', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wsscope-restore-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reopens a saved capture at its deep link', async () => {
    expect(await restoreTarget({ file: FIXTURE, link: LINK })).toEqual({ path: FIXTURE, link: LINK });
  });

  it('has nothing to restore for a window that showed no file', async () => {
    expect(await restoreTarget(null)).toBeNull();
    expect(await restoreTarget({ file: null, link: LINK })).toBeNull();
  });

  it('says in one line that the saved capture is gone', async () => {
    const gone = join(dir, 'gone.pcap');
    expect(await restoreTarget({ file: gone, link: LINK })).toEqual({
      problem: `gone.pcap, open when wsscope last closed, is gone (${gone})`,
    });
  });

  it('opens the target of a symlink to a capture, never the link', async () => {
    const real = join(dir, 'real.pcapng');
    await copyFile(FIXTURE, real);
    await symlink(real, join(dir, 'alias.pcap'));
    expect(await restoreTarget({ file: join(dir, 'alias.pcap'), link: NONE })).toEqual({ path: real, link: NONE });
  });

  it.each([
    ['a symlink named .pcap to a file that is not a capture', 'not a capture file: evil.pcap points to id_rsa'],
    ['a directory named .pcap', 'not a regular file: dir.pcap'],
    ['a file that is not a capture', 'not a capture file: notes.txt (expected .pcap, .pcapng, .cap)'],
  ])('refuses %s', async (what, reason) => {
    const secret = join(dir, 'id_rsa');
    await writeFile(secret, 'PRIVATE KEY');
    await symlink(secret, join(dir, 'evil.pcap'));
    await mkdir(join(dir, 'dir.pcap'));
    await writeFile(join(dir, 'notes.txt'), 'x');
    const file = join(
      dir,
      what.startsWith('a symlink') ? 'evil.pcap' : what.startsWith('a directory') ? 'dir.pcap' : 'notes.txt',
    );
    const target = await restoreTarget({ file, link: LINK });
    expect(target).toEqual({ problem: expect.stringContaining(reason) });
    expect(target).toEqual({ problem: expect.stringMatching(/^did not reopen \S+ from the last session: /) });
  });
});
