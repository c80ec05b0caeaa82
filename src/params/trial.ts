/**
 * Trial and compare parameters: the table, and the normaliser that turns partial input into complete, canonical
 * params (every default filled in). Canonical params are what results echo and what cache keys hash.
 */

import { MNIST_TEST_SIZE, MNIST_TRAIN_SIZE } from '../data/mnist-meta.ts';
import { userDataOf } from '../data/user.ts';
import { DEFAULT_TEST_FRACTION, userSplit } from '../data/user-rules.ts';
import { type FieldError, type FieldTable, parseTable } from './fields.ts';
import {
  type Activation,
  type DatasetId,
  INIT_IDS,
  type InitId,
  isUserDataset,
  type ModelKind,
  type NormId,
  type OptimizerId,
  type ParametrizationId,
  type ResidualScale,
  STANDARD_INITS,
} from './ids.ts';
import { MODEL_FIELDS } from './model-fields.ts';

/** Kept here too: the field tables are imported from trial.ts across the engine, CLI and API. */
export { MODEL_FIELDS };

export const TRIAL_FIELDS = {
  init: { kind: 'enum', values: INIT_IDS, default: 'he_normal', doc: 'weight initializer id' },
  ...MODEL_FIELDS,
} as const satisfies FieldTable;

export const COMPARE_FIELDS = {
  inits: {
    kind: 'list',
    values: INIT_IDS,
    minItems: 1,
    maxItems: INIT_IDS.length,
    default: STANDARD_INITS,
    doc: 'initializer ids to race on the same data, model and seed',
  },
  ...MODEL_FIELDS,
} as const satisfies FieldTable;

/** Complete, canonical model/training options. */
export interface ModelParams {
  model: ModelKind;
  /** Hidden layers (mlp) or residual blocks; with widths: their count. */
  depth: number;
  /** Units per hidden layer; with widths: the widest. */
  width: number;
  /** Units of each hidden layer, only when they differ (equal widths are canonicalised to depth × width). */
  widths?: number[];
  blockSize: number;
  /** Absent without normalisation layers (`none` is canonicalised away). */
  norm?: Exclude<NormId, 'none'>;
  /** Absent for plain branches (`none` is canonicalised away). */
  residualScale?: Exclude<ResidualScale, 'none'>;
  /** Absent for the standard parametrisation (`sp` is canonicalised away), and baseWidth with it. */
  parametrization?: Exclude<ParametrizationId, 'sp'>;
  baseWidth?: number;
  activation: Activation;
  negativeSlope: number;
  gain: 'default' | 'auto' | number;
  truncated: boolean;
  std: number;
  limit: number;
  value: number;
  biasStd: number;
  dataset: DatasetId;
  /** user data only (absent otherwise, so built-in trials' params and cache keys are as before) */
  testFraction?: number;
  noise: number;
  trainSize: number;
  testSize: number;
  mnistPixels: '784' | '196';
  teacherDim: number;
  teacherDepth: number;
  loss: 'cross_entropy' | 'mse';
  optimizer: OptimizerId;
  lr: number;
  steps: number;
  batchSize: number;
  logEvery: number;
  checkpointEvery: number;
  targetLoss: number;
  histogramBins: number;
  seed: number;
}
export interface TrialParams extends ModelParams {
  init: InitId;
}
export interface CompareParams extends ModelParams {
  inits: InitId[];
}

/** ntk / mup without a baseWidth: the engine's default width, so the default model is the standard one. */
export const DEFAULT_BASE_WIDTH = 64;

export const DEFAULT_LR: Record<OptimizerId, number> = { sgd: 0.1, momentum: 0.01, adam: 0.001 };

export type Normalised<T> = { ok: true; params: T } | { ok: false; errors: FieldError[] };

/**
 * The params, or a RangeError naming every bad field: for engine entry points that programs call directly, so a bad
 * value fails with the same message the CLI and the API give rather than as NaN in a result.
 */
