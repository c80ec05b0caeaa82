/**
 * The engine's public facade: the API (functions/), the site and the CLI import only from here. Nothing in src/
 * imports from functions/ or site/.
 */
export { type BackendHost, engineInfo, initBackend, tf } from './backend.ts';
export {
  type CsvProblem,
  type Dataset,
  type DatasetInfo,
  DEFAULT_TEST_FRACTION,
  describeDataset,
  evalSubset,
  MAX_BYTES_TEXT,
  MNIST_TEST_SIZE,
  MNIST_TRAIN_SIZE,
  makeDataset,
  type ParsedCsv,
  parseUserCsv,
  registerUserData,
  USER_DATA_LIMITS,
  type UserData,
  userDataOf,
} from './data/index.ts';
export * from './experiments/index.ts';
export {
  CATALOG_NOTES,
  CODE_CONVENTIONS,
  calculateGain,
  catalogJson,
  equivalentCode,
  expectedStd,
  INITIALIZERS,
  listInitializers,
  resolveGain,
  sampleInitializer,
  TRUNCATED_STD_FACTOR,
} from './init/index.ts';
export * from './params/index.ts';
export * from './plot/index.ts';
export type * from './result.ts';
export { Rng, streamFor } from './rng.ts';
export {
  type CriticalPoint,
  GAIN_TABLE_ACTIVATIONS,
  type GainTableActivation,
  type MeanFieldPoint,
  meanFieldPoint,
  type Phase,
  secondMomentGain,
  type TheoryGrid,
  theoryGrid,
} from './theory/index.ts';
export {
  estimateCompareBytes,
  estimateCompareFlops,
  estimateTrialBytes,
  estimateTrialFlops,
  isAbortError,
  RESIDUAL_SCALINGS,
  type ResidualScaling,
  type RunFrame,
  type RunOptions,
  runCompare,
  runTrial,
  type TrialFrame,
} from './train/index.ts';
export { ENGINE_VERSION, TFJS_VERSION } from './version.ts';
