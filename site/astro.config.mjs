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
  markdown: { remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] },
  integrations: [mdx()],
  devToolbar: { enabled: false },
  vite: { server: { fs: { allow: ['..'] } } },
});
