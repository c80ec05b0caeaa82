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
export type BuiltinDatasetId = (typeof DATASETS)[number];
/** A reader's own CSV, named by the SHA-256 (hex) of its canonical form: `user:<64 hex digits>`. */
export type UserDatasetId = `user:${string}`;
export type DatasetId = BuiltinDatasetId | UserDatasetId;
/** The 2-D sets of TF Playground: the ones with a plane to draw a decision boundary on. */
export const PLANAR_DATASETS: readonly string[] = ['spiral', 'circles', 'xor', 'gauss'] satisfies BuiltinDatasetId[];
export const USER_DATASET_PATTERN = '^user:[0-9a-f]{64}$';

export function isUserDataset(id: string): id is UserDatasetId {
  return new RegExp(USER_DATASET_PATTERN).test(id);
}

export const MODELS = ['mlp', 'residual'] as const;
export type ModelKind = (typeof MODELS)[number];

/**
 * A normalisation layer after each hidden layer's linear map, before its activation (norm.ts). `none` is left out of
 * canonical params, as residualScale's `none` is.
 */
export const NORMS = ['none', 'batch', 'layer'] as const;
export type NormId = (typeof NORMS)[number];

/**
 * How a residual MLP scales its branches (residual-scale.ts has each one's formula and paper). `none` is the plain
 * h + F(h); canonical params leave it out, so trials from before the option keep their params and cache keys.
 */
export const RESIDUAL_SCALES = ['none', 'depth', 'skipinit', 'rezero'] as const;
export type ResidualScale = (typeof RESIDUAL_SCALES)[number];

/**
 * How weights scale with width (parametrization.ts): `sp` is the standard one (and what canonical params leave out),
 * `ntk` and `mup` rescale from a model of `baseWidth`.
 */
export const PARAMETRIZATIONS = ['sp', 'ntk', 'mup'] as const;
export type ParametrizationId = (typeof PARAMETRIZATIONS)[number];

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
