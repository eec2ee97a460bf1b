// What -Y costs the CLI: the same command with and without a display filter, on a generated
// capture. Most cases keep every row (same output, so the difference is the filter's own work);
// `websocket.opcode == 1` and `contains "x"` keep fewer, so they also print less.
//
//   node bench/filter-bench.mjs [--size 100m] [--kind small|mixed] [--runs 3] [--only 1,2] [--bin FILE]
//
// Builds the CLI into a temp dir, generates the capture with bench/generate.mjs (cached in
// bench/data), and prints one JSON line per command without a filter and one per case: median
// CPU and wall seconds, and the cost in percent. Issue 12's budget: at most 10% of the decode time.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
// --bin FILE: time an existing build (e.g. another branch's) instead of building this tree
let bin = arg('--bin', null);
if (bin === null) {
  const out = mkdtempSync(join(tmpdir(), 'wsscope-bench-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs'), '--outdir', out, '--quiet']);
  bin = join(out, 'cli', 'wsscope.js');
}

// The child's own CPU seconds (user + system, all its threads), reported by a preload at exit:
// on a machine shared with other work, wall time measures the neighbours as much as wsscope.
const cpuPreload = join(mkdtempSync(join(tmpdir(), 'wsscope-cpu-')), 'cpu.cjs');
writeFileSync(
  cpuPreload,
  "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-us ' + (u.user + u.system) + '\\n'); });\n",
);

/** Seconds: { wall, cpu } of one run. */
function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', cpuPreload, bin, ...args, '--no-progress', '-f', 'ndjson'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`wsscope ${args.join(' ')}: ${r.stderr}`);
  const m = /cpu-us (\d+)/.exec(String(r.stderr));
  return { wall, cpu: m ? Number(m[1]) / 1e6 : Number.NaN };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const CASES = [
  // a frame field on frame rows: read from the record itself
  ['frames', 'websocket.payload_length >= 0 || websocket.opcode == 1'],
  // connection fields through the row's connection
  ['messages', 'tcp.port > 0 && ip.addr == 0.0.0.0/0'],
  // a frame field on message rows (marks from the frames)
  ['messages', 'websocket.opcode == 1'],
  // a message field on frame rows: frames held until their message (marks)
  ['frames', 'ws.message.length >= 0'],
  // text search on every message, whatever it finds (the second test keeps every row)
  ['messages', 'ws.message.text contains "x" || ws.message.length >= 0'],
  ['messages', 'ws.message.text contains "x"'],
  ['messages', 'not ws.message.text contains "\\x01never\\x02"'],
  // a capture-record number on frame rows
  ['frames', 'frame.number > 100'],
];
// --only N[,N…]: run only these cases (by index)
const only = arg('--only', null)?.split(',').map(Number);

// Rounds: each round times every command once without a filter and every case once with its
// filter, so the figures of one round share the machine's load of that moment.
const chosen = [...CASES.entries()].filter(([i]) => !only || only.includes(i)).map(([, c]) => c);
const commands = [...new Set(chosen.map(([command]) => command))];
const plain = new Map(commands.map((c) => [c, []]));
const filtered = chosen.map(() => []);
for (let round = 0; round < runs; round++) {
  for (const command of commands) plain.get(command).push(time([command, capture]));
  chosen.forEach(([command, filter], i) => {
    filtered[i].push(time([command, capture, '-Y', filter]));
  });
}
const pick = (xs, key) => median(xs.map((x) => x[key]));
for (const command of commands) {
  const xs = plain.get(command);
  console.log(
    JSON.stringify({
      command,
      filter: null,
      size,
      kind,
      cpu: +pick(xs, 'cpu').toFixed(3),
      wall: +pick(xs, 'wall').toFixed(3),
    }),
  );
}
chosen.forEach(([command, filter], i) => {
  const a = plain.get(command);
  const b = filtered[i];
  const cost = (key) => +((100 * (pick(b, key) - pick(a, key))) / pick(a, key)).toFixed(1);
  console.log(
    JSON.stringify({
      command,
      filter,
      cpu: +pick(b, 'cpu').toFixed(3),
      wall: +pick(b, 'wall').toFixed(3),
      // the budget (issue 12) is read on CPU time; wall time is shown for comparison
      cpuCostPercent: cost('cpu'),
      wallCostPercent: cost('wall'),
    }),
  );
});
