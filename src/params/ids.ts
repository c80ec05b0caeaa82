/**
 * The public ids of the engine. The API, the CLI and the site use these exact strings, so they live in one place.
 */

export const INIT_IDS = [
  'zeros',
  'constant',
  'random_normal',
  'random_uniform',
  'glorot_uniform',
  'glorot_normal',
  'he_uniform',
  'he_normal',
  'lecun_uniform',
  'lecun_normal',
  'orthogonal',
  'pytorch_default',
  'lsuv',
  'fixup',
] as const;
export type InitId = (typeof INIT_IDS)[number];

export const ACTIVATIONS = ['linear', 'relu', 'leaky_relu', 'tanh', 'sigmoid', 'selu', 'gelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const DATASETS = ['spiral', 'circles', 'xor', 'gauss', 'mnist', 'teacher'] as const;
export type DatasetId = (typeof DATASETS)[number];

export const MODELS = ['mlp', 'residual'] as const;
export type ModelKind = (typeof MODELS)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerId = (typeof OPTIMIZERS)[number];

/** `auto` picks cross-entropy for classification data and MSE for regression (teacher). */
export const LOSSES = ['auto', 'cross_entropy', 'mse'] as const;
export type LossId = (typeof LOSSES)[number];

/** The 8 data-independent "standard" initializers the benchmark and the site's default race compare. */
export const STANDARD_INITS: readonly InitId[] = [
  'he_normal',
  'he_uniform',
  'glorot_normal',
  'glorot_uniform',
  'lecun_normal',
  'lecun_uniform',
  'orthogonal',
  'pytorch_default',
];
