/**
 * A reader's CSV → user data: one header row, numeric feature columns and one label column (the `target`, or the
 * last column). Parsing (quotes, CRLF) is d3-dsv's; this module decides what the cells mean and says precisely which
 * row and column is wrong. The data are then put in a canonical form — numbers in their shortest round-trip spelling,
 * the label column last, rows sorted — whose SHA-256 is the data's id: the same data always has the same id, whatever
 * its row order, line ends or trailing newline, and a trial on it is the same trial. The canonical form is itself a
 * file this module accepts, and reads back as the same data (the API stores it and parses it again).
 */
import { csvFormatRows, csvParseRows } from 'd3-dsv';
import type { Task } from './types.ts';
import { MAX_BYTES_TEXT, USER_DATA_LIMITS } from './user-rules.ts';

export interface UserData {
  /** SHA-256 (hex) of `canonical`. */
  id: string;
  /** The canonical CSV: header, then the sorted rows, label last, LF line ends, no trailing newline. */
  canonical: string;
  features: string[];
  target: string;
  task: Task;
  rows: number;
  /** row-major [rows, features], as parsed (standardised later, with the training split's statistics) */
  x: Float64Array;
  /** class index per row (classification), in the order of `classNames` */
  labels: Int32Array | null;
  classNames: string[] | null;
  /** regression target per row */
  y: Float64Array | null;
}

/** One problem in a file. `row` counts the file's lines from 1 (the header), `column` is the header's name. */
export interface CsvProblem {
  path: string;
  message: string;
  row?: number;
  column?: string;
}

export type ParsedCsv = { ok: true; data: UserData } | { ok: false; errors: CsvProblem[] };

const INTEGER = /^[+-]?\d+$/;
/** A cell's problem is said with its place (`row 5, column "x2": …`), so every surface that prints it points there. */
function fail(message: string, at: Omit<CsvProblem, 'message'> = { path: 'data' }): ParsedCsv {
  const column = at.column === undefined ? '' : `column "${at.column}"`;
  const place = at.column === undefined ? '' : at.row === undefined ? `${column}: ` : `row ${at.row}, ${column}: `;
  return { ok: false, errors: [{ ...at, message: place + message }] };
}

/** Parse and check a CSV; `target` names the label column (default: the last). */
export async function parseUserCsv(text: string, target?: string): Promise<ParsedCsv> {
  const bytes = new TextEncoder().encode(text).length;
  const L = USER_DATA_LIMITS;
  if (bytes > L.maxBytes)
    return fail(`the file is ${bytes} bytes; at most ${L.maxBytes} (${MAX_BYTES_TEXT}) are accepted`);
  const lines = csvParseRows(text.replace(/^\uFEFF/, ''));
  // Blank lines (a trailing newline, a gap) are not rows; every other line is, and must have every column.
  const numbered = lines.map((cells, i) => ({ cells, row: i + 1 })).filter((l) => !isBlank(l.cells));
  if (numbered.length === 0) return fail('the file is empty: it needs a header row and at least one data row');
  const header = numbered[0].cells.map((c) => c.trim());
  const columns = headerProblem(header, numbered[0].row, target);
  if (typeof columns !== 'number') return fail(columns.message, { path: columns.path, row: numbered[0].row });
  const body = numbered.slice(1);
  if (body.length === 0) return fail('the file has a header row only: at least one data row is needed');
  if (body.length < L.minRows) return fail(`the file has ${body.length} data rows; at least ${L.minRows} are needed`);
  if (body.length > L.maxRows) return fail(`the file has ${body.length} data rows; at most ${L.maxRows} are accepted`);
  const ragged = body.find((l) => l.cells.length !== header.length);
  if (ragged)
    return fail(`row ${ragged.row} has ${ragged.cells.length} cells; the header has ${header.length} columns`, {
      path: 'data',
      row: ragged.row,
    });
  return canonicalise(header, columns, body);
}

function isBlank(cells: string[]): boolean {
  return cells.length === 1 && cells[0].trim() === '';
}

/** The label column's index, or the reason the header cannot be used (the file's, or the `target` asked for). */
function headerProblem(
  header: string[],
  row: number,
  target: string | undefined,
): number | { path: 'data' | 'target'; message: string } {
  const inFile = (message: string) => ({ path: 'data' as const, message });
  const empty = header.indexOf('');
  if (empty >= 0) return inFile(`row ${row}, column ${empty + 1}: the header has an empty column name`);
  const seen = new Map<string, number>();
  for (const [i, h] of header.entries()) {
    const first = seen.get(h);
    if (first !== undefined)
      return inFile(`row ${row}: the column name "${h}" is used twice (columns ${first + 1} and ${i + 1})`);
    seen.set(h, i);
  }
  if (header.length < 2) return inFile('the file needs at least two columns: one or more features and the label');
  if (header.length - 1 > USER_DATA_LIMITS.maxFeatures)
    return inFile(
      `the file has ${header.length - 1} feature columns; at most ${USER_DATA_LIMITS.maxFeatures} are accepted`,
    );
  if (target === undefined) return header.length - 1;
  const index = header.indexOf(target.trim());
  if (index >= 0) return index;
  return { path: 'target', message: `target "${target}" is not a column; the columns are ${header.join(', ')}` };
}

