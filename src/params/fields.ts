/**
 * Field specs: one declarative row per parameter, like TF Playground's `state.ts`. From these rows we derive the
 * engine's validation (zod), the CLI's flags (kebab-case), the API's query coercion and the OpenAPI document, so a
 * range or default is written exactly once.
 */
import { z } from 'zod';

interface Base {
  doc: string;
}
export interface IntField extends Base {
  kind: 'int';
  min: number;
  max: number;
  default?: number;
}
export interface NumField extends Base {
  kind: 'num';
  min: number;
  max: number;
  /** Exclusive lower bound (e.g. learning rate > 0). */
  minExclusive?: boolean;
  default?: number;
}
export interface EnumField<T extends string = string> extends Base {
  kind: 'enum';
  values: readonly T[];
  /** Values outside the list that are accepted too (`user:<sha256>` datasets): a full-match regex and its wording. */
  orMatching?: { pattern: string; describe: string };
  default?: T;
}
export interface BoolField extends Base {
  kind: 'bool';
  default?: boolean;
}
export interface ListField<T extends string = string> extends Base {
  kind: 'list';
  values: readonly T[];
  minItems: number;
  maxItems: number;
  default?: readonly T[];
}
/** A list of integers, each in [min, max] (`widths`: one entry per hidden layer). */
export interface IntListField extends Base {
  kind: 'intList';
  min: number;
  max: number;
  minItems: number;
  maxItems: number;
  default?: readonly number[];
}
/** A number, or one of a few keywords (gain: 1.5 | "auto"). */
export interface NumOrKeywordField extends Base {
  kind: 'numOrKeyword';
  keywords: readonly string[];
  min: number;
  max: number;
  default?: number | string | null;
}
export type Field = IntField | NumField | EnumField | BoolField | ListField | IntListField | NumOrKeywordField;
export type FieldTable = Record<string, Field>;

/** A human sentence naming the allowed values, used in every error message (CLI and API alike). */
export function describeAllowed(f: Field): string {
  switch (f.kind) {
    case 'int':
      return `an integer from ${f.min} to ${f.max}`;
    case 'num':
      return f.minExclusive ? `a number > ${f.min} and ≤ ${f.max}` : `a number from ${f.min} to ${f.max}`;
    case 'enum':
      return f.orMatching
        ? `one of ${f.values.join(', ')}, or ${f.orMatching.describe}`
        : `one of ${f.values.join(', ')}`;
    case 'bool':
      return 'true or false';
    case 'list':
      return `a comma-separated list of ${f.minItems}–${f.maxItems} distinct ids from ${f.values.join(', ')}`;
    case 'intList':
      return `a comma-separated list of ${f.minItems}–${f.maxItems} integers from ${f.min} to ${f.max}`;
    case 'numOrKeyword':
      return `${f.keywords.join(' or ')}, or a number from ${f.min} to ${f.max}`;
  }
}

const BOOL_STRINGS: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

/**
 * The zod schema of one field. With `coerce`, strings (query strings, CLI flags) are accepted and converted; without
 * it only JSON types are (POST bodies, engine calls). The message always names the field's allowed values.
 */
