// wsscope throughput benchmark (`npm run bench`; not part of `npm test`).
//
//   npm run bench -- [--size 200m|1g] [--kind mixed|small|mixed,small] [--runs 3] [--seed 1]
//                    [--no-tshark] [--no-cli] [--no-deflate] [--no-tshark-check] [--no-walk]
//                    [--no-limit] [--profile] [--regenerate] [--wss aes128gcm,aes256gcm,chacha20] [--no-wss]
//                    [--jobs 1,2,N]
//
// 1. Generates realistic captures into bench/data/ (bench/generate.mjs; kept between runs, with
//    their ground truth in X.truth.json).
// 2. Times, on each capture, `runs` times each (interleaved, so load from elsewhere hits all
//    tools alike):
//      - wsscope in-process: bench/runner.ts bundled with esbuild, streaming the file in 64 KiB
//        chunks into CaptureSession and draining events (flat memory);
//      - the wsscope CLI: node dist/cli/wsscope.js messages FILE --format ndjson > /dev/null;
//      - tshark -r FILE -Y websocket -o tcp.desegment_tcp_streams:TRUE -T fields -e frame.number;
//      - the limit (bench/limit.ts, bundled like the runner): the decoder's own layers up to TCP
//        reassembly, every payload unmasked by the frame parser and every compressed message
//        inflated, but no records built and nothing printed (issue 13);
//      - a bare JavaScript walk of the pcap records (bench/walk.mjs): the ceiling for any JS decoder.
//    MB/s is file bytes (10^6) over wall time, process start included; peak RSS is /usr/bin/time
//    -v's "Maximum resident set size" (the runner's own sampled RSS when time is missing).
// 3. Checks the in-process run against the ground truth: connections, messages per type and
//    direction, payload bytes, frames, compressed messages; prints OK or MISMATCH. With tshark
//    present, one more tshark run counts frames per opcode: the generator checked independently.
// 4. wss (--wss SUITES, default: mixed in AES-128-GCM, small in ChaCha20; --no-wss to skip): the
//    same traffic as each capture, byte for byte, in TLS 1.3 records with its key log
//    (generate.mjs --tls; suites aes128gcm, aes256gcm, chacha20). Times the CLI, the in-process
//    decoder (with node:crypto, and with the browser worker's crypto) and tshark on the plaintext
//    capture and on the wss one with the key log, and reports what decryption costs each in CPU
//    time (wall time without /usr/bin/time) (target: wsscope +30% at most, and
//    its lead over tshark no smaller than on plaintext), with the decrypted result checked
//    against the ground truth (and tshark's frames per opcode).
//    `--wss null`: a twin whose records are not encrypted (tls-wrap.mjs), read by wsscope with a
//    provider that opens records by copying them (bench/null-tls-crypto.ts; the CLI rebuilt with
//    it): what the TLS layer costs without decryption. tshark cannot read that twin.
// 5. Runs the permessage-deflate micro-benchmark (bench/deflate-bench.ts).
// Results are printed and also written to bench/data/results-SIZE-KINDS.md.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCapture, keyLogPath, parseSize } from '../bench/generate.mjs';
import { profileReport } from '../bench/profile-report.mjs';
import { bundleForNode } from './bundle-node.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, 'bench/data');
// Bundles live outside bench/ so that `biome check bench` never sees generated code.
// node_modules may be a symlink shared by several worktrees: one cache per worktree.
const cacheDir = join(root, 'node_modules/.cache', `wsscope-bench-${basename(root)}`);
const TIME = '/usr/bin/time';

// ------------------------------------------------------------------ arguments

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const at = argv.indexOf(name);
  return at !== -1 && argv[at + 1] !== undefined ? argv[at + 1] : fallback;
};
const sizeText = option('--size', '200m').toLowerCase();
const size = parseSize(sizeText);
const kinds = option('--kind', 'mixed,small').split(',');
const runs = Math.max(1, Number(option('--runs', '3')));
const seed = Number(option('--seed', '1'));
// Decoder threads to time (--jobs of the CLI and the in-process runner): 1, 2 and all cores.
const jobsList = [
  ...new Set(
    option('--jobs', `1,2,${cpus().length}`)
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n >= 1),
  ),
].sort((a, b) => a - b);

