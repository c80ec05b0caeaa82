/**
 * Trial and compare parameters: the table, and the normaliser that turns partial input into complete, canonical
 * params (every default filled in). Canonical params are what results echo and what cache keys hash.
 */

import { MNIST_TEST_SIZE, MNIST_TRAIN_SIZE } from '../data/mnist-meta.ts';
import { type FieldError, type FieldTable, parseTable } from './fields.ts';
import {
  ACTIVATIONS,
  type Activation,
  DATASETS,
  type DatasetId,
  INIT_IDS,
  type InitId,
  LOSSES,
  MODELS,
  type ModelKind,
  OPTIMIZERS,
  type OptimizerId,
  STANDARD_INITS,
} from './ids.ts';

/** Options of the model, data and training loop, shared by trial and compare. */
export const MODEL_FIELDS = {
  model: {
    kind: 'enum',
    values: MODELS,
    default: 'mlp',
    doc: 'mlp, or residual (blocks of blockSize layers; needed by fixup)',
  },
  depth: { kind: 'int', min: 1, max: 64, default: 10, doc: 'hidden layers (mlp) or residual blocks (residual)' },
  width: { kind: 'int', min: 1, max: 512, default: 64, doc: 'units per hidden layer' },
  blockSize: { kind: 'int', min: 2, max: 4, default: 2, doc: 'layers per residual branch (residual model only)' },
  activation: { kind: 'enum', values: ACTIVATIONS, default: 'relu', doc: 'hidden activation' },
  negativeSlope: { kind: 'num', min: 0, max: 1, default: 0.01, doc: 'leaky_relu slope for negative inputs' },
  gain: {
    kind: 'numOrKeyword',
    keywords: ['default', 'auto'],
    min: 0,
    max: 10,
    default: 'default',
    doc: "'default': the paper's constant; 'auto': PyTorch calculate_gain(activation); or a number",
  },
  truncated: { kind: 'bool', default: false, doc: '*_normal inits: Keras-style truncated normal (±2σ, std-corrected)' },
  std: { kind: 'num', min: 0, max: 10, default: 0.01, doc: 'random_normal: standard deviation' },
  limit: { kind: 'num', min: 0, max: 10, default: 0.05, doc: 'random_uniform: half-width of U(−limit, limit)' },
  value: { kind: 'num', min: -10, max: 10, default: 0.1, doc: 'constant: the value of every weight' },
  biasStd: {
    kind: 'num',
    min: 0,
    max: 10,
    default: 0,
    doc: "biases ~ N(0, biasStd²) (σ_b of mean-field theory); 0: the initializer's own rule (0, or PyTorch's uniform)",
  },
  dataset: { kind: 'enum', values: DATASETS, default: 'spiral', doc: 'training data' },
  noise: { kind: 'num', min: 0, max: 1, default: 0.1, doc: '2-D datasets: label noise / jitter, as in TF Playground' },
  trainSize: { kind: 'int', min: 16, max: 4096, default: 512, doc: 'training examples' },
  testSize: { kind: 'int', min: 16, max: 2048, default: 256, doc: 'held-out examples' },
  mnistPixels: { kind: 'enum', values: ['784', '196'], default: '196', doc: 'mnist: 28×28 or 2×2-pooled 14×14 inputs' },
  teacherDim: { kind: 'int', min: 2, max: 128, default: 16, doc: 'teacher: input and output dimension' },
  teacherDepth: { kind: 'int', min: 1, max: 8, default: 3, doc: 'teacher: layers of the random deep linear map' },
  loss: { kind: 'enum', values: LOSSES, default: 'auto', doc: 'auto: cross-entropy for classes, mse for teacher' },
  optimizer: { kind: 'enum', values: OPTIMIZERS, default: 'sgd', doc: 'sgd, momentum (0.9) or adam' },
  lr: {
    kind: 'num',
    min: 0,
    max: 100,
    minExclusive: true,
    doc: 'learning rate (default: sgd 0.1, momentum 0.01, adam 0.001)',
  },
  steps: { kind: 'int', min: 0, max: 5000, default: 200, doc: 'optimizer steps' },
  batchSize: { kind: 'int', min: 1, max: 1024, default: 64, doc: 'examples per step' },
  logEvery: { kind: 'int', min: 1, max: 1000, default: 10, doc: 'steps between logged losses' },
  checkpointEvery: {
    kind: 'int',
    min: 0,
    max: 5000,
    default: 100,
    doc: 'steps between per-layer stats (0: init only)',
  },
  targetLoss: {
    kind: 'num',
    min: 0,
    max: 100,
    default: 0.2,
    doc: 'stepsToTarget: first logged step with train loss ≤ this',
  },
  histogramBins: { kind: 'int', min: 4, max: 100, default: 24, doc: 'bins of per-layer histograms' },
  seed: { kind: 'int', min: 0, max: 2147483647, default: 1, doc: 'seed of data, weights and batch order' },
} as const satisfies FieldTable;

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
  depth: number;
  width: number;
  blockSize: number;
  activation: Activation;
  negativeSlope: number;
  gain: 'default' | 'auto' | number;
  truncated: boolean;
  std: number;
  limit: number;
  value: number;
  biasStd: number;
  dataset: DatasetId;
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

export const DEFAULT_LR: Record<OptimizerId, number> = { sgd: 0.1, momentum: 0.01, adam: 0.001 };

export type Normalised<T> = { ok: true; params: T } | { ok: false; errors: FieldError[] };

/** Rules that span fields; each names the field to change. */
function crossFieldErrors(p: ModelParams, inits: readonly InitId[]): FieldError[] {
  const errors: FieldError[] = [];
  if (inits.includes('fixup') && p.model !== 'residual')
    errors.push({ path: 'model', message: 'fixup needs model=residual (it rescales residual branches)' });
  if (p.dataset === 'teacher' && p.loss === 'cross_entropy')
    errors.push({ path: 'loss', message: 'teacher is a regression task: loss must be mse or auto' });
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
  if (p.batchSize > p.trainSize)
    errors.push({ path: 'batchSize', message: `batchSize must be at most trainSize (${p.trainSize})` });
  return errors;
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
  if ((p.loss as string) === 'auto') p.loss = p.dataset === 'teacher' ? 'mse' : 'cross_entropy';
  p.lr ??= DEFAULT_LR[p.optimizer];
  const errors = crossFieldErrors(p, initsOf(p));
  return errors.length ? { ok: false, errors } : { ok: true, params: canonicalOrder(table, p) as unknown as T };
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
