// Vite build of the renderer (src/renderer → dist/ui).
//
// - base './' so dist/ui works as static files from any directory (and from Electron's file://).
// - The decoder worker is an ES module worker, bundled separately by Vite from
//   `new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module' })`.
// - No inline scripts: index.html's CSP allows only 'self' scripts.

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/ui',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Vite would inline small assets as data: URLs; CSP allows data: for images only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  worker: {
    format: 'es',
  },
});