const lines = [];
/** Print and keep for the results file. */
function say(text = '') {
  console.log(text);
  lines.push(text);
}

// ------------------------------------------------------------------ helpers

function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

function haveCommand(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return r.error ? null : `${r.stdout}${r.stderr}`;
}

const haveTime = existsSync(TIME) && haveCommand(TIME, ['-v', 'true']) !== null;

/**
 * timed() of a bundled script of ours that ends its output with one JSON line: that line parsed as
 * r[key], or r.failed saying what failed, with the end of its stderr.
 */
function timedJson(args, key, what) {
  const r = timed(process.execPath, args, { capture: true });
  try {
    r[key] = JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    r.failed = `${what} failed (exit ${r.status}): ${r.stderr.slice(-500)}`;
  }
  return r;
}

/**
 * Run a command once: wall seconds, peak RSS in bytes (from /usr/bin/time -v when present),
 * stdout when `capture` (else it goes to /dev/null), exit status.
 */
function timed(cmd, args, { capture = false } = {}) {
  const full = haveTime ? [TIME, ['-v', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], {
    stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
  });
  const seconds = (performance.now() - t0) / 1000;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  // CPU seconds (user + system) from time -v: on a shared machine, others' load stretches wall
  // time but not the CPU a run needs, so the wss cost ratios are taken from these.
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  const cpu = user && sys ? Number(user[1]) + Number(sys[1]) : Number.NaN;
  const status = haveTime ? (/Exit status: (\d+)/.exec(r.stderr ?? '')?.[1] ?? String(r.status)) : String(r.status);
  return {
    seconds,
    cpu,
    rss: m ? Number(m[1]) * 1024 : Number.NaN,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    status,
  };
}

const mib = (bytes) => (Number.isFinite(bytes) ? (bytes / 2 ** 20).toFixed(0) : '?');
const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '?');

// ------------------------------------------------------------------ setup

mkdirSync(dataDir, { recursive: true });
mkdirSync(cacheDir, { recursive: true });

/** `entry` bundled for node into the cache as `name`; `extra`: more esbuild options. */
const bundle = async (entry, name, extra = {}) => {
  const outfile = join(cacheDir, name);
  await bundleForNode(join(root, entry), outfile, extra);
  return outfile;
};
const runnerJs = await bundle('bench/runner.ts', 'runner.mjs');
// Beside the runner, where its shardWorkerScript() looks (the CLI has its own in dist/cli).
await bundle('src/node/shard-worker.ts', 'shard-worker.js');

/** The CLI with bench/null-tls-crypto.ts in place of node:crypto's provider (for `--wss null`). */
async function nullCryptoCli() {
  const stub = join(root, 'bench/null-tls-crypto.ts');
  const real = join(root, 'src/node/tls-crypto.ts');
  return bundle('src/cli/main.ts', 'wsscope-null-crypto.mjs', {
    define: { 'process.env.WSSCOPE_VERSION': '"bench"' },
    plugins: [
      {
        name: 'null-tls-crypto',
        setup(b) {
          // The stub imports the real provider for its hashes: only the CLI's import is swapped.
          b.onResolve({ filter: /node\/tls-crypto\.js$/ }, (args) =>
            args.importer === stub ? { path: real } : { path: stub },
          );
        },
      },
    ],
  });
}
const limitJs = flag('--no-limit') ? null : await bundle('bench/limit.ts', 'limit.mjs');

const cliJs = join(root, 'dist/cli/wsscope.js');
let useCli = !flag('--no-cli');
if (useCli && !existsSync(cliJs)) {
  console.log('dist/cli/wsscope.js is missing; building it (node scripts/build-cli.mjs)');
  const r = spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(cliJs)) {
    console.log('note: the CLI did not build; benchmarking the in-process decoder only');
    useCli = false;
  }
}

