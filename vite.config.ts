// Vite build of the renderer (src/renderer → dist/ui).
//
// - base './' so dist/ui works as static files from any directory, from Electron's app:// scheme,
//   and opened straight from disk (file://), which classrooms do.
// - file:// is why the page script is a CLASSIC script (IIFE, loaded with `defer`): browsers
//   refuse module scripts from file:// (origin "null"). For the same reason a Worker cannot be
//   started from file://; the UI then decodes on its own thread (worker/client.ts).
// - assetsDir '' puts the scripts next to index.html: an IIFE has no `import.meta.url` (used for
//   `new Worker(new URL('./decoder.worker.ts', import.meta.url))`), so it is defined as the
//   document's base URL, and the worker file must sit where that resolves.
// - No inline scripts: index.html's CSP allows only 'self' scripts (the dev server drops the CSP
//   for React Fast Refresh, see devCsp).

import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin, type ResolvedConfig } from 'vite';

/** `<script type="module" crossorigin src>` → `<script defer src>`: loadable from file://. */
const classicScript: Plugin = {
  name: 'wsscope-classic-script',
  enforce: 'post',
  transformIndexHtml(html) {
    return html.replace(/<script type="module" crossorigin src=/g, '<script defer src=').replace(/ crossorigin>/g, '>');
  },
};

/**
 * Dev server only: React Fast Refresh needs an inline preamble script, which the strict CSP
 * forbids; `vite` (dev) serves the page without the CSP meta. Builds keep it.
 */
const devCsp: Plugin = {
  name: 'wsscope-dev-csp',
  apply: 'serve',
  transformIndexHtml(html) {
    return html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, '');
  },
};

/**
 * After the page: dist/ui/in-thread.js, the page decoder (src/renderer/worker/page-decoder.ts),
 * a classic script of its own for the two places the whole decoder runs on the UI thread: file://
 * pages (no workers there) and the lesson's frame builder. In the page's script it was about half
 * of 920 KB, parsed and run at every start (the start's longest task, issue 15 point 5).
 */
function pageDecoderScript(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'wsscope-page-decoder',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        mode: config.mode,
        define: { 'process.env.NODE_ENV': JSON.stringify('production'), 'import.meta.env.DEV': 'false' },
        build: {
          outDir: resolve(config.root, config.build.outDir),
          emptyOutDir: false,
          copyPublicDir: false,
          sourcemap: config.build.sourcemap,
          minify: config.build.minify,
          target: 'es2022',
          lib: {
            entry: resolve(config.root, 'worker/page-decoder.ts'),
            formats: ['iife'],
            name: 'wsscopePageDecoderScript',
            fileName: () => 'in-thread.js',
          },
        },
      });
    },
  };
}

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react(), classicScript, devCsp, pageDecoderScript()],
  build: {
    outDir: '../../dist/ui',
    emptyOutDir: true,
    assetsDir: '',
    target: 'es2022',
    sourcemap: true,
    // Vite would inline small assets as data: URLs; CSP allows data: for images only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      output: { format: 'iife' },
      // An IIFE has no import.meta; the page's base URL is where the scripts are (assetsDir '').
      transform: { define: { 'import.meta.url': 'document.baseURI' } },
    },
  },
  worker: {
    format: 'es',
  },
});
