// Memory on hostile captures (`npm run bench:memory`; not part of `npm test`). Issue 15, point 2.
//
//   npm run bench:memory [-- --full] [--keep]
//
// Generates captures with bench/hostile.mjs into bench/data/hostile/ and runs the built CLI
// (`wsscope findings FILE --format ndjson > /dev/null`) on each under /usr/bin/time -v: peak RSS,
// wall and CPU time, exit code. Targets: 100k half-open and 5k permessage-deflate connections
// under 300 MiB; 1M half-open completes (exit 0, no native abort). `--full` adds 1M deflate
// connections (~0.9 GB of capture) and a 100 MiB message in one-byte frames (~0.3 GB); these
// take minutes. Generated files are deleted afterwards unless --keep.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateConnections, halfOpen, oneByteFrames } from './hostile.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'bench/data/hostile');
const cli = join(root, 'dist/cli/wsscope.js');
const full = process.argv.includes('--full');
const keep = process.argv.includes('--keep');
const MIB = 1024 * 1024;

const cases = [
  { name: 'half-open 100k', make: (f) => halfOpen(100_000, f), maxMiB: 300 },
  { name: 'deflate 5k', make: (f) => deflateConnections(5_000, f), maxMiB: 300 },
  { name: 'half-open 1M', make: (f) => halfOpen(1_000_000, f), maxMiB: null },
];
if (full) {
  cases.push({ name: 'deflate 1M', make: (f) => deflateConnections(1_000_000, f), maxMiB: null });
  cases.push({ name: '100 MiB in one-byte frames', make: (f) => oneByteFrames(100 * MIB, f), maxMiB: null });
}

if (!existsSync(cli)) spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
mkdirSync(dir, { recursive: true });

function run(file) {
  const args = ['-v', process.execPath, cli, 'findings', file, '--format', 'ndjson', '--no-progress'];
  const r = spawnSync('/usr/bin/time', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * MIB,
  });
  const stderr = r.stderr ?? '';
  const field = (label) => stderr.match(new RegExp(`${label}: (.+)`))?.[1]?.trim();
  const exit = Number(field('Exit status') ?? r.status);
  const aborted = /FATAL ERROR|Aborted|Command terminated by signal/.test(stderr);
  const own = stderr.split('\n').filter((l) => l.startsWith('wsscope:'));
  return {
    rssMiB: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
    wall: field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)'),
    user: Number(field('User time \\(seconds\\)')),
    exit,
    aborted,
    message: own.at(-1) ?? '',
  };
}

const rows = [];
for (const c of cases) {
  const file = join(dir, `${c.name.replace(/\W+/g, '-')}.pcap`);
  c.make(file);
  const size = statSync(file).size / MIB;
  const r = run(file);
  const ok = r.exit === 0 && !r.aborted && (c.maxMiB === null || r.rssMiB < c.maxMiB);
  rows.push(
    `| ${c.name} | ${size.toFixed(1)} MiB | ${r.rssMiB.toFixed(0)} MiB | ${c.maxMiB === null ? 'completes' : `< ${c.maxMiB} MiB`} | ${r.wall} | ${r.user.toFixed(1)} s | ${r.exit} | ${ok ? 'OK' : 'FAIL'} |`,
  );
  console.log(rows.at(-1));
  if (!keep) rmSync(file, { force: true });
}
console.log('\n| capture | size | peak RSS | target | wall | CPU | exit | verdict |');
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
