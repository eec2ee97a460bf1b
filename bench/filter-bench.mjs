// What -Y costs the CLI: the same command with and without a display filter that keeps every row
// (same output, so the difference is the filter's own work), on a generated capture.
//
//   node bench/filter-bench.mjs [--size 100m] [--kind small|mixed] [--runs 3]
//
// Builds the CLI into a temp dir, generates the capture with bench/generate.mjs (cached in
// bench/data), and prints one JSON line per case: median seconds without and with the filter and
// the cost in percent. Issue 12's budget: at most 10% of the decode time.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const size = arg('--size', '100m');
const kind = arg('--kind', 'small');
const runs = Number(arg('--runs', '3'));

const data = join(ROOT, 'bench', 'data');
mkdirSync(data, { recursive: true });
const capture = join(data, `filter-${kind}-${size}.pcap`);
if (!existsSync(capture)) {
  execFileSync(process.execPath, [join(ROOT, 'bench/generate.mjs'), '--size', size, '--kind', kind, '--out', capture], {
    stdio: 'inherit',
  });
}
const out = mkdtempSync(join(tmpdir(), 'wsscope-bench-'));
execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs'), '--outdir', out, '--quiet']);
const bin = join(out, 'cli', 'wsscope.js');

function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...args, '--no-progress', '-f', 'ndjson'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`wsscope ${args.join(' ')}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const CASES = [
  // a frame field on frame rows: read from the record itself
  ['frames', 'websocket.payload_length >= 0 || websocket.opcode == 1'],
  // connection fields through the row's connection
  ['messages', 'tcp.port > 0 && ip.addr == 0.0.0.0/0'],
  // a message field on frame rows: frames held until their message (marks)
  ['frames', 'ws.message.length >= 0'],
  // text search on every message
  ['messages', 'not ws.message.text contains "\\x01never\\x02"'],
];

for (const [command, filter] of CASES) {
  const plain = [];
  const filtered = [];
  for (let i = 0; i < runs; i++) {
    plain.push(time([command, capture]));
    filtered.push(time([command, capture, '-Y', filter]));
  }
  const a = median(plain);
  const b = median(filtered);
  console.log(
    JSON.stringify({
      command,
      filter,
      size,
      kind,
      without: +a.toFixed(3),
      with: +b.toFixed(3),
      costPercent: +((100 * (b - a)) / a).toFixed(1),
    }),
  );
}
