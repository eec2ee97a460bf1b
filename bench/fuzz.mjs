// The fuzzing campaign (`npm run fuzz`; not part of `npm test`, whose fast slice is
// test/decoder/fuzz-slice.test.ts). Issue 15, Checks.
//
//   npm run fuzz -- [--seed 1] [--cases 5000] [--workers 2] [--time-limit 10000] [--memory 512] [--fresh]
//
// Mutates every capture in fixtures/ and ../shared/real-captures (structure-aware and random:
// test/helpers/mutate.ts), decodes each mutant whole and in random pieces in child processes
// capped at --memory MiB of heap, and counts:
//   crash     the child died (native abort, out of memory) or the decoder threw;
//   hang      no answer within --time-limit ms (the child is killed and replaced);
//   mismatch  the whole and the chunked decode differ (the output must not depend on chunking);
//   bug       a decoder.internal-error finding.
// Each failing case is saved to bench/data/fuzz/failures/ (the mutant and how it was made).
// Resumable: progress is kept in bench/data/fuzz/state-SEED.json; a new run with the same seed
// continues where the last stopped (--fresh starts over). Deterministic: case i of a seed is
// always the same mutant.

import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const at = argv.indexOf(name);
  return at !== -1 && argv[at + 1] !== undefined ? argv[at + 1] : fallback;
};
const seed = Number(option('--seed', '1'));
const cases = Number(option('--cases', '5000'));
const workers = Math.max(1, Number(option('--workers', '2')));
const timeLimit = Number(option('--time-limit', '10000'));
const memory = Number(option('--memory', '512'));
const dataDir = join(root, 'bench/data/fuzz');
const failDir = join(dataDir, 'failures');
const statePath = join(dataDir, `state-${seed}.json`);
mkdirSync(failDir, { recursive: true });

function captures(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...captures(path));
    else if (/\.(pcap|pcapng|cap)$/i.test(entry.name)) out.push(path);
  }
  return out.sort();
}
const realDir = [join(root, '../shared/real-captures'), join(root, '../../shared/real-captures')].find(existsSync);
const corpus = [...captures(join(root, 'fixtures')), ...(realDir ? captures(realDir) : [])];
if (corpus.length === 0) throw new Error('no captures to fuzz');

/** Case i's job: which file, which donor, which mutation seed. */
function job(i) {
  const file = corpus[i % corpus.length];
  const donor = corpus[(i * 7 + 3) % corpus.length];
  const mixed = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(i + 1, 0xc2b2ae35)) >>> 0;
  return { id: i, file, donor, seed: mixed };
}

const fresh = argv.includes('--fresh') || !existsSync(statePath);
const state = fresh
  ? { seed, next: 0, cases: 0, crashes: 0, hangs: 0, mismatches: 0, bugs: 0, peakRssMiB: 0, slowestMs: 0, failures: [] }
  : JSON.parse(readFileSync(statePath, 'utf8'));
