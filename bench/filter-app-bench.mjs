// Bundles bench/filter-app-bench.ts with esbuild (as bench/run.mjs does) and runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './bundle-node.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(mkdtempSync(join(tmpdir(), 'wsscope-bench-')), 'filter-app-bench.mjs');
await bundleForNode(join(root, 'bench/filter-app-bench.ts'), outfile);
const r = spawnSync(process.execPath, ['--max-old-space-size=4096', outfile, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