export function paramsOrThrow<T>(normalised: Normalised<T>): T {
  if (!normalised.ok) throw new RangeError(normalised.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return normalised.params;
}

/**
 * widths replaces depth × width, so giving both is ambiguous. A depth and width that are exactly what widths implies
 * (its length and its widest entry) are allowed: they are what canonical params carry, and a result's params must
 * normalise to themselves when sent back.
 */
function widthsErrors(p: ModelParams, given: ReadonlySet<string>): FieldError[] {
  const widths = p.widths;
  if (!widths) return [];
  const errors: FieldError[] = [];
  const implied = { depth: widths.length, width: Math.max(...widths) };
  const clash = (['depth', 'width'] as const).filter((k) => given.has(k) && p[k] !== implied[k]);
  if (clash.length)
    errors.push({
      path: 'widths',
      message: `${clash.join(' and ')} given with widths: give widths or depth × width, not both`,
    });
  if (p.model === 'residual' && widths.some((w) => w !== widths[0]))
    errors.push({
      path: 'widths',
      message: 'model=residual needs equal widths (each block adds its input to its output)',
    });
  return errors;
}

/** Rules that span fields; each names the field to change. */
function crossFieldErrors(p: ModelParams, inits: readonly InitId[], given: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = widthsErrors(p, given);
  if (inits.includes('fixup') && p.model !== 'residual')
    errors.push({ path: 'model', message: 'fixup needs model=residual (it rescales residual branches)' });
  errors.push(...residualScaleErrors(p, inits), ...normErrors(p), ...parametrizationErrors(p, inits));
  if (isRegression(p) && p.loss === 'cross_entropy')
    errors.push({ path: 'loss', message: `${p.dataset} is a regression task: loss must be mse or auto` });
  if (p.dataset === 'mnist' && p.trainSize > MNIST_TRAIN_SIZE)
    errors.push({
      path: 'trainSize',
      message: `mnist has ${MNIST_TRAIN_SIZE} training digits: trainSize must be at most ${MNIST_TRAIN_SIZE}`,
    });
  if (p.dataset === 'mnist' && p.testSize > MNIST_TEST_SIZE)
    errors.push({
      path: 'testSize',
      message: `mnist has ${MNIST_TEST_SIZE} test digits: testSize must be at most ${MNIST_TEST_SIZE}`,
    });
  if (!isUserDataset(p.dataset) && p.batchSize > p.trainSize)
    errors.push({ path: 'batchSize', message: `batchSize must be at most trainSize (${p.trainSize})` });
  return errors;
}

/** residualScale rescales residual branches, so it needs them, and Fixup rescales them already in its own way. */
function residualScaleErrors(p: ModelParams, inits: readonly InitId[]): FieldError[] {
  const scale = p.residualScale as ResidualScale | undefined;
  if (scale === undefined || scale === 'none') return [];
  if (p.model !== 'residual')
    return [
      {
        path: 'residualScale',
        message: `residualScale needs model=residual (it scales residual branches; got ${scale})`,
      },
    ];
  if (inits.includes('fixup'))
    return [
      {
        path: 'residualScale',
        message: `residualScale must be none with the fixup init, which scales its residual branches itself (got ${scale})`,
      },
    ];
  return [];
}

/** Batch statistics need two rows at least; ReZero is defined without normalisation layers. */
function normErrors(p: ModelParams): FieldError[] {
  const norm = p.norm as NormId | undefined;
  if (norm === undefined || norm === 'none') return [];
  const errors: FieldError[] = [];
  if (norm === 'batch' && p.batchSize < 2) {
    const why = 'batch normalisation divides by the batch variance, which needs at least 2 rows';
    errors.push(
      { path: 'batchSize', message: `batchSize must be at least 2 with norm=batch: ${why}` },
      { path: 'norm', message: `norm=batch needs batchSize 2 or more (got ${p.batchSize}): ${why}` },
    );
  }
  if (p.residualScale === 'rezero')
    errors.push({
      path: 'residualScale',
      message: `residualScale must not be rezero with norm=${norm}: ReZero removes the normalisation layers (use skipinit)`,
    });
  return errors;
}

/** ntk and mup rescale from a model of baseWidth, which needs one width to compare with; sp has no base. */
function parametrizationErrors(p: ModelParams, inits: readonly InitId[]): FieldError[] {
  const param = (p.parametrization as ParametrizationId | undefined) ?? 'sp';
  if (param === 'sp')
    return p.baseWidth === undefined
      ? []
      : [{ path: 'baseWidth', message: 'baseWidth applies to parametrization=ntk or mup only' }];
  const errors: FieldError[] = [];
  if (p.widths?.some((w) => w !== p.widths![0]))
    errors.push({
      path: 'parametrization',
      message: `parametrization=${param} scales one width against baseWidth: give depth × width, not unequal widths`,
    });
  if (param === 'mup' && inits.includes('lsuv'))
    errors.push({
      path: 'parametrization',
      message: "parametrization=mup sets the output layer's scale, which the lsuv init would rescale to unit variance",
    });
  return errors;
}

function isRegression(p: ModelParams): boolean {
  return isUserDataset(p.dataset) ? userDataOf(p.dataset)?.task === 'regression' : p.dataset === 'teacher';
}

/**
 * A user dataset must be registered (the API loads it from KV, the CLI from --data) before its params can be checked:
 * its split decides the largest batch. testFraction means nothing to a built-in set, so giving one is a mistake.
 */
function userDataErrors(p: ModelParams): FieldError[] {
  if (!isUserDataset(p.dataset))
    return p.testFraction === undefined
      ? []
      : [{ path: 'testFraction', message: 'testFraction applies to user data (dataset=user:<id>) only' }];
  const data = userDataOf(p.dataset);
  if (!data)
    return [
      {
        path: 'dataset',
        message: `${p.dataset} is not loaded: upload the CSV (POST /api/v1/datasets) or give it with --data FILE.csv`,
      },
    ];
  const { nTrain } = userSplit(data.rows, p.testFraction as number);
  return p.batchSize > nTrain
    ? [{ path: 'batchSize', message: `batchSize must be at most the ${nTrain} training rows of ${p.dataset}` }]
    : [];
}

function normalise<T extends ModelParams>(
  table: FieldTable,
  input: unknown,
  coerce: boolean,
  initsOf: (p: T) => readonly InitId[],
): Normalised<T> {
  const parsed = parseTable(table, input, coerce);
  if (!parsed.ok) return parsed;
  const p = parsed.data as unknown as T;
  if (isUserDataset(p.dataset)) p.testFraction ??= DEFAULT_TEST_FRACTION;
  const dataErrors = userDataErrors(p);
  if (dataErrors.length) return { ok: false, errors: dataErrors };
  if ((p.loss as string) === 'auto') p.loss = isRegression(p) ? 'mse' : 'cross_entropy';
  p.lr ??= DEFAULT_LR[p.optimizer];
  const errors = crossFieldErrors(p, initsOf(p), givenFields(input));
  if (errors.length) return { ok: false, errors };
  canonicalWidths(p);
  if ((p.residualScale as ResidualScale | undefined) === 'none') delete p.residualScale;
  if ((p.norm as NormId | undefined) === 'none') delete p.norm;
  if ((p.parametrization as ParametrizationId | undefined) === 'sp') delete p.parametrization;
  else if (p.parametrization) p.baseWidth ??= DEFAULT_BASE_WIDTH;
  return { ok: true, params: canonicalOrder(table, p) as unknown as T };
}

/** The fields the caller set (parseTable fills in defaults, which must not count as given). */
function givenFields(input: unknown): Set<string> {
  const given = new Set<string>();
  if (input && typeof input === 'object') for (const [k, v] of Object.entries(input)) if (v !== undefined) given.add(k);
  return given;
}

/**
 * depth and width always describe the network (its layer count, its widest layer), so code that reads only them
 * stays right. Equal widths are the same network as depth × width and are written that way, so the two spellings
 * share one cache key and one result; only unequal widths keep the list.
 */
function canonicalWidths(p: ModelParams): void {
  const widths = p.widths;
  if (!widths) return;
  p.depth = widths.length;
  p.width = Math.max(...widths);
  if (widths.every((w) => w === widths[0])) delete p.widths;
}

/** Keys in table order, so JSON.stringify of equal params is byte-equal (cache keys, determinism). */
function canonicalOrder(table: FieldTable, p: object): Record<string, unknown> {
  const src = p as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(table)) if (src[k] !== undefined) out[k] = src[k];
  return out;
}

/** Validate and complete trial params. `coerce` accepts strings (query strings, CLI). */
export function normaliseTrialParams(input: unknown, coerce = false): Normalised<TrialParams> {
  return normalise<TrialParams>(TRIAL_FIELDS, input, coerce, (p) => [p.init]);
}

/** Validate and complete compare params. */
export function normaliseCompareParams(input: unknown, coerce = false): Normalised<CompareParams> {
  return normalise<CompareParams>(COMPARE_FIELDS, input, coerce, (p) => p.inits);
}

/** The single-trial params of one initializer of a compare (same everything else). */
export function trialOfCompare(p: CompareParams, init: InitId): TrialParams {
  const { inits: _inits, ...rest } = p;
  return canonicalOrder(TRIAL_FIELDS, { ...rest, init }) as unknown as TrialParams;
}