export function fieldSchema(name: string, f: Field, coerce: boolean): z.ZodType {
  const msg = `${name} must be ${describeAllowed(f)}`;
  const num = (v: unknown): unknown =>
    coerce && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  let s: z.ZodType;
  switch (f.kind) {
    case 'int':
      s = z.preprocess(
        num,
        z.number({ error: msg }).int({ error: msg }).min(f.min, { error: msg }).max(f.max, { error: msg }),
      );
      break;
    case 'num': {
      let n = z.number({ error: msg }).max(f.max, { error: msg });
      n = f.minExclusive ? n.gt(f.min, { error: msg }) : n.min(f.min, { error: msg });
      s = z.preprocess(num, n);
      break;
    }
    case 'enum':
      s = f.orMatching
        ? z.union([z.enum(f.values as [string, ...string[]]), z.string().regex(new RegExp(f.orMatching.pattern))], {
            error: msg,
          })
        : z.enum(f.values as [string, ...string[]], { error: msg });
      break;
    case 'bool':
      s = z.preprocess(
        (v) => (coerce && typeof v === 'string' && v.toLowerCase() in BOOL_STRINGS ? BOOL_STRINGS[v.toLowerCase()] : v),
        z.boolean({ error: msg }),
      );
      break;
    case 'list':
      s = z.preprocess(
        (v) => (coerce && typeof v === 'string' ? v.split(',').map((x) => x.trim()) : v),
        z
          .array(z.enum(f.values as [string, ...string[]], { error: msg }), { error: msg })
          .min(f.minItems, { error: msg })
          .max(f.maxItems, { error: msg })
          .refine((a) => new Set(a).size === a.length, { error: `${name} must not repeat an id` }),
      );
      break;
    case 'intList':
      s = z.preprocess(
        (v) => (coerce && typeof v === 'string' ? v.split(',').map((x) => num(x.trim())) : v),
        z
          .array(z.number({ error: msg }).int({ error: msg }).min(f.min, { error: msg }).max(f.max, { error: msg }), {
            error: msg,
          })
          .min(f.minItems, { error: msg })
          .max(f.maxItems, { error: msg }),
      );
      break;
    case 'numOrKeyword':
      s = z.preprocess(
        (v) => (typeof v === 'string' && f.keywords.includes(v) ? v : num(v)),
        z.union([z.enum(f.keywords as [string, ...string[]]), z.number().min(f.min).max(f.max)], { error: msg }),
      );
      break;
  }
  return s.describe(f.doc);
}

/** An object schema from a table; every field optional (defaults are filled by the caller's normaliser). */
export function tableSchema(table: FieldTable, coerce: boolean) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, f] of Object.entries(table)) shape[name] = fieldSchema(name, f, coerce).optional();
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown field(s) ${iss.keys.join(', ')}; allowed: ${Object.keys(table).join(', ')}`
        : undefined,
  });
}

/** The table's defaults as an object (fields without a default are left out). */
export function tableDefaults(table: FieldTable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(table)) if (f.default !== undefined) out[name] = f.default;
  return out;
}

export interface FieldError {
  path: string;
  message: string;
}

/** zod issues → `{ path, message }` rows, one per bad field (the shape problem+json and the CLI both print). */
export function issuesToErrors(error: z.ZodError): FieldError[] {
  const rows: FieldError[] = [];
  for (const iss of error.issues) {
    if (iss.code === 'unrecognized_keys') {
      for (const k of iss.keys) rows.push({ path: k, message: iss.message });
      continue;
    }
    // A list's bad entries are one bad field: the message already gives the list's allowed values.
    const path = iss.path.length ? String(iss.path[0]) : '(body)';
    if (!rows.some((r) => r.path === path)) rows.push({ path, message: iss.message });
  }
  return rows;
}

/** camelCase field name → CLI flag (`batchSize` → `--batch-size`). */
export function flagName(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

const schemaCache = new WeakMap<FieldTable, z.ZodType[]>();

/**
 * Validate `input` against a table and fill the table's defaults. Returns every bad field at once. The result has
 * keys in table order, so equal params serialise to equal bytes.
 */
export function parseTable(
  table: FieldTable,
  input: unknown,
  coerce: boolean,
): { ok: true; data: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  let pair = schemaCache.get(table);
  if (!pair) {
    pair = [tableSchema(table, false), tableSchema(table, true)];
    schemaCache.set(table, pair);
  }
  const parsed = pair[coerce ? 1 : 0].safeParse(input ?? {});
  if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error) };
  const given = parsed.data as Record<string, unknown>;
  const defaults = tableDefaults(table);
  const data: Record<string, unknown> = {};
  for (const k of Object.keys(table)) {
    const v = given[k] !== undefined ? given[k] : defaults[k];
    if (v !== undefined) data[k] = Array.isArray(v) ? [...v] : v;
  }
  return { ok: true, data };
}