const save = () => writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`);

const bundleDir = join(root, 'node_modules/.cache/wsscope-fuzz');
const workerJs = join(bundleDir, 'fuzz-worker.mjs');
await build({
  entryPoints: [join(root, 'bench/fuzz-worker.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: workerJs,
  logLevel: 'error',
});

async function record(kind, j, detail) {
  state[kind] += 1;
  const { mutate } = await import(join(bundleDir, 'mutate.mjs'));
  const m = mutate(new Uint8Array(readFileSync(j.file)), j.seed, new Uint8Array(readFileSync(j.donor)));
  const name = `${kind}-${seed}-${j.id}`;
  writeFileSync(join(failDir, `${name}.pcap`), m.bytes);
  writeFileSync(join(failDir, `${name}.json`), `${JSON.stringify({ ...j, kind, detail, steps: m.steps }, null, 2)}\n`);
  state.failures.push(name);
  console.log(`${kind}: case ${j.id} (${j.file.slice(root.length + 1)}): ${detail}`);
}
await build({
  entryPoints: [join(root, 'test/helpers/mutate.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: join(bundleDir, 'mutate.mjs'),
  logLevel: 'error',
});

const end = Math.min(state.next + cases, Number.MAX_SAFE_INTEGER);
const started = Date.now();
let nextCase = state.next;
let done = 0;
const inFlight = new Set();

function runWorker() {
  return new Promise((resolveWorker) => {
    const spawnChild = () =>
      fork(workerJs, [], { execArgv: [`--max-old-space-size=${memory}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let child = spawnChild();
    let current = null;
    let timer = null;
    let stderr = '';
    const attach = () => {
      stderr = '';
      child.stderr.on('data', (b) => {
        if (stderr.length < 4096) stderr += b.toString();
      });
      child.on('message', onMessage);
      child.on('exit', onExit);
    };
    const next = () => {
      if (nextCase >= end) {
        child.off('exit', onExit);
        child.kill('SIGTERM');
        resolveWorker();
        return;
      }
      const sent = job(nextCase++);
      current = sent;
      inFlight.add(sent.id);
      timer = setTimeout(() => {
        // A hang: stop this child (only ours, by its handle) and go on with a new one.
        if (current !== sent) return;
        const j = sent;
        current = null;
        child.off('exit', onExit);
        child.kill('SIGKILL');
        void record('hangs', j, `no answer within ${timeLimit} ms`).then(finishCase.bind(null, j, true));
      }, timeLimit);
      child.send(current);
    };
    const finishCase = (j, respawn) => {
      inFlight.delete(j.id);
      state.cases += 1;
      done += 1;
      if (Math.min(...inFlight, nextCase) > state.next) state.next = Math.min(...inFlight, nextCase);
      if (done % 50 === 0) {
        save();
        const rate = (done / ((Date.now() - started) / 1000)).toFixed(1);
        console.log(
          `${state.cases} cases (${rate}/s): ${state.crashes} crashes, ${state.hangs} hangs, ${state.mismatches} mismatches, ${state.bugs} bugs, peak ${state.peakRssMiB} MiB`,
        );
      }
      if (respawn) {
        // The new child's 'ready' message starts its first case (onMessage).
        child = spawnChild();
        attach();
      } else next();
    };
    async function onMessage(msg) {
      if (msg.ready) {
        if (current === null) next();
        return;
      }
      if (current === null || msg.id !== current.id) return;
      clearTimeout(timer);
      const j = current;
      current = null;
      state.peakRssMiB = Math.max(state.peakRssMiB, Math.round(msg.rss / 1048576));
      state.slowestMs = Math.max(state.slowestMs, Math.round(msg.ms));
      if (msg.thrown) await record('crashes', j, `threw ${msg.thrown}`);
      else if (!msg.same) await record('mismatches', j, 'whole and chunked decodes differ');
      else if (msg.bugs > 0) await record('bugs', j, `${msg.bugs} decoder.internal-error findings`);
      finishCase(j, false);
    }
    function onExit(code, signal) {
      clearTimeout(timer);
      const j = current;
      current = null;
      if (j === null) return;
      const why = `worker died (${signal ?? `exit ${code}`}): ${stderr.split('\n').find((l) => /FATAL|Error/.test(l)) ?? ''}`;
      void record('crashes', j, why).then(() => finishCase(j, true));
    }
    attach();
  });
}

console.log(
  `fuzzing ${corpus.length} captures, cases ${state.next}-${end - 1} of seed ${seed}, ${workers} workers, ${memory} MiB heap, ${timeLimit} ms per case`,
);
await Promise.all(Array.from({ length: workers }, runWorker));
state.next = end;
save();
const secs = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `\nfiles in the corpus: ${corpus.length}; cases run: ${state.cases} (this run ${done} in ${secs} s)\n` +
    `crashes: ${state.crashes}, hangs: ${state.hangs}, mismatches: ${state.mismatches}, decoder bugs: ${state.bugs}\n` +
    `peak worker RSS: ${state.peakRssMiB} MiB, slowest case: ${state.slowestMs} ms; state in ${statePath.slice(root.length + 1)}`,
);
process.exitCode = state.crashes + state.hangs + state.mismatches + state.bugs > 0 ? 1 : 0;
