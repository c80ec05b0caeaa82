/**
 * A reader's own CSV in the race widget, the page's side: what is checked before a file is read, how a parsed file
 * is summed up, and the one request that stores it on the server (only when the reader asks for a shareable link).
 * Parsing and training happen in the engine worker (engine-browser.ts); this module stays free of the engine, and of
 * d3-dsv, so the widget chunk carries none of them.
 */
import { MAX_BYTES_TEXT, USER_DATA_LIMITS } from '../../../src/data/user-rules.ts';
import { isUserDataset } from '../../../src/params/ids.ts';
import { type Lang, label } from './labels.ts';

/** A parsed file as the worker describes it (the data stay in the worker). */
export interface CsvSummary {
  dataset: string;
  rows: number;
  features: number;
  /** null for a regression target */
  classes: number | null;
  target: string;
  featureNames: string[];
  nTrain: number;
  nTest: number;
}

export interface CsvProblem {
  path: string;
  message: string;
  row?: number;
  column?: string;
}

export type CsvOutcome = { ok: true; summary: CsvSummary } | { ok: false; errors: CsvProblem[] };

/** The reader's file while the widget trains on it in the browser: its text goes with each run to the worker. */
export interface LocalData {
  text: string;
  summary: CsvSummary;
}

export { isUserDataset };

/** `user:1a2b3c4d…`: enough of the id to tell two files apart in a select. */
export const shortDataset = (dataset: string): string => `${dataset.slice(0, 'user:'.length + 8)}…`;

/**
 * Why a picked file is refused before it is read: too large (the size is known without reading it), or not a CSV by
 * its name and type. An empty type with a .csv name is a CSV (some systems give none).
 */
export function fileProblem(file: { name: string; size: number; type: string }, lang: Lang): string | null {
  const { maxBytes } = USER_DATA_LIMITS;
  if (file.size > maxBytes) return label('csvTooBig', lang, { size: file.size, max: maxBytes, kib: MAX_BYTES_TEXT });
  const csvName = /\.csv$/i.test(file.name);
  const csvType = /^(text\/csv|application\/csv|text\/comma-separated-values)$/i.test(file.type);
  return csvName || csvType ? null : label('csvNotCsv', lang, { name: file.name });
}

/** A file's text that is not text at all (a spreadsheet saved as .csv, an image renamed): NUL bytes give it away. */
export const binaryProblem = (text: string, lang: Lang): string | null =>
  text.includes('\u0000') ? label('csvBinary', lang) : null;

/** The line beside the picker: rows, features, classes or "regression", and the train/test split. */
export function summaryText(s: CsvSummary, lang: Lang): string {
  const task = s.classes === null ? label('csvRegression', lang) : label('csvClasses', lang, { classes: s.classes });
  return label('csvSummary', lang, { rows: s.rows, features: s.features, task, train: s.nTrain, test: s.nTest });
}

/** The engine refuses a batch larger than the training rows; the widget says so before it asks. */
export function batchProblem(batchSize: number, s: CsvSummary, lang: Lang): string | null {
  return batchSize > s.nTrain ? label('csvBatch', lang, { batch: batchSize, train: s.nTrain }) : null;
}

export type Upload = { ok: true; dataset: string } | { ok: false; message: string };

interface Problem {
  detail?: string;
  title?: string;
  errors?: CsvProblem[];
}

/**
 * Stores the file on the server (POST /api/v1/datasets, the CSV as the body): the answer names it `user:<id>`, which
 * a link can then carry. A refused file answers with the parser's own words, as the browser's parse would.
 */
export async function uploadCsv(origin: string, text: string, target: string): Promise<Upload> {
  const url = `${origin.replace(/\/$/, '')}/api/v1/datasets?${new URLSearchParams({ target })}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: text });
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const body = (await res.json().catch(() => null)) as ({ dataset?: string } & Problem) | null;
  if (res.ok && body?.dataset && isUserDataset(body.dataset)) return { ok: true, dataset: body.dataset };
  const message = body?.errors?.[0]?.message ?? body?.detail ?? body?.title ?? `HTTP ${res.status}`;
  return { ok: false, message };
}
