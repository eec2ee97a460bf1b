// One way the bench scripts bundle a TypeScript entry for Node (esbuild), so that each runs the
// project's sources as they are, without a build step of their own.

import { build } from 'esbuild';

/** `entry` bundled for Node as `outfile` (ESM, with `require` for CommonJS dependencies); `extra`: more esbuild options. */
export async function bundleForNode(entry, outfile, extra = {}) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    ...extra,
  });
  return outfile;
}
