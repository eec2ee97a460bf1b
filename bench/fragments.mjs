// Runs bench/fragments.ts (one message of 100k vs 1M fragments), bundled with esbuild into
// the system temp directory: `node bench/fragments.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(tmpdir(), 'wsscope-bench');
mkdirSync(cacheDir, { recursive: true });
const outfile = join(cacheDir, 'fragments.mjs');
await build({
  entryPoints: [join(root, 'bench/fragments.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, [outfile], { stdio: 'inherit' });
process.exit(r.status ?? 1);