let tsharkVersion = null;
if (!flag('--no-tshark')) {
  tsharkVersion = haveCommand('tshark', ['-v'])?.split('\n')[0] ?? null;
  if (!tsharkVersion) console.log('note: tshark not found (apt-get install tshark); benchmarking wsscope alone');
}

const cpuModel = /model name\s*:\s*(.*)/.exec(
  existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '',
)?.[1];
say(`# wsscope benchmark, ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`);
say();
say(`machine: ${cpus().length} cores (nproc), ${cpuModel ?? cpus()[0]?.model ?? 'unknown CPU'}`);
say(
  `node ${process.version}; ${tsharkVersion ?? 'no tshark'}; load average at start ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
say(
  `runs per tool: ${runs}; MB = 10^6 bytes; MiB = 2^20 bytes; peak RSS via ${haveTime ? '/usr/bin/time -v' : 'process.memoryUsage()'}`,
);

// ------------------------------------------------------------------ per capture

const TSHARK_PLAIN = 'tshark -Y websocket';
const TSHARK_FIELDS = 'tshark -Y websocket -T fields -e frame.number';

const tableRows = [];
const checks = [];

for (const kind of kinds) {
  const file = join(dataDir, `${kind}-${sizeText}-s${seed}.pcap`);
  const truthFile = `${file}.truth.json`;
  if (flag('--regenerate') || !existsSync(file) || !existsSync(truthFile)) {
    console.log(`generating ${file} …`);
    const t = await generateCapture({ out: file, size, kind, seed });
    console.log(
      `  ${mib(t.fileBytes)} MiB, ${t.packets} packets, ${t.messages} messages in ${fmt(t.generateSeconds)} s`,
    );
  }
  const truth = JSON.parse(readFileSync(truthFile, 'utf8'));
  const bytes = truth.fileBytes;
  say();
  say(
    `## ${kind}: ${file.replace(`${root}/`, '')} (${mib(bytes)} MiB, ${truth.packets} packets, ` +
      `${truth.connections} connections, ${truth.messages} messages)`,
  );

  // One thread keeps the names earlier reports used; N decoder threads say "-j N".
  const jobsName = (name, jobs) => (jobs === 1 ? name : `${name} -j ${jobs}`);
  const tools = [];
  for (const jobs of jobsList) {
    tools.push({
      name: jobsName('wsscope (in-process)', jobs),
      jobs,
      run: () => {
        const r = timedJson([runnerJs, file, '--jobs', String(jobs)], 'result', 'runner');
        if (r.result && !Number.isFinite(r.rss)) r.rss = r.result.peakRss;
        return r;
      },
    });
  }
  if (useCli) {
    for (const jobs of jobsList) {
      tools.push({
        name: jobsName('wsscope CLI (messages --format ndjson)', jobs),
        run: () => timed(process.execPath, [cliJs, 'messages', file, '--format', 'ndjson', '--jobs', String(jobs)]),
      });
    }
    for (const jobs of jobsList) {
      tools.push({
        name: jobsName('wsscope CLI (stats)', jobs),
        run: () => timed(process.execPath, [cliJs, 'stats', file, '--jobs', String(jobs)]),
      });
    }
  }
  if (tsharkVersion) {
    // Two ways to ask tshark: its default summary lines, and one field per WebSocket packet
    // (which makes it build every packet's full tree: about half the speed on the mixed
    // capture). Ratios are taken against the faster of the two.
    tools.push({
      name: TSHARK_PLAIN,
      run: () => timed('tshark', ['-r', file, '-Y', 'websocket']),
    });
    tools.push({
      name: TSHARK_FIELDS,
      run: () =>
        timed('tshark', [
          '-r',
          file,
          '-Y',
          'websocket',
          '-o',
          'tcp.desegment_tcp_streams:TRUE',
          '-T',
          'fields',
          '-e',
          'frame.number',
        ]),
    });
  }

  const LIMIT = 'limit: frames unmasked + inflated, no records';
  if (limitJs !== null) {
    tools.push({
      name: LIMIT,
      run: () => {
        const r = timedJson([limitJs, file], 'limit', 'limit run');
        if (r.limit && !Number.isFinite(r.rss)) r.rss = r.limit.peakRss;
        return r;
      },
    });
  }

  if (!flag('--no-walk')) {
    tools.push({
      name: 'bare JS pcap walk (ceiling)',
      run: () => timed(process.execPath, [join(root, 'bench/walk.mjs'), file]),
    });
  }

  const samples = new Map(tools.map((t) => [t.name, []]));
  let decoded = null;
  let limited = null;
  /** The in-process result with N decoder threads, by N: counted the same as with one. */
  const sharded = new Map();
  for (let run = 1; run <= runs; run++) {
    for (const tool of tools) {
      process.stdout.write(`  run ${run}/${runs} ${tool.name} … `);
      const r = tool.run();
      if (r.failed || r.status !== '0') {
        console.log(`FAILED: ${r.failed ?? `exit ${r.status} ${r.stderr.slice(-300)}`}`);
        continue;
      }
      console.log(`${fmt(bytes / 1e6 / r.seconds)} MB/s, ${mib(r.rss)} MiB`);
      samples.get(tool.name).push(r);
      if (r.result && tool.jobs === 1) decoded = r.result;
      if (r.result && tool.jobs > 1) sharded.set(tool.jobs, r.result);
      if (r.limit) limited = r.limit;
    }
  }

  const speed = (name) => median((samples.get(name) ?? []).map((r) => bytes / 1e6 / r.seconds));
  const tshark = Math.max(speed(TSHARK_PLAIN), speed(TSHARK_FIELDS));
  say();
  say('| tool | MB/s (median) | peak RSS MiB (median) | vs the faster tshark |');
  say('|---|---:|---:|---:|');
  for (const tool of tools) {
    const s = speed(tool.name);
    const rss = median(samples.get(tool.name).map((r) => r.rss));
    const ratio = `${fmt(s / tshark, 2)}x`;
    say(`| ${tool.name} | ${fmt(s)} | ${mib(rss)} | ${Number.isFinite(tshark) ? ratio : 'n/a'} |`);
    tableRows.push({ kind, tool: tool.name, mbps: s, rss, ratio: s / tshark });
  }
  const inProcess = samples.get('wsscope (in-process)').map((r) => r.result);
  if (inProcess.length > 0) {
    say(
      `(in-process, decode loop alone without process start: ${fmt(median(inProcess.map((r) => r.mbps)))} MB/s; ` +
        `RSS sampled inside: ${mib(median(inProcess.map((r) => r.peakRss)))} MiB)`,
    );
  }

  // ---- correctness against the ground truth
  const problems = decoded ? compare(truth, decoded) : ['no successful in-process run'];
  checks.push({ kind, ok: problems.length === 0 });
  say();
  if (problems.length === 0) {
    const m = truth.total.messages;
    say(
      `ground truth: OK (${truth.connections} WebSocket connections; ${truth.messages} messages: ${m.text} text, ` +
        `${m.binary} binary, ${m.ping} ping, ${m.pong} pong, ${m.close} close; ${truth.total.frames} frames; ` +
        `${truth.total.compressedMessages} compressed; no findings)`,
    );
  } else {
    say('ground truth: MISMATCH');
    for (const p of problems.slice(0, 40)) say(`  - ${p}`);
  }
  // With decoder threads the same counts as with one (what was decoded, not when or how fast).
  for (const [jobs, result] of sharded) {
    const keep = (r) => JSON.stringify({ ...r, seconds: 0, mbps: 0, peakRss: 0 });
    const same = decoded !== null && keep(result) === keep(decoded);
    checks.push({ kind: `${kind} (-j ${jobs})`, ok: same });
    say(`${jobs} decoder threads: ${same ? 'OK, the same counts as one thread' : 'MISMATCH with one thread'}`);
  }
  // The limit must have walked every message too, or its speed means nothing.
  if (limitJs !== null) {
    const limitProblems = limited ? compareLimit(truth, limited) : ['no successful limit run'];
    checks.push({ kind: `${kind} (limit)`, ok: limitProblems.length === 0 });
    say(
      limitProblems.length === 0
        ? `limit line: OK (${limited.frames} frames, ${limited.messages} messages, ${limited.compressedMessages} inflated, ${limited.payloadBytes} payload bytes)`
        : `limit line: MISMATCH: ${limitProblems.join('; ')}`,
    );
  }

  // ---- the generator checked by an independent reader: tshark's frame count per opcode
  if (tsharkVersion && !flag('--no-tshark-check')) {
    const seen = tsharkOpcodes(file);
    const t = truth.total;
    const want = {
      0: t.frames - truth.messages,
      1: t.messages.text,
      2: t.messages.binary,
      8: t.messages.close,
      9: t.messages.ping,
      10: t.messages.pong,
    };
    const diffs = Object.entries(want)
      .filter(([op, n]) => (seen[op] ?? 0) !== n)
      .map(([op, n]) => `opcode ${op}: generator wrote ${n} frames, tshark saw ${seen[op] ?? 0}`);
    say(`generator vs tshark (frames per opcode): ${diffs.length === 0 ? 'OK' : `MISMATCH: ${diffs.join('; ')}`}`);
  }

  if (flag('--profile') && decoded) {
    const profDir = join(cacheDir, 'profile');
    rmSync(profDir, { recursive: true, force: true });
    mkdirSync(profDir, { recursive: true });
    spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, runnerJs, file], { stdio: 'ignore' });
    const prof = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (prof) {
      say();
      say(`profile of the in-process run (${kind}; node --cpu-prof):`);
      say('```');
      say(profileReport(join(profDir, prof), runnerJs, 25));
      say('```');
    }
  }
}

