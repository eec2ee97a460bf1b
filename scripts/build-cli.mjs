// Builds the wsscope command line to plain JavaScript: dist/cli/wsscope.js.
//
// One ESM bundle (platform node, target node20) holding the CLI, the decoder and its
// dependencies, with a shebang and the executable bit, so `npx wsscope` and `npm install -g`
// need no TypeScript loader. The browser-mode server (src/server/index.ts), when present, is
// bundled on its own to dist/server/index.js; the CLI loads it at run time as
// '../server/index.js' (a computed import, so it stays out of the CLI bundle).
//
// Usage: node scripts/build-cli.mjs [--outdir DIR]   (default: dist; tests build into a temp dir)

import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const at = argv.indexOf('--outdir');
const outdir = resolve(root, at !== -1 && argv[at + 1] ? argv[at + 1] : 'dist');

// Bundled CommonJS dependencies may call require() for Node built-ins; give the ESM bundle one.
const requireShim =
  "import { createRequire as __wsscopeCreateRequire } from 'node:module';\nconst require = __wsscopeCreateRequire(import.meta.url);";

const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  define: { 'process.env.WSSCOPE_VERSION': JSON.stringify(version) },
};

const cliOut = join(outdir, 'cli', 'wsscope.js');
await mkdir(dirname(cliOut), { recursive: true });
await build({
  ...common,
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: cliOut,
  banner: { js: `#!/usr/bin/env node\n${requireShim}` },
});
await chmod(cliOut, 0o755);

// The decoder shards of --jobs run this in worker threads; the CLI finds it beside itself.
await build({
  ...common,
  entryPoints: [join(root, 'src/node/shard-worker.ts')],
  outfile: join(outdir, 'cli', 'shard-worker.js'),
  banner: { js: requireShim },
});

const serverEntry = join(root, 'src/server/index.ts');
if (existsSync(serverEntry)) {
  await build({
    ...common,
    entryPoints: [serverEntry],
    outfile: join(outdir, 'server', 'index.js'),
    banner: { js: requireShim },
  });
}

if (!argv.includes('--quiet')) console.log(`built ${cliOut}`);
