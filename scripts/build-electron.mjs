// Builds the Electron shell to plain JavaScript with esbuild:
//
//   src/main/index.ts    -> dist/main/index.js     ESM (package.json "type": "module"; Electron ≥ 28
//                                                   loads an ESM main), platform node, electron external
//   src/preload/index.ts -> dist/preload/index.cjs CommonJS: a sandboxed preload is not an ES module
//                                                   and may require('electron') only, so everything else
//                                                   (src/shared) is bundled in
//
// dist/server/index.js (browser mode) is built by scripts/build-cli.mjs, not here.
// Usage: node scripts/build-electron.mjs [--outdir DIR] [--quiet]   (default: dist)

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const at = argv.indexOf('--outdir');
const outdir = resolve(root, at !== -1 && argv[at + 1] ? argv[at + 1] : 'dist');

// Electron 41 runs Node 24 and Chromium 146; these targets only stop esbuild from lowering syntax.
const common = {
  bundle: true,
  platform: 'node',
  external: ['electron'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
};

// Bundled CommonJS dependencies may call require() for Node built-ins; give the ESM bundle one.
const requireShim =
  "import { createRequire as __wsscopeCreateRequire } from 'node:module';\nconst require = __wsscopeCreateRequire(import.meta.url);";

const mainOut = join(outdir, 'main', 'index.js');
const preloadOut = join(outdir, 'preload', 'index.cjs');

await Promise.all([
  build({
    ...common,
    entryPoints: [join(root, 'src/main/index.ts')],
    outfile: mainOut,
    format: 'esm',
    target: 'node22',
    banner: { js: requireShim },
  }),
  build({
    ...common,
    entryPoints: [join(root, 'src/preload/index.ts')],
    outfile: preloadOut,
    format: 'cjs',
    target: 'chrome130',
  }),
]);

if (!argv.includes('--quiet')) console.log(`built ${mainOut} and ${preloadOut}`);