/** The limit run's totals against the ground truth (it keeps no per-type or per-direction counts). */
function compareLimit(truth, got) {
  const t = truth.total;
  const want = {
    connections: truth.connections,
    frames: t.frames,
    messages: truth.messages,
    compressedMessages: t.compressedMessages,
    payloadBytes: Object.values(t.payloadBytes).reduce((a, b) => a + b, 0),
    inflateFailures: 0,
  };
  return Object.entries(want)
    .filter(([key, n]) => got[key] !== n)
    .map(([key, n]) => `${key}: expected ${n}, limit run reported ${got[key]}`);
}

/** tshark's WebSocket frames per opcode (continuations as 0), one run. */
function tsharkOpcodes(file, extra = []) {
  const r = spawnSync(
    'tshark',
    [
      '-r',
      file,
      ...extra,
      '-Y',
      'websocket',
      '-o',
      'tcp.desegment_tcp_streams:TRUE',
      '-T',
      'fields',
      '-e',
      'websocket.opcode',
    ],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const counts = {};
  for (const line of (r.stdout ?? '').split('\n')) {
    for (const op of line.split(',')) if (op.trim()) counts[op.trim()] = (counts[op.trim()] ?? 0) + 1;
  }
  return counts;
}

/** Differences between the generator's ground truth and what the decoder reported. */
function compare(truth, got) {
  const problems = [];
  const expect = (what, want, have) => {
    if (want !== have) problems.push(`${what}: expected ${want}, decoder reported ${have}`);
  };
  expect('WebSocket connections', truth.connections, got.connections.websocket ?? 0);
  for (const [kind, n] of Object.entries(got.connections)) {
    if (kind !== 'websocket') problems.push(`${n} connections of kind ${kind} (expected none)`);
  }
  for (const side of ['client', 'server']) {
    const want = truth[side];
    const have = got[side];
    for (const type of Object.keys(want.messages)) {
      expect(`${side} ${type} messages`, want.messages[type], have.messages[type]);
      expect(`${side} ${type} payload bytes`, want.payloadBytes[type], have.payloadBytes[type]);
    }
    if (have.messages.reserved) problems.push(`${side}: ${have.messages.reserved} reserved-opcode messages`);
    expect(`${side} frames`, want.frames, have.frames);
    expect(`${side} compressed messages`, want.compressedMessages, have.compressedMessages);
    expect(`${side} incomplete messages`, 0, have.incompleteMessages);
  }
  for (const [code, n] of Object.entries(got.findings)) problems.push(`finding ${code} x${n} (expected none)`);
  if (got.fatal) problems.push(`fatal: ${got.fatal}`);
  return problems;
}

// ------------------------------------------------------------------ wss: the same traffic in TLS

const WSS_DEFAULT = { mixed: 'aes128gcm', small: 'chacha20' };
const wssSuites = option('--wss', null)?.split(',');
const wssPairs = flag('--no-wss')
  ? []
  : kinds.flatMap((kind) => (wssSuites ?? [WSS_DEFAULT[kind] ?? 'aes128gcm']).map((suite) => [kind, suite]));
const wssRows = [];
for (const [kind, suite] of wssPairs) {
  const plain = join(dataDir, `${kind}-${sizeText}-s${seed}.pcap`);
  const wss = plain.replace(/\.pcap$/, `-wss-${suite}.pcap`);
  const keys = keyLogPath(wss);
  if (flag('--regenerate') || !existsSync(wss) || !existsSync(keys) || !existsSync(`${wss}.truth.json`)) {
    // Rewrites the plaintext capture too, byte for byte the same (the TLS twin draws its own PRNG).
    console.log(`generating ${wss} (and ${plain}) …`);
    await generateCapture({ out: plain, size, kind, seed, tls: suite, tlsOut: wss });
  }
  const truth = JSON.parse(readFileSync(`${wss}.truth.json`, 'utf8'));
  say();
  say(
    `## wss ${kind}, TLS 1.3 ${suite}: ${wss.replace(`${root}/`, '')} (${mib(truth.fileBytes)} MiB, ${truth.packets} packets) vs the same traffic in plaintext`,
  );
  const tshark = (file, extra) => () =>
    timed('tshark', [
      '-r',
      file,
      ...extra,
      '-Y',
      'websocket',
      '-o',
      'tcp.desegment_tcp_streams:TRUE',
      '-T',
      'fields',
      '-e',
      'frame.number',
    ]);
  const isNull = suite === 'null';
  const wssCli = isNull && useCli ? await nullCryptoCli() : cliJs;
  const nullFlag = isNull ? ['--null-crypto'] : [];
  const tools = [];
  if (useCli) {
    tools.push({
      name: 'wsscope CLI, plaintext',
      run: () => timed(process.execPath, [cliJs, 'messages', plain, '--format', 'ndjson']),
    });
    tools.push({
      name: 'wsscope CLI, wss --keylog',
      run: () => timed(process.execPath, [wssCli, 'messages', wss, '--keylog', keys, '--format', 'ndjson']),
    });
    // Decryption is per-record work the decoder threads take over (the null twin's CLI has none).
    for (const jobs of isNull ? [] : jobsList.filter((n) => n > 1)) {
      tools.push({
        name: `wsscope CLI, wss --keylog -j ${jobs}`,
        run: () =>
          timed(process.execPath, [
            cliJs,
            'messages',
            wss,
            '--keylog',
            keys,
            '--format',
            'ndjson',
            '--jobs',
            String(jobs),
          ]),
      });
    }
  }
  tools.push({ name: 'wsscope in-process, plaintext', run: () => timed(process.execPath, [runnerJs, plain]) });
  tools.push({
    name: 'wsscope in-process, wss',
    run: () => {
      return timedJson([runnerJs, wss, '--keylog', keys, ...nullFlag], 'result', 'runner');
    },
  });
  // The browser worker's cryptography (@stablelib for small records, @noble for large).
  if (!isNull) {
    tools.push({
      name: 'wsscope in-process, wss, worker crypto',
      run: () => timed(process.execPath, [runnerJs, wss, '--keylog', keys, '--worker-crypto']),
    });
  }
  if (tsharkVersion && !isNull) {
    tools.push({ name: 'tshark, plaintext', run: tshark(plain, []) });
    tools.push({ name: 'tshark, wss -o tls.keylog_file', run: tshark(wss, ['-o', `tls.keylog_file:${keys}`]) });
  }
  const samples = new Map(tools.map((t) => [t.name, []]));
  let decoded = null;
  for (let run = 1; run <= runs; run++) {
    for (const tool of tools) {
      process.stdout.write(`  run ${run}/${runs} ${tool.name} … `);
      const r = tool.run();
      if (r.failed || r.status !== '0') {
        console.log(`FAILED: ${r.failed ?? `exit ${r.status} ${r.stderr.slice(-300)}`}`);
        continue;
      }
      console.log(`${fmt(r.seconds, 2)} s, ${mib(r.rss)} MiB`);
      samples.get(tool.name).push(r);
      if (r.result) decoded = r.result;
    }
  }
  const seconds = (name) => median((samples.get(name) ?? []).map((r) => r.seconds));
  const cpuSeconds = (name) => median((samples.get(name) ?? []).map((r) => r.cpu));
  // Costs from CPU seconds when time -v gave them (see timed()), else from wall time.
  const cost = (name) => (haveTime ? cpuSeconds(name) : seconds(name));
  say();
  say('| tool | seconds (median) | CPU seconds (median) | peak RSS MiB (median) |');
  say('|---|---:|---:|---:|');
  for (const tool of tools)
    say(
      `| ${tool.name} | ${fmt(seconds(tool.name), 2)} | ${fmt(cpuSeconds(tool.name), 2)} | ${mib(median(samples.get(tool.name).map((r) => r.rss)))} |`,
    );
  const cliCost = cost('wsscope CLI, wss --keylog') / cost('wsscope CLI, plaintext') - 1;
  const tsharkCost = cost('tshark, wss -o tls.keylog_file') / cost('tshark, plaintext') - 1;
  const inProcessCost = cost('wsscope in-process, wss') / cost('wsscope in-process, plaintext') - 1;
  const workerCost = cost('wsscope in-process, wss, worker crypto') / cost('wsscope in-process, plaintext') - 1;
  const leadPlain = seconds('tshark, plaintext') / seconds('wsscope CLI, plaintext');
  const leadWss = seconds('tshark, wss -o tls.keylog_file') / seconds('wsscope CLI, wss --keylog');
  say();
  say(
    `${isNull ? 'the TLS layer without decryption (null twin) costs' : 'decryption costs'} the wsscope CLI ${fmt(cliCost * 100, 0)}% (target at most 30%: ${Number.isFinite(cliCost) ? (cliCost <= 0.3 ? 'meets' : 'above') : 'n/a'}), ` +
      `the in-process decoder ${fmt(inProcessCost * 100, 0)}% (${fmt(workerCost * 100, 0)}% with the worker's crypto), tshark ${fmt(tsharkCost * 100, 0)}% (${haveTime ? 'CPU' : 'wall'} time); wsscope's lead over tshark: ${fmt(leadPlain, 2)}x on plaintext, ${fmt(leadWss, 2)}x on wss ` +
      `(${Number.isFinite(leadWss) && Number.isFinite(leadPlain) ? (leadWss >= leadPlain ? 'kept' : 'smaller') : 'n/a'})`,
  );
  const problems = decoded ? compare(truth, decoded) : ['no successful in-process run on the wss capture'];
  say(
    problems.length === 0
      ? 'ground truth (decrypted, in-process): OK'
      : 'ground truth (decrypted, in-process): MISMATCH',
  );
  for (const p of problems.slice(0, 20)) say(`  - ${p}`);
  if (tsharkVersion && !isNull && !flag('--no-tshark-check')) {
    const seen = tsharkOpcodes(wss, ['-o', `tls.keylog_file:${keys}`]);
    const t = truth.total;
    const want = {
      0: t.frames - truth.messages,
      1: t.messages.text,
      2: t.messages.binary,
      8: t.messages.close,
      9: t.messages.ping,
      10: t.messages.pong,
    };
    const diffs = Object.entries(want)
      .filter(([op, n]) => (seen[op] ?? 0) !== n)
      .map(([op, n]) => `opcode ${op}: ${n} written, tshark decrypted ${seen[op] ?? 0}`);
    say(
      `generator vs tshark with the key log (frames per opcode): ${diffs.length === 0 ? 'OK' : `MISMATCH: ${diffs.join('; ')}`}`,
    );
  }
  wssRows.push({
    kind,
    suite,
    isNull,
    cliCost,
    inProcessCost,
    workerCost,
    leadPlain,
    leadWss,
    ok: problems.length === 0,
  });
}

// ------------------------------------------------------------------ deflate micro-benchmark

if (!flag('--no-deflate')) {
  const deflateJs = await bundle('bench/deflate-bench.ts', 'deflate-bench.mjs');
  console.log('\ndeflate micro-benchmark …');
  const r = spawnSync(process.execPath, [deflateJs, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  say();
  say('## permessage-deflate, one direction, shared window (context takeover): messages/s');
  if (r.status !== 0) say(`FAILED: ${r.stderr.slice(-500)}`);
  else {
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    for (const c of out.results) {
      say();
      say(
        `${c.corpus}: ${c.messages} messages, ${mib(c.plainBytes)} MiB plain, ${fmt(c.wireBytes / c.plainBytes, 3)} on the wire`,
      );
      say();
      say('| inflater | messages/s (median) | output |');
      say('|---|---:|---|');
      for (const row of c.rows) {
        say(
          `| ${row.name} | ${Math.round(row.messagesPerSecond).toLocaleString('en-US')} | ${row.correct ? 'OK' : 'WRONG'} |`,
        );
      }
    }
    say();
    say(`fflate: ${out.fflate}.`);
  }
}

// ------------------------------------------------------------------ summary

say();
say('## summary');
for (const row of tableRows.filter((r) => r.tool.startsWith('wsscope'))) {
  const meets = Number.isFinite(row.ratio) ? (row.ratio >= 10 ? 'meets' : 'below') : 'n/a';
  say(
    `- ${row.kind}, ${row.tool}: ${fmt(row.ratio, 2)}x tshark (target 10x: ${meets}); peak RSS ${mib(row.rss)} MiB (target < 200)`,
  );
}
for (const row of tableRows.filter((r) => r.tool.startsWith('limit'))) {
  const full = tableRows.find((r) => r.kind === row.kind && r.tool === 'wsscope (in-process)');
  say(
    `- ${row.kind}, limit (no records): ${fmt(row.ratio, 2)}x tshark, ${fmt(row.mbps)} MB/s; the full in-process decode runs at ${fmt((100 * (full?.mbps ?? Number.NaN)) / row.mbps, 0)}% of it; peak RSS ${mib(row.rss)} MiB`,
  );
}
for (const c of checks) say(`- ${c.kind}: ground truth ${c.ok ? 'OK' : 'MISMATCH'}`);
for (const w of wssRows) {
  say(
    `- wss ${w.kind} ${w.suite}: ${w.isNull ? 'TLS layer alone' : 'decryption'} +${fmt(w.cliCost * 100, 0)}% in the CLI (target <= 30%), +${fmt(w.inProcessCost * 100, 0)}% in-process, +${fmt(w.workerCost * 100, 0)}% with the worker's crypto; lead over tshark ${fmt(w.leadWss, 2)}x (plaintext ${fmt(w.leadPlain, 2)}x); ground truth ${w.ok ? 'OK' : 'MISMATCH'}`,
  );
}
const resultsFile = join(dataDir, `results-${sizeText}-${kinds.join('+')}.md`);
writeFileSync(resultsFile, `${lines.join('\n')}\n`);
console.log(`\nwritten to ${resultsFile.replace(`${root}/`, '')}`);
if (checks.some((c) => !c.ok)) process.exitCode = 1;
