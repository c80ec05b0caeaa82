/**
 * argv → the input object of a field table. Every field of the table is a flag (`batchSize` → `--batch-size`);
 * booleans take no value, lists are comma-separated, everything else is validated by the table's own normaliser
 * (coerce mode), so the CLI accepts exactly what the API accepts and says the same allowed ranges.
 */

import { describeAllowed, type FieldError, type FieldTable, flagName } from '../params/index.ts';
import type { Operand } from './command.ts';

export interface ParsedArgs {
  /** Field name → raw string (or `true` for a bare boolean flag), ready for a coercing normaliser. */
  input: Record<string, unknown>;
  json: boolean;
  /** `--stream`: NDJSON frames as the run goes (trial and compare only; the command checks). */
  stream: boolean;
  help: boolean;
  /** `--data FILE.csv` and `--target COLUMN`: a CSV to train on (trial and compare only; the command checks). */
  data?: { file?: string; target?: string };
  /** One message per problem, each naming its flag. */
  errors: string[];
}

/** Flags every subcommand understands, outside the field tables. */
export const GLOBAL_FLAGS = { '--json': 'print only the result JSON on stdout', '--help': 'show this help' } as const;
/** The flag of the commands that run training (Command.stream). */
export const STREAM_FLAG = {
  '--stream': 'print NDJSON on stdout as the run goes: a start line, a frame per logged step, the result last',
} as const;

/** The flags of a reader's own data, for the commands that train. */
export const DATA_FLAGS = {
  '--data FILE.csv':
    'train on your CSV: a header row, numeric features, one label column (integers or text: classes; decimals: regression)',
  '--target COLUMN': 'the label column of --data (default: the last column)',
} as const;
const DATA_FLAG_FIELDS: Record<string, 'file' | 'target'> = { '--data': 'file', '--target': 'target' };

export function flagTable(table: FieldTable): Map<string, string> {
  const flags = new Map<string, string>();
  for (const name of Object.keys(table)) flags.set(flagName(name), name);
  return flags;
}

/** Splits `--flag=value`; a bare `--flag` has value undefined. */
function splitFlag(token: string): [string, string | undefined] {
  const eq = token.indexOf('=');
  return eq < 0 ? [token, undefined] : [token.slice(0, eq), token.slice(eq + 1)];
}

/** A value follows a flag unless the next token is itself a flag (negative numbers like -0.5 are values). */
function isFlagToken(token: string | undefined): boolean {
  return token?.startsWith('--') ?? false;
}

export function parseArgs(argv: readonly string[], table: FieldTable, operand?: Operand): ParsedArgs {
  const flags = flagTable(table);
  const out: ParsedArgs = { input: {}, json: false, stream: false, help: false, errors: [] };
  const seen = new Set<string>();
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--json') out.json = true;
    else if (token === '--stream') out.stream = true;
    else if (token === '--help' || token === '-h') out.help = true;
    else if (!token.startsWith('-') || token === '-') operands.push(token);
    else if (splitFlag(token)[0] in DATA_FLAG_FIELDS) i = takeDataFlag(argv, i, out);
    else {
      const [flag, inline] = splitFlag(token);
      const field = flags.get(flag);
      if (field === undefined) {
        out.errors.push(unknownFlagMessage(flag, [...flags.keys()]));
        // Its value, if it has one, belongs to it: one mistake, one message.
        if (inline === undefined && i + 1 < argv.length && !isFlagToken(argv[i + 1]) && !operand) i++;
        continue;
      }
      if (seen.has(field)) out.errors.push(`${flag} is given more than once`);
      seen.add(field);
      const spec = table[field];
      if (spec.kind === 'bool') {
        out.input[field] = inline ?? true;
      } else if (inline !== undefined) {
        out.input[field] = inline;
      } else if (i + 1 < argv.length && !isFlagToken(argv[i + 1])) {
        out.input[field] = argv[++i];
      } else {
        out.errors.push(`${flag} needs a value: ${describeAllowed(spec)}`);
      }
    }
  }
  assignOperands(operands, operand, table, out);
  return out;
}

/** Reads `--data X` / `--target X` at argv[i]; returns the index of the last token it used. */
function takeDataFlag(argv: readonly string[], i: number, out: ParsedArgs): number {
  const [flag, inline] = splitFlag(argv[i]);
  const key = DATA_FLAG_FIELDS[flag];
  out.data ??= {};
  if (out.data[key] !== undefined) out.errors.push(`${flag} is given more than once`);
  if (inline !== undefined) out.data[key] = inline;
  else if (i + 1 < argv.length && !isFlagToken(argv[i + 1])) out.data[key] = argv[++i];
  else out.errors.push(`${flag} needs a value: ${key === 'file' ? 'the path of a CSV file' : 'a column name'}`);
  return i;
}

function assignOperands(operands: string[], operand: Operand | undefined, table: FieldTable, out: ParsedArgs): void {
  const field = operand?.field;
  if (field && operands.length > 0) {
    if (out.input[field] !== undefined) out.errors.push(`${field.toUpperCase()} is given twice`);
    out.input[field] = operands.shift();
  } else if (field && !operand.optional && out.input[field] === undefined) {
    out.errors.push(`${field.toUpperCase()} is missing: ${describeAllowed(table[field])}`);
  }
  for (const extra of operands) out.errors.push(`unexpected argument '${extra}'`);
}

function unknownFlagMessage(flag: string, known: string[]): string {
  const guess = closest(flag, known);
  const hint = guess ? `did you mean ${guess}? ` : '';
  return `unknown flag ${flag}; ${hint}allowed: ${[...known, ...Object.keys(GLOBAL_FLAGS)].join(', ')}`;
}

/** The known word within edit distance 2 (typos), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * Normaliser errors speak in field names (`batchSize must be …`); the CLI user typed flags. Field names are
 * rewritten to flags where they are the subject (`depth must`, `model=residual`) or unambiguous (camelCase), and a
 * line that still does not name its flag gets it as a prefix.
 */
export function errorsToFlagLines(
  errors: readonly FieldError[],
  table: FieldTable,
  input: Record<string, unknown>,
  operand?: string,
): string[] {
  const names = Object.keys(table).sort((a, b) => b.length - a.length);
  return errors.map((e) => {
    let line = e.message;
    for (const name of names) {
      const asFlag = name === operand ? name.toUpperCase() : flagName(name);
      // Not inside an already rewritten flag: `--teacher-depth must` must not become `--teacher---depth must`.
      const word = `(?<![\\w-])${name}(?![\\w-])`;
      const subject = /[A-Z]/.test(name) ? word : `${word}(?=\\s+must\\b|=|\\s+needs\\b)`;
      line = line.replace(new RegExp(subject, 'g'), asFlag);
    }
    const own = e.path in table ? (e.path === operand ? e.path.toUpperCase() : flagName(e.path)) : undefined;
    if (own && !line.includes(own)) line = `${own}: ${line}`;
    const given = e.path in input ? input[e.path] : undefined;
    if (typeof given === 'string' && / must be /.test(line)) line += ` (got '${given}')`;
    return line;
  });
}
