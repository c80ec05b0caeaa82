/**
 * The model/data/training field rows on their own, free of the validation machinery (zod): the initializers' option
 * defaults read them, and the site's code-snippet chunk loads those without the normalisers.
 */
import type { FieldTable } from './fields.ts';
import {
  ACTIVATIONS,
  DATASETS,
  LOSSES,
  MODELS,
  NORMS,
  OPTIMIZERS,
  PARAMETRIZATIONS,
  RESIDUAL_SCALES,
  USER_DATASET_PATTERN,
} from './ids.ts';

const DEPTH = {
  kind: 'int',
  min: 1,
  max: 64,
  default: 10,
  doc: 'hidden layers (mlp) or residual blocks (residual); with widths: their count',
} as const;
const WIDTH = {
  kind: 'int',
  min: 1,
  max: 512,
  default: 64,
  doc: 'units per hidden layer; with widths: the widest',
} as const;

/** Options of the model, data and training loop, shared by trial and compare. */
export const MODEL_FIELDS = {
  model: {
    kind: 'enum',
    values: MODELS,
    default: 'mlp',
    doc: 'mlp, or residual (blocks of blockSize layers; needed by fixup)',
  },
  depth: DEPTH,
  width: WIDTH,
  // One entry per layer, so each entry has width's range and the list has depth's.
  widths: {
    kind: 'intList',
    min: WIDTH.min,
    max: WIDTH.max,
    minItems: DEPTH.min,
    maxItems: DEPTH.max,
    doc: 'units of each hidden layer (e.g. 64,32,16), instead of depth × width; residual: all equal',
  },
  blockSize: { kind: 'int', min: 2, max: 4, default: 2, doc: 'layers per residual branch (residual model only)' },
  norm: {
    kind: 'enum',
    values: NORMS,
    doc:
      'normalisation after each hidden linear map, before the activation (default none): batch = BatchNorm1d ' +
      '(batch statistics in training, running averages, momentum 0.1, in evaluation), layer = LayerNorm; ' +
      'learnable scale 1 and shift 0, eps 1e-5',
  },
  residualScale: {
    kind: 'enum',
    values: RESIDUAL_SCALES,
    doc:
      'residual model only (default none): depth = branch output layer ×1/√(2·blocks) (GPT-2); skipinit / rezero = ' +
      'a learnable scalar per branch starting at 0 (De & Smith 2020 / Bachlechner et al. 2020; rezero: no norm layers)',
  },
  parametrization: {
    kind: 'enum',
    values: PARAMETRIZATIONS,
    doc:
      'how init and per-layer learning rates scale with width (default sp): mup = μP (Yang et al. 2022, Table 3), ' +
      'ntk = the NTK parametrisation in SP form; both equal sp at baseWidth (depth × width models only)',
  },
  baseWidth: {
    kind: 'int',
    min: WIDTH.min,
    max: WIDTH.max,
    doc: 'ntk / mup: the width at which the model is the standard one (default 64)',
  },
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
  dataset: {
    kind: 'enum',
    values: DATASETS,
    orMatching: { pattern: USER_DATASET_PATTERN, describe: 'user:<id> (the id POST /api/v1/datasets gave a CSV)' },
    default: 'spiral',
    doc: 'training data: a built-in set, or user:<id> for an uploaded CSV (CLI: --data FILE.csv)',
  },
  testFraction: {
    kind: 'num',
    min: 0.05,
    max: 0.5,
    doc: 'user data only: share of the rows held out for testing, a seeded split (default 0.2)',
  },
  noise: { kind: 'num', min: 0, max: 1, default: 0.1, doc: '2-D datasets: label noise / jitter, as in TF Playground' },
  trainSize: { kind: 'int', min: 16, max: 4096, default: 512, doc: 'training examples (built-in sets)' },
  testSize: { kind: 'int', min: 16, max: 2048, default: 256, doc: 'held-out examples (built-in sets)' },
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
