// The site: static article pages in zh and en, formulas rendered at build time (no client math runtime).
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import { D3_NUMBERS_ONLY } from './scripts/aliases.mjs';

export default defineConfig({
  root: '.',
  // The origin the share cards' absolute URLs name (og:image must be absolute); the local dev origin by default.
  site: process.env.INITLAB_ORIGIN ?? 'http://localhost:8787',
  outDir: './dist',
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'auto' },
  // High-contrast code theme: the default github-dark fails WCAG contrast for comments.
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [rehypeKatex],
    shikiConfig: { theme: 'github-dark-high-contrast' },
  },
  integrations: [mdx()],
  devToolbar: { enabled: false },
  // The engine's Web Worker is a module worker: it splits chunks (MNIST loads on demand) as the page's code does.
  // d3-interpolate: numbers only in the client bundles (see src/lib/d3-interpolate-numbers.ts).
  vite: { server: { fs: { allow: ['..'] } }, worker: { format: 'es' }, resolve: { alias: D3_NUMBERS_ONLY } },
});
