/**
 * "How do I choose?" as a table: activation × architecture → initialiser and why, each row with a trial a reader can
 * re-run (the API's compare, and where the race widget can show it, the race on this page). The rows are content
 * (src/content/decisions/, a collection of the content layer); this module is their schema and their links, free of
 * Astro so that a test can hold every link to the engine's own ranges.
 */
import { z } from 'zod';
import type { Lang } from '../widgets/labels.ts';

const text = z.object({ en: z.string().min(1), zh: z.string().min(1) });
/** Engine compare fields as the API's query takes them. */
const query = z.record(z.string(), z.union([z.string(), z.number()]));

export const decisionRowSchema = z.object({
  id: z.string().min(1),
  activation: text,
  architecture: text,
  choice: text,
  why: text,
  /** The compare that tests the row's advice. */
  trial: query,
  /** The same trial in the race widget, when its state table can express it (plain MLPs on 2-D data). */
  race: query.optional(),
});
export type DecisionRow = z.infer<typeof decisionRowSchema>;

const search = (fields: Record<string, string | number>, prefix = '') =>
  Object.entries(fields)
    .map(([k, v]) => `${prefix}${k}=${String(v)}`)
    .join('&');

/** The row's trial as a GET of the API (JSON; the same query on the command line with `initlab compare`). */
export const trialUrl = (row: DecisionRow) => `/api/v1/compare?${search({ ...row.trial, seed: 1 })}`;

/** The row's trial in the race widget on the article page, or null when the race cannot show it. */
export const raceUrl = (row: DecisionRow, lang: Lang) =>
  row.race ? `/${lang}/?${search(row.race, 'race.')}#w-race-title` : null;
