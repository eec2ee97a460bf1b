// Two checkouts' display filters over payloads read back, alternating on one capture
// (bench/filter-read-bench.ts in each: copy it into the other checkout's bench/ first).
//
//   node bench/filter-read-compare.mjs --capture FILE --base DIR --after DIR [--runs 3] [--keep 0|app]
//
// Both engines load the capture at once (two processes), then each filter runs in one and then
// the other, the first of the pair alternating from round to round, so the machine's load falls
// on both alike. Prints each run as a JSON line, then per filter and checkout the medians of
// bytes read, wall and CPU milliseconds, with the load average before and after; checks that both
// kept the same rows.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { bundleForNode } from './bundle-node.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const capture = resolve(arg('--capture', ''));
const runs = Number(arg('--runs', '3'));
const keep = arg('--keep', '0');
const FILTERS = [
  // none read back: what the first run over the payloads kept costs (filterRead), alone
  ['no payload', 'websocket.payload_length == 7777777 || ws.message.length == 7777777'],
  ['frame', 'websocket.payload contains "zq~zq~"'],
  ['message', 'ws.message.text contains "zq~zq~"'],
  ['both ||', 'websocket.payload contains "zq~zq~" || ws.message.text contains "zq~zq~"'],
  ['both &&', 'websocket.payload contains "a" && ws.message.text contains "e"'],
];

async function start(name, root) {
  const outfile = join(mkdtempSync(join(tmpdir(), 'wsscope-bench-')), 'filter-read-bench.mjs');
  await bundleForNode(join(root, 'bench/filter-read-bench.ts'), outfile);
  const child = spawn(process.execPath, ['--max-old-space-size=6144', outfile, capture, '--keep', keep], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  const nextLine = () => new Promise((res) => waiting.push(res));
  const loaded = nextLine();
  return {
    name,
    child,
    loaded,
    run(filter) {
      const answer = nextLine();
      child.stdin.write(`${filter}\n`);
      return answer;
    },
  };
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(JSON.stringify({ capture, keep, runs, loadBefore: load(), at: new Date().toISOString() }));
const builds = [await start('base', resolve(arg('--base', ''))), await start('after', resolve(arg('--after', '')))];
for (const b of builds) console.log(JSON.stringify({ build: b.name, ...(await b.loaded) }));
const got = new Map();
for (let round = 0; round < runs; round++) {
  for (const [kind, filter] of FILTERS) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const b of order) {
      const r = await b.run(filter);
      console.log(JSON.stringify({ round, build: b.name, kind, ...r, load1: loadavg()[0].toFixed(2) }));
      const key = `${kind}/${b.name}`;
      if (!got.has(key)) got.set(key, []);
      got.get(key).push(r);
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [kind] of FILTERS) {
  const [a, b] = builds.map((x) => got.get(`${kind}/${x.name}`));
  const same = a[0].frames === b[0].frames && a[0].messages === b[0].messages && a[0].connections === b[0].connections;
  for (const [name, rs] of [
    ['base', a],
    ['after', b],
  ]) {
    console.log(
      JSON.stringify({
        kind,
        build: name,
        rows: `${rs[0].frames}/${rs[0].messages}/${rs[0].connections}`,
        sameRows: same,
        readMiB: median(rs.map((r) => r.readMiB)),
        reads: median(rs.map((r) => r.reads)),
        wallMs: median(rs.map((r) => r.wallMs)),
        cpuMs: median(rs.map((r) => r.cpuMs)),
        walls: rs.map((r) => r.wallMs),
        cpus: rs.map((r) => r.cpuMs),
      }),
    );
  }
}
console.log(JSON.stringify({ loadAfter: load(), at: new Date().toISOString() }));
for (const b of builds) b.child.stdin.end();
