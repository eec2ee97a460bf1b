// Runs bench/fragments.ts (one message of 100k vs 1M fragments), bundled with esbuild into
// the system temp directory: `node bench/fragments.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './bundle-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(tmpdir(), 'wsscope-bench');
mkdirSync(cacheDir, { recursive: true });
const outfile = join(cacheDir, 'fragments.mjs');
await bundleForNode(join(root, 'bench/fragments.ts'), outfile);
const r = spawnSync(process.execPath, [outfile], { stdio: 'inherit' });
process.exit(r.status ?? 1);
