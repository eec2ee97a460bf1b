// Counts WebSocket connections in public capture corpora as wsscope and as tshark see them, and
// reports false positives and negatives (issue 14's check on traffic nobody here wrote):
//   node bench/corpus-compare.mjs DIR... [--out report.md]
// DIR holds captures (*.pcap, *.pcapng, *.cap, *.trace), e.g. extracted from nDPI's
// tests/cfgs/default/pcap, zeek's testing/btest/Traces or suricata-verify's tests. Nothing here
// is committed: the corpora stay outside the project.
//
// A connection is counted when it carries at least one WebSocket frame, keyed by its two ports.
// tshark (default preferences, no decode-as) sees WebSocket only after an HTTP upgrade, whose
// request names "websocket": files without that word are not given to tshark (its count is 0).
// wsscope's connections without a handshake (kind websocket-no-handshake) are listed apart:
// tshark cannot see them, so each is either a genuine mid-stream connection or an invented one.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outFile = outAt >= 0 ? args.splice(outAt, 2)[1] : null;
const files = args.flatMap((d) =>
  readdirSync(d)
    .filter((f) => /\.(pcap|pcapng|cap|trace)$/i.test(f))
    .sort()
    .map((f) => join(d, f)),
);

const cacheDir = join(tmpdir(), 'wsscope-bench');
mkdirSync(cacheDir, { recursive: true });
const runner = join(cacheDir, 'corpus-runner.mjs');
await build({
  entryPoints: [join(root, 'bench/corpus-runner.ts')],
  outfile: runner,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});

/** wsscope over every file, one process, one JSON line per file. */
function runWsscope() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=2048', runner], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
    });
    child.on('close', () =>
      resolve(
        new Map(
          out
            .split('\n')
            .filter(Boolean)
            .map((l) => [JSON.parse(l).path, JSON.parse(l)]),
        ),
      ),
    );
    child.stdin.end(`${files.join('\n')}\n`);
  });
}

const mentionsWebSocket = (path) => /websocket/i.test(readFileSync(path).toString('latin1'));

/** tshark's WebSocket connections (with frames) in one file, keyed by their ports. */
function tsharkConnections(path) {
  const r = spawnSync(
    'tshark',
    ['-r', path, '-Y', 'websocket', '-T', 'fields', '-e', 'tcp.srcport', '-e', 'tcp.dstport'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  );
  const ports = new Set();
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const [a, b] = line.split('\t').map((p) => Number(p.split(',')[0]));
    ports.add([a, b].sort((x, y) => x - y).join('-'));
  }
  return ports;
}

const ours = await runWsscope();
const rows = [];
const totals = {
  files: files.length,
  tsharkFiles: 0,
  ours: 0,
  theirs: 0,
  matched: 0,
  fp: 0,
  fn: 0,
  guessed: 0,
  errors: 0,
  ms: 0,
};
for (const path of files) {
  const w = ours.get(path) ?? { error: 'no result (crashed or timed out)' };
  if (w.error || w.fatal) totals.errors += w.error ? 1 : 0;
  totals.ms += w.ms ?? 0;
  const oursWithFrames = new Set(
    (w.ws ?? []).filter((c) => c.kind === 'websocket' && c.frames > 0).map((c) => c.ports),
  );
  const guessed = (w.ws ?? []).filter((c) => c.kind === 'websocket-no-handshake');
  const asked = mentionsWebSocket(path);
  if (asked) totals.tsharkFiles++;
  const theirs = asked ? tsharkConnections(path) : new Set();
  const fp = [...oursWithFrames].filter((p) => !theirs.has(p));
  const fn = [...theirs].filter((p) => !oursWithFrames.has(p));
  totals.ours += oursWithFrames.size;
  totals.theirs += theirs.size;
  totals.matched += oursWithFrames.size - fp.length;
  totals.fp += fp.length;
  totals.fn += fn.length;
  totals.guessed += guessed.length;
  if (fp.length || fn.length || guessed.length || w.error)
    rows.push({
      path,
      fp,
      fn,
      guessed: guessed.map((g) => `${g.ports} (${g.frames} frames, ${g.confidence})`),
      error: w.error ?? null,
    });
}

const lines = [
  `# wsscope vs tshark on ${totals.files} captures`,
  '',
  `${spawnSync('tshark', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0]} tshark run on the ${totals.tsharkFiles} files that mention "websocket".`,
  '',
  '| | count |',
  '|---|---|',
  `| WebSocket connections with frames, tshark | ${totals.theirs} |`,
  `| the same, wsscope (with a handshake) | ${totals.ours} |`,
  `| matched | ${totals.matched} |`,
  `| false positives (wsscope only) | ${totals.fp} |`,
  `| false negatives (tshark only) | ${totals.fn} |`,
  `| wsscope connections without a handshake (guessed) | ${totals.guessed} |`,
  `| files wsscope failed on | ${totals.errors} |`,
  `| wsscope decode time, all files | ${(totals.ms / 1000).toFixed(1)} s |`,
  '',
  ...rows.map(
    (r) =>
      `- ${r.path}: ${[r.fp.length ? `FP ${r.fp.join(' ')}` : '', r.fn.length ? `FN ${r.fn.join(' ')}` : '', r.guessed.length ? `guessed ${r.guessed.join('; ')}` : '', r.error ? `error ${r.error}` : ''].filter(Boolean).join(', ')}`,
  ),
];
const report = `${lines.join('\n')}\n`;
if (outFile) writeFileSync(outFile, report);
process.stdout.write(report);
