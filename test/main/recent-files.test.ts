import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECENT_MAX, RecentFiles } from '../../src/main/recent-files.js';

describe('RecentFiles', () => {
  let dir: string;
  let jsonPath: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wsscope-recent-'));
    jsonPath = join(dir, 'userData', 'recent-files.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts empty when there is no file yet', async () => {
    expect((await RecentFiles.load(jsonPath)).list()).toEqual([]);
  });

  it('persists the list, most recent first, and reads it back', async () => {
    const recent = await RecentFiles.load(jsonPath);
    await recent.add('/captures/a.pcap');
    await recent.add('/captures/b.pcapng');
    expect(JSON.parse(await readFile(jsonPath, 'utf8'))).toEqual({
      version: 1,
      files: ['/captures/b.pcapng', '/captures/a.pcap'],
    });
    expect((await RecentFiles.load(jsonPath)).list()).toEqual(['/captures/b.pcapng', '/captures/a.pcap']);
  });

  it('moves a file opened again to the front instead of listing it twice', async () => {
    const recent = await RecentFiles.load(jsonPath);
    await recent.add('/a.pcap');
    await recent.add('/b.pcap');
    await recent.add('/a.pcap');
    expect(recent.list()).toEqual(['/a.pcap', '/b.pcap']);
  });

  it(`keeps at most ${RECENT_MAX} files`, async () => {
    const recent = await RecentFiles.load(jsonPath);
    for (let i = 0; i < RECENT_MAX + 3; i++) await recent.add(`/c${i}.pcap`);
    expect(recent.list().length).toBe(RECENT_MAX);
    expect(recent.list()[0]).toBe(`/c${RECENT_MAX + 2}.pcap`);
  });

  it('removes and clears, and says whether a path is on the list', async () => {
    const recent = await RecentFiles.load(jsonPath);
    await recent.add('/a.pcap');
    await recent.add('/b.pcap');
    expect(recent.has('/a.pcap')).toBe(true);
    await recent.remove('/a.pcap');
    expect(recent.has('/a.pcap')).toBe(false);
    await recent.clear();
    expect((await RecentFiles.load(jsonPath)).list()).toEqual([]);
  });

  it('treats a corrupt file as an empty list, and drops entries that are not absolute paths', async () => {
    await writeFile(join(dir, 'bad.json'), '{not json');
    expect((await RecentFiles.load(join(dir, 'bad.json'))).list()).toEqual([]);
    await writeFile(
      join(dir, 'odd.json'),
      JSON.stringify({ version: 1, files: ['/ok.pcap', 'relative.pcap', 42, '/ok.pcap'] }),
    );
    expect((await RecentFiles.load(join(dir, 'odd.json'))).list()).toEqual(['/ok.pcap']);
  });
});
