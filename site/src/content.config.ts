/**
 * The article collection: one MDX file per language. The schema makes a missing title, description or language a
 * build error rather than an empty <title> or an unreachable page.
 */

import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const article = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './src/content/article' }),
  schema: z.object({
    title: z.string().min(1),
    description: z.string().min(1),
    lang: z.enum(['zh', 'en']),
  }),
});

export const collections = { article };
