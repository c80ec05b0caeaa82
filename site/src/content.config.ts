/**
 * The article collection: one MDX file per language. The schema makes a missing title, description or language a
 * build error rather than an empty <title> or an unreachable page. The decision table's rows are content too, checked
 * by the schema their links are built from.
 */

import { defineCollection, z } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { type DecisionRow, decisionRowSchema } from './lib/decision-table.ts';

const article = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './src/content/article' }),
  schema: z.object({
    title: z.string().min(1),
    description: z.string().min(1),
    lang: z.enum(['zh', 'en']),
  }),
});

const decisions = defineCollection({
  loader: file('./src/content/decisions/decisions.json'),
  // The engine's zod (4) checks a row; Astro's own zod (3) only carries the verdict and the type.
  schema: z.custom<DecisionRow>((row) => decisionRowSchema.safeParse(row).success, {
    message: 'a decision row needs id, activation, architecture, choice and why in en and zh, and a trial query',
  }),
});

export const collections = { article, decisions };
