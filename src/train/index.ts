/** Models, hand-derived backprop, optimizers, trials and batched comparisons. */
export { liveArrays } from './buffers.ts';
export {
  estimateCompareBytes,
  estimateCompareFlops,
  estimateTrialBytes,
  estimateTrialFlops,
  MAX_RUN_BYTES,
} from './cost.ts';
export { EVAL_TRAIN_ROWS } from './data.ts';
export { isAbortError, type RunFrame, type RunOptions, type TrialFrame } from './frames.ts';
export { LSUV_MAX_ITERATIONS, LSUV_TOLERANCE, type LsuvReport } from './lsuv.ts';
export { RESIDUAL_SCALINGS, type ResidualScaling } from './residual-scale.ts';
export { lsuvInit, runCompare, runTrial } from './run.ts';
export { checkpointSteps, logSteps, MAX_CHECKPOINTS } from './schedule.ts';
