// The site: static article pages in zh and en, formulas rendered at build time (no client math runtime).
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';

export default defineConfig({
  root: '.',
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
  vite: { server: { fs: { allow: ['..'] } }, worker: { format: 'es' } },
});
