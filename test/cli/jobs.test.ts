// `--jobs N`: the built CLI decodes with N worker threads (src/decoder/shard/, src/node/shard-threads.ts)
// and prints byte for byte what it prints with one, on stdout and stderr: every capture fixture,
// the wss ones with their key logs, the application-protocol ones, for the listing commands.
// test/decoder/shard/ checks the merge itself for 1, 2 and 4 shards on every capture.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, runCli } from './helpers.js';

let bin: string;
beforeAll(() => {
  bin = buildCli();
});

const inDir = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.(pcap|pcapng)$/.test(f))
    .map((f) => join(dir, f));

const captures = [
  'fixtures/sample.pcap',
  ...inDir('fixtures/captures'),
  ...inDir('fixtures/shared'),
  ...inDir('fixtures/app'),
];

async function same(args: string[], jobs: number[]): Promise<void> {
  const one = await runCli(bin, [...args, '--no-progress', '--jobs', '1'], { timeoutMs: 60_000 });
  for (const n of jobs) {
    const many = await runCli(bin, [...args, '--no-progress', '--jobs', String(n)], { timeoutMs: 60_000 });
    expect(many.code, `${args.join(' ')} -j ${n}: exit code`).toBe(one.code);
    expect(many.stderr, `${args.join(' ')} -j ${n}: stderr`).toBe(one.stderr);
    expect(many.stdout === one.stdout, `${args.join(' ')} -j ${n}: stdout differs`).toBe(true);
  }
}

describe('wsscope --jobs N prints what one thread prints', () => {
  for (const file of captures) {
    it(`messages and frames: ${file}`, async () => {
      await same(['messages', file], [3]);
      await same(['frames', file], [2]);
    }, 60_000);
  }

  for (const name of ['node-tls13-aes128gcm-deflate', 'node-tls12-ecdhe-chacha20', 'python-tls13-deflate']) {
    it(`wss with its key log: ${name}`, async () => {
      await same(['messages', `fixtures/tls/${name}.pcap`, '--keylog', `fixtures/tls/${name}.keys`], [2, 4]);
      await same(['messages', `fixtures/tls/${name}.pcapng`], [2]);
    }, 60_000);
  }

  for (const file of [
    'fixtures/captures/b_ws_concurrent.pcap',
    'fixtures/captures/i_violations.pcap',
    'fixtures/app/socketio.pcap',
  ]) {
    it(`every listing command: ${file}`, async () => {
      for (const command of ['connections', 'findings', 'stats', 'handshake', 'follow', 'requests']) {
        await same([command, file, '--format', command === 'follow' ? 'text' : 'json'], [2]);
      }
      await same(['export', file, '--har', '-'], [2]);
    }, 60_000);
  }

  it('a HAR file is read in one thread, with the same output', async () => {
    await same(['messages', 'fixtures/har/firefox-153.har'], [2]);
  });

  it('refuses a --jobs that is not a number of threads, in one line', async () => {
    for (const bad of ['0', 'two', '1.5', '999']) {
      const r = await runCli(bin, ['messages', 'fixtures/sample.pcap', '--jobs', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`invalid --jobs "${bad}": expected a whole number of decoder threads from 1 to 64`);
    }
  });
});
