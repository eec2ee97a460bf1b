// Streaming behaviour of the built binary (issue 3, Behaviour): `wsscope messages big.pcap | head`
// ends promptly and quietly, memory stays flat with ndjson output, and every format is complete
// and well-formed. The large capture is synthetic (test/cli/pcap-writer.ts), made here.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ndjson, runCli } from './helpers.js';
import { webSocketCapture } from './pcap-writer.js';

const BIG_COUNT = 150_000;
const SMALL_COUNT = 500;
let bin: string;
let big: string;
let small: string;

beforeAll(() => {
  bin = buildCli();
  const dir = mkdtempSync(join(tmpdir(), 'wsscope-stream-'));
  big = join(dir, 'big.pcap');
  small = join(dir, 'small.pcap');
  writeFileSync(big, webSocketCapture(BIG_COUNT, 60));
  writeFileSync(small, webSocketCapture(SMALL_COUNT));
});

describe('stdout closed early', () => {
  it('`wsscope messages big.pcap | head -n 5` ends promptly, exit 0, nothing on stderr', () => {
    const started = Date.now();
    const r = spawnSync(
      'bash',
      ['-o', 'pipefail', '-c', `"${process.execPath}" "${bin}" messages "${big}" | head -n 5`],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    const elapsed = Date.now() - started;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(ndjson<{ text: string }>(r.stdout).map((m) => m.text.split(' ').slice(0, 2).join(' '))).toEqual([
      'message 0',
      'message 1',
      'message 2',
      'message 3',
      'message 4',
    ]);
    // The whole capture takes several seconds to decode; stopping early takes a fraction of that.
    expect(elapsed).toBeLessThan(4000);
  });

  it('stops when its reader closes the pipe mid-stream', async () => {
    const child = spawn(process.execPath, [bin, 'frames', big], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    let seen = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        seen += b.toString().split('\n').length - 1;
        if (seen >= 100) {
          child.stdout.destroy();
          resolve();
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('memory stays flat with ndjson output', () => {
  it('decodes a capture whose output is larger than the heap it is allowed', async () => {
    // About 50 MB of ndjson through a 32 MB old-generation heap: keeping printed records would
    // run out of memory.
    const r = spawnSync(process.execPath, ['--max-old-space-size=32', bin, 'messages', big], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 60_000,
    });
    expect(r.status, r.stderr.slice(0, 500)).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(40 * 1024 * 1024);
    expect(r.stdout.split('\n').length - 1).toBe(BIG_COUNT);
  });
});

describe('every format is complete and well-formed', () => {
  it('json is one array holding every message', async () => {
    const r = await runCli(bin, ['messages', small, '--format', 'json']);
    const list = JSON.parse(r.stdout) as { text: string; connection: number; direction: string }[];
    expect(list).toHaveLength(SMALL_COUNT);
    expect(list[SMALL_COUNT - 1].text).toBe(`message ${SMALL_COUNT - 1} `);
    expect(list.every((m) => m.connection === 1 && m.direction === 'server')).toBe(true);
  });

  it('json of nothing is an empty array', async () => {
    const r = await runCli(bin, ['messages', small, '--format', 'json', '--direction', 'client']);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('csv has a header and one line per message', async () => {
    const r = await runCli(bin, ['messages', small, '--format', 'csv']);
    const lines = r.stdout.split('\r\n').filter(Boolean);
    expect(lines[0].split(',').slice(0, 6)).toEqual(['id', 'connection', 'direction', 'time', 'opcode', 'type']);
    expect(lines).toHaveLength(SMALL_COUNT + 1);
    expect(lines[1]).toContain(',server,');
  });

  it('table keeps its columns aligned', async () => {
    const r = await runCli(bin, ['frames', small, '--format', 'table']);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(SMALL_COUNT + 1);
    const at = lines[0].indexOf('OPCODE');
    for (const line of lines.slice(1)) expect(line.slice(at, at + 6)).toBe('1 text');
  });

  it('filters: --grep with a regex, --opcode, --connection', async () => {
    const r = await runCli(bin, ['messages', small, '--grep', '/^message 4\\d\\d /', '--opcode', 'text', '-c', '1']);
    expect(ndjson(r.stdout)).toHaveLength(100);
    const none = await runCli(bin, ['messages', small, '--opcode', 'binary']);
    expect(none.stdout).toBe('');
  });
});
