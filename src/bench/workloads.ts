/** The benchmark's three workloads, as the engine issue states them, completed to canonical params. */
import {
  type CompareParams,
  normaliseCompareParams,
  normaliseTrialParams,
  paramsOrThrow,
  STANDARD_INITS,
  type TrialParams,
} from '../params/index.ts';

/** MLP depth 10, width 64, ReLU, batch 64, 160 SGD steps on 2-D data. */
export const REFERENCE_SETTINGS = {
  init: 'he_normal',
  model: 'mlp',
  depth: 10,
  width: 64,
  activation: 'relu',
  dataset: 'spiral',
  optimizer: 'sgd',
  batchSize: 64,
  steps: 160,
} as const;

export function referenceTrial(): TrialParams {
  return paramsOrThrow(normaliseTrialParams(REFERENCE_SETTINGS));
}

export function wideTrial(): TrialParams {
  return paramsOrThrow(normaliseTrialParams({ ...REFERENCE_SETTINGS, width: 256 }));
}

export function compareOfEight(): CompareParams {
  const { init: _init, ...rest } = REFERENCE_SETTINGS;
  return paramsOrThrow(normaliseCompareParams({ ...rest, inits: [...STANDARD_INITS] }));
}
