/**
 * Builds the standalone custom-element bundle into site/dist/widgets/ (after `astro build`). Same widget code as the
 * article's islands; the browser-fallback engine and the code generator stay lazy chunks beside it.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { D3_NUMBERS_ONLY } from './aliases.mjs';

const site = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  configFile: false,
  logLevel: 'warn',
  root: site,
  publicDir: false,
  // Relative: the worker's URL resolves against the bundle's own (…/widgets/), wherever the host page is.
  base: './',
  worker: { format: 'es' },
  resolve: { alias: D3_NUMBERS_ONLY },
  build: {
    outDir: join(site, 'dist', 'widgets'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // The entry may export what its lazy chunks share with it; strict signatures made a one-line stub entry that
    // cost the host page an extra request before any widget code.
    rollupOptions: { preserveEntrySignatures: 'allow-extension' },
    lib: { entry: join(site, 'src', 'widgets', 'bundle.ts'), formats: ['es'], fileName: () => 'initlab-widgets.js' },
  },
});
console.log('[widgets] site/dist/widgets/initlab-widgets.js');