interface Line {
  cells: string[];
  row: number;
}

/** Features as numbers in canonical spelling, the label as a class name or a number; then sort and hash. */
async function canonicalise(header: string[], labelAt: number, body: Line[]): Promise<ParsedCsv> {
  const featureAt = header.map((_, i) => i).filter((i) => i !== labelAt);
  const rows: string[][] = [];
  for (const line of body) {
    const out: string[] = [];
    for (const j of featureAt) {
      const value = numberCell(line.cells[j]);
      if (typeof value === 'string') return fail(value, { path: 'data', row: line.row, column: header[j] });
      out.push(String(value));
    }
    const label = line.cells[labelAt].trim();
    if (label === '') return fail('the label is empty', { path: 'data', row: line.row, column: header[labelAt] });
    out.push(label);
    rows.push(out);
  }
  const labels = labelKind(rows.map((r) => r[r.length - 1]));
  if (typeof labels === 'string') return fail(labels, { path: 'data', column: header[labelAt] });
  for (const r of rows) r[r.length - 1] = labels.spell(r[r.length - 1]);
  const sorted = rows.map((r) => ({ r, line: csvFormatRows([r]) })).sort((a, b) => compare(a.line, b.line));
  const names = [...featureAt.map((j) => header[j]), header[labelAt]];
  const canonical = csvFormatRows([names, ...sorted.map((s) => s.r)]);
  // Shortest spelling can be longer (.5 → 0.5): the stored copy must pass the same limit when it is read back.
  const bytes = new TextEncoder().encode(canonical).length;
  if (bytes > USER_DATA_LIMITS.maxBytes)
    return fail(
      `written canonically (numbers in full, e.g. .5 as 0.5) the file is ${bytes} bytes; at most ${USER_DATA_LIMITS.maxBytes} are accepted`,
    );
  return {
    ok: true,
    data: build(
      await sha256Hex(canonical),
      canonical,
      names,
      sorted.map((s) => s.r),
      labels,
    ),
  };
}

/** A feature cell's number, or why it is not one (with the cell, so the reader can find it). */
function numberCell(raw: string): number | string {
  const cell = raw.trim();
  if (cell === '') return 'the cell is empty; every feature must be a number';
  const value = Number(cell);
  return Number.isFinite(value) ? value : `"${cell}" is not a finite number`;
}

interface LabelKind {
  task: Task;
  classNames: string[] | null;
  /**
   * The label's canonical spelling, which reads back as the same kind: an integer class as its integer (no sign, no
   * leading zeros, however long), a regression target in shortest form with a decimal point or exponent kept.
   */
  spell: (label: string) => string;
}

/**
 * Integer labels and text labels are classes; numbers written with a decimal point or an exponent make a
 * regression target. Classes are ordered numerically when all are integers, else by their text.
 */
function labelKind(labels: string[]): LabelKind | string {
  const numeric = labels.every((l) => Number.isFinite(Number(l)));
  if (numeric && !labels.every((l) => INTEGER.test(l)))
    return { task: 'regression', classNames: null, spell: regressionSpelling };
  const integers = labels.every((l) => INTEGER.test(l));
  const spell = integers ? (l: string) => BigInt(l).toString() : (l: string) => l;
  const byValue = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
  const names = [...new Set(labels.map(spell))].sort(integers ? byValue : compare);
  if (names.length < 2) return `the label column has a single class (${names[0]}); at least two are needed`;
  if (names.length > USER_DATA_LIMITS.maxClasses)
    return `the label column has ${names.length} classes; at most ${USER_DATA_LIMITS.maxClasses} are accepted (write a regression target with decimals, e.g. 3.5)`;
  return { task: names.length === 2 ? 'binary' : 'multiclass', classNames: names, spell };
}

/** 2.0 is written 2.0, not 2, which would read back as a class. */
function regressionSpelling(label: string): string {
  const shortest = String(Number(label));
  return /[.e]/.test(shortest) ? shortest : `${shortest}.0`;
}

function build(id: string, canonical: string, names: string[], rows: string[][], kind: LabelKind): UserData {
  const features = names.slice(0, -1);
  const d = features.length;
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) x[i * d + j] = Number(r[j]);
  });
  const last = rows.map((r) => r[d]);
  const index = new Map((kind.classNames ?? []).map((c, i) => [c, i]));
  return {
    id,
    canonical,
    features,
    target: names[d],
    task: kind.task,
    rows: rows.length,
    x,
    labels: kind.classNames ? Int32Array.from(last, (l) => index.get(l) as number) : null,
    classNames: kind.classNames,
    y: kind.classNames ? null : Float64Array.from(last, Number),
  };
}

/** Code-unit order: the same on every engine and locale (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
